"""Fixtures for driving the app with Pilot: a store in tmp_path, a frozen clock, user ana."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest

from pmtui.store.repository import Store
from pmtui.tui.app import PmtuiApp, make_app
from pmtui.tui.screens import review as review_screen


@pytest.fixture(autouse=True)
def steady_cursor(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Pictures draw every text cursor steady (``PMTUI_BLINK=0``, as a user may set).

    A blinking cursor is on or off depending on when the picture is taken: a
    picture test then fails one run in a few on a busy machine, whatever it waits for.
    """
    if "snap_compare" in request.fixturenames:
        monkeypatch.setenv("PMTUI_BLINK", "0")
        # The stepper's counts of open hints follow a change at once, not a second later,
        # and a review open at its frame is pictured as a fresh pmtui shows it (an earlier
        # test may have read the coach into this process: then the frame counts at once).
        monkeypatch.setattr(review_screen, "HINTS_AFTER", 0.01)
        monkeypatch.setattr(review_screen, "coach_in_memory", lambda: False)


@pytest.fixture
def config_dir(tmp_path: Path) -> Path:
    return tmp_path / "config"


@pytest.fixture
def app(store: Store, clock: Callable[[], datetime], config_dir: Path) -> PmtuiApp:
    return make_app(store=store, clock=clock, user="ana", config_dir=config_dir)
