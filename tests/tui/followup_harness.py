"""The app on a store, a clock and a user, showing one follow-up screen and nothing else.

The follow-up screens read the store, the clock and the user through the
app's shell; opening them straight away keeps these tests independent of the
rest of the app (its home screen, its routing).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from textual import events
from textual.screen import Screen

from pmtui.store.repository import Store
from pmtui.tui.app import PmtuiApp
from pmtui.tui.styles import stylesheets


class ScreenApp(PmtuiApp):
    CSS_PATH = [str(p) for p in stylesheets()]

    def __init__(
        self, screen: Callable[[], Screen[None]], store: Store, clock: Callable[[], datetime]
    ) -> None:
        super().__init__(store, clock, "ana")
        self.make_screen = screen

    def get_default_screen(self) -> Screen[Any]:
        return Screen(id="_default")  # Textual's empty screen, not the app's home screen

    # Textual hands the Mount event to a handler that takes one; the app's takes none.
    def on_mount(self, event: events.Mount) -> None:  # type: ignore[override]
        event.prevent_default()  # not the app's home screen: only this one
        self.push_screen(self.make_screen())


async def settle(pilot: object) -> None:
    """Let thread workers finish and the screen show what they found."""
    app = pilot.app  # type: ignore[attr-defined]
    for _ in range(3):
        await app.workers.wait_for_complete()
        await pilot.pause()  # type: ignore[attr-defined]
