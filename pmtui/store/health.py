"""Practice health from the store: the index's numbers and the incidents, never every review.

The figures (:mod:`pmtui.domain.health`, and the other insights) come from
the per-review numbers the index keeps with each summary and from the small
incidents file. Rows without numbers of this pmtui's (a store written before
they were kept, or by a pmtui that counted differently) are filled in once:
their shards' summaries are rebuilt in one save, like a crash repair. A
store that cannot be written (a read-only disk) is still answered, from each
such review read alone. Only a recompute, which judges every statement again
with today's coach, reads every review, and the result says so.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from pmtui.domain.health import (
    RECURRING_STALE,
    Health,
    compute,
    figures,
    month_sums,
    recompute_blame,
    recount_from_terms,
)
from pmtui.domain.policy import IncidentLists, Policy
from pmtui.domain.summary import ReviewSummary
from pmtui.domain.verdicts import Fill, Judge, numbers_current, review_numbers
from pmtui.domain.wordlists import stop_words as team_stop_words
from pmtui.store.errors import StoreWriteError
from pmtui.store.health_recount import SOURCES
from pmtui.store.health_sums import words_key
from pmtui.store.layout import Layout
from pmtui.store.repository import Store


def indexed(store: Store) -> list[ReviewSummary]:
    """Every summary, each with this pmtui's health numbers (filled in once where missing)."""
    return indexed_from(store)[0]


def indexed_from(store: Store) -> tuple[list[ReviewSummary], dict[str, Any] | None]:
    """:func:`indexed`, with what the rows were read from (see :meth:`Store.keep_health_sums`)."""
    rows, built_from = store.summaries_read()
    stale = sorted({Layout.shard_of(s.id) for s in rows if not numbers_current(s.health)})
    if not stale:
        return rows, built_from
    try:
        with store.batch() as txn:
            txn.reconcile(stale)
    except StoreWriteError:
        return rows, None  # read-only: fill() reads each such review alone
    return store.summaries_read()


def fill(store: Store) -> Fill:
    """``fill(review_id)``: the numbers of one review, read whole (rows the index lacks)."""

    def numbers(review_id: str) -> Mapping[str, Any]:
        return review_numbers(store.get(review_id))

    return numbers


def kept_sums(
    store: Store, stop_words: frozenset[str] | None = None, *, count: bool = True
) -> dict[str, Any]:
    """The figures' sums per month (:func:`pmtui.domain.health.month_sums`).

    From the files beside the index while they match the store's files and
    the stop words; else summed from the index, and those files written for
    the next look. Either way the sums are the same. After a save that
    changed causes the kept sums hold in every figure but recurrence, which
    is global: it is counted again from the cause terms kept with them (the
    index is not read) and written back; with ``count=False`` it is not, and
    the sums come back marked as still to be counted (:data:`RECURRING_STALE`),
    with the store's files they were read from (:data:`SOURCES`), so a view can
    draw the rest at once and take the count from the background one
    (:mod:`pmtui.store.health_recount`).
    """
    words = stop_words if stop_words is not None else team_stop_words()
    key = words_key(words)
    got = store.kept_health_sums(terms=key if count else False)
    if got is not None:
        sums, counted, found, sources = got
        if counted == key:
            return sums
        if not count:  # with the files they were read from, for Recount.counted
            return {**sums, RECURRING_STALE: True, SOURCES: sources}
        if found == key:
            try:
                again = recount_from_terms(sums)
            except (TypeError, ValueError, KeyError, IndexError, AttributeError):
                again = None  # terms of the wrong shape (a hand edit): summed from the index
            if again is not None:
                store.keep_health_sums(again, key, sources)
                return again
    rows, built_from = indexed_from(store)
    sums = month_sums(rows, stop_words=words, fill=fill(store))
    if not sums["unfilled"]:
        store.keep_health_sums(sums, key, built_from)
    return sums


def practice_health(
    store: Store,
    today: date,
    policy: Policy,
    *,
    first_month: str = "",
    recompute: Judge | None = None,
    stop_words: frozenset[str] | None = None,
) -> Health:
    """The four figures per month from ``first_month`` to this month.

    With ``recompute`` (a judge, the coach of today), blame is counted from
    every statement judged again instead of the verdicts stored when written.
    An incidents file that cannot be read raises its :class:`StoreDamagedError`.
    """
    # Read here, not through incident_lists(): that one stands in no incidents for a
    # file it cannot read, and skipped must never say "none" for incidents nobody could read.
    incidents = IncidentLists(store.incidents(), store.incident_links()).statuses(policy, today)
    if recompute is None:
        return figures(kept_sums(store, stop_words), incidents, today, first_month=first_month)
    rows = indexed(store)
    return compute(
        rows,
        incidents,
        today,
        first_month=first_month,
        stop_words=stop_words,
        fill=fill(store),
        blame=recompute_blame(store.reviews(), recompute),
    )
