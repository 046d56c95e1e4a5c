"""Follow-through per month: the one rule of what a commitment counts as, and when.

A commitment counts once, in the month of the date first promised (its
first due date: a re-plan keeps the old date in its history), as what
became of that promise:

- **re-planned**: its date was moved (by a follow-up answer, partly or not
  kept, or by a new date given by hand), whatever became of it after;
- **dropped**: let go with a reason, never moved (left out of the share:
  dropping is a decision the team discussed, not a promise broken);
- **kept on time**: kept on or before the first due date, never moved;
- **kept late**: kept after it;
- **open past due**: still open, never moved, and its date has passed.

It counts from the first day of its month: one kept, dropped or re-planned
before its date counts as soon as its month has come, one still open once
its date has passed. A commitment kept early for a month not reached yet
counts when that month comes (as kept on time), so no view shows a month
that has not begun. The share is kept on time of all counted but dropped.

Practice health's sums (:mod:`pmtui.domain.health`), the insights' *more
figures* (:mod:`pmtui.domain.insights`), ``pmtui health`` and its report
all count with :func:`fate` and :func:`counts`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from pmtui.domain.model import Commitment, Outcome

KEPT_ON_TIME, KEPT_LATE, OPEN_LATE, REPLANNED, DROPPED = (
    "kept_on_time",
    "kept_late",
    "open_late",
    "replanned",
    "dropped",
)
"""What a commitment counts as in the month it was first due."""

_KEPT, _DROPPED = Outcome.KEPT.value, Outcome.DROPPED.value


def first_due(c: Commitment) -> date | None:
    """The date first promised: the first old date its history moved it from, else its date."""
    return next((h.old_due for h in c.history if h.old_due is not None), c.due)


def moved(c: Commitment) -> bool:
    """Whether its date was ever moved (a follow-up's answer that kept the date is no move)."""
    return any(h.old_due is not None and h.new_due != h.old_due for h in c.history)


def entry(c: Commitment) -> list[Any]:
    """What the figures keep of a commitment: ``[first due, status, kept on, moved (0/1)]``
    (dates as ``YYYY-MM-DD``)."""
    due = first_due(c)
    return [
        due.isoformat() if due else None,
        c.status.value,
        c.reviewed_at.date().isoformat() if c.reviewed_at else None,
        int(moved(c)),
    ]


def fate(item: Sequence[Any]) -> str | None:
    """What an :func:`entry` counts as whatever the day: re-planned, dropped, kept on time or
    kept late; ``None`` while it is open and was never moved (it is :data:`OPEN_LATE` once
    its date has passed, which depends on the day asked about)."""
    due, status, kept_on, was_moved = item
    if was_moved:
        return REPLANNED
    if status == _DROPPED:
        return DROPPED
    if status == _KEPT:
        return KEPT_ON_TIME if kept_on is not None and kept_on <= due else KEPT_LATE
    return None


def counts(due: str, settled: bool, day: str) -> bool:
    """Whether a commitment first due on ``due`` counts on ``day`` (both ``YYYY-MM-DD``):
    from the first day of its month once it has an outcome (``settled``: :func:`fate` is not
    None), else once its date has passed."""
    if due[:7] > day[:7]:
        return False
    return settled or due < day
