"""Messages that travel up to the app: routing requests and save reports.

Screens post these and the app routes; a screen never pushes another
screen it does not own, so a new view only needs a handler in one place.

Plain classes, not dataclasses: they load before the app's first frame, and
Python builds a dataclass's methods as its module loads (about 0.15 ms each,
eight of them); none of these is compared, copied or printed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from pmtui.editing.session import SessionEvent


class OpenReview(Message):
    """Open a review in the review screen, optionally at one stage."""

    __slots__ = ("review_id", "stage")

    def __init__(self, review_id: str, stage: str | None = None) -> None:
        super().__init__()
        self.review_id = review_id
        self.stage = stage


class StartReview(Message):
    """Create a review from a template (by name) and open it at the first stage."""

    __slots__ = ("template",)

    def __init__(self, template: str) -> None:
        super().__init__()
        self.template = template


class ReviewIncident(Message):
    """Open the review of a logged incident, starting it first if there is none yet."""

    __slots__ = ("incident_id",)

    def __init__(self, incident_id: str) -> None:
        super().__init__()
        self.incident_id = incident_id


class LogIncident(Message):
    """Open the form that logs an incident."""

    __slots__ = ()


class ChooseTemplate(Message):
    """Open the new-review picker."""

    __slots__ = ()


class ShowView(Message):
    """Open one of the app's other views by name (see ``PmtuiApp.VIEWS``)."""

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        super().__init__()
        self.name = name


class StoreChanged(Message):
    """Something was saved; lists shown elsewhere should reload when shown again."""

    __slots__ = ()


class SessionChanged(Message):
    """The open review's save state changed (posted from the saving thread)."""

    __slots__ = ("event",)

    def __init__(self, event: SessionEvent) -> None:
        super().__init__()
        self.event = event
