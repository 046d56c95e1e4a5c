"""A picture of every screen at 80x24 and at 60x20, and every key line fits its width.

The screens are reached by keys from home (tests/tui/screen_tour.py), on one
store with a postmortem written through every stage, with a frozen clock.
Update the pictures after an intended change with ``pytest
tests/tui/test_every_screen.py --snapshot-update`` and look at each one
before committing.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.screen import Screen

from pmtui.domain.model import Review
from pmtui.store.repository import Store
from pmtui.tui.app import PmtuiApp
from pmtui.tui.forms.incident import IncidentForm
from pmtui.tui.modals.pick import PickModal
from pmtui.tui.modals.prompt import TextPromptModal
from pmtui.tui.modals.round_picker import RoundPicker
from pmtui.tui.modals.timeline_paste import TimelinePasteModal
from tests.tui.pilot_helpers import SnapCompare, on_home, wait_for
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


def _keys_said(dialog: Screen[object], text: str) -> list[str]:
    """The keys ``dialog`` binds with a description that its help does not name."""
    from pmtui.tui.modals.help import EVERY_SCREEN, key_name

    return [
        key
        for key, bindings in dialog._bindings.key_to_bindings.items()
        if any(b.description and b.action not in EVERY_SCREEN for b in bindings)
        and f"`{key_name(key)}`" not in text
    ]


async def _f1_says_the_keys(app: PmtuiApp, pilot: Pilot[None]) -> None:
    """F1 over the dialog in front shows help naming each of its keys; escape goes back."""
    from pmtui.tui.modals.help import HelpScreen

    dialog = app.screen
    assert dialog.is_modal
    await pilot.press("f1")
    await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
    help_screen = app.screen
    assert isinstance(help_screen, HelpScreen)
    assert "Keys in this dialog" in help_screen.text
    assert _keys_said(dialog, help_screen.text) == []
    await pilot.press("escape")
    await wait_for(pilot, lambda: app.screen is dialog)


@pytest.mark.parametrize("stop", sorted(DIALOGS - {"help"}))
async def test_f1_in_every_dialog_of_the_tour_says_its_keys(
    app: PmtuiApp, store: Store, stop: str
) -> None:
    """Dialogs had no F1 help: their keys stop at the dialog, the app's F1 among them."""
    fill(store)
    async with app.run_test(size=SIZES["80x24"]) as pilot:
        await at(stop)(pilot)
        await _f1_says_the_keys(app, pilot)


OTHER_DIALOGS: dict[str, Callable[[], Screen[Any]]] = {
    "pick": lambda: PickModal("Promote which idea?", [("a", "Canary deploys")]),
    "round_picker": lambda: RoundPicker([("causes", "Causes")]),
    "text_prompt": lambda: TextPromptModal("A name?"),
    "incident_form": lambda: IncidentForm(now=datetime(2026, 11, 23, 10), user="ana"),
    "timeline_paste": lambda: TimelinePasteModal(Review(title="Deploy"), author="ana"),
}


@pytest.mark.parametrize("name", sorted(OTHER_DIALOGS))
async def test_f1_in_the_other_dialogs_says_their_keys(
    app: PmtuiApp, store: Store, name: str
) -> None:
    async with app.run_test(size=SIZES["80x24"]) as pilot:
        await on_home(app, pilot)
        await app.push_screen(OTHER_DIALOGS[name]())
        await pilot.pause()
        await _f1_says_the_keys(app, pilot)
