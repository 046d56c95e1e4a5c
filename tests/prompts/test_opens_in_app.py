"""A quick review made from the prompts is on the app's home screen at once, and opens there."""

from __future__ import annotations

import io
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot

from pmtui.cli import main
from pmtui.store.repository import Store
from pmtui.tui.app import make_app
from pmtui.tui.screens.home import HomeScreen
from pmtui.tui.screens.review import ReviewScreen
from pmtui.tui.widgets.item_list import ItemList
from tests.conftest import FrozenClock


async def wait_for(
    pilot: Pilot[None], predicate: Callable[[], object], timeout: float = 10.0
) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out waiting for the app"
        await pilot.pause(0.02)


async def test_a_quick_review_shows_on_home_and_opens(
    store_path: Path, clock: FrozenClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    flags = ["--title", "Deploy stuck", "--what", "The deploy hung", "--cause", "No lock timeout"]
    more = ["--category", "tooling", "--commitment", "Add a timeout", "--due", "+2w"]
    out = io.StringIO()
    with monkeypatch.context() as m:  # no terminal, and the id captured; Textual gets both back
        m.setattr(sys, "stdin", io.StringIO(""))
        m.setattr(sys, "stdout", out)
        assert main(["quick", "--store", str(store_path), "--no-input", *flags, *more]) == 0
    review_id = out.getvalue().strip()

    app = make_app(store=Store(store_path, clock=clock), clock=clock, user="ana")
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(
            pilot, lambda: isinstance(app.screen, HomeScreen) and app.screen.data is not None
        )
        table = app.screen.query_one("#reviews", ItemList)
        titles = table.cells_at(0)
        assert "quick" in titles and "Deploy stuck" in titles
        table.focus()
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ReviewScreen))
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        assert screen.review.id == review_id
        assert screen.review.causes[0].statement == "No lock timeout"
