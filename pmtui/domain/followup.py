"""Recording what became of commitments: one set of rules for the app and the prompts."""

from __future__ import annotations

import bisect
import copy
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from pmtui.domain.lazy import Built
from pmtui.domain.model import (
    UNFINISHED,
    Commitment,
    FollowUpRecord,
    Kind,
    Outcome,
    Review,
    Status,
    ValidationError,
)
from pmtui.domain.summary import DUE_SOON, OpenCommitment, ReviewSummary, WaitingReview


def record_outcome(
    review: Review,
    commitment_id: str,
    outcome: Outcome,
    *,
    at: datetime,
    by: str,
    in_the_way: str = "",
    category: str = "",
    helped: bool | None = None,
    dropped_reason: str = "",
    new_due: date | None = None,
) -> Commitment:
    """Record kept / partly kept / not kept / dropped for one commitment.

    A commitment is open until it is kept or dropped. Partly kept and not
    kept are never a silent close: they need a new date (the commitment is
    re-planned and stays open, the answer kept in its history) or a reason
    to drop it. Dropping always needs a reason, so that it is a decision
    that was discussed, never a silent disappearance. Once every commitment
    has an answer (:func:`answered`), the follow-up is recorded as held that
    day; when no commitment is left open, the review is closed.
    """
    problem = outcome_problem(outcome, new_due=new_due, reason=dropped_reason)
    if problem is not None:
        raise ValidationError(*problem)
    com = review.commitment(commitment_id)
    com.in_the_way = in_the_way
    com.in_the_way_category = category
    com.helped = helped
    if new_due is not None:
        com.replan(
            new_due,
            at.date(),
            outcome=outcome,
            in_the_way=in_the_way,
            in_the_way_category=category,
            by=by,
        )
        _reopen(review, com)
        hold_if_all_answered(review, at.date(), by)
        return com
    com.status = Outcome.KEPT if outcome is Outcome.KEPT else Outcome.DROPPED
    com.dropped_reason = dropped_reason.strip() if com.status is Outcome.DROPPED else ""
    com.reviewed_at = at
    hold_if_all_answered(review, at.date(), by)
    close_if_all_reviewed(review, at.date(), by)
    return com


def answered(com: Commitment) -> bool:
    """Whether a follow-up said what became of it: kept, dropped, or partly or not kept and
    re-planned (open again with the answer in its history). A new date given by hand is
    no answer."""
    return not com.is_open or com.last_answer is not None


def hold_if_all_answered(review: Review, today: date, by: str) -> bool:
    """Record the follow-up review as held ``today`` once every commitment has an answer
    (:func:`answered`); returns whether it was recorded now.

    Held once: the review then leaves the reviews waiting for a follow-up for good.
    Commitments re-planned in it stay open, each followed by its new date (overdue, due
    soon) in the follow-up view, ``pmtui due`` and ``pmtui mine``; there is no second
    follow-up review to wait for.
    """
    if review.follow_up is not None or not review.commitments:
        return False
    if not all(answered(c) for c in review.commitments):
        return False
    review.follow_up = FollowUpRecord(held_on=today, by=by)
    return True


def outcome_problem(
    outcome: Outcome, *, new_due: date | None, reason: str
) -> tuple[str, str] | None:
    """What an answer lacks or has too much of, as ``(field, expected)``; ``None`` when whole.

    The one rule the app's follow-up, ``pmtui followup`` and the check-in
    apply before anything is recorded.
    """
    if outcome is Outcome.OPEN:
        return ("status", "kept, partly_kept, not_kept or dropped")
    has_reason = bool(reason.strip())
    if outcome in UNFINISHED:
        if new_due is None and not has_reason:
            return (
                "new_due",
                f"{outcome.label} leaves work undone: a new date keeps it open, "
                "or a reason drops the rest",
            )
        if new_due is not None and has_reason:
            return ("new_due", "a new date or a reason to drop it, not both")
    elif new_due is not None:
        return ("new_due", "a new date only when it was partly kept or not kept")
    if outcome is Outcome.DROPPED and not has_reason:
        return ("dropped_reason", "a reason when a commitment is dropped")
    return None


def replan(
    review: Review, commitment_id: str, new_due: date, *, on: date, reason: str = ""
) -> Commitment:
    """Give a commitment a new date; its history keeps the old one, and it is open again."""
    com = review.commitment(commitment_id)
    com.replan(new_due, on, reason)
    _reopen(review, com)
    return com


def _reopen(review: Review, com: Commitment) -> None:
    com.status = Outcome.OPEN
    com.dropped_reason = ""
    com.reviewed_at = None
    if review.status is Status.CLOSED:
        review.status = Status.REVIEWED


def reopened(raw: dict[str, Any]) -> dict[str, Any]:
    """A stored review (a plain dict) with commitments once closed as partly or not kept reopened.

    Before this rule, those answers closed a commitment silently. Each such
    commitment is opened again at its due date, the answer kept in its
    history, so it shows as overdue until the team re-plans or drops it; a
    closed review holding one is reviewed again. Every way a review is read
    goes through it (the store, its migration, import, sync), so a file
    written by an older pmtui is understood the same everywhere. ``raw`` is
    returned as it is when there is nothing to change, else a changed copy.
    """
    unfinished = {o.value for o in UNFINISHED}
    coms = raw.get("commitments")
    if not isinstance(coms, list) or not any(
        isinstance(c, dict) and c.get("status") in unfinished for c in coms
    ):
        return raw
    raw = copy.deepcopy(raw)
    for com in raw["commitments"]:
        if not isinstance(com, dict) or com.get("status") not in unfinished:
            continue
        answered, due = com.get("reviewed_at"), com.get("due")
        day = answered[:10] if isinstance(answered, str) and len(answered) >= 10 else None
        history = com.get("history")
        com["history"] = [
            *(history if isinstance(history, list) else []),
            {
                "old_due": due,
                "new_due": due,
                "on": day or due or str(raw.get("created", ""))[:10],
                "outcome": com["status"],
                "in_the_way": com.get("in_the_way", ""),
                "in_the_way_category": com.get("in_the_way_category", ""),
            },
        ]
        com["status"] = Outcome.OPEN.value
        com["reviewed_at"] = None
    if raw.get("status") == Status.CLOSED.value:
        raw["status"] = Status.REVIEWED.value
    return raw


def close_if_all_reviewed(review: Review, today: date, by: str) -> bool:
    """Close the review once no commitment is left open; returns whether it closed."""
    if not review.commitments or any(c.is_open for c in review.commitments):
        return False
    if review.follow_up is None:
        review.follow_up = FollowUpRecord(held_on=today, by=by)
    review.status = Status.CLOSED
    return True


# -- what is due: one query for due, mine, followup, the follow-up view, the carry-over --

THIS_WEEK = DUE_SOON
"""The follow-up view's "this week": the same window as ``pmtui due`` and the carry-over."""


@dataclass(frozen=True)
class DueQuery:
    """Which open commitments a list asks for: whose, and due by when.

    The one question behind ``pmtui due`` (``DueQuery(owner, within)``),
    ``pmtui mine`` (``DueQuery(me)``), ``pmtui followup`` (:meth:`mine`, the
    same list as ``pmtui due --mine``), the carry-over on the home screen
    (``DueQuery(within=DUE_SOON)``) and the follow-up view (``DueQuery()``,
    grouped by :func:`urgency`). An owner matches without regard to case; a
    window keeps what is overdue or due by ``today + within`` (never the
    undated); no window keeps every open commitment. A commitment re-planned
    after a follow-up is open, so every one of them lists it.
    """

    owner: str | None = None
    within: timedelta | None = None

    @classmethod
    def mine(cls, user: str) -> DueQuery:
        """What ``pmtui followup`` walks for ``user``; ``pmtui due --mine`` lists the same."""
        return cls(user, DUE_SOON)

    def due_by(self, today: date) -> date | None:
        return None if self.within is None else today + self.within

    def admits(self, c: OpenCommitment, today: date) -> bool:
        """Whether ``c`` belongs in the list (the store filters its rows the same way)."""
        limit = self.due_by(today)
        if limit is not None and (c.due is None or c.due > limit):
            return False
        return not self.owner or c.owner.casefold() == self.owner.casefold()


@dataclass(frozen=True)
class Filters:
    """What the follow-up view narrows to; every field left empty means "any".

    ``owner`` is compared without regard to case, as ``pmtui due --owner``
    does, so "Ana" and "ana" are the same person.
    """

    owner: str = ""
    tag: str = ""
    kind: Kind | None = None

    @property
    def active(self) -> bool:
        return bool(self.owner or self.tag or self.kind)

    def matches(self, c: OpenCommitment) -> bool:
        if self.owner and c.owner.casefold() != self.owner.casefold():
            return False
        if self.tag and self.tag.casefold() not in (t.casefold() for t in c.tags):
            return False
        return self.kind is None or c.review_kind is self.kind

    def matches_review(self, s: ReviewSummary | WaitingReview, *, owns_open: bool = False) -> bool:
        """Whether a review whose follow-up has come belongs in the filtered view.

        With an owner, a review counts when that person took part in it, ran
        it, or still owns one of its open commitments (``owns_open``).
        """
        if self.tag and self.tag.casefold() not in (t.casefold() for t in s.tags):
            return False
        if self.kind is not None and s.kind is not self.kind:
            return False
        if self.owner and not owns_open:
            who = self.owner.casefold()
            return who in {p.casefold() for p in (*s.participants, s.facilitator)}
        return True


class InDueOrder(Built[OpenCommitment]):
    """Open commitments soonest due first, undated last: the order the store gives them.

    The board's groups are then slices of it, found by bisection on the due
    date, so an unfiltered board builds only the rows it shows
    (:class:`~pmtui.domain.lazy.Built`).
    """


@dataclass(frozen=True)
class Board:
    """Open commitments grouped by urgency, and reviews waiting for their follow-up.

    Each group may be a view of items built when read (:func:`build_board`):
    its length is the count, and only the rows read are built.
    """

    overdue: Sequence[OpenCommitment] = field(default_factory=list)
    this_week: Sequence[OpenCommitment] = field(default_factory=list)
    later: Sequence[OpenCommitment] = field(default_factory=list)
    """Due after this week, then those with no due date at all."""
    reviews_due: Sequence[ReviewSummary | WaitingReview] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.overdue or self.this_week or self.later or self.reviews_due)


def urgency(c: OpenCommitment, today: date) -> str:
    """``overdue``, ``this_week`` or ``later`` for one open commitment."""
    if c.due is None:
        return "later"
    if c.due < today:
        return "overdue"
    if c.due <= today + THIS_WEEK:
        return "this_week"
    return "later"


def build_board(
    commitments: Iterable[OpenCommitment],
    summaries: Iterable[ReviewSummary],
    today: date,
    filters: Filters = Filters(),
    *,
    due_reviews: Iterable[ReviewSummary | WaitingReview] | None = None,
) -> Board:
    """Group open commitments and pick the reviews whose follow-up has come.

    ``due_reviews`` are those reviews already picked and in order (the
    store's ``follow_up_lists``): then ``summaries`` is not read and only the
    filters apply.

    Commitments keep the order given (the store gives them by due date),
    except that undated ones go last; reviews waiting for a follow-up come
    oldest follow-up date first, since those have waited longest. Written as
    one plain loop because the follow-up view runs it over tens of thousands
    of commitments on every refresh; commitments already :class:`InDueOrder`
    and no filter make each group a slice of them, nothing built but what
    is read.
    """
    week_end = today + THIS_WEEK
    groups: tuple[Sequence[OpenCommitment], Sequence[OpenCommitment], Sequence[OpenCommitment]]
    if isinstance(commitments, InDueOrder) and not filters.active:
        late = bisect.bisect_left(commitments, today, key=_due_or_last)
        soon = bisect.bisect_right(commitments, week_end, key=_due_or_last, lo=late)
        groups = (commitments[:late], commitments[late:soon], commitments[soon:])
    else:
        groups = _grouped(commitments, today, filters)
    if due_reviews is None:
        waiting: Sequence[ReviewSummary | WaitingReview] = sorted(
            (s for s in summaries if s.follow_up_held is None and s.follow_up_is_due(today)),
            key=lambda s: (s.follow_up_on, s.title, s.id),
        )
    else:
        waiting = due_reviews if isinstance(due_reviews, Sequence) else list(due_reviews)
    if filters.active:
        owned = {c.review_id for group in groups for c in group} if filters.owner else set()
        waiting = [s for s in waiting if filters.matches_review(s, owns_open=s.id in owned)]
    overdue, this_week, later = groups
    return Board(overdue, this_week, later, waiting)


def _grouped(
    commitments: Iterable[OpenCommitment], today: date, filters: Filters
) -> tuple[list[OpenCommitment], list[OpenCommitment], list[OpenCommitment]]:
    """Overdue, due this week and later (then undated), each in the order given."""
    week_end = today + THIS_WEEK
    overdue: list[OpenCommitment] = []
    this_week: list[OpenCommitment] = []
    later: list[OpenCommitment] = []
    undated: list[OpenCommitment] = []
    check = filters.matches if filters.active else None
    for c in commitments:
        if check is not None and not check(c):
            continue
        due = c.due
        if due is None:
            undated.append(c)
        elif due < today:
            overdue.append(c)
        elif due <= week_end:
            this_week.append(c)
        else:
            later.append(c)
    return overdue, this_week, later + undated


def _due_or_last(c: OpenCommitment) -> date:
    return date.max if c.due is None else c.due


def short_id(review_id: str) -> str:
    """The first eight characters of an id: enough for ``pmtui`` commands to resolve it."""
    return review_id[:8]
