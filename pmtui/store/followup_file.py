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
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from pmtui.store.atomic import atomic_write, read_file
from pmtui.store.storage import gc_paused

VERSION = 2
"""2: what it was built from on a first line of its own, read before the lists."""
REVIEW_KEYS = frozenset(
    ("id", "kind", "title", "tags", "participants", "facilitator", "open_ids", "follow_up_on",
     "follow_up_held", "commitments")
)  # fmt: skip
"""What a waiting review's row keeps: what the view shows and filters on."""
OPEN_KEYS = ("review", "title", "kind", "tags", "owner", "deliverable", "done_when", "due")
"""An open commitment's row as a list: its id, then these (``OpenCommitment.from_values``)."""


@dataclass(frozen=True)
class FollowUp:
    """The file's content, once checked against the store's files."""

    open: list[list[Any]]
    """Every open commitment as ``[id, *OPEN_KEYS]``, in the view's order."""
    waiting: list[dict[str, Any]]
    """Every review waiting for its follow-up (trimmed to ``REVIEW_KEYS``), earliest first."""


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
            return None  # stale: found without parsing the lists
        with gc_paused(freeze=True):  # it holds no cycles: never worth a collection's scan
            data = orjson.loads(memoryview(raw)[cut + 1 :])
        return FollowUp(open=data["open"], waiting=data["waiting"])
    except (OSError, ValueError, TypeError, KeyError, AttributeError, orjson.JSONDecodeError):
        return None  # damaged or from another version: the full read follows anyway


def open_row(cid: str, row: dict[str, Any]) -> list[Any]:
    """An open commitment's row as the file keeps it."""
    return [cid, *(row[key] for key in OPEN_KEYS)]


def write(path: Path, follow_up: FollowUp, sources: dict[str, Any], mode: int) -> None:
    """Replace the file; a store that cannot take it (read-only, full) just answers slower."""
    with contextlib.suppress(OSError, TypeError, orjson.JSONEncodeError):
        head = orjson.dumps({"version": VERSION, "sources": sources})
        lists = orjson.dumps({"open": follow_up.open, "waiting": follow_up.waiting})
        atomic_write(path, head + b"\n" + lists, mode)
