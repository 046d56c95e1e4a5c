"""The review model: limits, cleaning, validation messages and the JSON codec."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pmtui.domain.model import (
    Cause,
    Commitment,
    Entry,
    Fact,
    Outcome,
    Review,
    ValidationError,
)
from pmtui.domain.serial import review_from_dict, review_to_dict
from pmtui.domain.text import LONG_LIMIT, SHORT_LIMIT


def _review() -> Review:
    fact = Fact(what="deploy", at="14:02")
    top = Cause(statement="no canary", fact_ids=[fact.id])
    why = Cause(statement="pipeline predates canaries", parent_id=top.id)
    return Review(
        title="outage",
        created=datetime(2026, 11, 23, 10, 0),
        facts=[fact],
        causes=[top, why],
        commitments=[Commitment(deliverable="canary", owner="ana", cause_ids=[why.id])],
        entries=[Entry(section="lucky", text="low traffic")],
    )


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda r: setattr(r, "title", "x" * (SHORT_LIMIT + 1)), "title"),
        (lambda r: setattr(r, "summary", "x" * (LONG_LIMIT + 1)), "summary"),
        (lambda r: setattr(r, "severity", "SEV9"), "severity"),
        (lambda r: r.participants.append("p" * (SHORT_LIMIT + 1)), "participants[0]"),
        (lambda r: setattr(r.facts[0], "evidence", "e" * (LONG_LIMIT + 1)), "facts[0].evidence"),
        (lambda r: setattr(r.causes[1], "category", ""), "causes[1].category"),
        (lambda r: setattr(r.causes[1], "parent_id", "nope"), "causes[1].parent_id"),
        (lambda r: setattr(r.causes[0], "question", "when"), "causes[0].question"),
        (
            lambda r: setattr(r.commitments[0], "status", Outcome.DROPPED),
            "commitments[0].dropped_reason",
        ),
        (lambda r: setattr(r.entries[0], "section", ""), "entries[0].section"),
    ],
)
def test_validation_names_the_field_and_what_is_expected(
    change: Callable[[Review], object], field: str
) -> None:
    r = _review()
    r.validate()
    change(r)
    with pytest.raises(ValidationError) as err:
        r.validate()
    assert err.value.field == field
    assert str(err.value).startswith(f"{field}: ")
    assert err.value.expected


def test_limits_say_how_long_the_text_is() -> None:
    r = _review()
    r.title = "x" * 400
    with pytest.raises(ValidationError, match=r"at most 300 characters \(this has 400\)"):
        r.validate()


def test_clean_reaches_every_nested_text() -> None:
    r = _review()
    r.title = "\x1b[31mred\x1b[0m\n"
    r.tags = ["\x07DB", "  "]
    r.participants = ["ana\x00", ""]
    r.facts[0].what = "one\r\ntwo\x1b[2K"
    r.causes[0].category = " Process\x07"
    r.commitments[0].owner = "bo\n"
    r.entries[0].text = "t\x1b]0;x\x07ext"
    r.clean()
    assert r.title == "red"
    assert r.tags == ["db"]
    assert r.participants == ["ana"]
    assert r.facts[0].what == "one\ntwo"
    assert r.causes[0].category == "process"
    assert r.commitments[0].owner == "bo"
    assert r.entries[0].text == "text"


def test_follow_up_defaults_to_six_weeks_and_is_bounded() -> None:
    r = _review()
    assert r.follow_up_due() == date(2027, 1, 4)
    with pytest.raises(ValidationError, match="four to eight weeks") as err:
        r.set_follow_up(date(2026, 12, 1))
    assert err.value.field == "follow_up_on"
    r.set_follow_up(date(2026, 12, 1), override=True)
    assert r.follow_up_due() == date(2026, 12, 1)


def test_removing_a_cause_takes_its_whys_and_unlinks_commitments() -> None:
    r = _review()
    top = r.causes[0]
    removed = r.remove_cause(top.id)
    assert [c.statement for c in removed] == ["no canary", "pipeline predates canaries"]
    assert r.causes == []
    assert r.commitments[0].cause_ids == []


def test_removing_a_fact_unlinks_it_from_causes() -> None:
    r = _review()
    r.remove_fact(r.facts[0].id)
    assert r.causes[0].fact_ids == []


def test_replan_keeps_history() -> None:
    c = Commitment(deliverable="x", owner="ana", due=date(2026, 12, 1))
    c.replan(date(2026, 12, 15), on=date(2026, 11, 30), reason="waiting on vendor")
    assert c.due == date(2026, 12, 15)
    assert c.history[0].old_due == date(2026, 12, 1)


def test_round_trip_through_json_dicts() -> None:
    r = _review()
    r.commitments[0].due = date(2026, 12, 1)
    r.commitments[0].replan(date(2026, 12, 8), on=date(2026, 11, 24))
    assert review_from_dict(review_to_dict(r)) == r


@pytest.mark.parametrize(
    ("change", "path"),
    [
        (lambda d: d.update(kind="novel"), "review.kind"),
        (lambda d: d["commitments"][0].update(due="next week"), "review.commitments[0].due"),
        (lambda d: d.update(facts="none"), "review.facts"),
        (lambda d: d["facts"][0].update(approx="yes"), "review.facts[0].approx"),
        (lambda d: d.update(rev="3"), "review.rev"),
        (lambda d: d.update(created=5), "review.created"),
    ],
)
def test_decoding_errors_name_the_path(
    change: Callable[[dict[str, Any]], object], path: str
) -> None:
    d = review_to_dict(_review())
    change(d)
    with pytest.raises(ValidationError) as err:
        review_from_dict(d)
    assert err.value.field == path


def test_unknown_keys_are_ignored_and_missing_ones_defaulted() -> None:
    d = review_to_dict(_review())
    d["from_the_future"] = 1
    del d["tags"]
    r = review_from_dict(d)
    assert r.tags == []


@given(
    title=st.text(max_size=50),
    tags=st.lists(st.text(max_size=10), max_size=4),
    votes=st.dictionaries(st.text(max_size=5), st.integers(0, 9), max_size=3),
)
def test_any_cleaned_review_round_trips(title: str, tags: list[str], votes: dict[str, int]) -> None:
    r = _review()
    r.title = title
    r.tags = tags
    r.causes[0].votes = votes
    r.clean()
    assert review_from_dict(review_to_dict(r)) == r
