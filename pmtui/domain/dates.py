"""The date forms people type: ``2026-12-01``, ``today``, ``+2w``, ``friday``."""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo

from pmtui.domain.text import plural

DUE_FORMS = "2026-12-01, today, tomorrow, +3d, +2w, in 2 weeks, or a weekday such as friday"
HAPPENED_FORMS = (
    "2026-11-20, 2026-11-20 14:02 (a zone such as UTC or +02:00 may follow), today, "
    "yesterday 14:02, or empty"
)

_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_RELATIVE = re.compile(r"^\+?\s*(\d{1,4})\s*([dwm])$")
_ZONE_AFTER_TIME = re.compile(r"\d:\d\d(?::\d\d(?:[.,]\d+)?)?\s?(?:z|utc|gmt|[+-]\d)", re.I)
"""A time followed by a zone; stored times never have one, so they skip the full reading."""
_IN_WORDS = re.compile(r"^(?:in\s+)?(\d{1,4}|a|an|one)\s+(day|week|month)s?$")


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
    if raw == "next week":
        return today + timedelta(days=7)
    m = _RELATIVE.match(raw)
    if m:
        n, unit = int(m.group(1)), m.group(2)
        days = {"d": 1, "w": 7, "m": 30}[unit] * n
        return today + timedelta(days=days)
    m = _IN_WORDS.match(raw)
    if m:
        n = int(m.group(1)) if m.group(1).isdigit() else 1
        return today + timedelta(days={"day": 1, "week": 7, "month": 30}[m.group(2)] * n)
    raw = raw.removeprefix("next ").strip()  # "next friday": the next Friday, as "friday"
    for i, name in enumerate(_WEEKDAYS):
        if len(raw) >= 3 and name.startswith(raw):
            ahead = (i - today.weekday()) % 7 or 7
            return today + timedelta(days=ahead)
    try:
        return date.fromisoformat(raw)
    except ValueError:
        pass
    raise DateError(f"{text.strip()!r} is not a date pmtui reads; use {DUE_FORMS}")


def in_the_past(day: date, today: date) -> str | None:
    """The question to ask once when a due date is already past, or ``None``."""
    if day >= today:
        return None
    ago = (today - day).days
    return f"{day.isoformat()} is in the past ({plural(ago, 'day')} ago). Keep it?"


def parse_duration(text: str) -> timedelta:
    """Read a span such as ``7d``, ``2w`` or ``1m`` (a month is 30 days)."""
    m = _RELATIVE.match(text.strip().lower())
    if not m or text.strip().startswith("+"):
        raise DateError(f"{text!r} is not a span; use a number and d, w or m, such as 7d or 2w")
    n, unit = int(m.group(1)), m.group(2)
    return timedelta(days={"d": 1, "w": 7, "m": 30}[unit] * n)


SPAN_FORMS = "90m, 1h 30m, 2h, 1d 4h (a number alone is minutes)"
_SPAN_PART = re.compile(r"(\d{1,6})\s*(minutes?|mins?|hours?|days?|d|h|m)?", re.IGNORECASE)


def parse_minutes(text: str) -> int:
    """Read a length of time as minutes: ``90m``, ``1h 30m``, ``2h``, ``1d 4h``, ``45``."""
    raw = text.strip().lower().replace(",", " ")
    if not raw:
        raise DateError(f"a length of time is needed: {SPAN_FORMS}")
    total, pos, units = 0, 0, 0
    while pos < len(raw):
        if raw[pos].isspace():
            pos += 1
            continue
        m = _SPAN_PART.match(raw, pos)
        if not m or (m.group(2) is None and (units or m.end() < len(raw.rstrip()))):
            raise DateError(f"{text.strip()!r} is not a length of time; use {SPAN_FORMS}")
        unit = (m.group(2) or "m")[0]
        total += int(m.group(1)) * {"d": 1440, "h": 60, "m": 1}[unit]
        units += 1
        pos = m.end()
    return total


_FACT_TIME = re.compile(
    r"^(?:(?P<date>\d{4}-\d{2}-\d{2})(?:[ T](?P<t1>\d{1,2}:\d{2}(?::\d{2})?))?"
    r"|(?P<t2>\d{1,2}:\d{2}(?::\d{2})?))$"
)


def parse_fact_time(text: str, *, local: tzinfo | None = None) -> tuple[str, bool]:
    """Normalise the time of a fact; returns (time, approximate).

    Accepts a time alone (``14:02``), a date, both, or any of these prefixed
    by ``~`` or ``approx.``; an empty string is allowed (the coach asks). A
    day and time pasted from a log or a chat may end in a zone (``Z``,
    ``UTC``, ``+02:00``): it is turned into local time (``local``, else this
    machine's), as every stored time is (:func:`parse_moment`).
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
    if _ZONE_AFTER_TIME.search(raw):  # pasted with its zone: local time, as stored times are
        return parse_moment(raw, local=local), approx
    m = _FACT_TIME.match(raw)
    if not m:
        raise DateError(
            f"{text.strip()!r} is not a time pmtui reads; use 14:02, 2026-11-20, "
            "2026-11-20 14:02 (a zone such as UTC or +02:00 may follow), or put approx. in front"
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


_YESTERDAY = re.compile(r"^yesterday(?:\s+(\d{1,2}:\d{2}))?$", re.IGNORECASE)
_TODAY = re.compile(r"^today(?:\s+(\d{1,2}:\d{2}))?$", re.IGNORECASE)


def parse_happened(
    text: str, today: date, *, time_alone: bool = False, local: tzinfo | None = None
) -> str:
    """Normalise when something happened: a date, optionally with a time.

    ``today`` and ``yesterday`` (each with an optional time) are read too;
    with ``time_alone``, a time without a day means today. Raises
    :class:`DateError` naming the forms that work.
    """
    raw = text.strip()
    if not raw:
        return ""
    for pattern, day in ((_TODAY, today), (_YESTERDAY, today - timedelta(days=1))):
        m = pattern.match(raw)
        if m:
            raw = day.isoformat() + (f" {m.group(1)}" if m.group(1) else "")
    try:
        value, _approx = parse_fact_time(raw, local=local)
    except DateError:
        refused = f"{text.strip()!r} is not a day pmtui reads; use {HAPPENED_FORMS}"
        raise DateError(refused) from None
    if len(value) < 10:
        if time_alone and value:
            return f"{today.isoformat()} {value}"
        raise DateError(f"give the day too: {HAPPENED_FORMS}")
    return value


# == timestamps as other tools write them ======================================
#
# Logs, chat exports, pagers and spreadsheets write moments in many shapes.
# pmtui stores every time as a wall-clock time without a zone (as people type
# them in the Facts stage), so a moment that carries an offset or Z is turned
# into the local time it was (the machine's zone, or one the user names) and
# stored without the offset; a moment without one is taken as already local.

DATE_PART = r"(?P<y>\d{4})[-/](?P<mo>\d{1,2})[-/](?P<d>\d{1,2})"
TIME_PART = r"(?P<h>\d{1,2}):(?P<mi>\d{2})(?::(?P<s>\d{2})(?:[.,]\d{1,9})?)?"
AMPM_PART = r"(?:\s?(?P<ampm>[AaPp]\.?[Mm]\.?)(?![A-Za-z]))?"
ZONE_PART = r"(?:\s?(?P<zone>Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)(?![\w:]))?"
_EPOCH = re.compile(r"^\d{9,10}(?:\.\d+)?$|^\d{12,13}$")


@functools.cache
def _full_moment() -> re.Pattern[str]:
    """A whole timestamp, compiled when first needed (``pmtui due`` never needs it)."""
    return re.compile(rf"^{DATE_PART}(?:[T ]\s*{TIME_PART}{AMPM_PART}{ZONE_PART})?$")


MOMENT_FORMS = "2026-11-29 14:02, 2026-11-29T14:02:11+01:00, 2026-11-29T13:02:11Z"


def zone_named(name: str) -> tzinfo:
    """A time zone by IANA name (``Europe/Paris``), ``UTC``, or an offset (``+01:00``)."""
    raw = name.strip()
    if raw.upper() in ("UTC", "Z", "GMT"):
        return UTC
    m = re.fullmatch(r"([+-])(\d{2}):?(\d{2})?", raw)
    if m:
        return _offset(m.group(1), int(m.group(2)), int(m.group(3) or 0), raw)
    try:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        return ZoneInfo(raw)
    except (ZoneInfoNotFoundError, ValueError):
        raise DateError(
            f"{raw!r} is not a time zone pmtui knows; use a name such as Europe/Paris, "
            "UTC, or an offset such as +01:00"
        ) from None


def _offset(sign: str, hours: int, minutes: int, raw: str) -> tzinfo:
    if hours > 23 or minutes > 59:
        raise DateError(f"{raw!r} is not a UTC offset")
    delta = timedelta(hours=hours, minutes=minutes)
    return timezone(-delta if sign == "-" else delta)


def zone_of(token: str | None) -> tzinfo | None:
    """The zone a matched ``zone`` group names (``None``: the time is local as written)."""
    if not token:
        return None
    if token in ("Z", "UTC", "GMT"):
        return UTC
    digits = token[1:].replace(":", "")
    return _offset(token[0], int(digits[:2]), int(digits[2:4] or 0), token)


def local_time(moment: datetime, local: tzinfo | None = None) -> datetime:
    """A moment with an offset as wall-clock time in ``local`` (default: this machine's)."""
    if moment.tzinfo is None:
        return moment
    shifted = moment.astimezone(local) if local is not None else moment.astimezone()
    return shifted.replace(tzinfo=None)


def moment_from(
    groups: Mapping[str, str | None],
    *,
    local: tzinfo | None = None,
    day: date | None = None,
) -> tuple[date | None, str]:
    """The day and the stored time (``14:02`` or ``14:02:11``) of a matched timestamp.

    ``groups`` are the named groups of :data:`TIME_PART` (and optionally of
    :data:`DATE_PART`, :data:`AMPM_PART`, :data:`ZONE_PART`). Without a date
    among them, ``day`` is used where an offset needs one to be converted.
    Raises :class:`DateError` for a date or time that does not exist.
    """
    when_day = day
    if groups.get("y"):
        try:
            when_day = date(int(groups["y"] or 0), int(groups["mo"] or 0), int(groups["d"] or 0))
        except ValueError:
            raise DateError(f"{_raw(groups)!r} is not a real date") from None
    if groups.get("h") is None:
        return when_day, ""
    hour, minute = int(groups["h"] or 0), int(groups["mi"] or 0)
    second = groups.get("s")
    ampm = groups.get("ampm")
    if ampm:
        if not 1 <= hour <= 12:
            raise DateError(f"{_raw(groups)!r} is not a time of day")
        hour = hour % 12 + (12 if ampm[:1] in "pP" else 0)
    if hour > 23 or minute > 59 or (second is not None and int(second) > 59):
        raise DateError(f"{_raw(groups)!r} is not a time of day")
    zone = groups.get("zone")
    if zone and when_day is not None:
        wall = _shifted(when_day, hour, zone, local) + timedelta(
            minutes=minute, seconds=int(second or 0)
        )
        when_day, hour, minute = wall.date(), wall.hour, wall.minute
        second = f"{wall.second:02d}" if second is not None else None
    if second is None:
        return when_day, f"{hour:02d}:{minute:02d}"
    return when_day, f"{hour:02d}:{minute:02d}:{int(second):02d}"


@functools.lru_cache(maxsize=4096)
def _shifted(day: date, hour: int, zone: str, local: tzinfo | None) -> datetime:
    """The local wall time of the start of an hour given in ``zone``.

    A log holds thousands of moments in the same few hours; converting each
    hour once is what keeps a 100,000-line import quick. Offsets change on
    hour boundaries, so the minutes and seconds are added afterwards.
    """
    start = datetime(day.year, day.month, day.day, hour).replace(tzinfo=zone_of(zone))
    return local_time(start, local)


def _raw(groups: Mapping[str, str | None]) -> str:
    return " ".join(v for v in groups.values() if v)


def has_offset(text: str) -> bool:
    """Whether a whole timestamp carries a zone (or is a Unix time, which is UTC)."""
    raw = text.strip()
    if _EPOCH.match(raw):
        return True
    m = _full_moment().match(raw)
    return m is not None and bool(m.group("zone"))


def stored_time(day: date | None, clock: str) -> str:
    """A fact's or an incident's time as pmtui stores it: ``2026-11-29 14:02`` or ``14:02``."""
    if day is None:
        return clock
    return f"{day.isoformat()} {clock}" if clock else day.isoformat()


def parse_moment(text: str, *, local: tzinfo | None = None) -> str:
    """A whole timestamp another tool wrote, in the stored form (a day is required).

    Reads ISO 8601 with or without a zone (``2026-11-29T14:02:11+01:00``,
    ``2026-11-29 14:02``, ``2026/11/29 2:02 PM``) and Unix times in seconds
    or milliseconds; an offset is converted to local time (see above).
    """
    raw = text.strip()
    if _EPOCH.match(raw):
        seconds = float(raw) / (1000 if "." not in raw and len(raw) > 10 else 1)
        wall = local_time(datetime.fromtimestamp(seconds, UTC), local)
        return f"{wall.date().isoformat()} {wall:%H:%M:%S}"
    m = _full_moment().match(raw)
    if not m:
        raise DateError(f"{raw!r} is not a date and time pmtui reads; use {MOMENT_FORMS}")
    day, clock = moment_from(m.groupdict(), local=local)
    return stored_time(day, clock)
