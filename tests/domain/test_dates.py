"""The date and time forms people type."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from pmtui.domain.dates import DateError, parse_date, parse_duration, parse_fact_time

MONDAY = date(2026, 11, 23)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-12-01", date(2026, 12, 1)),
        ("today", MONDAY),
        (" Tomorrow ", MONDAY + timedelta(days=1)),
        ("+3d", MONDAY + timedelta(days=3)),
        ("+2w", MONDAY + timedelta(weeks=2)),
        ("2w", MONDAY + timedelta(weeks=2)),
        ("+1m", MONDAY + timedelta(days=30)),
        ("friday", date(2026, 11, 27)),
        ("fri", date(2026, 11, 27)),
        ("monday", MONDAY + timedelta(days=7)),  # never today: a week away
    ],
)
def test_parse_date_forms(text: str, expected: date) -> None:
    assert parse_date(text, MONDAY) == expected


@pytest.mark.parametrize("text", ["", "soon", "2026-13-01", "fr", "+d"])
def test_unreadable_dates_list_the_forms_that_work(text: str) -> None:
    with pytest.raises(DateError, match="tomorrow"):
        parse_date(text, MONDAY)


def test_parse_duration() -> None:
    assert parse_duration("7d") == timedelta(days=7)
    assert parse_duration("2w") == timedelta(weeks=2)
    with pytest.raises(DateError, match="7d or 2w"):
        parse_duration("+7d")
    with pytest.raises(DateError):
        parse_duration("a week")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("14:02", ("14:02", False)),
        ("9:05", ("09:05", False)),
        ("2026-11-20", ("2026-11-20", False)),
        ("2026-11-20 14:02", ("2026-11-20 14:02", False)),
        ("2026-11-20T14:02:30", ("2026-11-20 14:02:30", False)),
        ("~14:00", ("14:00", True)),
        ("approx. 2026-11-20 14:00", ("2026-11-20 14:00", True)),
        ("", ("", False)),
    ],
)
def test_parse_fact_time(text: str, expected: tuple[str, bool]) -> None:
    assert parse_fact_time(text) == expected


@pytest.mark.parametrize("text", ["25:00", "14:61", "2026-02-30", "yesterday-ish"])
def test_unreadable_fact_times(text: str) -> None:
    with pytest.raises(DateError):
        parse_fact_time(text)
