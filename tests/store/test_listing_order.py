"""The store lists reviews by the day they happened, newest first, wherever it lists them."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import orjson

from pmtui.domain.model import Review
from pmtui.store.repository import Store

TODAY = date(2026, 11, 30)
NEWEST_HAPPENED_FIRST = ["payments timeout", "disk full", "old outage entered late"]


def fill(path: Path) -> Store:
    store = Store(path)
    for title, happened, created in (
        ("disk full", "2026-11-27 09:00", datetime(2026, 11, 27, 10)),
        ("old outage entered late", "2026-10-02", datetime(2026, 11, 29, 9)),
        ("payments timeout", "2026-11-28 16:30", datetime(2026, 11, 28, 17)),
    ):
        store.add(Review(title=title, happened=happened, created=created, updated=created))
    return store


def test_the_listing_the_summaries_and_a_fresh_read_agree(tmp_path: Path) -> None:
    store = fill(tmp_path / "pmtui.json")
    assert [s.title for s in store.listing()] == NEWEST_HAPPENED_FIRST
    assert [s.title for s in store.summaries()] == NEWEST_HAPPENED_FIRST
    fresh = Store(store.path)
    assert [s.title for s in fresh.listing()] == NEWEST_HAPPENED_FIRST


def test_the_first_screen_file_keeps_the_same_order(tmp_path: Path) -> None:
    store = fill(tmp_path / "pmtui.json")
    store.keep_first_screen(TODAY, 2)
    got = Store(store.path).first_screen(TODAY, 2)
    assert got is not None
    assert [s.title for s in got[0]] == NEWEST_HAPPENED_FIRST[:2]


def test_a_first_screen_file_in_the_last_entered_order_is_not_painted(tmp_path: Path) -> None:
    """A file written before the order changed lists the last entered first: the first
    frame would show them, and the whole read move them a moment later."""
    store = fill(tmp_path / "pmtui.json")
    store.keep_first_screen(TODAY, 2)
    path = store.layout.first_screen
    data = orjson.loads(path.read_bytes())
    data["version"] = 3
    path.write_bytes(orjson.dumps(data))
    assert Store(store.path).first_screen(TODAY, 2) is None


def test_a_teammate_s_save_takes_its_place_by_the_day_it_happened(tmp_path: Path) -> None:
    store = fill(tmp_path / "pmtui.json")
    assert [s.title for s in store.listing()] == NEWEST_HAPPENED_FIRST
    teammate = Store(store.path)
    teammate.add(Review(title="queue backed up", happened="2026-11-27 22:00"))
    assert [s.title for s in store.listing()] == [
        "payments timeout",
        "queue backed up",  # entered after "disk full", the same day
        "disk full",
        "old outage entered late",
    ]
