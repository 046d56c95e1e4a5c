"""The follow-up view: groups, filters, and opening a review's follow-up."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

from textual.widgets import DataTable, Static

from pmtui.domain.followup import Filters
from pmtui.domain.model import Commitment, Kind, Review
from pmtui.store.repository import Store
from pmtui.tui.screens.followup import FollowUpScreen
from pmtui.tui.screens.followup_review import FollowUpReviewScreen
from tests.conftest import FrozenClock
from tests.tui.followup_harness import ScreenApp, settle
from tests.tui.pilot_helpers import wait_for
from tests.tui.screen_tour import screen_text

TODAY = date(2026, 11, 23)
SIZE = (100, 30)


def _fill(store: Store) -> dict[str, Review]:
    made = {}
    made["outage"] = store.add(
        Review(
            title="Checkout outage",
            created=datetime(2026, 10, 1, 9),
            tags=["payments"],
            participants=["ana", "bo"],
            follow_up_on=TODAY - timedelta(days=2),
            commitments=[
                Commitment(
                    deliverable="alert on queue depth", owner="ana", due=TODAY - timedelta(days=4)
                ),
                Commitment(
                    deliverable="failover runbook", owner="bo", due=TODAY + timedelta(days=3)
                ),
            ],
        )
    )
    made["search"] = store.add(
        Review(
            title="Slow search [red]x[/]",
            kind=Kind.QUICK,
            created=datetime(2026, 11, 20, 9),
            participants=["cy"],
            commitments=[
                Commitment(deliverable="index titles", owner="cy", due=TODAY + timedelta(days=20))
            ],
        )
    )
    return made


def _rows(table: DataTable[object]) -> list[tuple[str, ...]]:
    return [tuple(str(c) for c in table.get_row_at(i)) for i in range(table.row_count)]


async def test_groups_and_reviews_due(store: Store, clock: FrozenClock) -> None:
    _fill(store)
    app = ScreenApp(FollowUpScreen, store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#board", DataTable)
        rows = _rows(table)
        assert [(r[0], r[3]) for r in rows] == [
            ("overdue", "alert on queue depth"),
            ("due soon", "failover runbook"),
            ("later", "index titles"),
            ("follow-up", "Checkout outage: 2 of 2 commitments still open"),
        ]
        assert rows[2][4] == "Slow search [red]x[/]"  # user text shown as typed, never as markup
        counts = str(app.screen.query_one("#followup-counts", Static).render())
        assert "1 overdue · 1 due soon · 1 later · 1 review ready" in counts


async def test_filters_mine_kind_and_clear(store: Store, clock: FrozenClock) -> None:
    _fill(store)
    app = ScreenApp(FollowUpScreen, store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, FollowUpScreen)
        await pilot.press("m")
        await settle(pilot)
        assert screen.filters == Filters(owner="ana")
        assert [r[3] for r in _rows(screen.query_one("#board", DataTable))] == [
            "alert on queue depth",
            "Checkout outage: 2 of 2 commitments still open",
        ]
        await pilot.press("c", "k", "k")  # postmortem, then lessons-learned
        await settle(pilot)
        assert screen.filters.kind is Kind.LESSONS
        assert screen.query_one("#board", DataTable).row_count == 0
        assert "press c to clear" in str(screen.query_one("#followup-note", Static).render())
        await pilot.press("c", "t")
        await pilot.press(*"payments", "enter")
        await settle(pilot)
        assert screen.filters == Filters(tag="payments")
        assert screen.query_one("#board", DataTable).row_count == 3


async def test_enter_opens_the_follow_up_of_that_review_and_b_goes_back(
    store: Store, clock: FrozenClock
) -> None:
    made = _fill(store)
    app = ScreenApp(FollowUpScreen, store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("down", "enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, FollowUpReviewScreen)
        assert screen.review_id == made["outage"].id
        assert screen.current is not None and screen.current.deliverable == "failover runbook"
        await pilot.press("escape")
        await pilot.press("b")
        await pilot.pause()
        assert not isinstance(app.screen, (FollowUpScreen, FollowUpReviewScreen))


async def test_someone_elses_save_shows_up(store: Store, clock: FrozenClock) -> None:
    _fill(store)
    app = ScreenApp(FollowUpScreen, store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, FollowUpScreen)
        Store(store.path, clock=clock).add(
            Review(
                title="New",
                commitments=[
                    Commitment(deliverable="late one", owner="dee", due=TODAY - timedelta(days=1))
                ],
            )
        )
        screen._poll()
        await settle(pilot)
        assert screen.board is not None and len(screen.board.overdue) == 2


async def test_fits_in_80_by_24(store: Store, clock: FrozenClock) -> None:
    _fill(store)
    app = ScreenApp(FollowUpScreen, store, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#board", DataTable)
        assert table.region.height >= 5
        assert table.region.right <= 80


async def test_reached_from_home_with_f_and_from_the_palette(
    store: Store, clock: FrozenClock, config_dir: Path
) -> None:
    from pmtui.tui.app import make_app
    from pmtui.tui.screens.insights import InsightsScreen

    made = _fill(store)
    app = make_app(store=store, clock=clock, user="ana", config_dir=config_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        assert isinstance(app.screen, FollowUpScreen)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, FollowUpReviewScreen)
        assert app.screen.review_id == made["outage"].id
        await pilot.press("escape", "b")
        await settle(pilot)
        titles = [c.title for c in app.palette_commands()]
        assert "Follow-up: what is due" in titles and "Insights: follow-through" in titles
        await pilot.press("i")
        await settle(pilot)
        assert isinstance(app.screen, InsightsScreen)


async def test_a_big_board_from_the_file_scrolls_and_opens_its_last_row(
    store: Store, clock: FrozenClock
) -> None:
    with store.batch() as txn:
        for i in range(230):
            txn.put(
                Review(
                    title=f"review {i:03}",
                    created=datetime(2026, 10, 1, 9),
                    follow_up_on=TODAY + timedelta(days=30),
                    commitments=[
                        Commitment(
                            deliverable=f"fix {i:03}",
                            owner="ana",
                            due=TODAY - timedelta(days=1 + i),
                        )
                    ],
                )
            )
    reader = Store(store.path, clock=clock)
    reader.follow_up_lists(TODAY)
    reader.keep_follow_up()  # as a first view does: the next fresh one reads the file
    fresh = Store(store.path, clock=clock)
    app = ScreenApp(FollowUpScreen, fresh, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, FollowUpScreen)
        assert not fresh._open.parsed, "answered from the file"
        table = screen.query_one("#board", DataTable)
        counts = str(screen.query_one("#followup-counts", Static).render())
        assert counts.startswith("230 overdue · 0 due soon · 0 later")
        assert "first 200" in str(screen.query_one("#followup-note", Static).render())
        rows = _rows(table)
        assert [r[3] for r in rows] == [f"fix {i:03}" for i in range(229, 29, -1)]
        await pilot.press(*["pagedown"] * 15)  # a key every terminal sends
        await pilot.pause()
        assert table.cursor_row == 199
        await pilot.press("enter")
        await settle(pilot)
        opened = app.screen
        assert isinstance(opened, FollowUpReviewScreen)
        assert opened.current is not None and opened.current.deliverable == "fix 030"


async def test_a_board_wider_than_80_columns_draws_no_scrollbar_under_it(
    store: Store, clock: FrozenClock
) -> None:
    """The newcomer's capture at 80x24: a lone ▉ under the board, the end of the thumb of
    the horizontal scrollbar of a board wider than the screen (its review column is past
    the edge). The columns past the edge are still reached with the arrow keys."""
    _fill(store)
    app = ScreenApp(FollowUpScreen, store, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#board", DataTable)
        assert table.max_scroll_x > 0  # wider than the screen
        assert table.scrollable_content_region.bottom == table.content_region.bottom
        board = screen_text(app).splitlines()[table.region.y : table.region.bottom]
        assert not any(bar in line for line in board for bar in "▉▊▋▌▍▎▏")
        await pilot.press("right")
        await wait_for(pilot, lambda: table.scroll_x > 0)
