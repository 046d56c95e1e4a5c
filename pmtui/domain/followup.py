"""Recording what became of commitments: one set of rules for the app and the prompts."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from pmtui.domain.model import (
    Commitment,
    FollowUpRecord,
    Kind,
    Outcome,
    Review,
    Status,
    ValidationError,
)
from pmtui.domain.summary import OpenCommitment, ReviewSummary


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
) -> Commitment:
    """Record kept / partly kept / not kept / dropped for one commitment.

    A dropped commitment needs a reason, so that dropping is a decision that
    was discussed, never a silent disappearance. When every commitment has an
    outcome, the follow-up is recorded and the review is closed.
    """
    if outcome is Outcome.OPEN:
        raise ValidationError("status", "kept, partly_kept, not_kept or dropped")
    if outcome is Outcome.DROPPED and not dropped_reason.strip():
        raise ValidationError("dropped_reason", "a reason when a commitment is dropped")
    com = review.commitment(commitment_id)
    com.status = outcome
    com.in_the_way = in_the_way
    com.in_the_way_category = category
    com.helped = helped
    com.dropped_reason = dropped_reason if outcome is Outcome.DROPPED else ""
    com.reviewed_at = at
    close_if_all_reviewed(review, at.date(), by)
    return com


def replan(
    review: Review, commitment_id: str, new_due: date, *, on: date, reason: str = ""
) -> Commitment:
    """Give an open (or not kept) commitment a new date; its history keeps the old one."""
    com = review.commitment(commitment_id)
    com.replan(new_due, on, reason)
    com.status = Outcome.OPEN
    com.reviewed_at = None
    if review.status is Status.CLOSED:
        review.status = Status.REVIEWED
    return com


def close_if_all_reviewed(review: Review, today: date, by: str) -> bool:
    """Close the review once no commitment is left open; returns whether it closed."""
    if not review.commitments or any(c.is_open for c in review.commitments):
        return False
    if review.follow_up is None:
        review.follow_up = FollowUpRecord(held_on=today, by=by)
    review.status = Status.CLOSED
    return True


# -- what is due: the follow-up view and `pmtui due` -------------------------------

THIS_WEEK = timedelta(days=6)
"""Due "this week" means due today or in the six days after it."""


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

    def matches_review(self, s: ReviewSummary, *, owns_open: bool = False) -> bool:
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


@dataclass(frozen=True)
class Board:
    """Open commitments grouped by urgency, and reviews waiting for their follow-up."""

    overdue: list[OpenCommitment] = field(default_factory=list)
    this_week: list[OpenCommitment] = field(default_factory=list)
    later: list[OpenCommitment] = field(default_factory=list)
    """Due after this week, then those with no due date at all."""
    reviews_due: list[ReviewSummary] = field(default_factory=list)

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
) -> Board:
    """Group open commitments and pick the reviews whose follow-up has come.

    Commitments keep the order given (the store gives them by due date),
    except that undated ones go last; reviews waiting for a follow-up come
    oldest follow-up date first, since those have waited longest. Written as
    one plain loop because the follow-up view runs it over tens of thousands
    of commitments on every refresh.
    """
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
    owned = {c.review_id for c in (*overdue, *this_week, *later, *undated)} if filters.owner else ()
    reviews_due = [
        s
        for s in summaries
        if s.follow_up_held is None
        and s.follow_up_is_due(today)
        and (not filters.active or filters.matches_review(s, owns_open=s.id in owned))
    ]
    reviews_due.sort(key=lambda s: (s.follow_up_on, s.title, s.id))
    return Board(overdue, this_week, later + undated, reviews_due)


def due_within(
    commitments: Iterable[OpenCommitment], today: date, within: timedelta
) -> list[OpenCommitment]:
    """Open commitments that are overdue or due by ``today + within``, soonest first."""
    limit = today + within
    out = [c for c in commitments if c.due is not None and c.due <= limit]
    out.sort(key=lambda c: (c.due or limit, c.review_title, c.id))
    return out


def short_id(review_id: str) -> str:
    """The first eight characters of an id: enough for ``pmtui`` commands to resolve it."""
    return review_id[:8]
