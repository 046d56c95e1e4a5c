"""Recording what became of commitments: one set of rules for the app and the prompts."""

from __future__ import annotations

from datetime import date, datetime

from pmtui.domain.model import Commitment, FollowUpRecord, Outcome, Review, Status, ValidationError


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


def replan(review: Review, commitment_id: str, new_due: date, *, on: date, reason: str = "") -> Commitment:
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
