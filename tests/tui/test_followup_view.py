"""The follow-up view: groups, filters, and opening a review's follow-up."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

from textual.widgets import DataTable, Static

from pmtui.domain.followup import Filters
from pmtui.domain.model import Commitment, Kind, Review
from pmtui.store.repository import Store
from pmtui.tui.screens.followup import FollowUpScreen, fitted_widths
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
            ("follow-up", "2 of 2 still open"),
        ]
        assert rows[3][4] == "Checkout outage"
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
            "2 of 2 still open",
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


async def test_at_80_columns_every_row_shows_its_review_and_no_scrollbar(
    store: Store, clock: FrozenClock
) -> None:
    """The newcomer's capture at 80x24: the review column was past the right edge, and a
    lone ▉ under the board was the end of its horizontal scrollbar's thumb. What was
    promised and the review now share the room, each cut with an ellipsis."""
    _fill(store)
    app = ScreenApp(FollowUpScreen, store, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#board", DataTable)
        assert table.max_scroll_x == 0
        board = screen_text(app).splitlines()[table.region.y : table.region.bottom]
        assert not any(bar in line for line in board for bar in "▉▊▋▌▍▎▏")
        assert all(len(line) <= 80 for line in board)
        rows = [line for line in board if "overdue" in line or "follow-up" in line]
        assert "alert on queue depth" in rows[0] and "Checkout outage" in rows[0]
        assert "2 of 2 still open" in rows[1] and "Checkout outage" in rows[1]
        await pilot.resize_terminal(60, 20)
        await wait_for(pilot, lambda: table.size.width < 70)
        await settle(pilot)
        assert table.max_scroll_x == 0
        assert any("…" in line for line in screen_text(app).splitlines())


def test_what_and_the_review_share_what_the_other_columns_leave() -> None:
    natural = {"when": 9, "due": 10, "owner": 5, "what": 70, "review": 50}
    assert fitted_widths(natural, 200) == dict.fromkeys(natural)  # all fits: as they are
    widths = fitted_widths(natural, 78)
    assert widths["when"] is widths["due"] is widths["owner"] is None
    assert widths["review"] == 17 and widths["what"] == 27  # two fifths and the rest
    assert sum(natural[k] for k in ("when", "due", "owner")) + 27 + 17 + 2 * 5 == 78
    assert fitted_widths({**natural, "review": 8}, 78)["review"] == 8  # no more than it needs
    assert fitted_widths(natural, 40)["review"] == 12  # at least twelve
    assert fitted_widths(natural, 0) == dict.fromkeys(natural)  # not laid out yet
