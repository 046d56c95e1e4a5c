"""The calendar export parses back, has an alarm on every event and keeps its UIDs."""

from __future__ import annotations

from datetime import date
from typing import Any

from icalendar import Calendar

from pmtui.domain.model import Commitment
from pmtui.store.exports import ics
from tests.store.test_export_formats import TODAY, sample_review


def _events(text: str) -> dict[str, Any]:
    cal = Calendar.from_ical(text)
    return {str(e["UID"]): e for e in cal.walk("VEVENT")}


def test_an_event_per_due_date_and_one_per_follow_up() -> None:
    review = sample_review()
    events = _events(ics.render([review], today=TODAY))
    dated = [c for c in review.commitments if c.due is not None]
    assert set(events) == {ics.commitment_uid(c.id) for c in dated} | {ics.follow_up_uid(review.id)}
    first = events[ics.commitment_uid(dated[0].id)]
    assert first.decoded("DTSTART") == date(2026, 12, 4)
    assert str(first["SUMMARY"]) == (
        "Due: Remove the --fast flag | make canary mandatory (@ana-lima)"
    )
    follow = events[ics.follow_up_uid(review.id)]
    assert follow.decoded("DTSTART") == date(2027, 1, 4)


def test_every_event_has_a_display_alarm_the_day_before() -> None:
    cal = Calendar.from_ical(ics.render([sample_review()], today=TODAY))
    for event in cal.walk("VEVENT"):
        alarms = event.walk("VALARM")
        assert len(alarms) == 1
        assert str(alarms[0]["ACTION"]) == "DISPLAY"
        assert alarms[0].decoded("TRIGGER") == -ics.REMIND_BEFORE


def test_uids_stay_the_same_when_the_review_changes() -> None:
    before = sample_review()
    after = sample_review()
    after.rev += 1
    after.commitments[0].deliverable = "Make the canary stage mandatory"
    after.commitments[0].due = date(2026, 12, 11)
    after.commitments.append(Commitment(deliverable="new", owner="x", due=date(2027, 1, 1)))
    old = _events(ics.render([before], today=TODAY))
    new = _events(ics.render([after], today=TODAY))
    assert set(old) < set(new)
    uid = ics.commitment_uid(before.commitments[0].id)
    assert int(new[uid]["SEQUENCE"]) > int(old[uid]["SEQUENCE"])
    assert new[uid].decoded("DTSTART") == date(2026, 12, 11)


def test_no_follow_up_event_without_commitments() -> None:
    review = sample_review()
    review.commitments = []
    assert _events(ics.render([review], today=TODAY)) == {}
