"""The presence line: who else has this review open right now, and who just left."""

from __future__ import annotations

import time

from rich.text import Text
from textual.widgets import Static

from pmtui.domain.rounds import same_person
from pmtui.domain.text import shown


class PresenceLine(Static):
    """``Here now: ana (you), ben`` — names are shown as data, never markup."""

    DEFAULT_CSS = """
    PresenceLine {
        height: 1;
        padding: 0 1;
        color: $text-muted;
    }
    """

    def __init__(self, me: str, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__("", id=id, classes=classes, markup=False)
        self.me = me
        self.users: list[str] = []
        self.left: list[tuple[str, str]] = []
        """Who left lately, with the time (``HH:MM``), newest last."""

    def on_mount(self) -> None:
        self.show([self.me])

    def show(self, users: list[str], left: list[str] | None = None, elsewhere: int = 0) -> None:
        """Show ``users`` (the people with the review open, this user included) and how
        many other sessions of this user have it open too (``elsewhere``)."""
        others = [u for u in users if not same_person(u, self.me)]
        now = time.strftime("%H:%M")
        gone = [name for name, _at in self.left if name not in users]
        self.left = [(n, at) for n, at in self.left if n in gone and n not in (left or [])]
        self.left += [(n, now) for n in left or [] if not same_person(n, self.me)]
        self.left = self.left[-3:]
        self.users = [self.me, *others]
        text = Text()
        also = "another session" if elsewhere == 1 else f"{elsewhere} other sessions"
        if not others and elsewhere:
            text.append(f"You also have this review open in {also}.", style="bold")
        elif not others:
            text.append("Only you have this review open.")
        else:
            text.append("Here now: ")
            you = f"you, also in {also}" if elsewhere else "you"
            text.append(f"{shown(self.me)} ({you})", style="bold")
            for name in others:
                text.append(", ")
                text.append(shown(name), style="bold")
        for name, at in self.left:
            text.append(f"  ·  {shown(name)} left {at}", style="italic")
        self.update(text)
