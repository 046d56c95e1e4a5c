"""Practice health from the store: the index's numbers and the incidents, never every review.

The figures (:mod:`pmtui.domain.health`) come from the per-review numbers
the index keeps with each summary and from the small incidents file. A row
without numbers of this pmtui's (none should be left after the migration to
schema 5) is filled from its review, read alone. Only a recompute, which
judges every statement again with today's coach, reads every review, and
the result says so.
"""

from __future__ import annotations

from datetime import date

from pmtui.domain.health import Health, compute, recompute_blame
from pmtui.domain.policy import Policy
from pmtui.domain.verdicts import Judge, review_numbers
from pmtui.store.repository import Store


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
    """
    summaries = store.summaries()
    incidents = store.incident_lists().statuses(policy, today)
    blame = recompute_blame(store.reviews(), recompute) if recompute is not None else None
    return compute(
        summaries,
        incidents,
        today,
        first_month=first_month,
        stop_words=stop_words,
        fill=lambda review_id: review_numbers(store.get(review_id)),
        blame=blame,
    )
