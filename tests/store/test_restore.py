"""Restore, tried the way people meet it: after damage, following pmtui's own advice.

A restore must never make the store lose a review that could be read before
it ran, must keep whatever it replaces in a backup it can itself put back,
and must move a planted link aside rather than delete it.
"""

from __future__ import annotations

import functools
import os
from datetime import timedelta
from pathlib import Path

import orjson
import pytest

from pmtui.cli import main
from pmtui.domain.model import Review
from pmtui.store.errors import StoreDamagedError
from pmtui.store.layout import Layout
from pmtui.store.repository import Store
from tests.conftest import FrozenClock
from tests.store.helpers import make_review


def _retitle(review: Review, title: str) -> None:
    review.title = title


def _six(store: Store, clock: FrozenClock) -> list[str]:
    """Six reviews in six shards, a backup of them, then a newer version of each."""
    ids = []
    for i in range(6):
        r = make_review(f"review {i} v1")
        r.id = f"{i * 40:02x}" + r.id[2:]  # 00, 28, 50, 78, a0, c8: six shards
        ids.append(store.add(r).id)
    assert len({Layout.shard_of(i) for i in ids}) == 6
    store.backup("manual")
    clock.now += timedelta(hours=1)
    for n, rid in enumerate(ids):
        store.update(rid, functools.partial(_retitle, title=f"review {n} v2"))
    return ids


def _titles(path: Path) -> dict[str, str]:
    return {s.id: s.title for s in Store(path).summaries()}


def test_a_truncated_shard_is_repaired_and_the_healthy_ones_keep_their_newer_reviews(
    store: Store, store_path: Path, clock: FrozenClock
) -> None:
    ids = _six(store, clock)
    damaged = store.layout.shard_path(Layout.shard_of(ids[2]))
    damaged.write_bytes(damaged.read_bytes()[:40])
    with pytest.raises(StoreDamagedError, match="pmtui restore"):
        Store(store_path).get(ids[2])
    report = store.restore()
    titles = _titles(store_path)
    assert len(titles) == 6
    assert titles[ids[2]] == "review 2 v1"  # the backup's copy: the newest readable one
    assert all(titles[rid] == f"review {n} v2" for n, rid in enumerate(ids) if n != 2)
    text = "\n".join(report.lines())
    assert f"reviews/{damaged.name} could not be read" in text
    assert "1 review(s) put back from" in text
    assert report.replaced is not None and report.replaced.name in text
    # What it replaced (the truncated file) is kept, and that backup can be restored:
    # its unreadable file is skipped and named, everything else comes back.
    assert len((report.replaced / "reviews" / damaged.name).read_bytes()) == 40
    again = store.restore(report.replaced.name)
    assert any(f"skipped {damaged.name}" in line for line in again.lines())
    assert len(_titles(store_path)) == 6


def test_the_cli_says_exactly_what_it_did(
    store: Store, store_path: Path, clock: FrozenClock, capsys: pytest.CaptureFixture[str]
) -> None:
    ids = _six(store, clock)
    store.layout.shard_path(Layout.shard_of(ids[4])).write_bytes(b"")
    assert main(["restore", "--store", str(store_path)]) == 0
    out = capsys.readouterr().out
    assert f"reviews/{Layout.shard_of(ids[4])}.json could not be read (the file is empty)" in out
    assert "1 review(s) put back, 0 newer one(s) kept." in out
    assert "`pmtui restore " in out and "-replaced` puts it back" in out
    assert len(_titles(store_path)) == 6


def test_a_planted_link_is_moved_aside_never_deleted(
    store: Store, store_path: Path, clock: FrozenClock, tmp_path: Path
) -> None:
    ids = _six(store, clock)
    target = tmp_path / "elsewhere.json"
    target.write_bytes(b'{"secret": {}}')
    shard = store.layout.shard_path(Layout.shard_of(ids[5]))
    shard.unlink()
    shard.symlink_to(target)
    report = store.restore()
    assert report.replaced is not None
    aside = report.replaced / "reviews" / shard.name
    assert aside.is_symlink() and os.readlink(aside) == str(target)
    assert target.read_bytes() == b'{"secret": {}}'
    assert not shard.is_symlink()
    assert _titles(store_path)[ids[5]] == "review 5 v1"
    assert any("moved into the replaced backup" in line for line in report.lines())


def test_one_malformed_review_does_not_take_its_neighbours(
    store: Store, store_path: Path, clock: FrozenClock
) -> None:
    a = make_review("a v1")
    a.id = "10" + a.id[2:]
    b = make_review("b v1")
    b.id = "11" + b.id[2:]
    store.add(a)
    store.add(b)
    store.backup("manual")
    clock.now += timedelta(hours=1)
    store.update(a.id, lambda x: setattr(x, "title", "a v2"))
    store.update(b.id, lambda x: setattr(x, "title", "b v2"))
    shard = store.layout.shard_path(Layout.shard_of(a.id))
    data = orjson.loads(shard.read_bytes())
    data["reviews"][b.id]["facts"] = "not a list"
    shard.write_bytes(orjson.dumps(data))
    report = store.restore()
    assert _titles(store_path) == {a.id: "a v2", b.id: "b v1"}
    assert f"review {b.id} is malformed" in "\n".join(report.lines())


def test_a_named_restore_rolls_back_what_it_holds_and_keeps_the_rest(
    store: Store, store_path: Path, clock: FrozenClock
) -> None:
    ids = _six(store, clock)
    later = store.add(make_review("written after the backup"))
    store.delete(ids[0])
    chosen = next(b for b in store.backups() if b.reason == "manual")
    report = store.restore(chosen.name)
    titles = _titles(store_path)
    assert titles[later.id] == "written after the backup"
    assert [titles[rid] for rid in ids] == [f"review {n} v1" for n in range(6)]
    assert report.replaced is not None
    store.restore(report.replaced.name)  # undo: the newer versions come back
    titles = _titles(store_path)
    assert [titles[rid] for rid in ids[1:]] == [f"review {n} v2" for n in range(1, 6)]
    assert titles[ids[0]] == "review 0 v1"  # deleted before: the backup brought it back


def test_nothing_damaged_means_nothing_restored(store: Store, clock: FrozenClock) -> None:
    _six(store, clock)
    before = len(store.backups())
    report = store.restore()
    assert not report.changed and "nothing in the store is damaged" in report.lines()[0]
    assert len(store.backups()) == before
