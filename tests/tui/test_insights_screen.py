"""Insights: the practice-health charts, the other figures, and the reviews behind them."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from textual.app import App, ComposeResult
from textual.widgets import DataTable, Static

from pmtui.domain import verdicts
from pmtui.domain.health import recount_from_terms
from pmtui.domain.health_recurring import KeptRecurrence
from pmtui.domain.model import Cause, Commitment, Fact, Kind, Outcome, Review, Status
from pmtui.store import health as health_store
from pmtui.store.repository import Store
from pmtui.tui import messages
from pmtui.tui.modals.confirm import ConfirmModal
from pmtui.tui.screens.insights import InsightsScreen, month_label
from pmtui.tui.widgets.health_chart import Bar, HealthChart
from tests.conftest import FrozenClock
from tests.store.helpers import stand_in_coach
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


def _text(screen: InsightsScreen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


def _refuse(monkeypatch: pytest.MonkeyPatch, *methods: str) -> None:
    """Make reading the store through ``methods`` fail the test."""

    def refused(*_args: object) -> None:
        raise AssertionError(f"the store was read through one of {methods}")

    for name in methods:
        monkeypatch.setattr(Store, name, refused)


def test_month_label() -> None:
    assert month_label("2026-10") == "Oct"
    assert month_label("2027-01") == "Jan"


async def test_a_chart_per_figure_a_month_and_its_reviews_by_keys(
    store: Store, clock: FrozenClock
) -> None:
    a, _b = _fill(store)
    app = OpeningApp(InsightsScreen, store, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, InsightsScreen)
        chart = screen.query_one(HealthChart)
        assert chart.has_focus
        assert [b.month for b in chart.bars] == [
            "2026-06", "2026-07", "2026-08", "2026-09", "2026-10", "2026-11"
        ]  # fmt: skip
        await pilot.press("4")  # follow-through
        await pilot.pause()
        assert [(b.month, b.percent, b.part, b.whole) for b in chart.bars[-2:]] == [
            ("2026-10", 100.0, 1, 1),
            ("2026-11", 0.0, 0, 1),
        ]
        assert chart.chosen == 5
        assert _text(screen, "#health-month").startswith("2026-11: 0% (0 of 1).")
        assert _text(screen, "#health-change") == (
            "Commitments kept by their due date fell from 100% to 0% of those due (0 of 1)."
        )
        await pilot.press("left")
        await pilot.pause()
        assert chart.chosen == 4
        assert _text(screen, "#health-month").startswith("2026-10: 100% (1 of 1).")
        await pilot.press("enter")
        await settle(pilot)  # the first list behind reads the index
        behind = screen.query_one("#behind", DataTable)
        assert behind.display and behind.has_focus
        assert [r[2] for r in _rows(behind)] == ["Outage"]
        assert "Behind follow-through 2026-10: 1 review" in _text(screen, "#behind-title")
        await pilot.press("enter")
        await pilot.pause()
        assert app.opened == [a.id]
        await pilot.press("escape")  # back to the chart first
        await pilot.pause()
        assert chart.has_focus and not behind.display
        await pilot.press("b")
        await pilot.pause()
        assert not isinstance(app.screen, InsightsScreen)


async def test_a_click_on_a_bar_lists_its_reviews(store: Store, clock: FrozenClock) -> None:
    _fill(store)
    app = OpeningApp(InsightsScreen, store, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, InsightsScreen)
        await pilot.press("4")
        await pilot.pause()
        chart = screen.query_one(HealthChart)
        region = chart.content_region
        # the fifth of six bars (October), in the middle of its slot
        slot = (region.width - 5) / 6
        await pilot.click(HealthChart, offset=(int(5 + slot * 4.5), region.height // 2))
        await settle(pilot)
        assert chart.chosen == 4
        assert [r[2] for r in _rows(screen.query_one("#behind", DataTable))] == ["Outage"]


async def test_the_other_figures_and_their_reviews(store: Store, clock: FrozenClock) -> None:
    a, _b = _fill(store)
    app = OpeningApp(InsightsScreen, store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, InsightsScreen)
        await pilot.press("5")
        await settle(pilot)  # the other figures are read from the index when asked for
        figures = screen.query_one("#figures", DataTable)
        assert figures.display and figures.has_focus
        rows = _rows(figures)
        assert rows[0] == ("follow-through", "2026-10", "1/1 kept on time (100%)")
        assert rows[1] == ("follow-through", "2026-11", "0/1 kept on time (0%)")
        assert ("recurring causes", "alerts went to an unwatched channel", "in 2 reviews") in rows
        assert ("time to review", "event to review (median)", "1.5 days") in rows
        index = next(i for i, r in enumerate(rows) if r[0] == "recurring causes")
        figures.move_cursor(row=index)
        await pilot.press("enter")
        await pilot.pause()
        behind = screen.query_one("#behind", DataTable)
        assert [r[2] for r in _rows(behind)] == ["Near miss", "Outage"]
        assert "2 reviews" in _text(screen, "#behind-title")
        assert behind.has_focus
        await pilot.press("down", "enter")
        await pilot.pause()
        assert app.opened == [a.id]
        await pilot.press("escape")  # back to the figures first
        assert figures.has_focus


LONG_CAUSE = "The deploy pipeline has no limit on how long a canary stage may wait in the queue"


async def test_at_80_columns_a_long_recurring_cause_leaves_every_value_in_sight(
    store: Store, clock: FrozenClock
) -> None:
    """The cause's words wrap in their column: the values stay on screen (the column took
    the cause's whole width and pushed them past the edge)."""
    for day in (3, 10):
        store.add(
            Review(
                title=f"Queue backlog {day}",
                happened=f"2026-11-{day:02}",
                created=datetime(2026, 11, day, 9),
                causes=[Cause(LONG_CAUSE, "tooling")],
            )
        )
    app = OpeningApp(InsightsScreen, store, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("5")
        await settle(pilot)
        figures = app.screen.query_one("#figures", DataTable)
        widths = [c.get_render_width(figures) for c in figures.ordered_columns]
        assert sum(widths) <= figures.scrollable_content_region.width, widths
        index = next(i for i, r in enumerate(_rows(figures)) if r[0] == "recurring causes")
        assert _rows(figures)[index][2] == "in 2 reviews"
        assert figures.rows[figures.ordered_rows[index].key].height > 1  # its words wrap


async def test_no_review_reads_whole(
    store: Store, clock: FrozenClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The view reads the index and the incidents file only."""
    _fill(store)

    _refuse(monkeypatch, "get", "reviews")
    app = ScreenApp(InsightsScreen, store, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, InsightsScreen)
        assert screen.health is not None
        assert "2 reviews" in _text(screen, "#insights-status")
        await pilot.press("5")
        await settle(pilot)
        assert screen.insights is not None
        assert "2 reviews" in _text(screen, "#insights-status")


async def test_the_charts_read_the_sums_beside_the_index_alone(
    store: Store, clock: FrozenClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Once the sums file is written, the charts parse no index; the lists behind still do."""
    _fill(store)
    first = ScreenApp(InsightsScreen, store, clock)
    async with first.run_test(size=(80, 24)) as pilot:
        await settle(pilot)  # sums the index once and keeps the sums beside it
    assert store.layout.health.exists()
    fresh = Store(store.path, clock=clock)
    read = Store.summaries_read
    _refuse(monkeypatch, "summaries_read")
    app = ScreenApp(InsightsScreen, fresh, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, InsightsScreen)
        assert "2 reviews" in _text(screen, "#insights-status")
        await pilot.press("4")
        await pilot.pause()
        assert _text(screen, "#health-month").startswith("2026-11: 0% (0 of 1).")
        monkeypatch.setattr(Store, "summaries_read", read)
        await pilot.press("enter")
        await settle(pilot)
        rows = _rows(screen.query_one("#behind", DataTable))
        assert [r[2] for r in rows] == ["Outage"]


async def test_empty_store_says_so_at_80_by_24(store: Store, clock: FrozenClock) -> None:
    app = ScreenApp(InsightsScreen, store, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, InsightsScreen)
        assert _text(screen, "#health-change") == (
            "Blame or hindsight wording: nothing to count in 2026-11."
        )
        assert screen.query_one(HealthChart).region.right <= 80


async def test_a_skipped_month_lists_its_incidents(store: Store, clock: FrozenClock) -> None:
    from pmtui.domain.incidents import Incident

    store.add_incident(
        Incident(
            title="search slow", severity="SEV3", started="2026-10-10 12:00",
            logged=datetime(2026, 10, 10, 12),
        )
    )  # fmt: skip
    app = OpeningApp(InsightsScreen, store, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, InsightsScreen)
        await pilot.press("2", "left", "enter")
        await settle(pilot)
        assert _text(screen, "#health-month").startswith("2026-10: 100% (1 of 1).")
        rows = _rows(screen.query_one("#behind", DataTable))
        assert rows == [("2026-10-10", "incident", "search slow")]
        assert "1 incident without one" in _text(screen, "#behind-title")


async def test_after_a_teammates_cause_edit_the_charts_come_first_and_recurrence_follows(
    store: Store, clock: FrozenClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Recurrence is global: a teammate rewording October's cause makes November's cause no
    longer recur. The charts are drawn from the kept sums at once, the recurring count says
    it is being counted (never the old number), keys work meanwhile, and the count arrives."""
    a, _b = _fill(store)
    first = ScreenApp(InsightsScreen, store, clock)
    async with first.run_test(size=(80, 24)) as pilot:
        await settle(pilot)  # the sums are kept, with November's cause recurring
        screen = first.screen
        assert isinstance(screen, InsightsScreen)
        await pilot.press("3")
        await pilot.pause()
        assert _text(screen, "#health-month").endswith("recurring 1.")
    teammate = Store(store.path, clock=clock)
    teammate.update(a.id, lambda r: setattr(r.causes[0], "statement", "the disk filled up"))

    release = threading.Event()
    counting = recount_from_terms

    def held(*args: Any, **kwargs: Any) -> Any:
        assert release.wait(30), "the count was never released"
        return counting(*args, **kwargs)

    kept_counting = KeptRecurrence.count

    def kept_held(*args: Any, **kwargs: Any) -> Any:
        assert release.wait(30), "the count was never released"
        return kept_counting(*args, **kwargs)

    monkeypatch.setattr(health_store, "recount_from_terms", held)
    monkeypatch.setattr(KeptRecurrence, "count", kept_held)  # the background count's
    try:
        app = ScreenApp(InsightsScreen, Store(store.path, clock=clock), clock)
        async with app.run_test(size=(80, 24)) as pilot:
            screen = app.screen
            assert isinstance(screen, InsightsScreen)
            chart = screen.query_one(HealthChart)
            await _until(pilot, lambda: bool(chart.bars))  # drawn while the count is held
            assert "Counting recurring causes" in _text(screen, "#insights-status")
            await pilot.press("3")  # keys work while it counts
            await pilot.pause()
            assert chart.title.startswith("Shallow")
            month = _text(screen, "#health-month")
            assert month.startswith("2026-11: 100% (1 of 1).")
            assert month.endswith("recurring (being counted).")
            await pilot.press("left")
            await pilot.pause()
            assert _text(screen, "#health-month").endswith("recurring (being counted).")
            await pilot.press("right")
            release.set()
            await settle(pilot)
            assert _text(screen, "#health-month").endswith("recurring 0.")
            assert "←/→ a month" in _text(screen, "#insights-status")
    finally:
        release.set()  # never left waiting, whatever failed
    for _ in range(3000):  # the count is given to the view before it is written
        kept = Store(store.path, clock=clock).kept_health_sums()
        if kept is not None and kept[1] is not None:
            break
        threading.Event().wait(0.01)
    assert kept is not None and kept[1] is not None  # the count was kept for the next look


async def _until(pilot: Any, ready: Callable[[], bool]) -> None:
    for _ in range(500):
        if ready():
            return
        await pilot.pause(0.01)
    raise AssertionError("the screen never showed it")


async def test_blame_recomputed_with_todays_coach_after_a_question_and_labelled(
    store_path: Path, clock: FrozenClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``c`` asks first; once answered yes, blame is judged again with today's coach (here
    one that flags "should have", where the coach of the day it was written flagged
    nothing), the chart and the status line say recomputed, nothing is stored, and ``r``
    reads the verdicts people saw when writing again."""
    store = Store(store_path, clock=clock, judge=lambda _stage, _text, _review: [])
    store.add(
        Review(
            title="Outage",
            created=datetime(2026, 11, 3, 9),
            facts=[Fact(what="Bob should have checked the dashboard")],
        )
    )
    monkeypatch.setattr(verdicts, "coach_judge", lambda: stand_in_coach)
    kept = store.layout.index.read_bytes()
    app = OpeningApp(InsightsScreen, store, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, InsightsScreen)
        chart = screen.query_one(HealthChart)
        assert (chart.bars[-1].part, chart.bars[-1].whole) == (0, 1)  # as written
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("n")  # kept as it is
        await settle(pilot)
        assert not isinstance(app.screen, ConfirmModal)
        assert "RECOMPUTED" not in _text(screen, "#insights-status")
        assert (chart.bars[-1].part, chart.bars[-1].whole) == (0, 1)
        await pilot.press("c")
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot)
        assert (chart.bars[-1].part, chart.bars[-1].whole) == (1, 1)
        assert "Blame RECOMPUTED with today's coach" in _text(screen, "#insights-status")
        assert chart.title.endswith("- recomputed")
        assert store.layout.index.read_bytes() == kept  # nothing stored
        await pilot.press("r")
        await settle(pilot)
        assert (chart.bars[-1].part, chart.bars[-1].whole) == (0, 1)
        assert "RECOMPUTED" not in _text(screen, "#insights-status")


async def test_under_a_chart_the_reviews_behind_read_by_day_and_the_sentence_stays_whole(
    store: Store, clock: FrozenClock
) -> None:
    """At 80x24 the list behind a month leaves the month's counts and the sentence on what
    changed whole above it (the sentence's last line was cut off), and lists the reviews by
    the day each happened, the date it shows, newest first, as home does (they came in the
    order they were entered, so the dates read out of order)."""
    _fill(store)
    for i in range(6):  # entered in the opposite order to the days they happened
        store.add(
            Review(
                title=f"Written up {i}",
                happened=f"2026-11-{2 + 2 * i:02}",
                created=datetime(2026, 11, 20 - i, 9),
                commitments=[
                    Commitment(
                        deliverable="page on p99",
                        owner="bo",
                        due=date(2026, 11, 21),
                        status=Outcome.KEPT if i < 3 else Outcome.OPEN,
                        reviewed_at=datetime(2026, 11, 20) if i < 3 else None,
                    )
                ],
            )
        )
    app = OpeningApp(InsightsScreen, store, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, InsightsScreen)
        await pilot.press("4", "enter")  # follow-through, November, its reviews
        await settle(pilot)
        behind = screen.query_one("#behind", DataTable)
        assert [(r[0], r[2]) for r in _rows(behind)] == [
            *((f"2026-11-{2 + 2 * i:02}", f"Written up {i}") for i in reversed(range(6))),
            ("2026-10-01", "Outage"),
        ]
        change = screen.query_one("#health-change", Static)
        month = screen.query_one("#health-month", Static)
        status = screen.query_one("#insights-status", Static)
        sentence = _text(screen, "#health-change")
        assert sentence == (
            "Commitments kept by their due date fell from 100% to 43% of those due (3 of 7)."
        )
        assert change.region.height == 2  # at 80 columns the sentence takes two lines...
        assert month.region.bottom <= change.region.y
        assert change.region.bottom <= status.region.y  # ...both on screen, above the status
        chart = screen.query_one(HealthChart)
        assert chart.region.height >= 8
        assert _y_labels(chart) == ["100", "50", "0"]  # one a row: the bottom one read 25
        assert behind.region.height >= 4 and behind.region.bottom <= 23
        await pilot.press("escape")
        await pilot.pause()
        assert not behind.display and chart.region.height > 8
        assert _y_labels(chart) == ["100", "75", "50", "25", "0"]


def _y_labels(chart: HealthChart) -> list[str]:
    """The y axis's labels as drawn, top to bottom."""
    lines = str(chart.render()).splitlines()
    return [line[: line.index("┤")].strip() for line in lines if "┤" in line]


async def test_incidents_pmtui_cannot_read_are_never_charted_as_none(
    store: Store, clock: FrozenClock
) -> None:
    """A teammate broke the incidents file by hand: the skipped tab says which file and how
    to repair it instead of a chart of months with nothing to count; the figures that do
    not read incidents are drawn, and the file is left as it was."""
    from pmtui.domain.incidents import Incident

    _fill(store)
    store.add_incident(
        Incident(
            title="search slow", severity="SEV3", started="2026-10-10 12:00",
            logged=datetime(2026, 10, 10, 12),
        )
    )  # fmt: skip
    incidents = store.layout.incidents
    broken = incidents.read_bytes()[:-3]
    incidents.write_bytes(broken)
    app = OpeningApp(InsightsScreen, Store(store.path, clock=clock), clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, InsightsScreen)
        chart = screen.query_one(HealthChart)
        assert chart.display and _text(screen, "#health-month").startswith("2026-11:")
        await pilot.press("2")
        await pilot.pause()
        assert not chart.display
        said = _text(screen, "#health-month")
        assert said.startswith(f"Incidents: cannot read {incidents}: it is not valid JSON")
        assert "pmtui restore" in said
        assert _text(screen, "#health-change").startswith("Skipped reviews cannot be counted")
        assert "nothing to count" not in _text(screen, "#health-change")
        await pilot.press("left", "enter")  # no month to open: nothing listed
        await settle(pilot)
        assert not screen.query_one("#behind", DataTable).display
        assert _text(screen, "#health-month").startswith("Incidents: cannot read")
        await pilot.press("4")
        await pilot.pause()
        assert chart.display and chart.title.startswith("Follow-through")
        assert _text(screen, "#health-month").startswith("2026-11: 0% (0 of 1).")
        await pilot.press("5")
        await settle(pilot)
        status = _text(screen, "#insights-status")
        assert "The incidents file cannot be read: review coverage is left out." in status
        assert not any(
            r[0] == "review coverage" for r in _rows(screen.query_one("#figures", DataTable))
        )
    assert incidents.read_bytes() == broken


class _ChartApp(App[None]):
    """One chart, nothing else, at the height a test gives it."""

    def compose(self) -> ComposeResult:
        yield HealthChart()


@pytest.mark.parametrize(
    ("height", "labels"),
    [
        (8, ["100", "50", "0"]),  # the chart's height with a list of reviews under it
        (9, ["100", "50", "0"]),
        (10, ["100", "50", "0"]),
        (11, ["100", "75", "50", "25", "0"]),
        (16, ["100", "75", "50", "25", "0"]),
    ],
)
async def test_the_y_axis_labels_each_row_with_its_own_value(
    height: int, labels: list[str]
) -> None:
    """Blame's low bars on a short chart: plotext put two ticks on one row and the bottom
    row, where the 3% bars are, read ``25`` (at 8 rows) or the top one ``75`` (at 10)."""
    app = _ChartApp()
    async with app.run_test(size=(80, 24)) as pilot:
        chart = app.query_one(HealthChart)
        shares = [15.0, 11.4, 10.3, 5.3, 3.4, 2.9]
        months = [f"2026-{m:02}" for m in range(7, 13)]
        chart.show_bars(
            [Bar(m, month_label(m), p, 1, 9) for m, p in zip(months, shares, strict=True)],
            "Blame",
            "% of judged statements",
            "month",
        )
        chart.chosen = 4
        chart.styles.height = height
        await pilot.pause()
        assert chart.size.height == height
        assert _y_labels(chart) == labels
