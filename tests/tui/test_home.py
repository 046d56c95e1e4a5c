"""The home screen: carry-over, the list newest first, filters, search, empty and damaged stores."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from textual.widgets import Input, Select, Static

from pmtui.domain.model import Kind, Status
from pmtui.store.errors import ListingStopped
from pmtui.store.repository import Store
from pmtui.tui.app import PmtuiApp
from pmtui.tui.screens.home import EMPTY_TEXT, ROW_LIMIT
from pmtui.tui.widgets.item_list import ItemList
from tests.tui.pilot_helpers import (
    SIZE,
    click_when_shown,
    list_texts,
    make_review,
    on_home,
    on_review,
    wait_for,
)

TODAY = date(2026, 11, 23)


def fill(store: Store) -> None:
    store.add(
        make_review(
            "Checkout [bold]errors[/]",
            created=datetime(2026, 11, 20, 9),
            tags=("payments",),
            due=(TODAY - timedelta(days=2), TODAY + timedelta(days=3), TODAY + timedelta(days=30)),
        )
    )
    store.add(
        make_review(
            "Project 🎉 wrap 漢字",
            created=datetime(2026, 11, 10, 9),
            kind=Kind.LESSONS,
            status=Status.REVIEWED,
            tags=("launch",),
        )
    )
    store.add(make_review("Disk full on db-2", created=datetime(2026, 11, 22, 9), due=(None,)))


async def test_empty_store_says_what_pmtui_is_for_and_how_to_start(app: PmtuiApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        home = await on_home(app, pilot)
        empty = home.query_one("#empty", Static)
        assert empty.display
        assert "n   new review" in EMPTY_TEXT and "q   quick review" in EMPTY_TEXT
        assert not home.query_one("#reviews").display
        assert not home.query_one("#carry-over").display


async def test_reviews_newest_first_with_open_and_overdue_counts(
    app: PmtuiApp, store: Store
) -> None:
    fill(store)
    async with app.run_test(size=SIZE) as pilot:
        home = await on_home(app, pilot)
        rows = list_texts(home.query_one("#reviews", ItemList))
        assert [r[1] for r in rows] == [
            "Disk full on db-2",
            "Checkout [bold]errors[/]",
            "Project 🎉 wrap 漢字",
        ]
        assert rows[1] == [
            "postmortem",
            "Checkout [bold]errors[/]",
            "2026-11-20",
            "draft",
            "3",
            "1",
        ]
        assert rows[2][3:] == ["reviewed", "-", "-"]
        assert not home.query_one("#empty").display


async def test_carry_over_lists_overdue_and_due_this_week_only(app: PmtuiApp, store: Store) -> None:
    fill(store)
    async with app.run_test(size=SIZE) as pilot:
        home = await on_home(app, pilot)
        rows = list_texts(home.query_one("#carry-over-table", ItemList))
        assert [r[0] for r in rows] == ["2026-11-21", "2026-11-26"]
        assert "1 overdue, 1 due within a week" in str(
            home.query_one("#carry-over-title", Static).render()
        )
        table = home.query_one("#carry-over-table", ItemList)
        table.focus()
        await pilot.press("enter")
        review = await on_review(app, pilot)
        assert review.current == "commitments"
        assert review.review.title == "Checkout [bold]errors[/]"


async def test_search_kind_status_and_tag_filters(app: PmtuiApp, store: Store) -> None:
    fill(store)
    async with app.run_test(size=SIZE) as pilot:
        home = await on_home(app, pilot)
        table = home.query_one("#reviews", ItemList)
        await pilot.press("slash", *"disk")
        assert [r[1] for r in list_texts(table)] == ["Disk full on db-2"]
        await pilot.press("enter")  # back to the list
        assert table.has_focus
        home.query_one("#search", Input).value = "漢字"
        await pilot.pause()
        assert [r[1] for r in list_texts(table)] == ["Project 🎉 wrap 漢字"]
        home.query_one("#search", Input).value = "nothing like this"
        await pilot.pause()
        assert table.row_count == 0
        assert "No review matches" in str(home.query_one("#list-note", Static).render())
        home.clear_filters()
        await pilot.pause()
        assert table.row_count == 3
        await pilot.press("k", "k")  # postmortem, then lessons
        assert home.query_one("#kind-filter", Select).value is Kind.LESSONS
        assert [r[1] for r in list_texts(table)] == ["Project 🎉 wrap 漢字"]
        home.clear_filters()
        await pilot.press("s")  # draft
        assert {r[3] for r in list_texts(table)} == {"draft"}
        assert table.row_count == 2
        home.clear_filters()
        await pilot.press("t", *"PAYMENTS")
        assert [r[1] for r in list_texts(table)] == ["Checkout [bold]errors[/]"]


async def test_the_kind_filter_opens_its_list_when_first_asked(app: PmtuiApp, store: Store) -> None:
    """The filters' drop-downs are built when first opened, and work as a Select's."""
    from textual.widgets._select import SelectOverlay

    fill(store)
    async with app.run_test(size=SIZE) as pilot:
        home = await on_home(app, pilot)
        table = home.query_one("#reviews", ItemList)
        kind = home.query_one("#kind-filter", Select)
        assert not home.query(SelectOverlay)  # nothing built for the first frame
        await pilot.press("k", "k")  # lessons, chosen without the list
        assert [r[1] for r in list_texts(table)] == ["Project 🎉 wrap 漢字"]
        await click_when_shown(pilot, "#label", within=kind)  # its shown value
        await wait_for(pilot, lambda: kind.expanded and home.query(SelectOverlay))
        overlay = kind.query_one(SelectOverlay)
        await wait_for(pilot, lambda: overlay.has_focus)
        assert [str(o.prompt) for o in overlay.options] == ["any kind"] + [k.label for k in Kind]
        assert overlay.highlighted == list(Kind).index(Kind.LESSONS) + 1
        await pilot.press("up", "enter")  # the kind before lessons: postmortem
        await wait_for(pilot, lambda: not kind.expanded)
        assert kind.value is Kind.POSTMORTEM
        assert {r[0] for r in list_texts(table)} == {Kind.POSTMORTEM.value}
        assert not home.query_one("#status-filter").query(SelectOverlay)
        home.query_one("#status-filter", Select).focus()
        await pilot.press("enter")  # the keyboard opens it too
        status = home.query_one("#status-filter", Select)
        await wait_for(pilot, lambda: status.expanded and status.query(SelectOverlay))
        await pilot.press("down", "enter")  # the first status: draft
        await wait_for(pilot, lambda: not status.expanded)
        assert status.value is Status.DRAFT
        assert {r[3] for r in list_texts(table)} == {"draft"}


async def test_enter_opens_the_selected_review(app: PmtuiApp, store: Store) -> None:
    fill(store)
    async with app.run_test(size=SIZE) as pilot:
        await on_home(app, pilot)
        await pilot.press("down", "enter")
        review = await on_review(app, pilot)
        assert review.review.title == "Checkout [bold]errors[/]"
        await pilot.press("tab")  # leave the title field: b is typed into fields
        await pilot.press("ctrl+o")
        await on_home(app, pilot)


async def test_big_store_shows_a_capped_list(app: PmtuiApp, store: Store) -> None:
    with store.batch() as txn:
        for i in range(ROW_LIMIT + 5):
            txn.put(make_review(f"review {i}", created=datetime(2026, 1, 1) + timedelta(minutes=i)))
    async with app.run_test(size=SIZE) as pilot:
        home = await on_home(app, pilot)
        assert home.query_one("#reviews", ItemList).row_count == ROW_LIMIT
        assert "search to narrow" in str(home.query_one("#list-note", Static).render())


async def test_damaged_store_shows_what_to_do_and_does_not_crash(
    app: PmtuiApp, store: Store, store_path: Path
) -> None:
    fill(store)
    store_path.write_text("{ this is not json")
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.screen.query_one("#problem").display)
        text = str(app.screen.query_one("#problem", Static).render())
        assert "cannot read the store" in text and "pmtui restore" in text
        await pilot.press("n")  # the app still works
        await wait_for(pilot, lambda: type(app.screen).__name__ == "NewReviewScreen")


async def test_ready_log_written_once_after_home_is_painted(
    app: PmtuiApp, store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    log = tmp_path / "ready.log"
    monkeypatch.setenv("PMTUI_READY_LOG", str(log))
    fill(store)
    async with app.run_test(size=SIZE) as pilot:
        await on_home(app, pilot)
        await wait_for(pilot, log.exists)
        await pilot.press("r")
        await on_home(app, pilot)
        await pilot.pause()
    lines = log.read_text().splitlines()
    assert len(lines) == 1
    word, stamp, cpu = lines[0].split()  # when, and the CPU time used to the frame
    assert word == "ready" and float(stamp) > 0 and 0 < float(cpu) < float(stamp)


async def test_a_reload_still_reading_when_the_app_closes_ends_quietly(
    app: PmtuiApp, store: Store
) -> None:
    store.add(make_review("one", created=datetime(2026, 11, 22, 9)))
    async with app.run_test(size=SIZE) as pilot:
        home = await on_home(app, pilot)
    # The app has closed (after a sync, say, asked home to read the store again):
    # the thread that was still reading finds no app, and must end without an error.
    assert not home.is_attached
    home.read_and_show()


async def test_a_save_made_while_another_screen_was_shown_is_listed_on_coming_back(
    app: PmtuiApp, store: Store
) -> None:
    """Away from home (here its help), someone's save is not read at once: it is when
    the home screen is shown again."""
    store.add(make_review("first", created=datetime(2026, 11, 1)))
    async with app.run_test(size=SIZE) as pilot:
        home = await on_home(app, pilot)
        table = home.query_one("#reviews", ItemList)
        await wait_for(pilot, lambda: home.data is not None and table.row_count == 1)
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: app.screen is not home)
        seen = home._token
        Store(store.path).add(make_review("second, saved elsewhere", created=datetime(2026, 11, 2)))
        await wait_for(pilot, lambda: home._token != seen)  # the watch saw it, home was hidden
        await pilot.pause(0.2)
        assert table.row_count == 1
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is home)
        await wait_for(pilot, lambda: table.row_count == 2)


async def test_a_save_seen_just_before_another_screen_opens_is_read_on_coming_back(
    app: PmtuiApp, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A teammate's save lands and a key opens another screen at once: the list is not read
    again behind that screen (the work of the screen just opened comes first), and it is
    when home is shown again."""
    store.add(make_review("first", created=datetime(2026, 11, 1)))
    async with app.run_test(size=SIZE) as pilot:
        home = await on_home(app, pilot)
        table = home.query_one("#reviews", ItemList)
        await wait_for(pilot, lambda: home.data is not None and table.row_count == 1)
        reads = []
        monkeypatch.setattr(type(home), "read_and_show", lambda self: reads.append(1))
        seen = home._token
        Store(store.path).add(make_review("second, saved elsewhere", created=datetime(2026, 11, 2)))
        await wait_for(pilot, lambda: home._token != seen)  # the watch saw it, home in front
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: app.screen is not home)
        await pilot.pause(0.5)  # past the quiet time the reload waits for
        assert reads == []
        monkeypatch.undo()
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is home)
        await wait_for(pilot, lambda: table.row_count == 2)


async def test_a_whole_list_read_stops_when_another_screen_opens_and_reads_on_coming_back(
    app: PmtuiApp, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The home list's read of the whole index (after the first frame, or after a save)
    stops once another screen is in front, leaving that screen's work the interpreter;
    home reads the list when it is shown again."""
    from pmtui.store import repository

    for i in range(3):
        store.add(make_review(f"review {i}", created=datetime(2026, 11, 1 + i)))
    async with app.run_test(size=SIZE) as pilot:
        home = await on_home(app, pilot)
        table = home.query_one("#reviews", ItemList)
        await wait_for(pilot, lambda: home.data is not None and table.row_count == 3)
        await pilot.press("i")  # the insights view: a screen of its own, home not seen
        await wait_for(pilot, lambda: app.screen is not home)
        Store(store.path).add(make_review("saved elsewhere", created=datetime(2026, 11, 9)))
        monkeypatch.setattr(repository, "LISTING_SLICE", 1)
        stopped = []
        listing = Store.listing

        def watched(self: Store, stop: object = None) -> object:
            try:
                return listing(self, stop)  # type: ignore[arg-type]
            except ListingStopped:
                stopped.append(1)
                raise

        monkeypatch.setattr(Store, "listing", watched)
        await asyncio.to_thread(home.read_and_show)  # a read under way as insights opened
        assert stopped == [1]
        assert table.row_count == 3
        await pilot.press("b")
        await wait_for(pilot, lambda: app.screen is home)
        await wait_for(pilot, lambda: table.row_count == 4)


async def test_the_list_is_ordered_by_the_day_each_review_happened_even_filtered_and_live(
    app: PmtuiApp, store: Store
) -> None:
    """Its date column shows when a review happened; it was ordered by when it was entered,
    so an old outage written up late stood above last night's."""
    for title, happened, created in (
        ("Disk full on the build host", "2026-11-21 09:00", datetime(2026, 11, 21, 10)),
        ("Old outage written up late", "2026-10-02", datetime(2026, 11, 22, 9)),
        ("Payments timeout", "2026-11-22 16:30", datetime(2026, 11, 22, 17)),
    ):
        review = make_review(title, created=created, tags=("payments",))
        review.happened = happened
        store.add(review)
    async with app.run_test(size=SIZE) as pilot:
        home = await on_home(app, pilot)
        table = home.query_one("#reviews", ItemList)
        await wait_for(pilot, lambda: table.row_count == 3)
        assert [(r[1], r[2]) for r in list_texts(table)] == [
            ("Payments timeout", "2026-11-22"),
            ("Disk full on the build host", "2026-11-21"),
            ("Old outage written up late", "2026-10-02"),
        ]
        teammate = make_review("Queue backed up", created=datetime(2026, 11, 23, 8))
        teammate.happened = "2026-11-21 22:00"
        Store(store.path).add(teammate)
        await wait_for(pilot, lambda: table.row_count == 4)
        assert [r[1] for r in list_texts(table)] == [
            "Payments timeout",
            "Queue backed up",  # the same day as the disk, entered after it
            "Disk full on the build host",
            "Old outage written up late",
        ]
        home.query_one("#tag-filter", Input).value = "payments"
        await wait_for(pilot, lambda: table.row_count == 3)
        assert [r[1] for r in list_texts(table)] == [
            "Payments timeout",
            "Disk full on the build host",
            "Old outage written up late",
        ]


async def test_escape_in_a_filter_field_clears_it_then_goes_back_to_the_list(
    app: PmtuiApp, store: Store
) -> None:
    """Found by a newcomer: escape did nothing in the search and tag fields."""
    from textual.widgets._footer import FooterKey

    def key_line() -> str:
        return " ".join(f"{k.key_display} {k.description}" for k in home.query(FooterKey))

    def has_focus(field: Input) -> Callable[[], bool]:
        return lambda: field.has_focus

    fill(store)
    async with app.run_test(size=(80, 24)) as pilot:
        home = await on_home(app, pilot)
        table = home.query_one("#reviews", ItemList)
        for key, field_id, text in (("slash", "#search", "disk"), ("t", "#tag-filter", "ops")):
            field = home.query_one(field_id, Input)
            await pilot.press(key)
            await wait_for(pilot, has_focus(field))
            await wait_for(pilot, lambda: "esc Back to the list" in key_line())
            await pilot.press(*text)
            await wait_for(pilot, lambda: "esc Clear the filter" in key_line())
            assert table.row_count < 3
            await pilot.press("escape")  # clears the field, and stays in it
            assert field.value == "" and field.has_focus
            await wait_for(pilot, lambda: table.row_count == 3)
            await wait_for(pilot, lambda: "esc Back to the list" in key_line())
            await pilot.press("escape")  # empty: back to the list
            await wait_for(pilot, lambda: table.has_focus)
            assert "esc" not in key_line().split()
