"""What the home screen paints first, kept beside the index: a cache, never the truth.

With 10,000 reviews the index is about 12 MB of JSON; parsing it was most
of what made the app's first frame slower than a bare Textual app's. The
home screen's first frame shows only the newest rows, how many reviews
there are and the carry-over. ``pmtui.first.json`` holds exactly that: the
first rows as the index stores them, the count, and for one day the
carry-over's counts, its listed rows (as the open file stores them), the
overdue count of each listed review, and which review each incident started
(the open file's links, for the line counting incidents without a review:
reading them from the open file was the one part of the first frame that
grew with the store).

It records what it was built from: the index's and the open file's
signatures, the save generation (on file systems that need it), and the
shard signatures the index was built from. While all of them are still what
is on disk it is the truth of the first frame. After any save, restore,
sync, repair or hand edit it is stale: the first frame still paints from it
(a start after a teammate's save is as fast as any), and the whole index,
read right after that frame, replaces every row, count and carry-over line
that changed; the app then writes a new file. It is written
atomically, outside the store's lock, and never read by anything but the
first frame; a missing, unreadable or damaged file costs one slower start.
Backups, restores and syncs ignore it.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import orjson

from pmtui.store.atomic import atomic_write, read_file

VERSION = 4
"""2: the rows are trimmed to what the list shows (``ReviewSummary.listed``); 3: with the
incidents' review links; 4: the rows are the newest by the day they happened
(:func:`~pmtui.domain.summary.list_order`), where a file of version 3 holds the last
entered."""


@dataclass(frozen=True)
class FirstScreen:
    """The first-screen file's content, once checked against the store's files."""

    total: int
    """How many reviews the index holds."""
    rows: list[tuple[str, dict[str, Any]]]
    """The newest reviews' index rows, newest first (by the day they happened, as the list
    is ordered): ``(review id, row)``."""
    today: date
    within_days: int
    top: int
    overdue: int
    due_soon: int
    urgent: list[tuple[str, dict[str, Any]]]
    """The carry-over's listed open rows, most urgent first: ``(commitment id, row)``."""
    overdue_by_review: dict[str, int]
    """Overdue open commitments of each review in ``rows`` (reviews with none absent)."""
    links: dict[str, dict[str, Any]]
    """The open file's rows of reviews started from an incident, as it stores them."""
    current: bool = True
    """Built from the store's files as they are now (else read with ``stale_ok``)."""


def read(path: Path, sources: dict[str, Any], *, stale_ok: bool = False) -> FirstScreen | None:
    """The file's content if it was built from exactly ``sources`` (else None); with
    ``stale_ok``, also when built from other files (then ``current`` is False)."""
    try:
        got = read_file(path)
        if got is None:
            return None
        data = orjson.loads(got[0])
        current = data.get("sources") == sources
        if data.get("version") != VERSION or not (current or stale_ok):
            return None
        return FirstScreen(
            total=int(data["total"]),
            rows=[(str(rid), dict(row)) for rid, row in data["rows"]],
            today=date.fromisoformat(data["today"]),
            within_days=int(data["within_days"]),
            top=int(data["top"]),
            overdue=int(data["overdue"]),
            due_soon=int(data["due_soon"]),
            urgent=[(str(cid), dict(row)) for cid, row in data["urgent"]],
            overdue_by_review={str(k): int(v) for k, v in data["overdue_by_review"].items()},
            links={str(k): dict(v) for k, v in data["links"].items()},
            current=current,
        )
    except (OSError, ValueError, TypeError, KeyError, AttributeError, orjson.JSONDecodeError):
        return None  # damaged or from another version: the full read follows anyway


def write(path: Path, first: FirstScreen, sources: dict[str, Any], mode: int) -> None:
    """Replace the file; a store that cannot take it (read-only, full) just starts slower."""
    payload = {
        "version": VERSION,
        "sources": sources,
        "total": first.total,
        "rows": first.rows,
        "today": first.today.isoformat(),
        "within_days": first.within_days,
        "top": first.top,
        "overdue": first.overdue,
        "due_soon": first.due_soon,
        "urgent": first.urgent,
        "overdue_by_review": first.overdue_by_review,
        "links": first.links,
    }
    with contextlib.suppress(OSError, TypeError, orjson.JSONEncodeError):
        atomic_write(path, orjson.dumps(payload), mode)
