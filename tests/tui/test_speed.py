"""What keeps the app fast: saves in bursts, sheets read when needed, data read ahead."""

from __future__ import annotations

import importlib
import pkgutil
import time
from concurrent.futures import Future
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

import pmtui.tui.forms
import pmtui.tui.modals
import pmtui.tui.screens
from pmtui.domain.model import Review
from pmtui.editing import session as session_mod
from pmtui.editing.session import ReviewSession
from pmtui.store.errors import StoreError
from pmtui.store.repository import Store
from pmtui.tui import styles
from pmtui.tui.app import PmtuiApp, make_app
from pmtui.tui.screens.home import FIRST_ROWS
from pmtui.tui.widgets.item_list import ItemList
from tests.tui.pilot_helpers import SIZE, make_review, on_home

START = datetime(2026, 1, 1)


def _counting_updates(store: Store, monkeypatch: pytest.MonkeyPatch, delay: float) -> list[float]:
    calls: list[float] = []
    update = store.update

    def slow_update(review_id: str, change: Any) -> Review:
        calls.append(time.monotonic())
        time.sleep(delay)  # a save as slow as a big store's
        return update(review_id, change)

    monkeypatch.setattr(store, "update", slow_update)
    return calls


def test_typing_on_a_slow_store_is_saved_in_one_burst(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    review = store.add(Review(title=""))
    calls = _counting_updates(store, monkeypatch, delay=0.06)
    session = ReviewSession(store, store.get(review.id), user="ana")
    session.set("review", None, "title", "d")  # saved at once: no save was slow yet
    time.sleep(0.02)
    for typed in ("da", "dat", "data", "datab", "database"):
        session.set("review", None, "title", typed)
    assert session.flush()
    assert store.get(review.id).title == "database"
    assert len(calls) == 2
    session.close()


def test_a_flush_does_not_wait_for_a_pause_in_the_typing(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    review = store.add(Review(title=""))
    monkeypatch.setattr(session_mod, "SAVE_QUIET_FACTOR", 1000)
    monkeypatch.setattr(session_mod, "SAVE_QUIET_MAX", 60.0)
    monkeypatch.setattr(session_mod, "SAVE_AT_MOST", 60.0)
    _counting_updates(store, monkeypatch, delay=0.05)
    session = ReviewSession(store, store.get(review.id), user="ana")
    session.set("review", None, "title", "first")
    assert session.flush(timeout=10)
    session.set("review", None, "title", "second")  # would wait a minute for a pause
    assert session.flush(timeout=10)
    assert store.get(review.id).title == "second"
    session.close()


def test_every_stylesheet_is_read_by_the_app_or_a_screen() -> None:
    named = {str(p) for p in PmtuiApp.CSS_PATH}
    assert {Path(p).name for p in styles.sheets(*styles.STARTUP)} == {"app.tcss", "home.tcss"}
    packages = (pmtui.tui.screens, pmtui.tui.forms, pmtui.tui.modals)
    found = [(p.__name__, i.name) for p in packages for i in pkgutil.iter_modules(p.__path__)]
    for package, name in found:
        module = importlib.import_module(f"{package}.{name}")
        for obj in vars(module).values():
            paths = getattr(obj, "CSS_PATH", None) if isinstance(obj, type) else None
            if isinstance(paths, list):
                named |= {str(p) for p in paths}
    assert named == {str(p) for p in styles.stylesheets()}


async def test_the_home_list_is_whole_once_its_first_screenful_is_painted(
    app: PmtuiApp, store: Store
) -> None:
    with store.batch() as txn:
        for i in range(FIRST_ROWS + 30):
            txn.put(make_review(f"review {i}", created=START + timedelta(minutes=i)))
    async with app.run_test(size=SIZE) as pilot:
        home = await on_home(app, pilot)
        table = home.query_one("#reviews", ItemList)
        assert table.row_count == FIRST_ROWS + 30
        assert len({s.id for s in table.items}) == FIRST_ROWS + 30
        home.query_one("#search").value = "review 12"  # type: ignore[attr-defined]
        await pilot.pause()
        assert 0 < table.row_count == len(home.shown_summaries()) < FIRST_ROWS


async def test_lists_read_ahead_are_shown_on_the_first_frame(
    store: Store, clock: Any, config_dir: Path
) -> None:
    store.add(make_review("read ahead", created=START))
    ahead: Future[Any] = Future()
    lists = (store.summaries(), store.open_digest(clock().date()), store.incident_lists(), None)
    ahead.set_result(lists)
    app = make_app(store=store, clock=clock, user="ana", config_dir=config_dir, read_ahead=ahead)
    async with app.run_test(size=SIZE):
        home = app.screen
        assert home.data is not None  # type: ignore[attr-defined]
        assert [s.title for s in home.data.summaries] == ["read ahead"]  # type: ignore[attr-defined]
        assert app.take_read_ahead() is None  # used once


async def test_a_failed_read_ahead_is_read_again(
    store: Store, clock: Any, config_dir: Path
) -> None:
    store.add(make_review("read again", created=START))
    ahead: Future[Any] = Future()
    ahead.set_exception(StoreError("disk hiccup"))
    app = make_app(store=store, clock=clock, user="ana", config_dir=config_dir, read_ahead=ahead)
    async with app.run_test(size=SIZE) as pilot:
        home = await on_home(app, pilot)
        assert home.data is not None
        assert [s.title for s in home.data.summaries] == ["read again"]


async def test_the_first_screen_file_paints_the_first_rows_then_the_whole_list_follows(
    store: Store, clock: Any, config_dir: Path
) -> None:
    with store.batch() as txn:
        for i in range(FIRST_ROWS + 30):
            txn.put(make_review(f"review {i}", created=START + timedelta(minutes=i)))
    today = clock().date()
    store.keep_first_screen(today, FIRST_ROWS)
    first = Store(store.path).first_screen(today, FIRST_ROWS)
    assert first is not None
    summaries, total, digest, incidents = first
    ahead: Future[Any] = Future()
    ahead.set_result((summaries, digest, incidents, total))
    app = make_app(store=store, clock=clock, user="ana", config_dir=config_dir, read_ahead=ahead)
    async with app.run_test(size=SIZE) as pilot:
        home = app.screen
        table = home.query_one("#reviews", ItemList)
        note = home.query_one("#list-note")
        assert f"{total} of {total} reviews" in str(note.render())
        assert table.cells_at(0)[1] == f"review {FIRST_ROWS + 29}"  # newest first
        for _ in range(100):
            if table.row_count == FIRST_ROWS + 30:
                break
            await pilot.pause(0.05)
        assert table.row_count == FIRST_ROWS + 30
        assert len({s.id for s in table.items}) == FIRST_ROWS + 30
        assert home.data is not None and not home.data.partial  # type: ignore[attr-defined]
        assert f"{total} of {total} reviews" in str(note.render())
