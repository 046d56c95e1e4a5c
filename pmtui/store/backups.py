"""Rotated snapshots of the store, and restoring one.

Store files are never modified in place, only replaced, so a snapshot can
hard-link them: it costs no copy and cannot be changed by later saves.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import orjson

from pmtui.store.atomic import SymlinkError, atomic_write, ensure_dir, read_file
from pmtui.store.errors import StoreError
from pmtui.store.layout import Layout

INDEX_NAME = "pmtui.json"
SHARDS_NAME = "reviews"
_STAMP = "%Y%m%d-%H%M%S"
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


@dataclass(frozen=True)
class Backup:
    name: str
    path: Path
    taken: datetime
    reason: str

    def problems(self) -> list[str]:
        """Why this backup could not be restored (empty when it can)."""
        out = []
        files = [self.path / INDEX_NAME, *sorted((self.path / SHARDS_NAME).glob("*.json"))]
        for f in files:
            try:
                got = read_file(f)
            except OSError as exc:
                out.append(f"{f.name}: {exc.strerror or exc}")
                continue
            if got is None:
                if f.name == INDEX_NAME:
                    continue  # an index can be rebuilt from the shards
                out.append(f"{f.name} is missing")
                continue
            try:
                data = orjson.loads(got[0])
            except orjson.JSONDecodeError as exc:
                out.append(f"{f.name}: not valid JSON ({exc})")
                continue
            if not isinstance(data, dict) or not all(isinstance(t, dict) for t in data.values()):
                out.append(f"{f.name}: not a table file")
        return out


def _same_file(a: os.stat_result, b: os.stat_result, pa: Path, pb: Path) -> bool:
    # Every store file gets a unique nanosecond mtime when written (see
    # atomic.py) and copies keep it, so size and mtime identify a version.
    # A filesystem that keeps whole seconds only cannot tell two versions
    # of one size written in the same second apart: compare their bytes.
    if (a.st_size, a.st_mtime_ns) != (b.st_size, b.st_mtime_ns):
        return False
    if a.st_mtime_ns % 1_000_000_000:
        return True
    try:
        return _bytes(pa) == _bytes(pb)
    except OSError:
        return False


def _bytes(path: Path) -> bytes | None:
    got = read_file(path)
    return None if got is None else got[0]


def _copy_into(src: Path, dst: Path, previous: Path | None, mode: int) -> None:
    """Put a copy of ``src`` at ``dst``, sharing the previous backup's copy if unchanged.

    Never a hard link to the live file: an editor or a shell redirection that
    writes the live file in place would then damage every backup with it.
    """
    try:
        live = os.lstat(src)
    except FileNotFoundError:
        return
    if previous is not None:
        try:
            if _same_file(live, os.lstat(previous), src, previous):
                os.link(previous, dst, follow_symlinks=False)
                return
        except OSError:
            pass  # no earlier copy to share: make one
    try:
        got = read_file(src)
    except SymlinkError:
        return  # a planted link is not the store's data
    if got is None:
        return
    fd = os.open(dst, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, mode)
    try:
        os.fchmod(fd, mode)
        view = memoryview(got[0])
        while view:
            view = view[os.write(fd, view) :]
        os.utime(fd, ns=(live.st_atime_ns, live.st_mtime_ns))
    finally:
        os.close(fd)


def snapshot(layout: Layout, reason: str, now: datetime, keep: int, dir_mode: int) -> Path:
    """Copy the store's files into a new backup folder; rotate old ones.

    Files unchanged since the newest backup are hard-linked to that backup's
    copy, so a daily backup costs only what changed.
    """
    ensure_dir(layout.backups, dir_mode)
    file_mode = dir_mode & 0o666
    base = f"{now.strftime(_STAMP)}-{reason}"
    target = layout.backups / base
    n = 1
    while target.exists():
        n += 1
        target = layout.backups / f"{base}.{n}"
    for stale in layout.backups.glob(".*.partial"):
        shutil.rmtree(stale, ignore_errors=True)  # left by a killed pmtui; we hold the lock
    tmp = layout.backups / f".{target.name}.partial"
    ensure_dir(tmp, dir_mode)
    ensure_dir(tmp / SHARDS_NAME, dir_mode)
    found = list_backups(layout)
    prev = found[0].path if found else None
    _copy_into(layout.index, tmp / INDEX_NAME, prev and prev / INDEX_NAME, file_mode)
    for shard in layout.shard_files():
        rel = Path(SHARDS_NAME) / shard.name
        _copy_into(shard, tmp / rel, prev and prev / rel, file_mode)
    os.rename(tmp, target)
    _rotate(layout, keep)
    return target


def list_backups(layout: Layout) -> list[Backup]:
    """Backups newest first."""
    if not layout.backups.is_dir():
        return []
    out = []
    for p in layout.backups.iterdir():
        if p.name.startswith(".") or not p.is_dir():
            continue
        try:
            taken = datetime.strptime(p.name[:15], _STAMP)
        except ValueError:
            continue
        out.append(Backup(p.name, p, taken, p.name[16:].split(".")[0]))
    return sorted(out, key=lambda b: (b.taken, b.name), reverse=True)


def latest_time(layout: Layout) -> datetime | None:
    found = list_backups(layout)
    return found[0].taken if found else None


def _rotate(layout: Layout, keep: int) -> None:
    for old in list_backups(layout)[keep:]:
        shutil.rmtree(old.path, ignore_errors=True)


def restore(
    layout: Layout, name: str | None, now: datetime, file_mode: int, dir_mode: int
) -> Backup:
    """Put a backup back in place; the files it replaces are kept as a backup too."""
    candidates = list_backups(layout)
    if name is not None:
        exact = [b for b in candidates if b.name == name]
        candidates = exact or [b for b in candidates if b.name.startswith(name)]
        if not candidates:
            raise StoreError(f"no backup named {name!r}; `pmtui restore --list` shows them")
        if len(candidates) > 1:
            raise StoreError(
                f"{name!r} matches {len(candidates)} backups; give more of the name "
                "(`pmtui restore --list` shows them)"
            )
        problems = candidates[0].problems()
        if problems:
            raise StoreError(
                f"backup {candidates[0].name} cannot be restored: " + "; ".join(problems)
            )
    else:
        candidates = [b for b in candidates if not b.problems() and b.reason != "replaced"]
        if not candidates:
            raise StoreError(
                f"no backup that can be restored in {layout.backups}; "
                "`pmtui restore --list` shows what is there"
            )
    chosen = candidates[0]
    # Keep what is there now, damaged or not, before anything is replaced.
    snapshot(layout, "replaced", now, keep=10_000, dir_mode=dir_mode)
    # The open commitments are derived from the shards: rebuilt on next open.
    with contextlib.suppress(FileNotFoundError):
        layout.open_rows.unlink()
    ensure_dir(layout.shards, dir_mode)
    wanted = set()
    for src in sorted((chosen.path / SHARDS_NAME).glob("*.json")):
        got = read_file(src)
        assert got is not None
        atomic_write(layout.shards / src.name, got[0], file_mode)
        wanted.add(src.name)
    for current in layout.shard_files():
        if current.name not in wanted:
            current.unlink()
    index = read_file(chosen.path / INDEX_NAME) if (chosen.path / INDEX_NAME).exists() else None
    if index is not None:
        atomic_write(layout.index, index[0], file_mode)
    elif layout.index.exists():
        layout.index.unlink()  # rebuilt from the restored shards on next open
    return chosen
