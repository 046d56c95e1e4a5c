"""Backups: independent of the live files, cheap when little changed, restorable."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import pytest

from pmtui.store.errors import StoreError
from pmtui.store.layout import Layout
from pmtui.store.repository import Store
from tests.conftest import FrozenClock
from tests.store.helpers import make_review


def test_writing_the_live_file_in_place_does_not_touch_backups(
    store: Store, store_path: Path
) -> None:
    r = store.add(make_review())
    backup = store.backup("manual")
    saved = (backup / "pmtui.json").read_bytes()
    with open(store_path, "r+b") as f:  # what an editor or `>` does: same inode
        f.write(b"#" * 10)
    assert (backup / "pmtui.json").read_bytes() == saved
    store.restore()
    assert Store(store_path).get(r.id).title == r.title


def test_unchanged_files_are_shared_between_backups(store: Store, store_path: Path) -> None:
    a = store.add(make_review("a"))
    first = store.backup("manual")
    b = make_review("b")
    b.id = ("ff" if not a.id.startswith("f") else "00") + b.id[2:]
    store.add(b)
    second = store.backup("manual")
    shard_a = f"{Layout.shard_of(a.id)}.json"
    shard_b = f"{Layout.shard_of(b.id)}.json"

    def ino(p: Path) -> int:
        return os.stat(p).st_ino

    assert ino(first / "reviews" / shard_a) == ino(second / "reviews" / shard_a)
    assert ino(second / "reviews" / shard_a) != ino(
        Layout.for_store(store_path).shard_path(shard_a[:2])
    )
    assert not (first / "reviews" / shard_b).exists()
    assert (second / "reviews" / shard_b).exists()


def test_restore_keeps_what_it_replaces(store_path: Path) -> None:
    clock = FrozenClock()
    s = Store(store_path, clock=clock)
    r = s.add(make_review("v1"))
    clock.now += timedelta(days=1)
    s.update(r.id, lambda x: setattr(x, "title", "v2"))
    older = s.backups()[-1]
    report = s.restore(older.name)
    assert report.chosen == older and report.replaced is not None
    assert s.get(r.id).title == "v1"
    assert s.summary(r.id).title == "v1"
    replaced = next(b for b in s.backups() if b.reason == "replaced")
    s.restore(replaced.name)
    assert Store(store_path).get(r.id).title == "v2"


def test_restore_skips_a_broken_file_of_a_backup_and_says_so(store: Store) -> None:
    r = store.add(make_review())
    b = store.backup("manual")
    store.update(r.id, lambda x: setattr(x, "title", "changed"))
    broken = "00.json" if Layout.shard_of(r.id) != "00" else "01.json"
    (b / "reviews").joinpath(broken).write_bytes(b"[")
    report = store.restore(b.name)
    assert (broken, "not valid JSON (unexpected end of data: line 1 column 2 (char 1))") in [
        (name, why) for name, why in report.unreadable
    ]
    assert any(f"skipped {broken}" in line for line in report.lines())
    assert store.get(r.id).title == make_review().title


def test_restore_refuses_an_unknown_or_ambiguous_name(store: Store) -> None:
    store.add(make_review())
    store.backup("manual")
    with pytest.raises(StoreError, match="no backup named 'nope'"):
        store.restore("nope")


def test_backup_without_an_index_restores_by_rebuilding(store: Store, store_path: Path) -> None:
    r = store.add(make_review())
    b = store.backup("manual")
    (b / "pmtui.json").unlink()
    store.delete(r.id)
    store.restore(b.name)
    assert [s.id for s in Store(store_path).summaries()] == [r.id]


def test_another_instance_sees_edits_made_after_a_restore(store_path: Path) -> None:
    clock = FrozenClock()
    s = Store(store_path, clock=clock)
    r = s.add(make_review("v1"))
    clock.now += timedelta(days=1)
    s.update(r.id, lambda x: setattr(x, "title", "v2"))
    observer = Store(store_path, clock=clock)
    assert observer.summary(r.id).title == "v2" and observer.summaries()[0].rev == 2
    s.restore(s.backups()[-1].name)  # back to rev 1
    clock.now += timedelta(seconds=5)
    s.update(r.id, lambda x: setattr(x, "title", "v3"))  # rev 2 again, other content
    assert [x.title for x in observer.summaries()] == ["v3"]
