from __future__ import annotations

from datetime import date, timedelta

import pytest

from pmtui.domain.followup import DueQuery
from pmtui.domain.model import CAUSE_CATEGORIES, Commitment, Kind, Outcome, Review, Status
from pmtui.prompts import followup
from pmtui.prompts.ask import Cancelled
from pmtui.store.repository import Store
from tests.conftest import FrozenClock
from tests.prompts.keys import CTRL_C, Keys

TODAY = date(2026, 11, 23)


def seed(store: Store, clock: FrozenClock) -> Review:
    review = Review(
        title="Deploy hung",
        kind=Kind.QUICK,
        status=Status.REVIEWED,
        created=clock(),
        commitments=[
            Commitment(deliverable="Lock timeout", owner="ana", due=TODAY - timedelta(days=3)),
            Commitment(deliverable="Runbook", owner="ana", due=TODAY),
            Commitment(deliverable="Alert route", owner="bo", due=TODAY - timedelta(days=1)),
            Commitment(deliverable="Dashboard", owner="ana", due=TODAY + timedelta(days=9)),
        ],
    )
    return store.add(review)


def walk(keys: Keys, store: Store, clock: FrozenClock) -> tuple[int, int]:
    items = store.due(DueQuery.mine("ana"), clock().date())
    return followup.walk(
        keys.prompter,
        store,
        items,
        followup.FollowUpAnswers(),
        user="ana",
        now=clock(),
        categories=list(CAUSE_CATEGORIES),
    )


def test_the_walk_covers_only_my_due_and_overdue_commitments_and_records_each(
    keys: Keys, store: Store, clock: FrozenClock
) -> None:
    review = seed(store, clock)
    keys.answer(
        "1",  # Lock timeout: kept
        "1",  # it helped
        "3",  # Runbook: not kept
        "Nobody had time during the migration",
        "7",  # resourcing
        "1",  # keep it open with a new date
        "+2w",
    )
    assert walk(keys, store, clock) == (2, 0)

    saved = store.get(review.id)
    lock, runbook, alert, dashboard = saved.commitments
    assert lock.status is Outcome.KEPT and lock.helped is True
    assert runbook.status is Outcome.OPEN and runbook.due == TODAY + timedelta(weeks=2)
    assert runbook.in_the_way == "Nobody had time during the migration"
    assert runbook.in_the_way_category == "resourcing"
    assert [(h.old_due, h.outcome) for h in runbook.history] == [(TODAY, Outcome.NOT_KEPT)]
    assert alert.is_open and alert.due == TODAY - timedelta(days=1)  # bo's, untouched
    assert dashboard.is_open  # not due yet
    said = keys.said.getvalue()
    assert "[1/2] Lock timeout" in said and "3 days overdue" in said


def test_dropping_needs_a_reason_and_skipping_leaves_it_open(
    keys: Keys, store: Store, clock: FrozenClock
) -> None:
    review = seed(store, clock)
    keys.answer("4", "", "We replaced the deploy tool", "5")  # empty reason is re-asked
    assert walk(keys, store, clock) == (1, 1)
    lock, runbook, *_ = store.get(review.id).commitments
    assert lock.status is Outcome.DROPPED and lock.dropped_reason == "We replaced the deploy tool"
    assert runbook.is_open


def test_ctrl_c_leaves_the_commitment_being_asked_untouched(
    keys: Keys, store: Store, clock: FrozenClock
) -> None:
    review = seed(store, clock)
    before = store.get(review.id).rev
    keys.answer("3", CTRL_C)
    with pytest.raises(Cancelled):
        walk(keys, store, clock)
    after = store.get(review.id)
    assert after.rev == before and all(c.is_open for c in after.commitments)


def test_missing_and_check_follow_the_outcome() -> None:
    assert followup.missing(followup.FollowUpAnswers()) == ["--outcome"]
    not_kept = followup.FollowUpAnswers(outcome=Outcome.NOT_KEPT)
    assert followup.missing(not_kept) == ["--in-the-way", "--category", "--new-due or --reason"]
    replanned = followup.FollowUpAnswers(
        outcome=Outcome.PARTLY_KEPT, in_the_way="x", category="tooling", new_due=TODAY
    )
    assert followup.missing(replanned) == []
    with pytest.raises(ValueError, match="not both"):
        both = followup.FollowUpAnswers(outcome=Outcome.NOT_KEPT, new_due=TODAY, reason="r")
        followup.check(both)
    assert followup.missing(followup.FollowUpAnswers(outcome=Outcome.DROPPED)) == ["--reason"]
    assert followup.missing(followup.FollowUpAnswers(outcome=Outcome.KEPT)) == []
    with pytest.raises(ValueError, match="--new-due"):
        followup.check(followup.FollowUpAnswers(outcome=Outcome.KEPT, new_due=TODAY))


def test_find_takes_a_unique_prefix(store: Store, clock: FrozenClock) -> None:
    seed(store, clock)
    items = store.open_commitments()
    first = items[0]
    assert followup.find(items, first.id[:8]) == first
    with pytest.raises(ValueError, match="matches none"):
        followup.find(items, "zzzz")


def test_partly_kept_asks_to_replan_or_drop_the_rest(
    keys: Keys, store: Store, clock: FrozenClock
) -> None:
    review = seed(store, clock)
    keys.answer(
        "2",  # Lock timeout: partly kept
        "The vendor answered late",
        "1",  # a category
        "1",  # it helped
        "2",  # drop the rest
        "The new deploy tool makes it moot",
        "4",  # Runbook: dropped
        "Replaced",
    )
    assert walk(keys, store, clock) == (2, 0)
    lock, runbook, *_ = store.get(review.id).commitments
    assert runbook.status is Outcome.DROPPED
    assert (lock.status, lock.dropped_reason) == (
        Outcome.DROPPED,
        "The new deploy tool makes it moot",
    )
    assert "Recorded partly kept: Lock timeout (dropped)" in keys.said.getvalue()
