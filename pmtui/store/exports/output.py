"""Writing an export to a file without surprises.

The chosen directory is the current working directory, or ``--dir`` when
given. The output path (relative to it, or absolute) must lie inside it after
``..`` is resolved, and no component below it may be a symbolic link, so an
export can never be steered onto another file. The file is written to a
temporary file next to it and moved into place whole; without ``force`` it is
linked into place, which fails if the name exists, so an existing file is
never replaced, even one that appeared a moment ago. ``force`` replaces a
regular file only, never a device, a pipe or a socket (``-o /dev/null --dir
/dev --force`` leaves ``/dev/null`` alone). A name the system refuses (too
long, a read-only disk) is reported as :class:`OutputRefused`.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from pmtui.domain.incidents import Incident
from pmtui.domain.model import Review
from pmtui.store.errors import StoreError

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)


class OutputRefused(StoreError):
    """The export was not written; the message says why and what to do."""


class OutputExists(OutputRefused):
    """The file to write exists (perhaps created a moment ago) and ``force`` was not given.

    The command line says to add ``--force``; the app's export dialog asks
    whether to replace ``path`` instead.
    """

    def __init__(self, path: Path) -> None:
        super().__init__(f"{path} exists; add --force to replace it. Nothing was written.")
        self.path = path


class OutsideBase(OutputRefused):
    """The output path leads out of the directory exports are written in.

    The message names the command line's way out; a caller without that
    flag (the app's export dialog) words its own from ``path`` and ``root``.
    """

    def __init__(self, message: str, path: str | Path, root: Path) -> None:
        super().__init__(message)
        self.path = path
        self.root = root


def save(
    fmt: str,
    reviews: Sequence[Review],
    output: str,
    *,
    base: str | Path,
    force: bool = False,
    anonymize: bool = False,
    today: date,
    incidents: Sequence[Incident] = (),
) -> list[Path]:
    """Render ``reviews`` and write them under ``base``; returns the files written.

    With ``md``, an ``output`` ending in a slash or naming a directory gets
    one file per review (the directory is created if missing).
    """
    try:
        return _save(fmt, reviews, output, base, force, anonymize, today, incidents)
    except OSError as exc:
        where = f" {exc.filename}" if exc.filename else ""
        raise OutputRefused(
            f"cannot write{where}: {exc.strerror or exc}. Nothing more was written."
        ) from None


def _save(
    fmt: str,
    reviews: Sequence[Review],
    output: str,
    base: str | Path,
    force: bool,
    anonymize: bool,
    today: date,
    incidents: Sequence[Incident] = (),
) -> list[Path]:
    from pmtui.store.exports import FORMATS, per_review, render

    path = target(output, base)
    if FORMATS[fmt].per_review and (output.endswith(("/", os.sep)) or path.is_dir()):
        make_dir(path)
        docs = per_review(fmt)(reviews, anonymize=anonymize, today=today)
        paths = {target(path / name, base): text for name, text in docs.items()}
        taken = [p.name for p in paths if _lstat(p) is not None]
        if taken and not force:
            raise OutputRefused(
                f"{len(taken)} of the files exist in {path} ({', '.join(sorted(taken)[:3])}"
                f"{'...' if len(taken) > 3 else ''}); add --force to replace them. "
                "Nothing was written."
            )
        for file, text in paths.items():
            write(file, text, force=force)
        return list(paths)
    text = render(fmt, reviews, anonymize=anonymize, today=today, incidents=incidents)
    write(path, text, force=force)
    return [path]


def target(path: str | Path, base: str | Path, *, dir_flag: bool = True) -> Path:
    """The absolute output path, after checking it stays inside ``base`` and avoids links.

    ``dir_flag``: the command has ``--dir`` to choose another directory (the refusal says so).
    """
    root = Path(os.path.realpath(base))
    if not root.is_dir():
        raise OutputRefused(f"{base} is not a directory; nothing was written")
    raw = Path(path)
    full = Path(os.path.normpath(raw if raw.is_absolute() else root / raw))
    try:
        rel = full.relative_to(root)
    except ValueError:
        other = " (or the one given with --dir)" if dir_flag else ""
        raise OutsideBase(
            f"{path} is outside {root}; exports are written inside the current directory"
            f"{other}. Nothing was written.",
            path,
            root,
        ) from None
    if not rel.parts:
        raise OutputRefused(f"{path} is a directory, not a file name; nothing was written")
    current = root
    for part in rel.parts:
        current = current / part
        if current.is_symlink():
            raise OutputRefused(
                f"{current} is a symbolic link; pmtui does not write exports through links. "
                "Nothing was written."
            )
    return full


def write(path: Path, text: str, *, force: bool) -> None:
    """Write ``text`` to ``path`` atomically; refuse to replace a file unless ``force``."""
    existing = _lstat(path)
    if existing is not None:
        if stat.S_ISDIR(existing.st_mode):
            raise OutputRefused(f"{path} is a directory; nothing was written")
        if not stat.S_ISREG(existing.st_mode):
            raise OutputRefused(
                f"{path} is not a regular file (a device, a pipe or a socket); pmtui replaces "
                "only regular files, even with --force. Nothing was written."
            )
        if not force:
            raise OutputExists(path)
    directory = path.parent
    if not directory.is_dir():
        raise OutputRefused(f"{directory} does not exist; create it first. Nothing was written.")
    tmp = directory / f".{path.name}.{secrets.token_hex(6)}.tmp"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _CLOEXEC, 0o666)
    try:
        try:
            view = memoryview(text.encode("utf-8"))
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
        finally:
            os.close(fd)
        if force:
            os.replace(tmp, path)
        else:
            _link_new(tmp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)


def _link_new(tmp: Path, path: Path) -> None:
    try:
        os.link(tmp, path)
    except FileExistsError:
        raise OutputExists(path) from None
    except OSError:
        # No hard links on this file system: the existence check above must do.
        if _lstat(path) is not None:
            raise OutputExists(path) from None
        os.replace(tmp, path)


def make_dir(path: Path) -> None:
    """Create an output directory (already checked by :func:`target`) if missing."""
    existing = _lstat(path)
    if existing is None:
        path.mkdir(mode=0o777)
    elif not stat.S_ISDIR(existing.st_mode):
        raise OutputRefused(f"{path} exists and is not a directory; nothing was written")


def _lstat(path: Path) -> os.stat_result | None:
    try:
        return os.lstat(path)
    except FileNotFoundError:
        return None
