"""Follow-through per month by the one rule: every view counts a commitment once, in the
month it was first due, as what became of that date (pmtui.domain.follow_through).

The store is the one a newcomer made: a commitment missed and re-planned by a follow-up,
one moved before its date, one kept early for a month not reached yet."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import orjson
import pytest

from pmtui.domain.follow_through import (
    DROPPED,
    KEPT_LATE,
    KEPT_ON_TIME,
    REPLANNED,
    counts,
    entry,
    fate,
)
from pmtui.domain.followup import record_outcome
from pmtui.domain.health import Health
from pmtui.domain.insights import compute as compute_insights
from pmtui.domain.model import Commitment, Outcome, Review, Status
from pmtui.domain.policy import DEFAULT_POLICY
from pmtui.store import health_sums
from pmtui.store.health import fill, indexed, practice_health
from pmtui.store.repository import Store

TODAY = date(2026, 11, 30)
NOW = datetime(2026, 11, 30, 9, 0)


def _c(due: str, **kw: object) -> Commitment:
    return Commitment(deliverable="d", owner="ana", due=date.fromisoformat(due), **kw)  # type: ignore[arg-type]


def _at(day: str) -> datetime:
    return datetime.fromisoformat(day + "T10:00:00")


@pytest.mark.parametrize(
    ("commitment", "became"),
    [
        (_c("2026-10-01", status=Outcome.KEPT, reviewed_at=_at("2026-10-01")), KEPT_ON_TIME),
        (_c("2026-10-01", status=Outcome.KEPT, reviewed_at=_at("2026-10-02")), KEPT_LATE),
        (_c("2026-10-01", status=Outcome.KEPT), KEPT_LATE),  # no day recorded: not on time
        (_c("2026-10-01", status=Outcome.DROPPED, dropped_reason="gone"), DROPPED),
        (_c("2026-10-01"), None),  # open: past due once its date passes
    ],
)
def test_what_a_commitment_counts_as(commitment: Commitment, became: str | None) -> None:
    assert fate(entry(commitment)) == became


def test_a_moved_date_is_a_replan_whatever_became_of_it_and_counts_where_first_due() -> None:
    c = _c("2026-10-01")
    c.replan(date(2026, 10, 15), date(2026, 10, 3), outcome=Outcome.NOT_KEPT)
    c.replan(date(2026, 11, 15), date(2026, 10, 16))
    c.status, c.reviewed_at = Outcome.KEPT, _at("2026-11-01")
    assert entry(c) == ["2026-10-01", "kept", "2026-11-01", 1]
    assert fate(entry(c)) == REPLANNED
    # an answer that kept the date (how an older pmtui's "not kept" is read) is no move
    same = _c("2026-10-01")
    same.replan(date(2026, 10, 1), date(2026, 10, 5), outcome=Outcome.NOT_KEPT)
    assert fate(entry(same)) is None
    # a date given to a commitment that had none is its first date, not a move
    undated = Commitment(deliverable="d", owner="ana")
    undated.replan(date(2026, 10, 9), date(2026, 10, 1))
    assert entry(undated)[0] == "2026-10-09" and fate(entry(undated)) is None


@pytest.mark.parametrize(
    ("due", "settled", "day", "counted"),
    [
        ("2026-11-29", False, "2026-11-30", True),  # open, past due
        ("2026-11-30", False, "2026-11-30", False),  # open, due today: still in time
        ("2026-11-30", True, "2026-11-20", True),  # kept early this month
        ("2026-12-04", True, "2026-11-30", False),  # kept early, December not reached
        ("2026-12-04", True, "2026-12-01", True),  # ... counted once December comes
    ],
)
def test_when_a_commitment_counts(due: str, settled: bool, day: str, counted: bool) -> None:
    assert counts(due, settled, day) is counted


def _newcomers_store(path: Path) -> tuple[Store, str]:
    store = Store(path, clock=lambda: NOW)
    missed = _c("2026-10-01")
    early = _c("2026-12-04")
    moved = _c("2026-12-04")
    review = store.add(
        Review(
            title="root",
            created=_at("2026-09-20"),
            status=Status.REVIEWED,
            commitments=[missed, early, moved],
            follow_up_on=date(2026, 11, 1),
        )
    )

    def follow_up(r: Review) -> None:
        # `pmtui followup`: not kept, a new date two weeks on
        record_outcome(r, missed.id, Outcome.NOT_KEPT, at=NOW, by="ana", new_due=date(2026, 12, 14))
        record_outcome(r, early.id, Outcome.KEPT, at=_at("2026-11-20"), by="ana")
        r.commitment(moved.id).replan(date(2026, 12, 21), TODAY, "waiting on a vendor")

    store.update(review.id, follow_up)
    return store, review.id


def _more_figures(store: Store, today: date) -> list[tuple[str, str]]:
    rows = indexed(store)
    insights = compute_insights(rows, today, fill=fill(store))
    return [(f.label, f.value) for f in insights.figures() if f.section == "follow-through"]


def _follow_through(health: Health) -> dict[str, dict[str, object]]:
    return {m.month: m.to_json()["follow_through"] for m in health.months}


def test_every_view_counts_the_replanned_and_the_early_the_same(tmp_path: Path) -> None:
    store, rid = _newcomers_store(tmp_path / "pmtui.json")
    health = practice_health(store, TODAY, DEFAULT_POLICY, first_month="2026-10")
    got = _follow_through(health)
    assert list(got) == ["2026-10", "2026-11"]  # December has not begun: no view shows it
    assert got["2026-10"] == {
        "percent": 0.0,
        "due": 1,
        "kept_on_time": 0,
        "kept_late": 0,
        "open_past_due": 0,
        "replanned": 1,
        "dropped": 0,
        "follow_ups_due": 0,
        "follow_ups_on_time": 0,
        "reviews": 1,
    }
    assert got["2026-11"]["due"] == 0 and got["2026-11"]["follow_ups_due"] == 1
    assert _more_figures(store, TODAY) == [("2026-10", "0/1 kept on time (0%)")]
    # the kept sums give the same as the index
    again = practice_health(Store(store.path), TODAY, DEFAULT_POLICY, first_month="2026-10")
    assert again == health

    december = date(2026, 12, 5)
    later = _follow_through(practice_health(Store(store.path), december, DEFAULT_POLICY))
    assert later["2026-12"]["due"] == 2  # kept early, on time; moved before its date
    assert later["2026-12"]["kept_on_time"] == 1 and later["2026-12"]["replanned"] == 1
    assert later["2026-12"]["percent"] == 50.0 and later["2026-12"]["reviews"] == 1
    assert _more_figures(store, december) == [
        ("2026-10", "0/1 kept on time (0%)"),
        ("2026-12", "1/2 kept on time (50%)"),
    ]
    assert store.get(rid).commitments[0].due == date(2026, 12, 14)  # still open, re-planned


def test_sums_kept_by_the_older_rule_are_summed_again(tmp_path: Path) -> None:
    store, _rid = _newcomers_store(tmp_path / "pmtui.json")
    fresh = practice_health(store, TODAY, DEFAULT_POLICY, first_month="2026-10")
    head_file = store.layout.health / health_sums.HEAD
    head = orjson.loads(head_file.read_bytes())
    assert head["version"] == health_sums.VERSION
    head["version"] = health_sums.VERSION - 1  # as the pmtui before this rule kept them
    head["check"] = health_sums._head_check(head)
    head_file.write_bytes(orjson.dumps(head))
    assert Store(store.path).kept_health_sums() is None
    again = practice_health(Store(store.path), TODAY, DEFAULT_POLICY, first_month="2026-10")
    assert again == fresh
    assert orjson.loads(head_file.read_bytes())["version"] == health_sums.VERSION
