"""Rotated snapshots of the store, and putting reviews back from them.

A snapshot copies the store's files (sharing unchanged copies with the
previous snapshot). A restore works per review (and per incident), never per
store: it never takes away a review or an incident that could be read
before it ran. Without a name it
repairs only what is damaged, from the newest backup holding a readable copy;
with a name it puts back that backup's version of every review it holds and
keeps every other review. Whatever it replaces, damaged files and planted
links included, is first kept as a ``replaced`` backup, which a later
restore can put back the same way.
"""

from __future__ import annotations

import os
import shutil
import stat
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import orjson

from pmtui.domain.model import ValidationError
from pmtui.domain.serial import review_from_dict
from pmtui.store import migrations
from pmtui.store.atomic import SymlinkError, atomic_write, ensure_dir, read_file
from pmtui.store.errors import StoreError
from pmtui.store.incident_file import INCIDENTS
from pmtui.store.incidents import readable
from pmtui.store.layout import Layout

INDEX_NAME = "pmtui.json"
OPEN_NAME = "pmtui.open.json"
INCIDENTS_NAME = "pmtui.incidents.json"
SHARDS_NAME = "reviews"
SHARD_TABLE = "reviews"
_STAMP = "%Y%m%d-%H%M%S"
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


@dataclass(frozen=True)
class Backup:
    name: str
    path: Path
    taken: datetime
    reason: str

    def problems(self) -> list[str]:
        """What in this backup cannot be read (a restore skips it and says so)."""
        out = []
        files = [
            self.path / INDEX_NAME,
            self.path / INCIDENTS_NAME,
            *sorted((self.path / SHARDS_NAME).glob("*.json")),
        ]
        for f in files:
            tables, problem = read_tables(f)
            if problem == "it is missing" and f.name in (INDEX_NAME, INCIDENTS_NAME):
                continue  # an index is rebuilt from the shards; no incidents were logged
            if f.name == INCIDENTS_NAME and tables is not None:
                problem = problem or read_incidents(f)[1]
            if problem is not None:
                out.append(f"{f.name}: {problem}")
        return out

    def shard(self, name: str) -> tuple[dict[str, Any] | None, str | None]:
        """The reviews this backup holds in shard file ``name`` (or why they cannot be read)."""
        return read_reviews(self.path / SHARDS_NAME / name)

    def incidents(self) -> tuple[dict[str, Any] | None, str | None]:
        """The incidents this backup holds (or why they cannot be read)."""
        return read_incidents(self.path / INCIDENTS_NAME)


def read_tables(path: Path) -> tuple[dict[str, Any] | None, str | None]:
    """A TinyDB file's tables, or ``None`` and why it cannot be read.

    Damage (not JSON, not tables, a link, not a regular file) is returned
    as a reason; a refused access raises, since that is not the file's fault.
    """
    try:
        got = read_file(path)
    except (SymlinkError, IsADirectoryError) as exc:
        return None, exc.strerror or str(exc)
    if got is None:
        return None, "it is missing"
    if not got[0].strip():
        return None, "the file is empty"
    try:
        data = orjson.loads(got[0])
    except orjson.JSONDecodeError as exc:
        return None, f"not valid JSON ({exc})"
    if not isinstance(data, dict) or not all(isinstance(t, dict) for t in data.values()):
        return None, "not a table file"
    return data, None


def read_reviews(path: Path) -> tuple[dict[str, Any] | None, str | None]:
    """The readable review documents of a shard file, by id, or ``None`` and why.

    A review that does not decode is left out and named in the reason, so
    one damaged review does not take the others in its file with it.
    """
    tables, problem = read_tables(path)
    if tables is None:
        return None, problem
    docs = tables.get(SHARD_TABLE, {})
    good = {}
    bad = []
    for rid, doc in docs.items():
        try:
            ok = isinstance(doc, dict) and review_from_dict({**doc, "id": rid}).id == rid
        except (ValidationError, TypeError, KeyError, ValueError):
            ok = False
        if ok:
            good[rid] = doc
        else:
            bad.append(rid)
    return good, (f"review {bad[0]} is malformed" if bad else None)


def read_incidents(path: Path) -> tuple[dict[str, Any] | None, str | None]:
    """The readable incident documents of an incidents file, by id, or ``None`` and why."""
    tables, problem = read_tables(path)
    if tables is None:
        return None, problem
    good, bad = readable(tables.get(INCIDENTS, {}))
    return good, (f"incident {bad[0]} is malformed" if bad else None)


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
    _copy_into(layout.incidents, tmp / INCIDENTS_NAME, prev and prev / INCIDENTS_NAME, file_mode)
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


@dataclass
class FileRestored:
    """What a restore did to one shard file (or to the incidents file)."""

    name: str
    problem: str | None = None
    """Why the live file could not be read (``None``: it was healthy)."""
    source: str | None = None
    """The backup the reviews were taken from."""
    put_back: int = 0
    kept_newer: int = 0
    only_live: int = 0
    moved_aside: bool = False
    item: str = "review"
    """What the file holds: reviews, or incidents."""

    def line(self) -> str:
        what = self.name if self.item == "incident" else f"{SHARDS_NAME}/{self.name}"
        if self.problem:
            what += f" could not be read ({self.problem})"
        parts = []
        if self.put_back:
            parts.append(f"{self.put_back} {self.item}(s) put back from {self.source}")
        elif self.problem:
            parts.append("no backup holds a readable copy of it")
        if self.kept_newer:
            parts.append(f"{self.kept_newer} newer {self.item}(s) kept")
        if self.only_live:
            parts.append(f"{self.only_live} {self.item}(s) only in the store kept")
        if self.moved_aside:
            parts.append("the link or file that was there moved into the replaced backup")
        return f"{what}: " + ("; ".join(parts) or "nothing to change")


@dataclass
class RestoreReport:
    """Everything a restore did, to be said exactly."""

    chosen: Backup | None = None
    """The backup named by the user (``None``: a repair from the newest good copies)."""
    replaced: Path | None = None
    """The backup holding what the restore replaced."""
    files: list[FileRestored] = field(default_factory=list)
    derived: list[str] = field(default_factory=list)
    """Damaged index or open-commitment files, set aside to be rebuilt."""
    unreadable: list[tuple[str, str]] = field(default_factory=list)
    """Files of the chosen backup that could not be read and were skipped."""

    @property
    def changed(self) -> bool:
        return self.replaced is not None

    def lines(self) -> list[str]:
        skipped = [f"skipped {name} of the backup: {why}" for name, why in self.unreadable]
        if not self.changed:
            if self.chosen is None:
                return [
                    "nothing in the store is damaged, so nothing was restored. "
                    "`pmtui restore NAME` puts back a backup's reviews (`pmtui restore --list`)."
                ]
            return [
                *skipped,
                f"the store already holds every review of backup {self.chosen.name} as it is; "
                "nothing was changed.",
            ]
        out = []
        if self.chosen is not None:
            out.append(
                f"restored backup {self.chosen.name} (taken {self.chosen.taken:%Y-%m-%d %H:%M}, "
                f"{self.chosen.reason}): its version of each review it holds; reviews it does "
                "not hold were kept."
            )
        out += [f.line() for f in self.files if f.problem or f.put_back or f.moved_aside]
        out += [f"{name}: could not be read; set aside, it is rebuilt" for name in self.derived]
        out += skipped
        reviews = [f for f in self.files if f.item == "review"]
        restored = sum(f.put_back for f in reviews)
        newer = sum(f.kept_newer for f in reviews)
        out.append(f"{restored} review(s) put back, {newer} newer one(s) kept.")
        incidents = [f for f in self.files if f.item == "incident"]
        if any(f.put_back or f.kept_newer for f in incidents):
            out.append(
                f"{sum(f.put_back for f in incidents)} incident(s) put back, "
                f"{sum(f.kept_newer for f in incidents)} newer one(s) kept."
            )
        assert self.replaced is not None
        out.append(
            f"what was replaced is kept as backup {self.replaced.name}; "
            f"`pmtui restore {self.replaced.name}` puts it back."
        )
        return out


def _newer(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Whether review document ``a`` was saved after ``b`` (stored times compare as text)."""
    return (str(a.get("updated", "")), _rev(a)) > (str(b.get("updated", "")), _rev(b))


def _rev(doc: dict[str, Any]) -> int:
    rev = doc.get("rev", 0)
    return rev if type(rev) is int else 0


def _is_file(path: Path) -> bool:
    """A regular file (not a link, a directory or a device) is at ``path``."""
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except FileNotFoundError:
        return False


def restore(
    layout: Layout,
    name: str | None,
    now: datetime,
    file_mode: int,
    dir_mode: int,
    derived: Sequence[Path] = (),
) -> RestoreReport:
    """Put reviews back from backups; see the module doc. Call with the store locked.

    ``derived`` lists the index and open-commitment files the store found
    damaged: they are set aside (kept in the replaced backup) to be rebuilt.
    """
    found = list_backups(layout)
    report = RestoreReport(chosen=_named(found, name) if name is not None else None)
    live = {p.name: p for p in _shard_paths(layout)}
    plans: dict[str, dict[str, Any]] = {}
    if report.chosen is not None:
        for shard in sorted((report.chosen.path / SHARDS_NAME).glob("*.json")):
            docs, problem = report.chosen.shard(shard.name)
            if docs is None:
                report.unreadable.append((shard.name, problem or "unreadable"))
                continue
            if problem:
                report.unreadable.append((shard.name, problem))
            live.setdefault(shard.name, layout.shards / shard.name)
    for shard_name, path in sorted(live.items()):
        plan = _plan_shard(shard_name, path, found, report)
        if plan is not None:
            plans[shard_name] = plan
    if report.chosen is not None:
        docs, problem = report.chosen.incidents()
        if problem is not None and problem != "it is missing":
            report.unreadable.append((INCIDENTS_NAME, problem))
    incidents_plan = _plan(
        _Kept(INCIDENTS_NAME, layout.incidents, INCIDENTS, "incident"),
        found,
        report,
    )
    if not plans and not derived and incidents_plan is None:
        return report
    # Keep what is there now, damaged or not, before anything is replaced.
    report.replaced = snapshot(layout, "replaced", now, keep=10_000, dir_mode=dir_mode)
    ensure_dir(layout.shards, dir_mode)
    for shard_name, tables in plans.items():
        path = layout.shards / shard_name
        entry = next(f for f in report.files if f.name == shard_name)
        if os.path.lexists(path) and not _is_file(path):
            os.rename(path, report.replaced / SHARDS_NAME / shard_name)
            entry.moved_aside = True
        atomic_write(path, orjson.dumps(tables), file_mode)
    if incidents_plan is not None:
        entry = next(f for f in report.files if f.item == "incident")
        if os.path.lexists(layout.incidents) and not _is_file(layout.incidents):
            os.rename(layout.incidents, report.replaced / (INCIDENTS_NAME + ".aside"))
            entry.moved_aside = True
        incidents_plan.setdefault("_meta", {"meta": {"schema": migrations.CURRENT_SCHEMA}})
        atomic_write(layout.incidents, orjson.dumps(incidents_plan), file_mode)
    for path in derived:
        # The snapshot holds a copy of a damaged regular file; a link or a
        # directory is moved into it whole. Either way it is rebuilt.
        if _is_file(path):
            path.unlink()
        else:
            target = report.replaced / path.name
            if path == layout.open_rows:
                target = report.replaced / OPEN_NAME
            os.rename(path, target if not os.path.lexists(target) else target.with_suffix(".aside"))
        report.derived.append(path.name)
    return report


def _named(found: list[Backup], name: str) -> Backup:
    exact = [b for b in found if b.name == name]
    candidates = exact or [b for b in found if b.name.startswith(name)]
    if not candidates:
        raise StoreError(f"no backup named {name!r}; `pmtui restore --list` shows them")
    if len(candidates) > 1:
        raise StoreError(
            f"{name!r} matches {len(candidates)} backups; give more of the name "
            "(`pmtui restore --list` shows them)"
        )
    return candidates[0]


def _shard_paths(layout: Layout) -> list[Path]:
    """Every shard file name in place, links and non-files included (they are damage too)."""
    if not layout.shards.is_dir():
        return []
    return sorted(
        p for p in layout.shards.iterdir() if p.suffix == ".json" and not p.name.startswith(".")
    )


@dataclass(frozen=True)
class _Kept:
    """One file of whole items a restore works through: a shard, or the incidents file."""

    name: str
    path: Path
    table: str
    item: str

    def live(self) -> tuple[dict[str, Any] | None, str | None]:
        return read_reviews(self.path) if self.item == "review" else read_incidents(self.path)

    def in_backup(self, backup: Backup) -> tuple[dict[str, Any] | None, str | None]:
        return backup.shard(self.name) if self.item == "review" else backup.incidents()


def _plan_shard(
    name: str, path: Path, found: list[Backup], report: RestoreReport
) -> dict[str, Any] | None:
    """The new tables of one shard file, or ``None`` when it stays as it is."""
    return _plan(_Kept(name, path, SHARD_TABLE, "review"), found, report)


def _plan(kept: _Kept, found: list[Backup], report: RestoreReport) -> dict[str, Any] | None:
    """The new tables of one file of whole items, or ``None`` when it stays as it is."""
    name, path = kept.name, kept.path
    live_tables, problem = read_tables(path)
    live_docs, item_problem = kept.live() if live_tables is not None else (None, None)
    if problem == "it is missing":
        problem, live_tables, live_docs = None, None, {}
    problem = problem or item_problem
    entry = FileRestored(name, problem=problem, item=kept.item)
    if report.chosen is not None:
        source: Backup | None = report.chosen
        docs, _why = kept.in_backup(report.chosen)
        backup_wins = True
    elif problem is not None:
        source, docs = None, None
        for backup in found:  # newest first: the newest readable copy of this file
            docs, _why = kept.in_backup(backup)
            if docs:
                source = backup
                break
        backup_wins = False
    else:
        return None  # a repair leaves healthy files alone
    merged = dict(live_docs or {})
    for rid, doc in (docs or {}).items():
        current = merged.get(rid)
        if current is None or backup_wins or _newer(doc, current):
            if current != doc:
                entry.put_back += 1
            merged[rid] = doc
        else:
            entry.kept_newer += current != doc
    entry.only_live = len(set(live_docs or {}) - set(docs or {}))
    entry.source = source.name if source is not None and entry.put_back else None
    report.files.append(entry)
    if problem is None and not entry.put_back:
        return None
    tables = dict(live_tables or {})
    tables[kept.table] = merged
    return tables
