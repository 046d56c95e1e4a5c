"""Being told when a store changes: notifications when there are some, a check when not."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from pmtui.domain.model import Review
from pmtui.store.presence import Presence
from pmtui.store.repository import Store
from pmtui.store.watch import StoreWatch


def _until(check: Callable[[], bool], timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "timed out waiting"
        time.sleep(0.02)


@pytest.fixture
def saved_store(tmp_path: Path) -> Store:
    store = Store(tmp_path / "store" / "pmtui.json")
    store.add(Review(title="one"))
    return store


def test_a_save_wakes_the_watch_by_notification(saved_store: Store) -> None:
    woken = threading.Event()
    watch = StoreWatch(saved_store.path, woken.set, fallback=60.0)  # no timed wakes here
    watch.start()
    try:
        time.sleep(0.3)  # the watch is set up
        woken.clear()
        saved_store.add(Review(title="two"))
        assert woken.wait(3.0), "a save did not wake the watch"
        assert watch.mode == "notifications"
        woken.clear()
        Presence(saved_store.layout.directory, "r", "ben").beat()
        assert not woken.wait(1.0), "a heartbeat woke the watch"
    finally:
        watch.stop()
        watch.join(2.0)
    assert not watch._thread.is_alive()


def test_without_notifications_it_checks_on_its_own(saved_store: Store) -> None:
    wakes: list[float] = []
    watch = StoreWatch(saved_store.path, lambda: wakes.append(1), fallback=0.05, notify=False)
    watch.start()
    _until(lambda: len(wakes) >= 3)
    watch.stop()
    assert watch.mode == "polling"


def test_a_store_not_made_yet_is_checked_until_it_is(tmp_path: Path) -> None:
    wakes: list[float] = []
    watch = StoreWatch(tmp_path / "none" / "pmtui.json", lambda: wakes.append(1), fallback=0.05)
    watch.start()
    _until(lambda: len(wakes) >= 2)
    watch.stop()
    assert watch.mode == "polling"


def test_a_failing_caller_does_not_stop_the_watch(saved_store: Store) -> None:
    calls: list[int] = []

    def wake() -> None:
        calls.append(1)
        raise OSError("disk on fire")

    watch = StoreWatch(saved_store.path, wake, fallback=0.05, notify=False)
    watch.start()
    _until(lambda: len(calls) >= 3)
    watch.stop()


def test_with_notifications_nothing_wakes_it_unless_asked(saved_store: Store) -> None:
    wakes: list[float] = []
    watch = StoreWatch(saved_store.path, lambda: wakes.append(1), fallback=0.05)
    watch.start()
    try:
        time.sleep(0.6)
        assert watch.mode == "notifications"
        assert wakes == [], "the watch woke while nothing changed"
    finally:
        watch.stop()
        watch.join(2.0)
    assert not watch._thread.is_alive(), "stop did not wake the sleeping watch"


def test_every_asks_for_timed_looks_besides_notifications(saved_store: Store) -> None:
    wakes: list[float] = []
    watch = StoreWatch(saved_store.path, lambda: wakes.append(1), fallback=60.0, every=0.05)
    watch.start()
    try:
        _until(lambda: len(wakes) >= 3)
        assert watch.mode == "notifications"
    finally:
        watch.stop()
        watch.join(2.0)


def test_a_removed_directory_turns_to_polling(tmp_path: Path) -> None:
    store = Store(tmp_path / "gone" / "pmtui.json")
    store.add(Review(title="one"))
    wakes: list[float] = []
    watch = StoreWatch(store.path, lambda: wakes.append(1), fallback=0.05)
    watch.start()
    try:
        time.sleep(0.3)
        (tmp_path / "gone").rename(tmp_path / "moved")
        _until(lambda: watch.mode == "polling" and len(wakes) >= 2)
    finally:
        watch.stop()
        watch.join(2.0)
