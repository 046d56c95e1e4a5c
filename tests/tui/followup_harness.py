"""A tiny app holding a store, a clock and a user, that opens one follow-up screen.

The follow-up screens read ``app.store``, ``app.clock`` and ``app.user`` like
the real app provides; driving them here keeps these tests independent of the
rest of the app.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from textual.app import App
from textual.screen import Screen

from pmtui.store.repository import Store
from pmtui.tui.styles import stylesheets


class ScreenApp(App[None]):
    def __init__(
        self, screen: Callable[[], Screen[None]], store: Store, clock: Callable[[], datetime]
    ) -> None:
        super().__init__(css_path=[str(p) for p in stylesheets()])
        self.make_screen = screen
        self.store = store
        self.clock = clock
        self.user = "ana"

    def on_mount(self) -> None:
        self.push_screen(self.make_screen())


async def settle(pilot: object) -> None:
    """Let thread workers finish and the screen show what they found."""
    app = pilot.app  # type: ignore[attr-defined]
    for _ in range(3):
        await app.workers.wait_for_complete()
        await pilot.pause()  # type: ignore[attr-defined]
