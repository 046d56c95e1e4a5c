"""Key moments of the timeline, and the times to detect, mitigate and resolve counted from them.

A fact can mark when the incident *started*, when it was *detected*,
*mitigated* and *resolved*. The durations are computed from those facts'
times, never typed a second time, so the summary, the exports, the index
and the insights all say the same thing and change when the timeline does.

A fact's time may lack a date (``14:02``): it is taken on the day the
review says the event happened; a time-only moment earlier than the start
is taken as the next day (an incident that began at 23:50 and was resolved
at 00:20 lasted half an hour). When the first of a kind is marked twice,
the earliest counts. A duration is approximate when either of its facts is.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from pmtui.domain.model import MOMENTS, Fact, Review
from pmtui.domain.timeline import timeline

LABELS = {
    "started": "it started here",
    "detected": "it was detected here",
    "mitigated": "it was mitigated here",
    "resolved": "it was resolved here",
}
"""How a form offers each key moment (the keys are :data:`pmtui.domain.model.MOMENTS`)."""

SPANS = (("detect", "detected"), ("mitigate", "mitigated"), ("resolve", "resolved"))
"""``(verb, moment)``: time to <verb> runs from the start to the first <moment>."""


@dataclass(frozen=True)
class Span:
    """The time from the start to one key moment."""

    verb: str
    """``detect``, ``mitigate`` or ``resolve``."""
    minutes: int
    approx: bool

    def text(self) -> str:
        return ("~" if self.approx else "") + minutes_text(self.minutes)


@dataclass(frozen=True)
class KeyTimes:
    """When each key moment was, and the spans from the start to the others."""

    moments: dict[str, datetime]
    """The first time each marked moment happened (only those that can be placed)."""
    spans: tuple[Span, ...]
    """Time to detect, mitigate, resolve: those that can be computed, in that order."""

    def span(self, verb: str) -> Span | None:
        return next((s for s in self.spans if s.verb == verb), None)

    def minutes(self) -> tuple[int | None, int | None, int | None]:
        """(to detect, to mitigate, to resolve) in minutes, ``None`` where unknown."""
        found = {s.verb: s.minutes for s in self.spans}
        return (found.get("detect"), found.get("mitigate"), found.get("resolve"))

    @property
    def empty(self) -> bool:
        return not self.spans

    def line(self) -> str:
        """``time to detect 12m · to mitigate 40m · to resolve 1h 30m``, or ``""``."""
        parts = [f"to {s.verb} {s.text()}" for s in self.spans]
        return ("time " + " · ".join(parts)) if parts else ""


def marked(facts: Sequence[Fact]) -> dict[str, Fact]:
    """The first fact marking each moment, in timeline order (see :func:`key_times`)."""
    out: dict[str, Fact] = {}
    for fact in facts:
        if fact.moment in MOMENTS and fact.moment not in out:
            out[fact.moment] = fact
    return out


def key_times(review: Review) -> KeyTimes:
    """The key moments of a review's timeline and the spans between them."""
    base = review.event_date
    placed: dict[str, tuple[datetime, bool]] = {}
    by_moment = marked(timeline(review.facts))
    start_fact = by_moment.get("started")
    start = _when(start_fact.at, base) if start_fact is not None else None
    for moment, fact in by_moment.items():
        when = _when(fact.at, base)
        if when is None:
            continue
        if start is not None and moment != "started" and when < start and _time_only(fact.at):
            when += timedelta(days=1)
        placed[moment] = (when, fact.approx)
    spans = []
    if "started" in placed:
        began, approx_start = placed["started"]
        for verb, moment in SPANS:
            if moment in placed:
                when, approx = placed[moment]
                minutes = int((when - began).total_seconds() // 60)
                if minutes >= 0:
                    spans.append(Span(verb, minutes, approx or approx_start))
    return KeyTimes({m: when for m, (when, _a) in placed.items()}, tuple(spans))


def impact_minutes(review: Review, times: KeyTimes | None = None) -> tuple[int, bool] | None:
    """How long the impact lasted: the typed figure, else start to resolved.

    Returns ``(minutes, from_the_timeline)``, or ``None`` when neither is known.
    """
    typed = review.impact_figures.duration_minutes
    if typed is not None:
        return typed, False
    span = (times or key_times(review)).span("resolve")
    return (span.minutes, True) if span is not None else None


def _time_only(at: str) -> bool:
    return ":" in at and len(at) <= 8


def _when(at: str, base: date | None) -> datetime | None:
    """A fact's time as a moment: needs a time of day, and a date (its own or ``base``)."""
    if ":" not in at:
        return None  # a day alone says nothing about minutes
    if _time_only(at):
        if base is None:
            return None
        at = f"{base.isoformat()} {at}"
    try:
        return datetime.fromisoformat(at)
    except ValueError:
        return None


def minutes_text(minutes: int) -> str:
    """``45m``, ``1h 30m``, ``2d 3h``: short enough for a table cell."""
    days, rest = divmod(minutes, 60 * 24)
    hours, mins = divmod(rest, 60)
    if days:
        return f"{days}d {hours}h" if hours else f"{days}d"
    if hours:
        return f"{hours}h {mins}m" if mins else f"{hours}h"
    return f"{mins}m"
