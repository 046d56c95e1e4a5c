"""Saves on filesystems with 1-second mtimes and reused inode numbers: none is lost.

Every file signature here is made coarse (see ``tests/store/coarse.py``):
two saves of the same size within a second look alike. With the signature
check alone, a process keeps building on its stale copy and overwrites
other processes' saves; the store must notice the filesystem and use the
save generation instead. Every acknowledged save is counted.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from pmtui.store import filesystem, generation
from pmtui.store.errors import StoreError
from pmtui.store.lock import StoreLock
from pmtui.store.repository import Store
from tests.store.coarse import (
    bump,
    coarse_signatures,
    count,
    counted_review,
    counter_title,
    open_store,
    race,
)


@pytest.fixture
def coarse() -> Iterator[None]:
    with coarse_signatures():
        yield


def test_the_store_notices_coarse_signatures(store_path: Path, coarse: None) -> None:
    check = Store(store_path).check
    assert check.name == filesystem.GENERATION
    assert "no nanosecond timestamps" in check.reason


def test_a_local_disk_keeps_the_signature_check(tmp_path: Path) -> None:
    fstype = filesystem.mount_type(tmp_path)
    if filesystem.is_network(fstype) or not filesystem.keeps_nanoseconds(tmp_path):
        pytest.skip(f"the test directory is on {fstype}, which is not a local disk")
    check = Store(tmp_path / "s" / "pmtui.json").check
    assert check.name == filesystem.SIGNATURE
    assert check.fstype == fstype
    assert [p.name for p in tmp_path.iterdir()] == []  # the probe leaves nothing


def test_the_environment_chooses_the_check(
    store_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(filesystem.ENV, "generation")
    assert Store(store_path).check.describe() == f"generation (set by {filesystem.ENV})"
    monkeypatch.setenv(filesystem.ENV, "mtime")
    with pytest.raises(StoreError, match="PMTUI_STORE_CHECK must be signature or generation"):
        Store(store_path).summaries()


@pytest.mark.parametrize("check", ["signature", None], ids=["signature-only", "detected"])
def test_two_stores_taking_turns(store_path: Path, coarse: None, check: str | None) -> None:
    """One process saves, another saves twice within the second, the first saves again."""
    rid = counted_review(store_path)
    a, b = open_store(store_path, check), open_store(store_path, check)
    acknowledged = 10
    for _ in range(20):
        for writer in (a, b, b):
            bump(writer, rid)
            acknowledged += 1
    stored = count(Store(store_path).get(rid))
    if check == "signature":
        assert stored < acknowledged, "the signature check alone should have lost saves here"
    else:
        assert a.check.name == filesystem.GENERATION
        assert stored == acknowledged


@pytest.mark.slow
@pytest.mark.parametrize("check", ["signature", None], ids=["signature-only", "detected"])
def test_two_writer_processes_with_coarse_signatures(store_path: Path, check: str | None) -> None:
    with coarse_signatures():
        rid = counted_review(store_path)
    acknowledged, stored = race(store_path, rid, check, 80, coarse=True)
    if check == "signature":
        assert stored < acknowledged, "the signature check alone should have lost saves here"
    else:
        assert stored == acknowledged


def test_a_long_lived_reader_sees_every_save(store_path: Path, coarse: None) -> None:
    """The home list and the live watcher: a token that changes, and fresh data behind it."""
    rid = counted_review(store_path)
    reader, writer = open_store(store_path, None), open_store(store_path, None)
    for _ in range(5):
        token = reader.token()
        seen = count(reader.get(rid))
        assert reader.summary(rid).title == counter_title(seen)
        bump(writer, rid)
        assert reader.token() != token
        assert count(reader.get(rid)) == seen + 1
        assert reader.summaries()[0].title == counter_title(seen + 1)
        assert reader.open_commitments()[0].review_title == counter_title(seen + 1)


def test_a_save_killed_midway_leaves_nothing_to_trust(store_path: Path, coarse: None) -> None:
    rid = counted_review(store_path)
    reader = open_store(store_path, None)
    assert count(reader.get(rid)) == 10
    lock = store_path.parent / ".pmtui.json.lock"
    assert generation.read_finished(lock) is not None
    bump(open_store(store_path, None), rid)
    lock.write_bytes(generation.record(busy=True))  # as if that writer was killed before "done"
    assert generation.read_finished(lock) is None
    assert count(reader.get(rid)) == 11  # read again, not served from before
    assert generation.read_finished(lock) is not None  # the free lock let it mark a new one
    assert reader.token() == reader.token()


def test_while_a_save_is_under_way_a_poller_keeps_reading(store_path: Path, coarse: None) -> None:
    rid = counted_review(store_path)
    reader = open_store(store_path, None)
    reader.get(rid)
    writer = StoreLock(store_path.parent / ".pmtui.json.lock")
    writer.acquire()
    try:
        writer.write(generation.record(busy=True))
        assert reader.token() != reader.token()
        assert count(reader.get(rid)) == 10
    finally:
        writer.release()


def test_a_store_written_before_generations_gets_one_on_first_read(
    store_path: Path, coarse: None
) -> None:
    rid = counted_review(store_path)
    lock = store_path.parent / ".pmtui.json.lock"
    lock.write_bytes(b"")  # as an older pmtui left it
    reader = open_store(store_path, None)
    assert count(reader.get(rid)) == 10
    assert generation.read_finished(lock) is not None
    assert reader.token() == reader.token()


def test_a_backup_never_shares_an_older_copy_of_the_same_second(store_path: Path) -> None:
    """Backups share unchanged files with the previous backup, judged by size and mtime."""
    rid = counted_review(store_path)
    store = open_store(store_path, None)
    first = store.backup("manual")
    bump(store, rid)
    shard = next((store_path.parent / "pmtui.reviews").glob("*.json"))
    kept = first / "reviews" / shard.name
    assert kept.stat().st_size == shard.stat().st_size
    whole_second = 1_700_000_000 * 1_000_000_000  # as a filesystem keeping seconds stamps both
    for path in (shard, kept):
        os.utime(path, ns=(whole_second, whole_second))
    second = store.backup("manual")
    assert (second / "reviews" / shard.name).read_bytes() == shard.read_bytes()
    assert (second / "reviews" / shard.name).stat().st_ino != kept.stat().st_ino
