"""A picture of every screen at 80x24 and at 60x20, and every key line fits its width.

The screens are reached by keys from home (tests/tui/screen_tour.py), on one
store with a postmortem written through every stage, with a frozen clock.
Update the pictures after an intended change with ``pytest
tests/tui/test_every_screen.py --snapshot-update`` and look at each one
before committing.
"""

from __future__ import annotations

import pytest

from pmtui.store.repository import Store
from pmtui.tui.app import PmtuiApp
from tests.tui.pilot_helpers import SnapCompare
from tests.tui.screen_tour import STOPS, at, fill, footer_fits, screen_text

SIZES = {"80x24": (80, 24), "60x20": (60, 20)}
DIALOGS = frozenset(
    {
        "fact_form",
        "drop_typed_asked",
        "cause_form",
        "commitment_form",
        "past_due_asked",
        "summary_form",
        "export_asked",
        "palette",
        "help",
    }
)
"""Stops where a dialog is open over a screen: its buttons and keys are its own."""


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("stop", STOPS)
def test_screen(
    snap_compare: SnapCompare,
    app: PmtuiApp,
    store: Store,
    stop: str,
    size: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir("/")  # the export dialog names the directory: the same one everywhere
    fill(store)
    assert snap_compare(app, terminal_size=SIZES[size], run_before=at(stop))


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("stop", STOPS)
async def test_every_key_in_the_footer_is_shown_whole(
    app: PmtuiApp, store: Store, stop: str, size: str
) -> None:
    fill(store)
    async with app.run_test(size=SIZES[size]) as pilot:
        await at(stop)(pilot)
        assert footer_fits(app), screen_text(app).splitlines()[-1]


SCREENS = [stop for stop in STOPS if stop not in DIALOGS]


@pytest.mark.parametrize("stop", SCREENS)
async def test_f1_shows_help_on_every_screen(app: PmtuiApp, store: Store, stop: str) -> None:
    """F1 is the help key that works in a field too; the follow-up review's own F1 once hid
    the app's from its key line."""
    from pmtui.tui.modals.help import HelpScreen

    fill(store)
    async with app.run_test(size=SIZES["80x24"]) as pilot:
        await at(stop)(pilot)
        shown = app.screen
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen), stop
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is shown
