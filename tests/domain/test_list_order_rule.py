"""The order of a list of reviews: by the day each happened, newest first."""

from __future__ import annotations

from pmtui.domain.summary import list_order


def ordered(*rows: tuple[str, str, str]) -> list[str]:
    """The names of ``(name, happened, created)`` rows as a list of reviews shows them."""
    return [
        name
        for name, happened, created in sorted(
            rows, key=lambda r: list_order(r[1], r[2]), reverse=True
        )
    ]


def test_the_day_it_happened_comes_before_when_it_was_entered() -> None:
    assert ordered(
        ("old outage entered late", "2026-10-02", "2026-11-29T09:00:00"),
        ("payments timeout", "2026-11-28 16:30", "2026-11-28T17:00:00"),
        ("disk full", "2026-11-27 09:00", "2026-11-27T10:00:00"),
    ) == ["payments timeout", "disk full", "old outage entered late"]


def test_one_day_lists_the_last_entered_first_whatever_the_time_of_day() -> None:
    assert ordered(
        ("entered first, later in the day", "2026-11-20 18:00", "2026-11-21T09:00:00"),
        ("entered last, early in the day", "2026-11-20 08:00", "2026-11-22T09:00:00"),
        ("no time", "2026-11-20", "2026-11-21T10:00:00.250000"),
    ) == ["entered last, early in the day", "no time", "entered first, later in the day"]


def test_with_no_day_it_happened_the_day_it_was_entered_stands_in() -> None:
    """As the date column shows it: no date given, or text that is not a date."""
    assert ordered(
        ("no date", "", "2026-11-25T09:00:00+01:00"),
        ("not a date", "last Tuesday", "2026-11-10T09:00:00"),
        ("happened the 20th", "2026-11-20", "2026-11-01T09:00:00"),
        ("entered later the 25th", "2026-11-25", "2026-11-25T08:00:00"),
    ) == ["no date", "entered later the 25th", "happened the 20th", "not a date"]
