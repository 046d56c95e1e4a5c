"""``flock_within``: the one wait-with-deadline for a kernel lock (the store's lock, the
recurring count's, a sync's).

``flock`` locks belong to an open file, so two opens of one file in this process
contend as two processes would.
"""

from __future__ import annotations

import fcntl
import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from pmtui.store.lock import flock_within


@pytest.fixture
def two_opens(tmp_path: Path) -> Iterator[tuple[int, int]]:
    path = tmp_path / "count.lock"
    path.touch()
    first, second = os.open(path, os.O_RDWR), os.open(path, os.O_RDWR)
    yield first, second
    os.close(first)
    os.close(second)


def test_a_free_lock_is_taken(two_opens: tuple[int, int]) -> None:
    first, second = two_opens
    assert flock_within(first, 0.0)
    with pytest.raises(BlockingIOError):  # taken for real: another open cannot have it
        fcntl.flock(second, fcntl.LOCK_EX | fcntl.LOCK_NB)


def test_a_lock_held_past_the_wait_is_not_taken(two_opens: tuple[int, int]) -> None:
    first, second = two_opens
    fcntl.flock(first, fcntl.LOCK_EX)
    assert not flock_within(second, 0.05)
    fcntl.flock(first, fcntl.LOCK_UN)
    assert flock_within(second, 0.0)


def test_a_lock_let_go_during_the_wait_is_taken(two_opens: tuple[int, int]) -> None:
    first, second = two_opens
    fcntl.flock(first, fcntl.LOCK_EX)
    waiting = threading.Event()

    def let_go() -> None:
        waiting.wait()
        time.sleep(0.05)  # most likely while flock_within polls (taken at once is right too)
        fcntl.flock(first, fcntl.LOCK_UN)

    holder = threading.Thread(target=let_go)
    holder.start()
    waiting.set()
    try:
        assert flock_within(second, 30.0)
    finally:
        holder.join()
    with pytest.raises(BlockingIOError):
        fcntl.flock(first, fcntl.LOCK_EX | fcntl.LOCK_NB)


def test_other_errors_are_the_callers_to_decide(tmp_path: Path) -> None:
    fd = os.open(tmp_path, os.O_RDONLY)
    os.close(fd)  # a closed descriptor: EBADF, not "held by someone else"
    with pytest.raises(OSError) as caught:
        flock_within(fd, 1.0)
    assert not isinstance(caught.value, BlockingIOError)
