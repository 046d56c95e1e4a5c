"""Messages that travel up to the app: routing requests and save reports.

Screens post these and the app routes; a screen never pushes another
screen it does not own, so a new view only needs a handler in one place.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from pmtui.editing.session import SessionEvent


class OpenReview(Message):
    """Open a review in the review screen, optionally at one stage."""

    def __init__(self, review_id: str, stage: str | None = None) -> None:
        super().__init__()
        self.review_id = review_id
        self.stage = stage


class StartReview(Message):
    """Create a review from a template (by name) and open it at the first stage."""

    def __init__(self, template: str) -> None:
        super().__init__()
        self.template = template


class ChooseTemplate(Message):
    """Open the new-review picker."""


class ShowView(Message):
    """Open one of the app's other views by name (see ``PmtuiApp.VIEWS``)."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.name = name


class StoreChanged(Message):
    """Something was saved; lists shown elsewhere should reload when shown again."""


class SessionChanged(Message):
    """The open review's save state changed (posted from the saving thread)."""

    def __init__(self, event: SessionEvent) -> None:
        super().__init__()
        self.event = event
