"""Messages that travel up to the app: routing requests and save reports.

Screens post these and the app routes; a screen never pushes another
screen it does not own, so a new view only needs a handler in one place.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from pmtui.editing.session import SessionEvent


@dataclass
class OpenReview(Message):
    """Open a review in the review screen, optionally at one stage."""

    review_id: str
    stage: str | None = None


@dataclass
class StartReview(Message):
    """Create a review from a template (by name) and open it at the first stage."""

    template: str


@dataclass
class ReviewIncident(Message):
    """Open the review of a logged incident, starting it first if there is none yet."""

    incident_id: str


@dataclass
class LogIncident(Message):
    """Open the form that logs an incident."""


@dataclass
class ChooseTemplate(Message):
    """Open the new-review picker."""


@dataclass
class ShowView(Message):
    """Open one of the app's other views by name (see ``PmtuiApp.VIEWS``)."""

    name: str


@dataclass
class StoreChanged(Message):
    """Something was saved; lists shown elsewhere should reload when shown again."""


@dataclass
class SessionChanged(Message):
    """The open review's save state changed (posted from the saving thread)."""

    event: SessionEvent
