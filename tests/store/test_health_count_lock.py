"""Several pmtuis open on one store count recurrence once per change, between processes: one
counts, the others find its result; a pmtui that stops while counting never blocks the
others; a temporary file a pmtui left mid-write is cleaned by the next count."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from pmtui.store.health import kept_sums
from pmtui.store.health_recount import SOURCES, Recount, with_recurring
from pmtui.store.health_sums import LOCK, STALE_SECONDS
from pmtui.store.repository import Store
from tests.store.test_health_recount import WORDINGS, _finished, _stale, _teammate_adds
from tests.store.test_health_sums import _plain, _rebuilt, _store

OPEN_PMTUI = textwrap.dedent(
    """
    import json, sys, time
    from pathlib import Path
    from pmtui.domain.health_recurring import KeptRecurrence
    from pmtui.store.health_recount import Recount
    from pmtui.store.repository import Store

    counting = KeptRecurrence.count

    def slow(*args, **kwargs):  # a count long enough for the other pmtui to ask meanwhile
        time.sleep(1.0)
        return counting(*args, **kwargs)

    KeptRecurrence.count = slow
    store_path, go, sources = Path(sys.argv[1]), Path(sys.argv[2]), json.loads(sys.argv[3])
    recount = Recount(Store(store_path), quiet=0)
    while not go.exists():
        time.sleep(0.005)
    recount.changed()  # the save seen by its watch
    months = recount.counted(sources, timeout=60)
    while recount._thread is not None:  # given before written: an open pmtui goes on
        time.sleep(0.01)
    print(json.dumps({"counts": recount.counts, "months": months}))
    """
)


def test_two_open_pmtuis_count_a_change_once_and_both_show_it(tmp_path: Path) -> None:
    store = _store(tmp_path / "pmtui.json", n=20)
    kept_sums(store)
    _teammate_adds(store, WORDINGS[0])
    stale = _stale(store)
    go = tmp_path / "go"
    pmtuis = [
        subprocess.Popen(
            [
                sys.executable,
                "-c",
                OPEN_PMTUI,
                str(store.path),
                str(go),
                json.dumps(stale[SOURCES]),
            ],
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    time.sleep(0.5)  # both started, waiting for the save
    go.touch()
    said = [json.loads(p.communicate(timeout=120)[0]) for p in pmtuis]
    assert sorted(s["counts"] for s in said) == [0, 1]  # one counted, the other took its result
    fresh = _plain(_rebuilt(store))
    for s in said:
        assert _plain(with_recurring(stale, s["months"])) == fresh


HOLDER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from pmtui.store.health_sums import count_lock

    with count_lock(Path(sys.argv[1]), 0o600):
        print("holding", flush=True)
        time.sleep(600)
    """
)


def test_a_pmtui_that_stops_while_counting_does_not_block_the_others(tmp_path: Path) -> None:
    store = _store(tmp_path / "pmtui.json", n=20)
    kept_sums(store)
    _teammate_adds(store, WORDINGS[1])
    stale = _stale(store)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(store.layout.health)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
        assert (store.layout.health / LOCK).exists()
        recount = Recount(Store(store.path), quiet=0)
        recount.changed()
        assert recount.counted(stale[SOURCES], timeout=0.5) is None  # waits for the holder
        os.kill(holder.pid, signal.SIGKILL)  # stops mid-count: the kernel lets the lock go
        holder.wait(30)
        months = recount.counted(stale[SOURCES], timeout=20)
    finally:
        if holder.poll() is None:
            holder.kill()
            holder.wait(30)
    assert months is not None and recount.counts == 1
    assert _plain(with_recurring(stale, months)) == _plain(_rebuilt(store))


def test_a_temporary_file_left_mid_write_is_removed_by_the_next_count(tmp_path: Path) -> None:
    """A pmtui stopped while writing a file of the sums leaves its temporary file behind; the
    next count removes it once it is old, never one being written now (a writer holds a
    lock on it) nor a recent one, nor anything else in the directory."""
    store = _store(tmp_path / "pmtui.json", n=20)
    kept_sums(store)
    health = store.layout.health
    left = health / ".2026-10.json.0123456789ab.tmp"
    left.write_bytes(b'{"half": ')
    recent = health / ".head.json.ba9876543210.tmp"
    recent.write_bytes(b"{")
    held = health / ".groups.json.aaaaaaaaaaaa.tmp"
    held.write_bytes(b"[")
    other = health / "notes.txt"
    other.write_text("a teammate's own file")
    old = time.time() - STALE_SECONDS - 5
    for path in (left, held, other):
        os.utime(path, (old, old))
    import fcntl

    with held.open("rb") as writing:
        fcntl.flock(writing.fileno(), fcntl.LOCK_EX)  # still being written by a pmtui
        _teammate_adds(store, WORDINGS[2])
        stale = _stale(store)
        recount = Recount(Store(store.path), quiet=0)
        recount.changed()
        assert recount.counted(stale[SOURCES], timeout=30) is not None
        _finished(recount)
    assert not left.exists()
    assert recent.exists() and held.exists() and other.exists()
