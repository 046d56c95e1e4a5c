"""Dates and times as people paste them from logs and chat, and as they say them."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import date

import pytest

from pmtui.domain.dates import (
    DateError,
    in_the_past,
    parse_date,
    parse_fact_time,
    parse_happened,
)

TODAY = date(2026, 11, 23)  # a Monday


@pytest.fixture
def in_paris(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """This machine's zone is Paris (UTC+1 in winter): pasted times become Paris wall time."""
    monkeypatch.setenv("TZ", "Europe/Paris")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("2017-01-31 23:27 UTC", "2017-02-01 00:27"),
        ("2017-01-31T23:27:05Z", "2017-02-01 00:27:05"),
        ("2017-01-31 23:27 GMT", "2017-02-01 00:27"),
        ("2017-01-31 23:27+01:00", "2017-01-31 23:27"),
        ("2017-01-31 23:27 -0500", "2017-02-01 05:27"),
        ("2017-01-31 23:27", "2017-01-31 23:27"),
    ],
)
def test_a_time_pasted_with_its_zone_becomes_local_time_as_stored_times_are(
    in_paris: None, typed: str, stored: str
) -> None:
    assert parse_fact_time(typed) == (stored, False)
    assert parse_fact_time(stored) == (stored, False)  # what is stored reads back as itself


def test_a_zone_needs_a_day_and_a_time_and_a_real_offset() -> None:
    for bad in ("14:02 UTC", "2017-01-31 23:27 +25:00", "UTC"):
        with pytest.raises(DateError):
            parse_fact_time(bad)


def test_when_it_happened_takes_a_pasted_time_and_says_what_works_once(in_paris: None) -> None:
    assert parse_happened("2017-01-31 23:27 UTC", TODAY) == "2017-02-01 00:27"
    assert parse_happened("yesterday 14:02", TODAY) == "2026-11-22 14:02"
    assert parse_happened("today", TODAY) == "2026-11-23"
    with pytest.raises(DateError) as refused:
        parse_happened("last tuesday", TODAY)
    message = str(refused.value)
    assert message.count("2026-11-20 14:02") == 1 and message.count("not") == 1


@pytest.mark.parametrize(
    ("typed", "due"),
    [
        ("next friday", date(2026, 11, 27)),
        ("friday", date(2026, 11, 27)),
        ("in 2 weeks", date(2026, 12, 7)),
        ("in 3 days", date(2026, 11, 26)),
        ("2 weeks", date(2026, 12, 7)),
        ("in a month", date(2026, 12, 23)),
        ("next week", date(2026, 11, 30)),
    ],
)
def test_due_dates_as_people_say_them(typed: str, due: date) -> None:
    assert parse_date(typed, TODAY) == due


def test_a_past_due_date_is_asked_about() -> None:
    assert (
        in_the_past(date(2026, 11, 22), TODAY) == "2026-11-22 is in the past (1 day ago). Keep it?"
    )
    assert in_the_past(TODAY, TODAY) is None
