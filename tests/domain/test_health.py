"""Practice health on a store built by hand, every figure worked out by hand.

Three reviews over October and November 2026, six incidents under the
default policy, statements a stand-in coach judges as they are saved (the
figures are about counting what was shown, not about the coach's wording), a
rewrite, a hint set aside, cause trees, a recurring cause and every commitment
outcome.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import orjson
import pytest

from pmtui.domain.dates import DateError
from pmtui.domain.health import Health, MonthHealth, since_month
from pmtui.domain.incidents import Incident
from pmtui.domain.model import (
    Cause,
    Commitment,
    Fact,
    HintDismissal,
    Outcome,
    Review,
    Status,
)
from pmtui.domain.policy import DEFAULT_POLICY
from pmtui.store.health import practice_health
from pmtui.store.repository import Store
from tests.store.helpers import stand_in_coach

TODAY = date(2026, 11, 23)
NOW = datetime(2026, 11, 23, 9, 0)


def _at(day: str) -> datetime:
    return datetime.fromisoformat(day + "T10:00:00")


def _commitment(due: str, **kw: object) -> Commitment:
    return Commitment(
        deliverable="add a rollback step",
        owner="ana",
        done_when="a test shows it",
        due=date.fromisoformat(due),
        **kw,  # type: ignore[arg-type]
    )


def _incident(title: str, started: str, severity: str = "SEV3", **kw: object) -> Incident:
    return Incident(title=title, started=started, severity=severity, logged=_at(started[:10]), **kw)  # type: ignore[arg-type]


def build(path: Path) -> tuple[Store, dict[str, str]]:
    """The store of the module docstring; returns it and the ids by name."""
    old = Store(path, clock=lambda: NOW)  # written before verdicts were kept: no judge
    judged = Store(path, clock=lambda: NOW, judge=stand_in_coach)
    ids: dict[str, str] = {}
    incidents = {
        "i1": _incident("checkout down", "2026-10-01 09:00"),
        "i2": _incident("search slow", "2026-10-10 12:00"),  # never reviewed: skipped
        "i3": _incident("typo on a page", "2026-10-12 08:00", "SEV4"),  # optional
        "i4": _incident("queue stuck", "2026-11-01 22:00"),
        "i5": _incident("cron missed", "2026-11-22 03:00"),  # still in time
        "i6": _incident("alert flapped", "2026-11-05 03:00", waived="a known flaky alert"),
    }
    for name, incident in incidents.items():
        if name == "i6":
            incident.waived_by, incident.waived_on = "ana", date(2026, 11, 6)
        judged.add_incident(incident)
        ids[name] = incident.id

    # Review A (October): reviewed two days past the policy, with everything in it.
    f1 = Fact(what="the deploy started", at="2026-10-01 09:00")
    f2 = Fact(what="Bob should have checked the dashboard before deploying", at="09:05")
    c1 = Cause(statement="The deploy script has no rollback step", category="tooling")
    c2 = Cause(statement="The tooling budget was cut in spring", parent_id=c1.id)
    c3 = Cause(statement="Bob was careless and should have known better")
    k1 = _commitment("2026-10-20", status=Outcome.KEPT, reviewed_at=_at("2026-10-18"))
    k2 = _commitment("2026-10-25", status=Outcome.KEPT, reviewed_at=_at("2026-11-02"))
    k3 = _commitment("2026-11-10")
    k4 = _commitment("2026-11-15", status=Outcome.DROPPED, dropped_reason="the service is gone")
    k5 = _commitment("2026-12-01")
    k6 = _commitment("2026-10-30")
    k6.replan(date(2026, 11, 5), date(2026, 10, 28), "waiting on a vendor")
    k6.status, k6.reviewed_at = Outcome.KEPT, _at("2026-11-04")

    def build_a(incident: Incident) -> Review:
        return Review(
            title="checkout down",
            happened="2026-10-01",
            created=_at("2026-10-05"),
            status=Status.REVIEWED,
            facts=[f1, f2],
            causes=[c1, c2, c3],
            commitments=[k1, k2, k3, k4, k5, k6],
            follow_up_on=date(2026, 11, 16),
        )

    a = judged.review_incident(ids["i1"], build_a)
    # c3 is rewritten until the coach no longer flags it; f2 is set aside with a reason.
    judged.update(
        a.id, lambda r: setattr(r.causes[2], "statement", "The rota leaves one person on call")
    )
    judged.update(
        a.id,
        lambda r: r.dismissed_hints.append(
            HintDismissal(f2.id, "fact-judgement", "quoted from the chat log", "ana")
        ),
    )

    def held(r: Review) -> None:
        from pmtui.domain.model import FollowUpRecord

        r.follow_up = FollowUpRecord(held_on=date(2026, 11, 16), by="ana")

    judged.update(a.id, held)
    ids["a"] = a.id

    # Review B (November): a recurring cause with no why below it, on time.
    def build_b(incident: Incident) -> Review:
        return Review(
            title="queue stuck",
            happened="2026-11-01",
            created=_at("2026-11-02"),
            status=Status.REVIEWED,
            facts=[Fact(what="The pager fired at 03:10", at="03:10")],
            causes=[Cause(statement="The deploy scripts lack a rollback step")],
            commitments=[
                _commitment("2026-11-20"),
                # kept early: this month counts it, a month not reached yet does not
                _commitment("2026-11-28", status=Outcome.KEPT, reviewed_at=_at("2026-11-20")),
                _commitment("2026-12-04", status=Outcome.KEPT, reviewed_at=_at("2026-11-20")),
            ],
            follow_up_on=date(2026, 11, 20),
        )

    ids["b"] = judged.review_incident(ids["i4"], build_b).id

    # Review C (November): written before verdicts were kept, then saved again.
    c = old.add(
        Review(
            title="disk full",
            created=_at("2026-11-03"),
            facts=[Fact(what="Disk filled on db-2", at="2026-11-03 01:00")],
        )
    )
    judged.update(c.id, lambda r: setattr(r, "title", "db-2 disk full"))
    ids["c"] = c.id
    return Store(path, clock=lambda: NOW), ids


@pytest.fixture(params=["index", "sums file"])
def built(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[Store, dict[str, str], Health]:
    """The figures summed from the index, or read from the sums file kept beside it."""
    store, ids = build(tmp_path / "pmtui.json")
    assert not store.layout.health.exists()
    summed = practice_health(store, TODAY, DEFAULT_POLICY, first_month="2026-10")
    if request.param == "index":
        return store, ids, summed
    assert store.layout.health.exists()
    fresh = Store(store.path, clock=lambda: NOW)
    with monkeypatch.context() as m:

        def refused(*_args: object) -> None:
            raise AssertionError("the index was read")

        m.setattr(Store, "summaries_read", refused)
        return fresh, ids, practice_health(fresh, TODAY, DEFAULT_POLICY, first_month="2026-10")


def test_every_figure_of_every_month(built: tuple[Store, dict[str, str], Health]) -> None:
    _store, ids, health = built
    assert [m.month for m in health.months] == ["2026-10", "2026-11"]
    assert health.unfilled == 0 and not health.recomputed
    octo, nov = health.months
    assert octo.to_json() == {
        "month": "2026-10",
        "blame": {
            "percent": 40.0,
            "statements": 5,
            "judged": 5,
            "flagged": 2,
            "rewritten": 1,
            "set_aside": 1,
            "reviews": 1,
        },
        "skipped": {
            "percent": 50.0,
            "incidents_due": 2,
            "skipped": 1,
            "reviewed": 1,
            "reviewed_late": 1,
            "median_days_to_review": 4.0,
            "reviews": 1,
        },
        "shallow": {
            "percent": 50.0,
            "top_causes": 2,
            "no_why": 1,
            "causes": 3,
            "mean_depth": 2.0,
            "recurring": 0,
            "reviews": 1,
        },
        "follow_through": {  # k6 was first due in October and moved: re-planned there
            "percent": 33.3,
            "due": 3,
            "kept_on_time": 1,
            "kept_late": 1,
            "open_past_due": 0,
            "replanned": 1,
            "dropped": 0,
            "follow_ups_due": 0,
            "follow_ups_on_time": 0,
            "reviews": 1,
        },
    }
    assert nov.to_json() == {
        "month": "2026-11",
        "blame": {
            "percent": 0.0,
            "statements": 3,
            "judged": 2,
            "flagged": 0,
            "rewritten": 0,
            "set_aside": 0,
            "reviews": 2,
        },
        "skipped": {
            "percent": 0.0,
            "incidents_due": 1,
            "skipped": 0,
            "reviewed": 1,
            "reviewed_late": 0,
            "median_days_to_review": 1.0,
            "reviews": 1,
        },
        "shallow": {
            "percent": 100.0,
            "top_causes": 1,
            "no_why": 1,
            "causes": 1,
            "mean_depth": 1.0,
            "recurring": 1,
            "reviews": 1,
        },
        "follow_through": {  # k3 and B's first open past due, B's second kept early, k4
            "percent": 33.3,
            "due": 3,
            "kept_on_time": 1,
            "kept_late": 0,
            "open_past_due": 2,
            "replanned": 0,
            "dropped": 1,
            "follow_ups_due": 2,
            "follow_ups_on_time": 1,
            "reviews": 2,
        },
    }
    # the reviews and incidents behind each figure
    assert octo.blame.review_ids == (ids["a"],)
    assert octo.skipped.incident_ids == (ids["i2"],)
    assert set(nov.blame.review_ids) == {ids["b"], ids["c"]}
    assert nov.shallow.review_ids == (ids["b"],)
    assert set(nov.follow_through.review_ids) == {ids["a"], ids["b"]}


def test_verdicts_are_kept_as_written(built: tuple[Store, dict[str, str], Health]) -> None:
    store, ids, _health = built
    a = store.get(ids["a"])
    f2, c3 = a.facts[1], a.causes[2]
    assert a.coach_verdicts[f2.id].now == ["fact-judgement"]
    assert a.coach_verdicts[c3.id].ever == ["cause-blame"]
    assert a.coach_verdicts[c3.id].now == []
    c = store.get(ids["c"])
    assert c.coach_verdicts == {}  # written before: never judged after the fact


def test_the_numbers_live_in_the_index(
    built: tuple[Store, dict[str, str], Health], monkeypatch: pytest.MonkeyPatch
) -> None:
    store, ids, health = built
    index = orjson.loads(store.layout.index.read_bytes())
    row = index["reviews"][ids["a"]]["health"]
    assert row["flagged"] == 2 and row["top"] == 2 and row["depth"] == 2
    # the figures read no review: only the index and the incidents file
    fresh = Store(store.layout.index)

    def refused(*_args: object) -> None:
        raise AssertionError("a review was read whole")

    monkeypatch.setattr(Store, "get", refused)
    monkeypatch.setattr(Store, "reviews", refused)
    again = practice_health(fresh, TODAY, DEFAULT_POLICY, first_month="2026-10")
    assert again.months == health.months


def test_an_index_row_without_numbers_is_filled_from_its_review(
    built: tuple[Store, dict[str, str], Health],
) -> None:
    store, ids, health = built
    row = store.summary(ids["b"])
    raw = row.to_raw()
    raw.pop("health")
    from pmtui.domain.summary import ReviewSummary

    rows = [ReviewSummary.from_raw(raw) if s.id == ids["b"] else s for s in store.summaries()]
    from pmtui.domain.health import compute
    from pmtui.domain.verdicts import review_numbers

    again = compute(
        rows,
        store.incident_lists().statuses(DEFAULT_POLICY, TODAY),
        TODAY,
        first_month="2026-10",
        fill=lambda rid: review_numbers(store.get(rid)),
    )
    assert again.unfilled == 1
    assert again.months == health.months


def test_a_recompute_is_labelled_and_counts_every_statement(
    built: tuple[Store, dict[str, str], Health],
) -> None:
    store, _ids, health = built
    again = practice_health(
        store, TODAY, DEFAULT_POLICY, first_month="2026-10", recompute=stand_in_coach
    )
    assert again.recomputed
    nov: MonthHealth = again.months[1]
    assert nov.blame.judged == 3  # the old statement is judged now, by today's coach
    assert again.months[0].blame.flagged == health.months[0].blame.flagged


@pytest.mark.parametrize(
    ("text", "first"),
    [
        ("6m", "2026-06"),
        ("1m", "2026-11"),
        ("12m", "2025-12"),
        ("8w", "2026-09"),
        ("90d", "2026-08"),
        ("2026-03", "2026-03"),
    ],
)
def test_since(text: str, first: str) -> None:
    assert since_month(TODAY, text) == first


@pytest.mark.parametrize("text", ["", "0m", "six months", "2026-13", "2027-01", "-3m", "+2w"])
def test_bad_since(text: str) -> None:
    with pytest.raises(DateError, match="--since"):
        since_month(TODAY, text)


def test_the_light_stop_words_are_the_coachs(tmp_path: Path) -> None:
    """pmtui.domain.wordlists reads the coach's stop words without loading the coach."""
    from pmtui.domain.coach import load_rules
    from pmtui.domain.wordlists import stop_words

    assert stop_words(tmp_path) == load_rules(tmp_path).words("stop_words.words")
    (tmp_path / "coach.toml").write_text(
        '[stop_words]\nwords = ["Kubernetes", "pod"]\n[quiet.stop_words]\nwords = ["the"]\n'
    )
    got = stop_words(tmp_path)
    assert got == load_rules(tmp_path).words("stop_words.words")
    assert {"kubernetes", "pod"} <= got and "the" not in got
