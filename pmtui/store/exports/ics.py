"""ICS: an RFC 5545 calendar with an event per due date and per follow-up review.

Each event is an all-day event with a display alarm the day before. UIDs
are derived from pmtui's own ids (``<commitment id>@pmtui``,
``follow-up-<review id>@pmtui``) and SEQUENCE is the review's revision, so
importing a newer export into a calendar updates the events instead of
adding copies.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta

from icalendar import Alarm, Calendar, Event

from pmtui.domain.incidents import Incident
from pmtui.domain.model import Commitment, Review
from pmtui.domain.text import plural
from pmtui.store.exports import prepared

PRODID = "-//pmtui//pmtui export//EN"
REMIND_BEFORE = timedelta(days=1)


def render(
    reviews: Sequence[Review],
    *,
    anonymize: bool = False,
    today: date,
    incidents: Sequence[Incident] = (),
) -> str:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", "pmtui commitments")
    for review in prepared(reviews, anonymize):
        for c in review.commitments:
            if c.due is not None:
                cal.add_component(_due_event(review, c))
        if review.commitments:
            cal.add_component(_follow_up_event(review))
    ical: bytes = cal.to_ical()
    return ical.decode("utf-8")


def commitment_uid(commitment_id: str) -> str:
    return f"{commitment_id}@pmtui"


def follow_up_uid(review_id: str) -> str:
    return f"follow-up-{review_id}@pmtui"


def _due_event(review: Review, c: Commitment) -> Event:
    assert c.due is not None
    owner = f" ({c.owner})" if c.owner else ""
    lines = [f"Review: {review.title}", f"Owner: {c.owner or 'none'}"]
    if c.done_when:
        lines.append(f"Done when: {c.done_when}")
    lines.append(f"Status: {c.status.label}")
    summary = f"Due: {c.deliverable}{owner}"
    return _event(review, commitment_uid(c.id), c.due, summary, "\n".join(lines))


def _follow_up_event(review: Review) -> Event:
    record = review.follow_up
    held = record.held_on if record is not None else None
    day = held or review.follow_up_due()
    n = len(review.commitments)
    status = f"held on {held.isoformat()}" if held else "planned"
    description = (
        f"Follow-up review of {plural(n, 'commitment')} ({status}): "
        "for each one, was it kept, and what got in the way?"
    )
    return _event(review, follow_up_uid(review.id), day, f"Follow-up: {review.title}", description)


def _event(review: Review, uid: str, day: date, summary: str, description: str) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", _utc(review.updated))
    event.add("sequence", review.rev)
    event.add("dtstart", day)
    event.add("dtend", day + timedelta(days=1))
    event.add("summary", summary)
    event.add("description", description)
    event.add("transp", "TRANSPARENT")
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", summary)
    alarm.add("trigger", -REMIND_BEFORE)
    event.add_component(alarm)
    return event


def _utc(moment: datetime) -> datetime:
    """DTSTAMP must be UTC; the store keeps naive local times, taken as UTC here."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
