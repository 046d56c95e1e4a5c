"""What the follow-up view lists, kept beside the index in its order: a cache, never the truth.

In a fresh process the follow-up view parsed the index and the open file
(13 MB with 10,000 reviews and 50,000 commitments), built every summary and
open commitment and sorted them: about 200 ms on a quiet machine. This file
holds what the view needs, already sorted: every open commitment, soonest
due first (undated last, then by review title and id, as
``Store.open_commitments`` orders them), and every review still waiting for
its follow-up (none held yet, some commitment made), earliest follow-up date
first (then title and id), each trimmed to what the view shows and filters
on.

It records what it was built from, as the first-screen file does
(:mod:`pmtui.store.first_screen`): the index's and the open file's
signatures, the save generation and the shard signatures the index was built
from. It is used only while all of them are still what is on disk, so any
save, restore, sync, repair or hand edit makes it unused until the view has
read the store whole again and written it (``Store.keep_follow_up``). It is
written atomically, outside the store's lock; a missing, unreadable or
damaged file costs one full read. Backups, restores and syncs ignore it.

The view counts every row but shows two hundred a group, so each row is a
line of its own, parsed only when read: the file's second line says where
each row starts, and its first line records the length and CRC-32 checksum
of all that follows, so a file that is not byte for byte what pmtui wrote is
never used. Parsing and building all 18,558 open rows at 10,000 reviews was
three quarters of what a fresh view cost.
"""

from __future__ import annotations

import bisect
import contextlib
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from pmtui.domain.summary import WAITING
from pmtui.store.atomic import atomic_write, read_file

VERSION = 3
"""3: a row a line, parsed when read; 2: what it was built from on a first line of its own."""
REVIEW_KEYS = ("id", *sorted(WAITING - {"id"}))
"""What a waiting review's row keeps, its id first: what the view shows and filters on
(``WaitingReview``)."""
OPEN_KEYS = ("review", "title", "kind", "tags", "owner", "deliverable", "done_when", "due")
"""An open commitment's row as a list: its id, then these (``OpenCommitment.from_values``)."""


@dataclass(frozen=True)
class FollowUp:
    """The file's content, once checked against the store's files; rows parsed when read."""

    raw: bytes
    start: int
    """Where the rows begin."""
    at: list[int]
    """Where each row starts after ``start``, then where the last one ends."""
    open: int
    """How many open commitments come first, in the view's order (``[id, *OPEN_KEYS]``)."""
    waiting: int
    """How many reviews waiting for their follow-up follow them (trimmed to
    ``REVIEW_KEYS``), earliest first."""

    def open_rows(self, start: int, stop: int) -> list[list[Any]]:
        return self._rows(start, stop)

    def waiting_rows(self, start: int, stop: int) -> list[dict[str, Any]]:
        return self._rows(self.open + start, self.open + stop)

    def _rows(self, start: int, stop: int) -> list[Any]:
        """Rows ``start`` to ``stop`` in one parse: their lines, made one JSON list."""
        if start >= stop:
            return []
        lines = self.raw[self.start + self.at[start] : self.start + self.at[stop] - 1]
        # JSON text holds no raw line break: the lines' breaks are the only ones
        return orjson.loads(b"[" + lines.replace(b"\n", b",") + b"]")  # type: ignore[no-any-return]

    def line(self, i: int) -> bytes:
        """Row ``i``'s line, its line break included."""
        return self.raw[self.start + self.at[i] : self.start + self.at[i + 1]]

    def find(self, prefix: bytes, lo: int, hi: int) -> int | None:
        """The first of rows ``lo`` to ``hi`` whose line starts with ``prefix``."""
        at = self.raw.find(b"\n" + prefix, self.start + self.at[lo] - 1, self.start + self.at[hi])
        return None if at < 0 else bisect.bisect_left(self.at, at + 1 - self.start)


def read(path: Path, sources: dict[str, Any]) -> FollowUp | None:
    """The file's content if it was built from exactly ``sources`` (else None)."""
    try:
        got = read_file(path)
        if got is None:
            return None
        raw = got[0]
        cut = raw.find(b"\n")
        head = orjson.loads(raw[:cut]) if cut > 0 else {}
        if head.get("version") != VERSION or head.get("sources") != sources:
            return None  # stale: found without parsing the rest
        rest = memoryview(raw)[cut + 1 :]
        if head.get("lines") != [len(rest), zlib.crc32(rest)]:
            return None  # not as pmtui wrote it
        where = raw.find(b"\n", cut + 1)
        rows = orjson.loads(raw[cut + 1 : where])
        at, n_open, n_waiting = rows["at"], rows["open"], rows["waiting"]
        if not (type(n_open) is int and type(n_waiting) is int and isinstance(at, list)):
            return None
        if len(at) != n_open + n_waiting + 1 or at[-1] != len(raw) - where - 1:
            return None
        return FollowUp(raw, where + 1, at, n_open, n_waiting)
    except (OSError, ValueError, TypeError, KeyError, AttributeError, orjson.JSONDecodeError):
        return None  # damaged or from another version: the full read follows anyway


def open_row(cid: str, row: dict[str, Any]) -> list[Any]:
    """An open commitment's row as the file keeps it."""
    return [cid, *(row[key] for key in OPEN_KEYS)]


def waiting_row(row: dict[str, Any]) -> dict[str, Any]:
    """A review's index row trimmed to what the file keeps of a review waiting."""
    return {key: row[key] for key in REVIEW_KEYS if key in row}


def waits(row: dict[str, Any] | None) -> bool:
    """Whether an index row is of a review waiting for its follow-up: none held yet and
    some commitment made (``Store.follow_up_lists`` picks the same from summaries)."""
    return row is not None and not row.get("follow_up_held") and int(row["commitments"]) > 0


@dataclass(frozen=True)
class Change:
    """What a save did to one review, as the file follows it."""

    review_id: str
    old: dict[str, Any] | None
    """Its index row before the save (None: it is new)."""
    new: dict[str, Any] | None
    """Its index row after the save (None: it was deleted)."""
    open_rows: list[list[Any]]
    """Its open commitments after the save, as rows of the file (:func:`open_row`)."""


def follow(
    path: Path,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    changes: list[Change] | None,
    mode: int,
) -> None:
    """After a save: the file built from the store as it was ``before`` the save,
    each changed review's old rows out and its new rows in at their places, made
    the file of the store ``after`` it.

    Only the rows of the changed reviews are parsed, with the few others a
    search for their places reads; the rest is copied as bytes. A file that
    did not match the store before the save is left alone (it stays unused),
    and ``changes`` is None when a repair rebuilt rows wholesale. Never fails
    the save: the file is a cache, written without flushing it to disk (a
    torn one fails its checksum).
    """
    if before is None or after is None or changes is None:
        return
    got = read(path, before)
    if got is None:
        return
    with contextlib.suppress(OSError, ValueError, TypeError, KeyError, IndexError):
        n_open, n_waiting, body, at = _patched(got, changes)
        atomic_write(path, _assemble(after, n_open, n_waiting, at, body), mode, durable=False)


_LAST = "\uffff"
"""Sorts after any date's text: undated commitments come last."""


def _open_key(row: list[Any]) -> tuple[str, str, str]:
    """The view's order of open commitments (``views._open_order``), on a file row."""
    return (row[8] or _LAST, row[2], row[0])


def _waiting_key(row: dict[str, Any]) -> tuple[str, str, str]:
    """The view's order of reviews waiting (``Store.follow_up_lists``), on a file row."""
    return (row["follow_up_on"], row["title"], row["id"])


def _patched(got: FollowUp, changes: list[Change]) -> tuple[int, int, list[bytes], list[int]]:
    """The file's rows with ``changes`` made: counts, lines (as byte runs) and offsets."""
    total = got.open + got.waiting
    drop: set[int] = set()
    add: list[tuple[int, int, tuple[str, str, str], bytes]] = []
    """(before which row, 0 open / 1 waiting, sort key, line)"""

    def parsed(i: int) -> Any:
        return orjson.loads(got.line(i))

    for change in changes:
        rid = change.review_id
        old_ids = change.old.get("open_ids", []) if change.old is not None else []
        for cid in old_ids:
            i = got.find(b"[" + orjson.dumps(cid) + b",", 0, got.open)
            if i is not None and i < got.open and parsed(i)[1] == rid:
                drop.add(i)
        if waits(change.old):
            i = got.find(b'{"id":' + orjson.dumps(rid) + b",", got.open, total)
            if i is not None and got.open <= i < total:
                drop.add(i)
        for row in change.open_rows:
            key = _open_key(row)
            at = bisect.bisect_left(range(got.open), key, key=lambda i: _open_key(parsed(i)))
            add.append((at, 0, key, orjson.dumps(row) + b"\n"))
        if change.new is not None and waits(change.new):
            review = waiting_row(change.new)
            key = _waiting_key(review)
            at = got.open + bisect.bisect_left(
                range(got.open, total), key, key=lambda i: _waiting_key(parsed(i))
            )
            add.append((at, 1, key, orjson.dumps(review) + b"\n"))
    add.sort()
    adds: dict[int, list[bytes]] = {}
    for at, _block, _key, line in add:
        adds.setdefault(at, []).append(line)
    body: list[bytes] = []
    offsets: list[int] = []
    size = 0
    copied = 0  # the next row of the file not yet copied or dropped
    for point in sorted({*drop, *adds, total}):
        if point > copied:  # rows copied..point unchanged: one run of bytes, their offsets moved
            first = got.at[copied]
            body.append(got.raw[got.start + first : got.start + got.at[point]])
            offsets += [x - first + size for x in got.at[copied:point]]
            size += got.at[point] - first
        for line in adds.get(point, ()):
            offsets.append(size)
            body.append(line)
            size += len(line)
        copied = point + 1 if point in drop else point
    offsets.append(size)
    n_open = got.open - sum(1 for i in drop if i < got.open) + sum(1 for a in add if a[1] == 0)
    return n_open, len(offsets) - 1 - n_open, body, offsets


def _assemble(
    sources: dict[str, Any], n_open: int, n_waiting: int, at: list[int], body: list[bytes]
) -> bytes:
    rows = orjson.dumps({"open": n_open, "waiting": n_waiting, "at": at})
    rest = b"".join([rows, b"\n", *body])
    head = orjson.dumps(
        {"version": VERSION, "sources": sources, "lines": [len(rest), zlib.crc32(rest)]}
    )
    return head + b"\n" + rest


def write(
    path: Path,
    open_rows: Sequence[list[Any]],
    waiting: Sequence[dict[str, Any]],
    sources: dict[str, Any],
    mode: int,
) -> None:
    """Replace the file; a store that cannot take it (read-only, full) just answers slower."""
    with contextlib.suppress(OSError, TypeError, orjson.JSONEncodeError):
        lines = [orjson.dumps(row) + b"\n" for row in (*open_rows, *waiting)]
        at = [0]
        for line in lines:
            at.append(at[-1] + len(line))
        atomic_write(path, _assemble(sources, len(open_rows), len(waiting), at, lines), mode)
