"""Crash-safe file replacement and private, link-safe file handling.

A store file is never written in place: the new content goes to a fresh
temporary file in the same directory (created with O_EXCL and O_NOFOLLOW so a
planted symlink is refused), is fsynced, renamed over the old file, and the
directory is fsynced so the rename itself survives a power cut.
"""

from __future__ import annotations

import os
import secrets
import stat
from pathlib import Path

Signature = tuple[int, int, int]
"""(inode, size, mtime_ns): changes whenever a store file is replaced."""

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)


def signature_of(st: os.stat_result) -> Signature:
    return (st.st_ino, st.st_size, st.st_mtime_ns)


def stat_signature(path: Path) -> Signature | None:
    """The file's signature, or ``None`` when it does not exist."""
    try:
        return signature_of(os.stat(path, follow_symlinks=False))
    except FileNotFoundError:
        return None


def read_file(path: Path) -> tuple[bytes, Signature] | None:
    """Read a whole store file without following a symlink; ``None`` if absent."""
    try:
        fd = os.open(path, os.O_RDONLY | _NOFOLLOW | _CLOEXEC)
    except FileNotFoundError:
        return None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise IsADirectoryError(f"{path} is not a regular file")
        chunks = []
        while True:
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                break
            chunks.append(chunk)
        return b"".join(chunks), signature_of(st)
    finally:
        os.close(fd)


def fsync_dir(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY | _CLOEXEC)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def atomic_write(path: Path, payload: bytes, mode: int) -> Signature:
    """Replace ``path`` with ``payload`` so that readers see the old or the new file whole.

    Any OSError (ENOSPC, EIO...) leaves the old file untouched and the
    temporary file removed; the error propagates to the caller.
    """
    directory = path.parent
    tmp = directory / f".{path.name}.{secrets.token_hex(6)}.tmp"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _CLOEXEC, mode)
    try:
        try:
            os.fchmod(fd, mode)  # the umask must not widen or narrow the store's mode
            view = memoryview(payload)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fsync(fd)
            sig = signature_of(os.fstat(fd))
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    fsync_dir(directory)
    return sig


def ensure_dir(directory: Path, mode: int) -> None:
    """Create ``directory`` (and parents) with ``mode`` if missing; never loosen an existing one."""
    if directory.is_dir():
        return
    directory.mkdir(parents=True, exist_ok=True, mode=mode)
    os.chmod(directory, mode)
