"""Crash-safe file replacement and private, link-safe file handling.

A store file is never written in place: the new content goes to a fresh
temporary file in the same directory (created with O_EXCL and O_NOFOLLOW so a
planted symlink is refused), is fsynced, renamed over the old file, and the
directory is fsynced so the rename itself survives a power cut.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

Signature = tuple[int, int, int]
"""(inode, size, mtime_ns): changes whenever a store file is replaced."""

Payload = bytes | Sequence[Any]
"""What :func:`atomic_write` writes: bytes, or buffers (bytes, memoryview) written in order."""

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
    """Read a whole store file without following a symlink; ``None`` if absent.

    A symlink in the file's place raises :class:`SymlinkError`: pmtui never
    reads or writes its files through a link someone else may have planted.
    """
    try:
        fd = os.open(path, os.O_RDONLY | _NOFOLLOW | _CLOEXEC)
    except FileNotFoundError:
        return None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise SymlinkError(path) from None
        raise
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise IsADirectoryError(errno.EISDIR, "it is not a regular file", str(path))
        # One read for the whole file (more only if it grew meanwhile): the pages of
        # a 15 MB index are then filled by the kernel while the interpreter is free,
        # where joining 1 MiB chunks copied them all again holding it.
        chunks = []
        want = st.st_size + 1
        while True:
            chunk = os.read(fd, max(want, 1 << 16))
            if not chunk:
                break
            chunks.append(chunk)
            want = 1 << 20
        return b"".join(chunks), signature_of(st)
    finally:
        os.close(fd)


class SymlinkError(OSError):
    """A store file is a symbolic link, which pmtui refuses to follow."""

    def __init__(self, path: Path) -> None:
        super().__init__(
            errno.ELOOP, "it is a symbolic link, which pmtui does not follow", str(path)
        )


_last_mtime_ns = 0


def _unique_mtime_ns() -> int:
    """A fine-grained, strictly increasing modification time for a new store file.

    The kernel stamps files from a coarse clock (a few milliseconds), and a
    freed inode number is soon reused; two quick saves of the same size could
    then look identical to a reader's cache. Stamping each new file with this
    clock makes (inode, size, mtime) change on every replacement.
    """
    global _last_mtime_ns
    now = max(time.time_ns(), _last_mtime_ns + 1)
    _last_mtime_ns = now
    return now


def fsync_dir(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY | _CLOEXEC)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def atomic_write(path: Path, payload: Payload, mode: int, *, durable: bool = True) -> Signature:
    """Replace ``path`` with ``payload`` so that readers see the old or the new file whole.

    ``payload`` may be the file's pieces in order (slices of a file read
    before, and the new lines between them): they are written one after
    another, never joined into one copy.

    Any OSError (ENOSPC, EIO...) leaves the old file untouched and the
    temporary file removed; the error propagates to the caller. ``durable=False``
    skips the flushes to disk, for a cache that checks itself when read: after
    a power cut it may be old or torn, never taken for something else.
    """
    directory = path.parent
    tmp, fd = temp_beside(path)
    try:
        try:
            os.fchmod(fd, mode)  # the umask must not widen or narrow the store's mode
            pieces: Sequence[Any] = (payload,) if isinstance(payload, bytes) else payload
            for piece in pieces:
                view = memoryview(piece)
                while view:
                    written = os.write(fd, view)
                    view = view[written:]
            stamp = _unique_mtime_ns()
            os.utime(fd, ns=(stamp, stamp))
            if durable:
                os.fsync(fd)
            sig = signature_of(os.fstat(fd))
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    if durable:
        fsync_dir(directory)
    return sig


def keep_previous(path: Path) -> Path | None:
    """Hard-link the current ``path`` aside so a later failure can put it back.

    Returns the link, or ``None`` when there is no current file. A link costs
    no copy and no disk space, so it works on a full disk too.
    """
    link = path.parent / f".{path.name}.prev"
    with contextlib.suppress(FileNotFoundError):
        os.unlink(link)
    try:
        os.link(path, link, follow_symlinks=False)
    except FileNotFoundError:
        return None
    return link


def put_back(replaced: list[tuple[Path, Path | None]]) -> None:
    """Undo replacements: each path gets its kept-aside version back (or goes away).

    Best effort: this runs while another error is already on its way up.
    """
    for path, previous in reversed(replaced):
        with contextlib.suppress(OSError):
            if previous is not None:
                os.replace(previous, path)
            else:
                os.unlink(path)
    for directory in {path.parent for path, _previous in replaced}:
        with contextlib.suppress(OSError):
            fsync_dir(directory)


def forget_previous(replaced: list[tuple[Path, Path | None]]) -> None:
    for _path, previous in replaced:
        if previous is not None:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(previous)


_TEMP = re.compile(r"^\..+\.[0-9a-f]{12}\.tmp$")


def sweep_temps(*directories: Path) -> None:
    """Remove temporary files a killed writer left behind.

    Call only with the store's lock held: every live writer holds it while
    its temporary file exists, so any temporary file seen then is orphaned.
    """
    for directory in directories:
        try:
            names = os.listdir(directory)
        except FileNotFoundError:
            continue
        for name in names:
            if _TEMP.match(name):
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(directory / name)


def temp_beside(path: Path) -> tuple[Path, int]:
    """A new, empty temporary file beside ``path``; never an existing file or link.

    O_EXCL refuses anything already at the name, a planted symlink included,
    and a clash just means another random name is tried.
    """
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _CLOEXEC
    clash: FileExistsError | None = None
    for _attempt in range(8):
        tmp = path.parent / f".{path.name}.{os.urandom(6).hex()}.tmp"
        try:
            return tmp, os.open(tmp, flags, 0o600)
        except FileExistsError as exc:
            clash = exc
    assert clash is not None
    raise clash


def ensure_dir(directory: Path, mode: int) -> None:
    """Create ``directory`` (and parents) with ``mode`` if missing; never loosen an existing one."""
    if directory.is_dir():
        return
    directory.mkdir(parents=True, exist_ok=True, mode=mode)
    os.chmod(directory, mode)
