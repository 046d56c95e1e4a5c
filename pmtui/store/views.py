"""The lists the store serves from its derived files, built once and kept until a file changes.

The home screen's summaries, the open commitments (whole, filtered by owner
or due date) and the home screen's digest are built from the rows of the
index and the open-commitments file. Building ten thousand objects costs
more than reading the file, so each list is kept under the signature of the
file it came from and served again until anyone saves; a save by another
process changes the signature and the list is built again.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from pmtui.domain.summary import OpenCommitment, OpenDigest, ReviewSummary, list_order
from pmtui.store.errors import StoreDamagedError
from pmtui.store.storage import AtomicJSONStorage, gc_paused

ALL = (None, None)
"""The key of the unfiltered list among the lists kept from one file."""
FREEZE_ROWS = 1000
"""From this many rows, lists built from a file are set aside from the cycle
collector (see :func:`gc_paused`): they hold no cycles and live until the
file changes, and re-scanning them cost more than building them."""

Damaged = Callable[[Path, str], StoreDamagedError]


class Views:
    """Lists built from the derived files, kept per file version, and the summaries cache."""

    def __init__(self, index_path: Path, open_path: Path, damaged: Damaged) -> None:
        self._index_path = index_path
        self._open_path = open_path
        self._damaged = damaged
        self._summaries: dict[str, tuple[object, ReviewSummary]] = {}
        self._kept: dict[Path, tuple[object, dict[object, list[Any]]]] = {}

    def forget(self) -> None:
        """Drop every kept list (after a restore replaced the files wholesale)."""
        self._summaries = {}
        self._kept = {}

    def cached(self, key: object, source: AtomicJSONStorage) -> list[Any] | None:
        """A list built earlier from ``source`` as it was last read, if any.

        Call it right after reading ``source``, which re-reads a file another
        process replaced: the lists are kept under the file's signature, so a
        save by anyone is seen on the next call.
        """
        kept = self._kept.get(source.path)
        if kept is None or kept[0] != source.version:
            return None
        return kept[1].get(key)

    def keep(
        self,
        key: object,
        source: AtomicJSONStorage,
        build: Callable[[], list[Any]],
        rows: int,
        *,
        keep: bool = True,
    ) -> list[Any]:
        """Build a list from ``source``'s rows and, with ``keep``, keep it until that file changes.

        Inside a transaction nothing is kept: the tables there hold changes not
        yet written.
        """
        with gc_paused(freeze=rows >= FREEZE_ROWS):
            built = build()
        if keep and not source.dirty:
            kept = self._kept.get(source.path)
            if kept is None or kept[0] != source.version:
                kept = self._kept[source.path] = (source.version, {})
            kept[1][key] = built
        return built

    def summary(self, raw: dict[str, Any], review_id: str) -> ReviewSummary:
        """One summary, from the cache while its row is unchanged."""
        hit = self._summaries.get(review_id)
        if hit is not None and hit[0] == summary_key(raw):
            return hit[1]
        return self.summary_from_raw(raw)

    def summary_from_raw(self, d: dict[str, Any]) -> ReviewSummary:
        try:
            return ReviewSummary.from_raw(d)
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise self._damaged(
                self._index_path, f"a review summary is malformed ({exc!r})"
            ) from None

    def summaries(self, raw: dict[str, Any]) -> list[ReviewSummary]:
        """Every summary, newest first (:func:`list_order`), reusing those whose rows did not
        change."""
        cache = self._summaries
        fresh: dict[str, tuple[object, ReviewSummary]] = {}
        order: list[tuple[tuple[str, str], str, ReviewSummary]] = []
        for rid, d in raw.items():
            key = summary_key(d)
            hit = cache.get(rid)
            s = hit[1] if hit is not None and hit[0] == key else self.summary_from_raw(d)
            fresh[rid] = (key, s)
            try:  # sorted on the stored text: parsing 10,000 timestamps to sort them cost more
                order.append((list_order(d.get("happened"), d["created"]), rid, s))
            except TypeError as exc:
                raise self._damaged(
                    self._index_path, f"a review summary is malformed ({exc!r})"
                ) from None
        self._summaries = fresh
        order.sort(reverse=True)  # ids are unique: the summaries are never compared
        return [s for _when, _rid, s in order]

    def open_commitments(
        self, rows: dict[str, Any], want: str | None, due_by: date | None
    ) -> list[OpenCommitment]:
        """The open rows as objects, soonest due first, filtered before any is built."""
        limit = due_by.isoformat() if due_by else None
        out = []
        try:
            for cid, d in rows.items():
                if limit is not None and (d["due"] is None or d["due"] > limit):
                    continue
                if want is not None and d["owner"].casefold() != want:
                    continue
                out.append(OpenCommitment.from_raw(cid, d))
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise self._damaged(
                self._open_path, f"an open commitment is malformed ({exc!r})"
            ) from None
        out.sort(key=_open_order)
        return out

    def digest(self, rows: dict[str, Any], today: date, within: timedelta, top: int) -> OpenDigest:
        """The home screen's counts on the stored rows; only the ``top`` most urgent are built."""
        # Stored dates are ISO text, which orders as the dates do.
        day, limit = today.isoformat(), (today + within).isoformat()
        late: dict[str, int] = {}
        urgent: list[tuple[str, str, str, dict[str, Any]]] = []
        try:
            for cid, d in rows.items():
                due = d["due"]
                if due is None or due > limit:
                    continue
                urgent.append((due, d["title"], cid, d))
                if due < day:
                    late[d["review"]] = late.get(d["review"], 0) + 1
            # ids are unique: the rows themselves are never compared
            picked = tuple(
                OpenCommitment.from_raw(cid, d) for *_o, cid, d in heapq.nsmallest(top, urgent)
            )
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise self._damaged(
                self._open_path, f"an open commitment is malformed ({exc!r})"
            ) from None
        overdue = sum(late.values())
        return OpenDigest(today, late, overdue, len(urgent) - overdue, picked)


def summary_key(d: dict[str, Any]) -> object:
    # rev alone is not enough: a restore can bring back an older rev 2 that a
    # later save turns into a different rev 3. The health numbers' version
    # changes when a row is filled in again without a save of its review.
    health = d.get("health")
    return (d.get("rev"), d.get("updated"), health.get("v") if isinstance(health, dict) else None)


def _open_order(c: OpenCommitment) -> tuple[date, str, str]:
    return (c.due or date.max, c.review_title, c.id)


def filter_open(
    every: list[OpenCommitment], want: str | None, due_by: date | None
) -> list[OpenCommitment]:
    """A filtered query answered from the full list (already in order)."""
    return [
        c
        for c in every
        if (due_by is None or (c.due is not None and c.due <= due_by))
        and (want is None or c.owner.casefold() == want)
    ]
