"""The date forms people type: ``2026-12-01``, ``today``, ``+2w``, ``friday``."""

from __future__ import annotations

import re
from datetime import date, timedelta

DUE_FORMS = "2026-12-01, today, tomorrow, +3d, +2w, or a weekday such as friday"

_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_RELATIVE = re.compile(r"^\+?\s*(\d{1,4})\s*([dwm])$")


class DateError(ValueError):
    """A date the user typed could not be read; the message lists the forms that work."""


def parse_date(text: str, today: date) -> date:
    """Read a due or follow-up date relative to ``today``.

    A weekday name means the next such day (never today), so "friday" typed
    on a Friday is a week away, which is what people mean by it.
    """
    raw = text.strip().lower()
    if not raw:
        raise DateError(f"a date is needed: {DUE_FORMS}")
    if raw == "today":
        return today
    if raw == "tomorrow":
        return today + timedelta(days=1)
    m = _RELATIVE.match(raw)
    if m:
        n, unit = int(m.group(1)), m.group(2)
        days = {"d": 1, "w": 7, "m": 30}[unit] * n
        return today + timedelta(days=days)
    for i, name in enumerate(_WEEKDAYS):
        if len(raw) >= 3 and name.startswith(raw):
            ahead = (i - today.weekday()) % 7 or 7
            return today + timedelta(days=ahead)
    try:
        return date.fromisoformat(raw)
    except ValueError:
        pass
    raise DateError(f"{text.strip()!r} is not a date pmtui reads; use {DUE_FORMS}")


def parse_duration(text: str) -> timedelta:
    """Read a span such as ``7d``, ``2w`` or ``1m`` (a month is 30 days)."""
    m = _RELATIVE.match(text.strip().lower())
    if not m or text.strip().startswith("+"):
        raise DateError(f"{text!r} is not a span; use a number and d, w or m, such as 7d or 2w")
    n, unit = int(m.group(1)), m.group(2)
    return timedelta(days={"d": 1, "w": 7, "m": 30}[unit] * n)


_FACT_TIME = re.compile(
    r"^(?:(?P<date>\d{4}-\d{2}-\d{2})(?:[ T](?P<t1>\d{1,2}:\d{2}(?::\d{2})?))?"
    r"|(?P<t2>\d{1,2}:\d{2}(?::\d{2})?))$"
)


def parse_fact_time(text: str) -> tuple[str, bool]:
    """Normalise the time of a fact; returns (time, approximate).

    Accepts a time alone (``14:02``), a date, both, or any of these prefixed
    by ``~`` or ``approx.``; an empty string is allowed (the coach asks).
    """
    raw = text.strip()
    approx = False
    for prefix in ("approx.", "approx", "about", "ca.", "~"):
        if raw.lower().startswith(prefix):
            approx = True
            raw = raw[len(prefix) :].strip()
            break
    if not raw:
        return "", approx
    m = _FACT_TIME.match(raw)
    if not m:
        raise DateError(
            f"{text.strip()!r} is not a time pmtui reads; use 14:02, 2026-11-20, "
            "2026-11-20 14:02, or put approx. in front"
        )
    if m.group("date"):
        try:
            date.fromisoformat(m.group("date"))
        except ValueError:
            raise DateError(f"{m.group('date')!r} is not a real date") from None
    hhmm = m.group("t1") or m.group("t2")
    if hhmm:
        h, mi, *sec = (int(x) for x in hhmm.split(":"))
        if h > 23 or mi > 59 or (sec and sec[0] > 59):
            raise DateError(f"{hhmm!r} is not a time of day")
        hhmm = f"{h:02d}:{mi:02d}" + (f":{sec[0]:02d}" if sec else "")
    if m.group("date"):
        return (m.group("date") + (f" {hhmm}" if hhmm else "")), approx
    return hhmm or "", approx


def fact_sort_key(at: str) -> tuple[str, str]:
    """Order facts by date then time; a time alone sorts with the undated."""
    if len(at) >= 10 and at[4] == "-":
        return at[:10], at[11:]
    return "", at
