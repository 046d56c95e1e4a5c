"""What a form needs to show the coach's hints beside its main text field."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from pmtui.domain.model import HintDismissal
from pmtui.editing import changes
from pmtui.editing.session import ReviewSession


@dataclass(frozen=True)
class Coach:
    """What a form needs to show the coach's hints beside its main text field."""

    names: tuple[str, ...] = ()
    """People in the review, so a name used as a cause is noticed."""
    dismissed: tuple[HintDismissal, ...] = ()
    on_dismiss: Callable[[str | None, str, str], None] | None = None
    """Called with (item id, rule, reason) when someone sets a hint aside."""

    def dismissed_for(self, item_id: str) -> list[str]:
        return [d.rule for d in self.dismissed if d.item_id == item_id]

    @classmethod
    def for_session(cls, session: ReviewSession) -> Coach:
        """The coach settings for a form opened on the session's review."""

        def dismissed(item_id: str | None, rule: str, reason: str) -> None:
            changes.dismiss_hint(session, item_id, rule, reason)

        return cls(
            names=changes.people(session),
            dismissed=tuple(session.review.dismissed_hints),
            on_dismiss=dismissed,
        )
