"""Grouping what is due, and the follow-up rules, on hand-built stores."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta

import pytest

from pmtui.domain.followup import (
    DueQuery,
    Filters,
    InDueOrder,
    build_board,
    record_outcome,
    reopened,
    replan,
    urgency,
)
from pmtui.domain.model import Commitment, Kind, Outcome, Review, Status, ValidationError
from pmtui.domain.summary import OpenCommitment
from pmtui.store.repository import Store

TODAY = date(2026, 11, 23)
CREATED = datetime(2026, 10, 1, 9, 0)


def _review(title: str, *coms: Commitment, kind: Kind = Kind.POSTMORTEM, **kw: object) -> Review:
    return Review(title=title, kind=kind, created=CREATED, commitments=list(coms), **kw)  # type: ignore[arg-type]


def _com(deliverable: str, owner: str, due: date | None) -> Commitment:
    return Commitment(deliverable=deliverable, owner=owner, due=due)


@pytest.fixture
def filled(store: Store) -> Store:
    store.add(
        _review(
            "Checkout outage",
            _com("alert on queue depth", "ana", TODAY - timedelta(days=3)),
            _com("runbook for failover", "bo", TODAY + timedelta(days=2)),
            _com("load test in CI", "Ana", TODAY + timedelta(days=30)),
            tags=["payments"],
            participants=["ana", "bo"],
            follow_up_on=TODAY - timedelta(days=1),
        )
    )
    store.add(
        _review(
            "Slow search",
            _com("index the title column", "cy", TODAY + timedelta(days=6)),
            _com("someday: a search service", "bo", None),
            kind=Kind.QUICK,
            participants=["cy"],
            follow_up_on=TODAY + timedelta(days=10),
        )
    )
    store.add(
        _review(
            "Billing launch",
            _com("write the billing FAQ", "dee", TODAY + timedelta(days=7)),
            kind=Kind.LESSONS,
            tags=["payments"],
            participants=["dee"],
            follow_up_on=TODAY,
        )
    )
    return store


def _deliverables(items: Sequence[OpenCommitment]) -> list[str]:
    return [c.deliverable for c in items]


def test_board_groups_overdue_this_week_and_later(filled: Store) -> None:
    board = build_board(filled.open_commitments(), filled.summaries(), TODAY)
    assert _deliverables(board.overdue) == ["alert on queue depth"]
    assert _deliverables(board.this_week) == [
        "runbook for failover",
        "index the title column",
        "write the billing FAQ",
    ]
    assert _deliverables(board.later) == [
        "load test in CI",
        "someday: a search service",
    ]
    assert [s.title for s in board.reviews_due] == ["Checkout outage", "Billing launch"]


def _open(due: date | None) -> OpenCommitment:
    return OpenCommitment("c", "r", "t", Kind.QUICK, (), "ana", "d", "", due)


@pytest.mark.parametrize(
    ("due", "expected"),
    [
        (TODAY - timedelta(days=1), "overdue"),
        (TODAY, "this_week"),
        (TODAY + timedelta(days=7), "this_week"),
        (TODAY + timedelta(days=8), "later"),
        (None, "later"),
    ],
)
def test_urgency_edges(due: date | None, expected: str) -> None:
    assert urgency(_open(due), TODAY) == expected


def test_filter_by_owner_ignores_case_and_narrows_reviews(filled: Store) -> None:
    board = build_board(filled.open_commitments(), filled.summaries(), TODAY, Filters(owner="ANA"))
    assert _deliverables(board.overdue) == ["alert on queue depth"]
    assert board.this_week == []
    assert _deliverables(board.later) == ["load test in CI"]
    assert [s.title for s in board.reviews_due] == ["Checkout outage"]


def test_filter_by_tag_and_kind(filled: Store) -> None:
    tagged = build_board(
        filled.open_commitments(), filled.summaries(), TODAY, Filters(tag="Payments")
    )
    assert len(tagged.overdue) + len(tagged.this_week) + len(tagged.later) == 4
    assert {s.title for s in tagged.reviews_due} == {"Checkout outage", "Billing launch"}
    quick = build_board(
        filled.open_commitments(), filled.summaries(), TODAY, Filters(kind=Kind.QUICK)
    )
    assert _deliverables(quick.this_week) == ["index the title column"]
    assert quick.overdue == [] and quick.reviews_due == []


def test_commitments_in_due_order_are_grouped_by_slices_building_only_what_is_read() -> None:
    days = [-9, -1, -1, 0, 3, 7, 7, 8, 40, None, None]
    rows = [
        OpenCommitment(f"c{i}", "r", "T", Kind.QUICK, (), "ana", f"d{i}", "", _day(d))
        for i, d in enumerate(days)
    ]
    built: list[int] = []

    def build(i: int) -> OpenCommitment:
        built.append(i)
        return rows[i]

    lazy = build_board(InDueOrder(len(rows), build), (), TODAY, due_reviews=[])
    assert [len(lazy.overdue), len(lazy.this_week), len(lazy.later)] == [3, 4, 4]
    assert len(set(built)) < len(rows), "the boundaries are found without building every row"
    plain = build_board(rows, (), TODAY, due_reviews=[])
    for group in ("overdue", "this_week", "later"):
        assert list(getattr(lazy, group)) == getattr(plain, group)
    mine = build_board(InDueOrder.of(rows), (), TODAY, Filters(owner="bo"), due_reviews=[])
    assert mine.empty


def _day(offset: int | None) -> date | None:
    return None if offset is None else TODAY + timedelta(days=offset)


def test_review_with_held_follow_up_is_not_due(filled: Store) -> None:
    rid = next(s.id for s in filled.summaries() if s.title == "Billing launch")
    [com] = filled.get(rid).commitments
    filled.update(
        rid,
        lambda r: record_outcome(r, com.id, Outcome.KEPT, at=datetime(2026, 11, 23, 9), by="dee"),
    )
    board = build_board(filled.open_commitments(), filled.summaries(), TODAY)
    assert [s.title for s in board.reviews_due] == ["Checkout outage"]
    assert filled.get(rid).status is Status.CLOSED


def test_due_query_keeps_overdue_and_the_window_and_matches_owners_in_any_case(
    filled: Store,
) -> None:
    soon = DueQuery(within=timedelta(days=6))
    assert _deliverables(filled.due(soon, TODAY)) == [
        "alert on queue depth",
        "runbook for failover",
        "index the title column",
    ]
    assert all(soon.admits(c, TODAY) for c in filled.due(soon, TODAY))
    assert _deliverables(filled.due(DueQuery.mine("ANA"), TODAY)) == ["alert on queue depth"]
    assert _deliverables(filled.due(DueQuery("ana"), TODAY)) == [
        "alert on queue depth",
        "load test in CI",
    ]


def test_dropped_needs_a_reason_and_replan_keeps_history(store: Store) -> None:
    review = store.add(_review("R", _com("x", "ana", TODAY), _com("y", "bo", TODAY)))
    first, second = (c.id for c in review.commitments)
    with pytest.raises(ValidationError):
        record_outcome(review, first, Outcome.DROPPED, at=datetime(2026, 11, 23), by="ana")
    record_outcome(review, first, Outcome.KEPT, at=datetime(2026, 11, 23), by="ana")
    replan(review, first, TODAY + timedelta(days=14), on=TODAY, reason="waiting on vendor")
    com = review.commitment(first)
    assert com.is_open and com.due == TODAY + timedelta(days=14)
    assert [(h.old_due, h.new_due) for h in com.history] == [(TODAY, TODAY + timedelta(days=14))]
    record_outcome(review, second, Outcome.KEPT, at=datetime(2026, 11, 23), by="ana")
    assert review.status is not Status.CLOSED


AT = datetime(2026, 11, 23, 10, 0)


@pytest.mark.parametrize("outcome", [Outcome.PARTLY_KEPT, Outcome.NOT_KEPT])
def test_partly_or_not_kept_is_never_a_silent_close(outcome: Outcome) -> None:
    review = _review("R", _com("x", "ana", TODAY - timedelta(days=1)), status=Status.REVIEWED)
    cid = review.commitments[0].id
    with pytest.raises(
        ValidationError,
        match="leaves work undone: a new date keeps it open, or a reason drops the rest",
    ):
        record_outcome(review, cid, outcome, at=AT, by="ana", in_the_way="no time")
    with pytest.raises(ValidationError, match="not both"):
        record_outcome(review, cid, outcome, at=AT, by="ana", dropped_reason="r", new_due=TODAY)
    assert review.commitments[0].is_open and not review.commitments[0].history


@pytest.mark.parametrize("outcome", [Outcome.PARTLY_KEPT, Outcome.NOT_KEPT])
def test_a_replanned_answer_stays_open_with_its_history(outcome: Outcome) -> None:
    review = _review("R", _com("x", "ana", TODAY - timedelta(days=1)), status=Status.REVIEWED)
    cid = review.commitments[0].id
    new_due = TODAY + timedelta(days=10)
    record_outcome(
        review, cid, outcome, at=AT, by="bo", in_the_way="no time", category="resourcing",
        new_due=new_due,
    )  # fmt: skip
    com = review.commitments[0]
    assert com.is_open and com.due == new_due and review.status is Status.REVIEWED
    [h] = com.history
    assert (h.outcome, h.old_due, h.new_due, h.in_the_way, h.by) == (
        outcome, TODAY - timedelta(days=1), new_due, "no time", "bo",
    )  # fmt: skip
    review.validate()


def test_the_rest_can_be_dropped_with_a_reason_and_closes_the_review() -> None:
    review = _review("R", _com("x", "ana", TODAY), status=Status.REVIEWED)
    cid = review.commitments[0].id
    record_outcome(review, cid, Outcome.PARTLY_KEPT, at=AT, by="ana", dropped_reason="superseded")
    com = review.commitments[0]
    assert (com.status, com.dropped_reason) == (Outcome.DROPPED, "superseded")
    assert review.status is Status.CLOSED


def test_a_commitment_cannot_be_stored_closed_as_partly_kept() -> None:
    com = _com("x", "ana", TODAY)
    com.status = Outcome.PARTLY_KEPT
    with pytest.raises(ValidationError, match="re-planned"):
        _review("R", com).validate()


def test_a_review_from_an_older_pmtui_has_its_unfinished_commitments_reopened() -> None:
    from pmtui.domain.serial import review_from_dict, review_to_dict

    review = _review(
        "R", _com("x", "ana", TODAY - timedelta(days=3)), _com("y", "bo", TODAY),
        status=Status.CLOSED,
    )  # fmt: skip
    raw = review_to_dict(review)
    raw["commitments"][0].update(
        status="partly_kept", reviewed_at="2026-11-20T10:00:00", in_the_way="no time"
    )
    raw["commitments"][1].update(status="kept", reviewed_at="2026-11-20T10:00:00")
    before = repr(raw)
    got = review_from_dict(raw)
    assert repr(raw) == before  # the caller's copy is left alone
    first, second = got.commitments
    assert first.is_open and first.due == TODAY - timedelta(days=3)
    assert [(h.outcome, h.on, h.in_the_way) for h in first.history] == [
        (Outcome.PARTLY_KEPT, date(2026, 11, 20), "no time")
    ]
    assert second.status is Outcome.KEPT and got.status is Status.REVIEWED
    assert reopened(review_to_dict(got)) == review_to_dict(got)
    got.validate()


def test_a_follow_up_with_every_commitment_answered_is_held_though_some_were_replanned(
    filled: Store,
) -> None:
    """Held once every commitment has an answer: the review leaves the reviews waiting for a
    follow-up, and what was re-planned stays listed by its new date."""
    rid = next(s.id for s in filled.summaries() if s.title == "Checkout outage")
    alert, runbook, load = filled.get(rid).commitments
    new_due = TODAY + timedelta(days=21)

    def answer(com: Commitment, outcome: Outcome, **kw: object) -> None:
        filled.update(
            rid,
            lambda r: record_outcome(r, com.id, outcome, at=AT, by="ana", **kw),  # type: ignore[arg-type]
        )

    answer(alert, Outcome.PARTLY_KEPT, new_due=new_due)
    answer(runbook, Outcome.KEPT)
    filled.update(rid, lambda r: replan(r, load.id, TODAY + timedelta(days=40), on=TODAY))
    assert filled.get(rid).follow_up is None  # a new date given by hand is no answer
    board = build_board(filled.open_commitments(), filled.summaries(), TODAY)
    assert "Checkout outage" in [s.title for s in board.reviews_due]
    answer(load, Outcome.NOT_KEPT, new_due=TODAY + timedelta(days=50))
    review = filled.get(rid)
    assert review.follow_up is not None and review.follow_up.held_on == AT.date()
    assert review.status is not Status.CLOSED  # two commitments are still open
    board = build_board(filled.open_commitments(), filled.summaries(), TODAY)
    assert [s.title for s in board.reviews_due] == ["Billing launch"]
    assert "alert on queue depth" in _deliverables(board.later)
    later = TODAY + timedelta(days=60)
    board = build_board(filled.open_commitments(), filled.summaries(), later)
    assert "Checkout outage" not in [s.title for s in board.reviews_due]
    assert {"alert on queue depth", "load test in CI"} <= set(_deliverables(board.overdue))
    # answered again later: the follow-up keeps the day it was held
    answer(alert, Outcome.KEPT)
    assert filled.get(rid).follow_up.held_on == AT.date()  # type: ignore[union-attr]
