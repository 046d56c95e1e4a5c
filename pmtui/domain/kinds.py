"""The kinds of review, where a review stands, and incident severities: the words every list shows.

They live apart from :mod:`pmtui.domain.model` (which re-exports them) so
that what lists reviews (the summaries, the team's policy, the home screen's
first frame) loads without the whole model of a review and its checks; so
does the form of an id, which the first frame checks incidents' ids against.
"""

from __future__ import annotations

import re
from enum import StrEnum

ID_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")
"""Ids pmtui makes are UUIDs; an imported or hand-edited one may use these characters."""


class Kind(StrEnum):
    """The kinds of review pmtui supports (see docs/domain.md)."""

    POSTMORTEM = "postmortem"
    LESSONS = "lessons"
    QUICK = "quick"
    CHECKIN = "checkin"
    PERSONAL = "personal"

    @property
    def label(self) -> str:
        return KIND_LABELS[self]


KIND_LABELS = {
    Kind.POSTMORTEM: "blameless postmortem",
    Kind.LESSONS: "lessons-learned session",
    Kind.QUICK: "quick review",
    Kind.CHECKIN: "team check-in",
    Kind.PERSONAL: "personal review",
}


class Labelled(StrEnum):
    """A stored value people read: ``in_review`` is shown as "in review"."""

    @property
    def label(self) -> str:
        return self.value.replace("_", " ")


class Status(Labelled):
    """Where a review stands."""

    DRAFT = "draft"
    IN_REVIEW = "in_review"
    REVIEWED = "reviewed"
    CLOSED = "closed"

    @property
    def held(self) -> bool:
        """The review was held (reviewed, or closed after its follow-up)."""
        return self in (Status.REVIEWED, Status.CLOSED)


SEVERITIES = ("SEV1", "SEV2", "SEV3", "SEV4", "SEV5")
"""An incident's or a review's severity, worst first."""
