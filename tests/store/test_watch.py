"""Being told when a store changes: notifications when there are some, a check when not."""

from __future__ import annotations

import sys
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


@pytest.mark.parametrize("notifier", ["inotify", "watchfiles"])
def test_someone_opening_or_leaving_the_review_wakes_the_watch_at_once(
    saved_store: Store, notifier: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An open review wakes on its own only every BEAT_EVERY seconds; arrivals, departures
    and stage moves must not wait for that look (watchfiles: systems other than Linux)."""
    if notifier == "watchfiles":
        monkeypatch.setattr(sys, "platform", "darwin")
    here = Presence(saved_store.layout.directory, "r", "ana")
    assert here.prepare()
    saves: list[int] = []
    people = threading.Event()
    watch = StoreWatch(
        saved_store.path,
        lambda: saves.append(1),
        fallback=60.0,
        every=60.0,  # no timed look within this test
        people=here.directory,
        own=here.path.name,
        on_people=people.set,
    )
    watch.start()
    try:
        time.sleep(0.3)  # the watch is set up
        here.beat(force=True)
        assert not people.wait(0.6), "this app's own heartbeat woke it"
        ben = Presence(saved_store.layout.directory, "r", "ben")
        ben.beat()
        assert people.wait(3.0), "ben opening the review did not wake it"
        people.clear()
        ben.stage = "causes"
        ben.beat(force=True)
        assert people.wait(3.0), "ben moving to another stage did not wake it"
        people.clear()
        ben.leave()
        assert people.wait(3.0), "ben leaving did not wake it"
        assert saves == [], "a presence record was taken for a save"
        people.clear()
        saved_store.add(Review(title="two"))
        _until(lambda: saves == [1])
        assert not people.is_set(), "a save was taken for someone coming or going"
    finally:
        watch.stop()
        watch.join(2.0)
    assert not watch._thread.is_alive()


def test_a_review_directory_made_later_is_watched_from_the_next_look(
    saved_store: Store,
) -> None:
    here = Presence(saved_store.layout.directory, "r", "ana")
    people = threading.Event()
    looks: list[int] = []

    def people_look() -> None:
        looks.append(1)
        people.set()

    watch = StoreWatch(
        saved_store.path,
        lambda: looks.append(1),
        fallback=60.0,
        every=0.2,
        people=here.directory,
        on_people=people_look,
    )
    watch.start()
    try:
        _until(lambda: len(looks) >= 1)  # a timed look while the directory is missing
        assert here.prepare()
        _until(lambda: len(looks) >= 3)  # it is watched from the look after it was made
        watch.every = 60.0
        time.sleep(0.4)  # the last timed wait with the short interval ends
        people.clear()
        Presence(saved_store.layout.directory, "r", "ben").beat()
        assert people.wait(3.0), "a record in a directory made later did not wake it"
    finally:
        watch.stop()
        watch.join(2.0)
