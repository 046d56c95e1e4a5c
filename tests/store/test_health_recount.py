"""Practice health's recurring causes counted again in the background after a change to
causes: the same figures a fresh sum gives, one count for a burst of changes, and never a
count made for another state of the store."""

from __future__ import annotations

import random
import threading
from pathlib import Path
from typing import Any

import pytest

from pmtui.domain.health import RECURRING_STALE
from pmtui.domain.health_recurring import KeptRecurrence
from pmtui.domain.model import Cause, Review
from pmtui.store.health import kept_sums
from pmtui.store.health_recount import SOURCES, Recount, recount_for, with_recurring
from pmtui.store.repository import Store
from tests.store.test_health_sums import NOW, _plain, _rebuilt, _store, _words

WORDINGS = (
    "the deploy script has no rollback",
    "the deploy script had no rollback step",
    "the budget was cut",
    "alerts went to an unwatched channel",
)


def _teammate_adds(store: Store, statement: str, pick: int = 0) -> None:
    """Another pmtui (a Store of its own) adds a cause to one review."""
    teammate = Store(store.path, clock=lambda: NOW)
    rid = teammate.summaries()[pick].id
    teammate.update(rid, lambda r: r.causes.append(Cause(statement=statement)))


def _stale(store: Store) -> dict[str, Any]:
    """What the insights view reads at once: the kept sums, recurrence still to count."""
    sums = kept_sums(Store(store.path), count=False)
    assert sums.get(RECURRING_STALE) is True
    return sums


def test_a_change_counted_in_the_background_gives_the_view_a_fresh_sum(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Told of a change, the count runs on its own thread and keeps the counted sums; a view
    that read the sums before it finished takes its result for the same files, without
    reading the sums again, and gets exactly what summing every review gives."""
    store = _store(tmp_path / "pmtui.json", n=20)
    kept_sums(store)
    _teammate_adds(store, WORDINGS[0])
    stale = _stale(store)
    recount = Recount(Store(store.path), quiet=0)
    recount.changed()
    months = recount.counted(stale[SOURCES])
    assert months is not None and recount.counts == 1

    def refused(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the sums were read again")

    monkeypatch.setattr(Store, "kept_health_sums", refused)
    assert recount.counted(stale[SOURCES]) == months  # the finished count's, as it is
    assert _plain(with_recurring(stale, months)) == _plain(_rebuilt(store))
    monkeypatch.undo()
    _finished(recount)
    assert Store(store.path).health_sums(_words()) is not None  # kept for the next look


def _finished(recount: Recount) -> None:
    """Until the counting thread has ended (nothing left to count or write)."""
    for _ in range(3000):
        if recount._thread is None:
            return
        threading.Event().wait(0.01)
    raise AssertionError("the count never ended")


def test_random_cause_edits_each_counted_in_the_background_are_a_fresh_sum(
    tmp_path: Path,
) -> None:
    """Teammates reword, add and remove causes; after each, the background count's result
    joined to the sums a view read is exactly a fresh sum."""
    store = _store(tmp_path / "pmtui.json", n=20)
    kept_sums(store)
    recount = Recount(Store(store.path), quiet=0)
    rng = random.Random(11)
    for step in range(12):
        teammate = Store(store.path, clock=lambda: NOW)
        rid = rng.choice([s.id for s in teammate.summaries()])

        def edit(r: Review) -> None:
            what = rng.randrange(3)
            if what == 0 and r.causes:
                rng.choice(r.causes).statement = rng.choice(WORDINGS)
            elif what == 1:
                r.causes.append(Cause(statement=rng.choice(WORDINGS)))
            else:
                r.causes = []

        teammate.update(rid, edit)
        sums = kept_sums(Store(store.path), count=False)
        recount.changed()
        if RECURRING_STALE not in sums:
            continue  # the edit changed no cause
        months = recount.counted(sums[SOURCES])
        assert months is not None, f"step {step}"
        assert _plain(with_recurring(sums, months)) == _plain(_rebuilt(store)), f"step {step}"


def test_a_burst_of_changes_is_counted_once_the_store_is_quiet(tmp_path: Path) -> None:
    store = _store(tmp_path / "pmtui.json")
    kept_sums(store)
    recount = Recount(Store(store.path), quiet=0.5)
    for i, wording in enumerate(WORDINGS):
        _teammate_adds(store, wording, pick=i)
        recount.changed()
    months = recount.counted(_stale(store)[SOURCES])
    assert months is not None
    assert recount.counts == 1


def test_a_count_overtaken_by_a_change_is_never_given_for_the_new_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A change that arrives while a count runs: that count's result is for the files it
    read, never for the store as it is after; a view that read the sums after the change
    gets the count made for them."""
    store = _store(tmp_path / "pmtui.json", n=20)
    kept_sums(store)
    _teammate_adds(store, WORDINGS[0])
    first = _stale(store)
    started, release = threading.Event(), threading.Event()

    counting = KeptRecurrence.count

    def held(*args: Any, **kwargs: Any) -> Any:
        started.set()
        assert release.wait(30), "never released"
        return counting(*args, **kwargs)

    monkeypatch.setattr(KeptRecurrence, "count", held)
    recount = Recount(Store(store.path), quiet=0)
    try:
        recount.changed()
        assert started.wait(30)
        _teammate_adds(store, WORDINGS[3], pick=1)  # while the first count runs
        second = _stale(store)
        recount.changed()
        assert second[SOURCES] != first[SOURCES]
        release.set()
        months = recount.counted(second[SOURCES])
    finally:
        release.set()
    assert months is not None
    assert _plain(with_recurring(second, months)) == _plain(_rebuilt(store))
    assert recount.counted(first[SOURCES], timeout=5) is None  # the store is not that any more


def test_nothing_is_counted_when_nothing_waits_for_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Sums counted already (a title save, or another pmtui counted first), or none kept: the
    head alone is read, nothing is counted, and no thread is left behind."""
    store = _store(tmp_path / "pmtui.json")

    def refused(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("counted")

    monkeypatch.setattr(KeptRecurrence, "count", refused)
    recount = Recount(Store(store.path), quiet=0)
    recount.changed()  # no sums kept yet
    kept_sums(store)
    store.update(store.summaries()[0].id, lambda r: setattr(r, "title", "renamed"))
    recount.changed()  # counted sums
    _finished(recount)
    assert recount.counts == 0


def test_one_background_count_per_store(tmp_path: Path) -> None:
    store = _store(tmp_path / "pmtui.json")
    assert recount_for(store) is recount_for(store)
    assert recount_for(store) is not recount_for(Store(store.path))


def test_a_count_that_fails_leaves_the_view_to_count_and_the_next_change_is_counted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Terms of a shape the count cannot read (a hand edit) make it fail: the view is told
    to count its own way, and the background count still works for the next change."""
    store = _store(tmp_path / "pmtui.json", n=20)
    kept_sums(store)
    _teammate_adds(store, WORDINGS[0])
    failing = [True]

    counting = KeptRecurrence.count

    def count(*args: Any, **kwargs: Any) -> Any:
        if failing.pop():
            raise KeyError("terms")
        return counting(*args, **kwargs)

    monkeypatch.setattr(KeptRecurrence, "count", count)
    recount = Recount(Store(store.path), quiet=0)
    assert recount.counted(_stale(store)[SOURCES], timeout=30) is None
    failing.append(False)
    _teammate_adds(store, WORDINGS[2], pick=3)
    sums = _stale(store)  # before the count is told: it may finish at once
    recount.changed()
    months = recount.counted(sums[SOURCES], timeout=30)
    assert months is not None
    assert _plain(with_recurring(sums, months)) == _plain(_rebuilt(store))


def test_a_count_is_written_before_a_view_is_given_it(tmp_path: Path) -> None:
    """A pmtui may stop the moment it shows the count (a person quits): by then the counted
    sums, their groups and the head naming them are written, so the next count (here or
    in another pmtui) starts from those groups instead of grouping every cause again."""
    from pmtui.store import health_sums

    store = _store(tmp_path / "pmtui.json", n=20)
    kept_sums(store)
    _teammate_adds(store, WORDINGS[0])
    stale = _stale(store)
    recount = Recount(Store(store.path), quiet=0)
    recount.changed()
    assert recount.counted(stale[SOURCES]) is not None
    got = Store(store.path).kept_health_sums()  # at once: nothing waited for
    assert got is not None and got[1] == _words()
    kept = health_sums.terms_to_count(
        store.layout.health, got[3], _words(), health_sums.Known(), groups=True, counted=True
    )
    assert kept is not None and kept[1] is not None  # the groups the head names
