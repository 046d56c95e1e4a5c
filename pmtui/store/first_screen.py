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

:func:`home_lists` reads it without opening the store (no TinyDB, no model
of a whole review): what ``pmtui`` does while Textual loads, so the first
frame builds no :class:`~pmtui.store.repository.Store`. With incidents
logged it reads the incidents file too, whole, at every start
(:mod:`pmtui.store.incident_file`): the line counting incidents without a
review is worked out from it and this file's links, by the same rule as from
the store, and a new incident is counted on the next start whatever this file
was built from. An incidents file the store would read another way (a hand
edit, a damage, another schema) is read through the store.
"""

from __future__ import annotations

import contextlib
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

import orjson

from pmtui.domain.summary import (
    CARRY_OVER_ROWS,
    CARRY_OVER_WITHIN,
    ListedReview,
    OpenCommitment,
    OpenDigest,
)
from pmtui.store.atomic import atomic_write, read_file, stat_signature
from pmtui.store.layout import Layout

if TYPE_CHECKING:
    from pmtui.domain.incident_facts import IncidentFacts
    from pmtui.domain.policy import IncidentLists

VERSION = 4
"""2: the rows are trimmed to what the list shows (``ReviewSummary.listed``); 3: with the
incidents' review links; 4: the rows are the newest by the day they happened
(:func:`~pmtui.domain.summary.list_order`), where a file of version 3 holds the last
entered."""


class FirstScreen(NamedTuple):
    """The first-screen file's content, once checked against the store's files (a named
    tuple: read before the first frame, where a dataclass costs building its methods)."""

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


def present(layout: Layout) -> dict[str, Any] | None:
    """The index's and the open file's signatures, if both are there (else None): what a
    file read whatever it was built from is checked against."""
    index, opened = stat_signature(layout.index), stat_signature(layout.open_rows)
    if index is None or opened is None:
        return None
    return {"index": list(index), "open": list(opened)}


def listed(
    got: FirstScreen, today: date, rows: int, within: timedelta, top: int
) -> tuple[list[ListedReview], OpenDigest] | None:
    """The newest ``rows`` reviews and the carry-over's digest, if the file was made for
    this day and carry-over and holds that many rows (else None, as for a damaged row).

    The digest counts overdue commitments only for the reviews returned.
    """
    if (got.today, got.within_days, got.top) != (today, within.days, top) or len(got.rows) < min(
        rows, got.total
    ):
        return None
    try:
        summaries = [ListedReview.from_raw(row) for _rid, row in got.rows[:rows]]
        urgent = tuple(OpenCommitment.from_raw(cid, row) for cid, row in got.urgent)
    except (KeyError, TypeError, ValueError, AttributeError):
        return None
    return summaries, OpenDigest(today, got.overdue_by_review, got.overdue, got.due_soon, urgent)


def home_lists(
    layout: Layout,
    today: date,
    rows: int,
    *,
    within: timedelta = CARRY_OVER_WITHIN,
    top: int = CARRY_OVER_ROWS,
) -> tuple[list[ListedReview], int, OpenDigest, IncidentLists[IncidentFacts] | None] | None:
    """What :meth:`Store.first_screen` gives with ``stale_ok``, read without the store
    (else None: read it through the store); for a store nothing was saved to yet,
    empty lists. The incidents are their facts as the policy weighs them
    (:func:`pmtui.store.incident_file.read_facts`), or None when none is logged (the
    frame then needs no policy to weigh them).

    The file is used whatever it was built from, as there: the home screen reads
    the whole store right after the frame and replaces whatever changed. Only
    the index and the open file are stat'ed (no save generation is read: its
    first look writes a probe file in the store's directory).
    """
    logged = stat_signature(layout.incidents) is not None
    sources = present(layout)
    if sources is None:
        if logged or layout.holds_reviews():
            return None  # an index to rebuild from the shards: the store does it
        # A store nothing was saved to yet (its first launch): nothing to list, and the
        # store is opened after the frame, as after a frame painted from the file.
        return [], 0, OpenDigest(today, {}, 0, 0, ()), None
    got = read(layout.first_screen, sources, stale_ok=True)
    if got is None:
        return None
    first = listed(got, today, rows, within, top)
    if first is None:
        return None
    summaries, digest = first
    if not (logged or got.links):
        return summaries, got.total, digest, None
    incidents = _incidents(layout, got.links)
    if incidents is None:
        return None
    return summaries, got.total, digest, incidents if incidents.incidents else None


def _incidents(
    layout: Layout, links: dict[str, dict[str, Any]]
) -> IncidentLists[IncidentFacts] | None:
    """The logged incidents' facts and the reviews started from them (none when none is
    logged); None when the incidents file or a link is not as this pmtui writes them."""
    from pmtui.domain.policy import IncidentLists
    from pmtui.store.incident_file import links_from_rows, read_facts

    facts = read_facts(layout.incidents)
    if facts is None:
        return None
    try:
        return IncidentLists(facts, links_from_rows(links))
    except (KeyError, TypeError, ValueError, AttributeError):
        return None


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
