"""Insights: the figures, the chart, and the reviews behind a figure."""

from __future__ import annotations

from datetime import date, datetime

from textual.widgets import DataTable, Sparkline, Static

from pmtui.domain.model import Cause, Commitment, Kind, Outcome, Review, Status
from pmtui.store.repository import Store
from pmtui.tui import messages
from pmtui.tui.screens.insights import InsightsScreen, bar
from tests.conftest import FrozenClock
from tests.tui.followup_harness import ScreenApp, settle

SIZE = (100, 30)


class OpeningApp(ScreenApp):
    """Records the reviews a screen asks the app to open."""

    def __init__(self, *args: object) -> None:
        super().__init__(*args)  # type: ignore[arg-type]
        self.opened: list[str] = []

    def on_open_review(self, message: messages.OpenReview) -> None:
        message.prevent_default()  # recorded, not opened
        self.opened.append(message.review_id)


def _fill(store: Store) -> tuple[Review, Review]:
    a = store.add(
        Review(
            title="Outage",
            happened="2026-10-01",
            created=datetime(2026, 10, 3, 9),
            causes=[Cause("alerts went to an unwatched channel", "information")],
            commitments=[
                Commitment(
                    deliverable="route alerts",
                    owner="ana",
                    due=date(2026, 10, 20),
                    status=Outcome.KEPT,
                    reviewed_at=datetime(2026, 10, 19, 12),
                ),
                Commitment(deliverable="late one", owner="bo", due=date(2026, 11, 2)),
            ],
        )
    )
    b = store.add(
        Review(
            title="Near miss",
            kind=Kind.QUICK,
            severity="SEV5",
            status=Status.REVIEWED,
            happened="2026-11-10",
            created=datetime(2026, 11, 11, 9),
            causes=[Cause("Alert sent to unwatched channels", "information")],
        )
    )
    return a, b


def _rows(table: DataTable[object]) -> list[tuple[str, ...]]:
    return [tuple(str(c) for c in table.get_row_at(i)) for i in range(table.row_count)]


def test_bar() -> None:
    assert bar(0.5, 4) == "██░░"
    assert bar(None, 3) == "   "


async def test_figures_chart_and_drill_down(store: Store, clock: FrozenClock) -> None:
    a, _b = _fill(store)
    app = OpeningApp(InsightsScreen, store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, InsightsScreen)
        rows = _rows(screen.query_one("#figures", DataTable))
        assert rows[0] == ("follow-through", "2026-10", "████████ 1/1 kept on time (100%)")
        assert rows[1] == ("follow-through", "2026-11", "░░░░░░░░ 0/1 kept on time (0%)")
        assert ("recurring causes", "alerts went to an unwatched channel", "in 2 reviews") in rows
        assert ("time to review", "event to review (median)", "1.5 days") in rows
        chart = screen.query_one("#insights-chart", Sparkline)
        assert chart.data == [100.0, 0.0] and chart.display

        index = next(i for i, r in enumerate(rows) if r[0] == "recurring causes")
        figures = screen.query_one("#figures", DataTable)
        figures.move_cursor(row=index)
        await pilot.press("enter")
        await pilot.pause()
        behind = screen.query_one("#behind", DataTable)
        assert [r[2] for r in _rows(behind)] == ["Near miss", "Outage"]
        assert "2 reviews" in str(screen.query_one("#behind-title", Static).render())
        assert behind.has_focus
        await pilot.press("down", "enter")
        await pilot.pause()
        assert app.opened == [a.id]
        await pilot.press("escape")  # back to the figures first
        assert figures.has_focus
        await pilot.press("b")
        await pilot.pause()
        assert not isinstance(app.screen, InsightsScreen)


async def test_empty_store_says_so_at_80_by_24(store: Store, clock: FrozenClock) -> None:
    app = ScreenApp(InsightsScreen, store, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        status = str(app.screen.query_one("#insights-status", Static).render())
        assert "no commitment has come due yet" in status
        assert not app.screen.query_one("#insights-chart", Sparkline).display
        assert app.screen.query_one("#figures", DataTable).region.right <= 80
