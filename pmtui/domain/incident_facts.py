"""What the team's policy reads of an incident, apart from the model of one.

Where an incident's review stands (:func:`pmtui.domain.policy.status`) is
worked out from its severity, the day it started, whether it was waived and
the review started from it. The app's first frame counts the incidents still
waiting from those alone, read straight from the incidents file
(:mod:`pmtui.store.incident_file`), without the model of a review that an
:class:`~pmtui.domain.incidents.Incident` is checked with. The two rules read
here (the day an incident started, whether its waiver holds) live here once;
``Incident`` asks them too.
"""

from __future__ import annotations

from datetime import date
from typing import NamedTuple


def day_started(started: str) -> date:
    """The day an incident started, from its ``started`` (``2026-11-29 14:02``)."""
    return date.fromisoformat(started[:10])


def waiver_holds(reason: str) -> bool:
    """Whether an incident is waived: only a waiver with a reason is one."""
    return bool(reason.strip())


class IncidentFacts(NamedTuple):
    """An incident as the policy weighs it (a named tuple: read before the first frame,
    where a dataclass costs building its methods as the module loads)."""

    id: str
    severity: str | None
    started: str
    """When it started, as the incident keeps it (``2026-11-29 14:02``)."""
    waived: str
    """Why it needs no review after all; empty while it is not waived."""

    @property
    def start_day(self) -> date:
        return day_started(self.started)

    @property
    def is_waived(self) -> bool:
        return waiver_holds(self.waived)
