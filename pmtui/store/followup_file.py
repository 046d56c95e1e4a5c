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
REVIEW_KEYS = WAITING
"""What a waiting review's row keeps: what the view shows and filters on (``WaitingReview``)."""
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
        got = orjson.loads(
            b"[" + lines.replace(b"\n", b",") + b"]"
        )  # JSON text holds no raw line break
        return got  # type: ignore[no-any-return]


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
        rows = orjson.dumps({"open": len(open_rows), "waiting": len(waiting), "at": at})
        rest = b"".join([rows, b"\n", *lines])
        head = orjson.dumps(
            {"version": VERSION, "sources": sources, "lines": [len(rest), zlib.crc32(rest)]}
        )
        atomic_write(path, head + b"\n" + rest, mode)
