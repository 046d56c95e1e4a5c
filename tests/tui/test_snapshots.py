"""One picture per screen, at 80x24 with a frozen clock (Textual is pinned, so they hold).

Update them after an intended change with ``pytest tests/tui/test_snapshots.py
--snapshot-update`` and look at the report before committing.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from textual.pilot import Pilot

from pmtui.domain.model import Kind, Status
from pmtui.store.repository import Store
from pmtui.tui.app import PmtuiApp
from pmtui.tui.screens.insights import InsightsScreen
from pmtui.tui.screens.review import ReviewScreen
from tests.tui.pilot_helpers import (
    SnapCompare,
    hints_counted,
    home_painted,
    make_review,
    on_home,
    on_review,
    wait_for,
    wait_saved,
)

SIZE = (80, 24)
TODAY = date(2026, 11, 23)


def fill(store: Store) -> None:
    review = make_review(
        "Checkout [bold]errors[/] 🎉",
        created=datetime(2026, 11, 20, 9),
        tags=("payments",),
        due=(TODAY - timedelta(days=2), TODAY + timedelta(days=3)),
    )
    review.happened = "2026-11-20 14:02"
    review.severity = "SEV2"
    store.add(review)
    store.add(
        make_review(
            "Q3 launch", created=datetime(2026, 10, 2, 9), kind=Kind.LESSONS, status=Status.CLOSED
        )
    )


async def settle(pilot: Pilot[None]) -> None:
    app = pilot.app
    assert isinstance(app, PmtuiApp)
    if isinstance(app.screen, ReviewScreen):
        await wait_saved(app, pilot)
        await hints_counted(app, pilot)
    app.clear_notifications()
    await pilot.pause()


async def home_shown(pilot: Pilot[None]) -> None:
    assert isinstance(pilot.app, PmtuiApp)
    await home_painted(pilot.app, pilot)
    await settle(pilot)


async def frame_shown(pilot: Pilot[None]) -> None:
    assert isinstance(pilot.app, PmtuiApp)
    await on_home(pilot.app, pilot)
    await pilot.press("enter")
    await on_review(pilot.app, pilot)
    await settle(pilot)


def test_home(snap_compare: SnapCompare, app: PmtuiApp, store: Store) -> None:
    fill(store)
    assert snap_compare(app, terminal_size=SIZE, run_before=home_shown)


def test_home_empty(snap_compare: SnapCompare, app: PmtuiApp) -> None:
    async def ready(pilot: Pilot[None]) -> None:
        await on_home(app, pilot)
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=ready)


def test_new_review(snap_compare: SnapCompare, app: PmtuiApp) -> None:
    async def ready(pilot: Pilot[None]) -> None:
        await on_home(app, pilot)
        await pilot.press("n")
        await wait_for(pilot, lambda: type(app.screen).__name__ == "NewReviewScreen")
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=ready)


def test_frame(snap_compare: SnapCompare, app: PmtuiApp, store: Store) -> None:
    fill(store)
    assert snap_compare(app, terminal_size=SIZE, run_before=frame_shown)


def test_summary(snap_compare: SnapCompare, app: PmtuiApp, store: Store) -> None:
    fill(store)

    async def ready(pilot: Pilot[None]) -> None:
        await on_home(app, pilot)
        await pilot.press("enter")
        screen = await on_review(app, pilot)
        screen.open_stage("summary")
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=ready)


def test_help(snap_compare: SnapCompare, app: PmtuiApp) -> None:
    async def ready(pilot: Pilot[None]) -> None:
        await on_home(app, pilot)
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: type(app.screen).__name__ == "HelpScreen")
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=ready)


SMALL = (60, 20)


def test_insights(snap_compare: SnapCompare, app: PmtuiApp, store: Store) -> None:
    """Practice health at 80x24: follow-through's chart, this month chosen."""
    fill(store)

    async def ready(pilot: Pilot[None]) -> None:
        await on_home(app, pilot)
        await pilot.press("i")
        await wait_for(
            pilot, lambda: isinstance(app.screen, InsightsScreen) and app.screen.health is not None
        )
        await pilot.press("4")
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=ready)


def test_home_at_60x20(snap_compare: SnapCompare, app: PmtuiApp, store: Store) -> None:
    fill(store)
    assert snap_compare(app, terminal_size=SMALL, run_before=home_shown)


def test_frame_at_60x20(snap_compare: SnapCompare, app: PmtuiApp, store: Store) -> None:
    fill(store)
    assert snap_compare(app, terminal_size=SMALL, run_before=frame_shown)


def test_frame_without_colour_shows_the_focus_and_the_tick(
    snap_compare: SnapCompare, app: PmtuiApp, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """NO_COLOR: the focused field's bar and the tick box's [x] carry what colour would."""
    monkeypatch.setenv("NO_COLOR", "1")
    fill(store)

    async def ready(pilot: Pilot[None]) -> None:
        await on_home(app, pilot)
        await pilot.press("enter")
        screen = await on_review(app, pilot)
        await wait_for(pilot, lambda: screen.panes["frame"].has_focus)
        screen.query_one("#ground-rule-ack").focus()
        await pilot.press("space")
        await pilot.press("shift+tab")  # the tags field, with the bar beside it
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=ready)
