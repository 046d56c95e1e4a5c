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
