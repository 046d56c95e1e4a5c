"""Incidents: logged in one line when they happen, reviewed later.

An incident is small on purpose (a title, a severity, when it started, tags)
so logging one costs a few seconds and nobody skips it. Whether it still
needs a review is not stored on it: the team's policy (:mod:`pmtui.domain.policy`)
says which review it needs and by when, and a review started from it carries
its id (``Review.incident_id``), so deleting that review reopens the incident.
Only a waiver (with its reason) is kept on the incident itself.

Cleaning and validation live here, as for reviews: whatever builds an
incident (``pmtui log``, the app's form, an import file) goes through them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo
from typing import Any

from pmtui.domain.dates import DateError, parse_fact_time, parse_happened, parse_moment
from pmtui.domain.incident_facts import day_started, waiver_holds
from pmtui.domain.model import (
    ID_PATTERN,
    MAX_REV,
    SEVERITIES,
    TAG_LIMIT,
    Kind,
    Review,
    ValidationError,
    new_id,
)
from pmtui.domain.serial import from_dict, to_dict
from pmtui.domain.text import LONG_LIMIT, SHORT_LIMIT, check_text, clean

STARTED_FORMS = "2026-11-29 14:02, 14:02 (today), today, yesterday 14:02, 2026-11-29T13:02:11Z"


@dataclass
class Incident:
    """Something that went wrong, logged before anyone reviews it."""

    title: str = ""
    severity: str | None = None
    """``SEV1`` (worst) to ``SEV5``, or ``None`` when nobody rated it."""
    started: str = ""
    """When it started, local time: ``2026-11-29 14:02`` (as a review's ``happened``)."""
    tags: list[str] = field(default_factory=list)
    source: str = ""
    """Where it was imported from (a pager's export file); empty when logged in pmtui."""
    external_id: str = ""
    """Its id in the tool it came from: a second import of the same file matches on it."""
    waived: str = ""
    """Why it needs no review after all; empty while it is not waived."""
    waived_by: str = ""
    waived_on: date | None = None
    logged: datetime = field(default_factory=lambda: datetime.now().replace(microsecond=0))
    updated: datetime = field(default_factory=lambda: datetime.now().replace(microsecond=0))
    author: str = ""
    """Who logged it."""
    rev: int = 0
    id: str = field(default_factory=new_id)

    @property
    def start_day(self) -> date:
        """The day it started (``started`` always holds one once validated)."""
        return day_started(self.started)

    @property
    def is_waived(self) -> bool:
        return waiver_holds(self.waived)

    def waive(self, reason: str, by: str, on: date) -> None:
        """Set the review aside, with a reason (required: a waiver is a decision)."""
        reason = clean(reason, multiline=True).strip()
        if not reason:
            raise ValidationError("waived", "a reason: why this incident needs no review")
        self.waived, self.waived_by, self.waived_on = reason, clean(by), on

    def unwaive(self) -> None:
        self.waived, self.waived_by, self.waived_on = "", "", None

    def take_details(self, other: Incident) -> None:
        """What a person edits (title, severity, start, tags), from ``other``."""
        self.title, self.severity = other.title, other.severity
        self.started, self.tags = other.started, list(other.tags)

    def clean(self) -> None:
        """Strip control characters and escape sequences from every text field."""
        self.title = clean(self.title)
        self.started = clean(self.started)
        self.tags = list(dict.fromkeys(t for t in (clean(t).lower() for t in self.tags) if t))
        self.source = clean(self.source)
        self.external_id = clean(self.external_id)
        self.waived = clean(self.waived, multiline=True)
        self.waived_by = clean(self.waived_by)
        self.author = clean(self.author)
        if isinstance(self.severity, str):
            self.severity = clean(self.severity).upper() or None

    def validate(self) -> None:
        """Raise :class:`ValidationError` naming the first field that is wrong."""
        if not isinstance(self.id, str) or not ID_PATTERN.fullmatch(self.id):
            raise ValidationError(
                "id", "an id of letters, digits, '.', '_' or '-' (at most 100 characters)"
            )
        if not self.title.strip():
            raise ValidationError("title", "a short title saying what went wrong")
        for name in ("title", "started", "source", "external_id", "waived_by", "author"):
            _check(name, getattr(self, name), SHORT_LIMIT)
        _check("waived", self.waived, LONG_LIMIT)
        if self.severity is not None and self.severity not in SEVERITIES:
            raise ValidationError("severity", "one of SEV1 to SEV5, or none")
        try:
            normal, approx = parse_fact_time(self.started)
        except DateError as exc:
            raise ValidationError(
                "started", f"a day and time such as 2026-11-29 14:02 ({exc})"
            ) from None
        if approx or len(normal) < 10 or normal != self.started:
            raise ValidationError(
                "started", f"a day and time such as 2026-11-29 14:02, not {self.started!r}"
            )
        for i, tag in enumerate(self.tags):
            _check(f"tags[{i}]", tag, TAG_LIMIT)
        if not 0 <= self.rev <= MAX_REV:
            raise ValidationError("rev", f"a whole number from 0 to {MAX_REV:,}")


def _check(name: str, value: str, limit: int) -> None:
    problem = check_text(value, limit)
    if problem is not None:
        raise ValidationError(name, problem)


# == what people type ==========================================================

_SEVERITY = re.compile(r"^(?:sev\s*)?([1-5])$", re.IGNORECASE)
_SEVERITY_WORDS = {
    "critical": "SEV1", "p1": "SEV1",
    "high": "SEV2", "major": "SEV2", "p2": "SEV2",
    "medium": "SEV3", "moderate": "SEV3", "p3": "SEV3",
    "low": "SEV4", "minor": "SEV4", "p4": "SEV4",
    "info": "SEV5", "informational": "SEV5", "p5": "SEV5",
}  # fmt: skip
"""How pagers and incident tools name severities and priorities."""
SEVERITY_FORMS = "1 to 5, SEV1 to SEV5, P1 to P5, or critical/high/medium/low/info"


def parse_severity(text: str | int | None) -> str | None:
    """``2``, ``SEV2``, ``sev 2``, ``P2`` or ``high`` as ``SEV2``; empty as ``None``."""
    if text is None:
        return None
    raw = str(text).strip()
    if not raw or raw.lower() in ("none", "-", "unrated", "n/a"):
        return None
    m = _SEVERITY.match(raw)
    if m:
        return f"SEV{m.group(1)}"
    found = _SEVERITY_WORDS.get(raw.lower().replace(" ", ""))
    if found is None:
        raise ValidationError("severity", f"{SEVERITY_FORMS}, not {raw!r}")
    return found


# Another machine's or tool's clock may run a little ahead of this one's.
CLOCK_SLACK = timedelta(minutes=5)


def parse_started(text: str, now: datetime, *, local: tzinfo | None = None) -> str:
    """When an incident started, as typed (``14:02`` is today) or as a tool wrote it.

    Never later than ``now`` (a naive local time, as pmtui stores times):
    an incident is logged once it has started, so ``23:30`` typed in the
    morning is refused with the ways to say yesterday's, not stored as
    tonight's, where it would sit in the backlog before it happened.
    """
    try:
        value = parse_happened(text, now.date(), time_alone=True, local=local)
    except DateError:
        try:
            value = parse_moment(text, local=local)
        except DateError:
            raise DateError(
                f"{text.strip()!r} is not a time pmtui reads; use {STARTED_FORMS}"
            ) from None
    if _moment(value) > now.replace(tzinfo=None) + CLOCK_SLACK:
        shown = text.strip()
        if ":" in shown and len(shown) <= 8:  # a time alone, read as today
            raise DateError(
                f"{shown} today has not come yet (it is {now:%H:%M}); an incident is logged "
                f"once it started: write yesterday {shown} or the day, "
                f"{(now.date() - timedelta(days=1)).isoformat()} {shown}"
            )
        raise DateError(
            f"{value} has not come yet (it is {now:%Y-%m-%d %H:%M}); an incident is logged "
            "once it started: give when it began"
        )
    return value


def _moment(stored: str) -> datetime:
    """A stored start (``2026-11-29``, ``2026-11-29 14:02`` or with seconds) as a time."""
    return datetime.fromisoformat(stored if len(stored) > 10 else f"{stored} 00:00")


def split_tags(values: list[str] | None) -> list[str]:
    """Tags given as repeated flags or comma-separated, cleaned and lower-cased."""
    out: list[str] = []
    for value in values or []:
        out += [t for t in (clean(p).lower() for p in value.split(",")) if t]
    return list(dict.fromkeys(out))


def new_incident(
    title: str,
    *,
    now: datetime,
    author: str,
    severity: str | None = None,
    started: str = "",
    tags: list[str] | None = None,
) -> Incident:
    """An incident logged now, checked: raises :class:`ValidationError` naming the field."""
    incident = Incident(
        title=title,
        severity=severity,
        started=started or now.strftime("%Y-%m-%d %H:%M"),
        tags=list(tags or []),
        logged=now,
        updated=now,
        author=author,
    )
    incident.clean()
    incident.validate()
    return incident


def review_from(
    incident: Incident, template: str, kind: Kind, *, now: datetime, user: str
) -> Review:
    """The review of an incident: its title, time, severity and tags carried over."""
    return Review(
        title=incident.title,
        kind=kind,
        template=template,
        happened=incident.started,
        severity=incident.severity,
        tags=list(incident.tags),
        created=now,
        updated=now,
        author=user,
        facilitator=user,
        participants=[user],
        incident_id=incident.id,
    )


# == JSON ======================================================================


def incident_to_dict(incident: Incident) -> dict[str, Any]:
    data: dict[str, Any] = to_dict(incident)
    return data


def incident_from_dict(data: Any, path: str = "incident") -> Incident:
    """An incident from its stored or exported form (unknown keys ignored, missing defaulted)."""
    return from_dict(Incident, data, path)
