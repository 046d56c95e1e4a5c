"""The fast read paths: lists kept in memory must never hide a change on disk."""

from __future__ import annotations

import gc
import os
import shutil
import weakref
from collections import Counter
from collections.abc import Iterator
from dataclasses import FrozenInstanceError
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from pmtui.domain.model import Outcome, Review
from pmtui.domain.summary import OpenDigest, ReviewSummary
from pmtui.store.errors import StoreDamagedError, StoreTooNewError
from pmtui.store.layout import Layout
from pmtui.store.migrations import CURRENT_SCHEMA
from pmtui.store.repository import Store
from pmtui.store.storage import gc_paused
from tests.conftest import FrozenClock
from tests.store.helpers import make_review


def _titles(store: Store) -> list[str]:
    return sorted(s.title for s in store.summaries())


def test_a_save_by_another_store_is_seen_by_warm_lists(store: Store, store_path: Path) -> None:
    r = store.add(make_review("checkout outage"))
    assert _titles(store) == ["checkout outage"]
    assert len(store.open_commitments()) == 2
    assert len(store.open_commitments(owner="ANA")) == 1

    other = Store(store_path)
    other.update(r.id, lambda x: setattr(x, "title", "checkout outage, 20 Nov"))
    other.add(make_review("queue backlog", commitments=3))

    assert _titles(store) == ["checkout outage, 20 Nov", "queue backlog"]
    assert store.summary(r.id).title == "checkout outage, 20 Nov"
    assert len(store.open_commitments()) == 5
    assert len(store.open_commitments(owner="ana")) == 3
    titles = {c.review_title for c in store.open_commitments(due_by=date(2026, 12, 1))}
    assert titles == {"checkout outage, 20 Nov", "queue backlog"}


def test_a_recorded_outcome_leaves_the_open_list(store: Store, store_path: Path) -> None:
    r = store.add(make_review())
    first = store.open_commitments()[0]
    assert store.open_commitments(due_by=date(2026, 12, 31))[0] == first

    def keep(review: Review) -> None:
        review.commitment(first.id).status = Outcome.KEPT

    Store(store_path).update(r.id, keep)
    assert first.id not in {c.id for c in store.open_commitments()}
    assert first.id not in {c.id for c in store.open_commitments(due_by=date(2026, 12, 31))}


@pytest.mark.parametrize("warm", [False, True])
def test_filtered_lists_match_the_full_list_filtered(store: Store, warm: bool) -> None:
    for i in range(4):
        store.add(make_review(f"review {i}", commitments=i + 1))
    if warm:
        store.open_commitments()  # filtered queries then come from the full list
    every = Store(store.path).open_commitments()
    for owner in (None, "ana", "Bo", "nobody"):
        for due_by in (None, date(2026, 12, 1), date(2026, 12, 3), date(2020, 1, 1)):
            expected = [
                c
                for c in every
                if (owner is None or c.owner.casefold() == owner.casefold())
                and (due_by is None or (c.due is not None and c.due <= due_by))
            ]
            assert store.open_commitments(owner=owner, due_by=due_by) == expected


def test_callers_get_their_own_lists(store: Store) -> None:
    store.add(make_review())
    store.summaries().clear()
    store.open_commitments().clear()
    store.open_commitments(owner="ana").clear()
    assert len(store.summaries()) == 1
    assert len(store.open_commitments()) == 2
    assert len(store.open_commitments(owner="ana")) == 1


def test_a_failed_batch_leaves_the_warm_lists_as_on_disk(store: Store) -> None:
    store.add(make_review("kept"))
    assert _titles(store) == ["kept"]
    with pytest.raises(RuntimeError), store.batch() as txn:
        txn.put(make_review("staged"))
        # Inside the batch the staged review is listed, and nothing is kept.
        assert _titles(store) == ["kept", "staged"]
        raise RuntimeError("abandon")
    assert _titles(store) == ["kept"]
    assert len(store.open_commitments()) == 2


def test_a_shard_newer_than_the_index_is_seen_through_warm_lists(
    store: Store, store_path: Path
) -> None:
    r = store.add(make_review("before"))
    shard = Layout.for_store(store_path).shard_path(Layout.shard_of(r.id))
    kept = shard.with_name("kept-aside")
    shutil.copy2(shard, kept)
    store.update(r.id, lambda x: setattr(x, "title", "after"))
    assert _titles(store) == ["after"]
    # As if a writer died between its shard and its index: only the shard changed.
    os.replace(kept, shard)
    assert _titles(store) == ["before"]
    assert store.summary(r.id).title == "before"


def test_a_restore_is_seen_by_warm_lists(store: Store, clock: FrozenClock) -> None:
    r = store.add(make_review("before"))
    store.backup()
    store.update(r.id, lambda x: setattr(x, "title", "after"))
    assert _titles(store) == ["after"]
    store.restore(store.backups()[0].name)
    assert _titles(store) == ["before"]


def test_warm_summaries_are_the_same_as_fresh_ones(store: Store) -> None:
    for i in range(3):
        store.add(make_review(f"review {i}"))
    warm = store.summaries()
    assert store.summaries() == warm == Store(store.path).summaries()
    assert all(isinstance(s, ReviewSummary) for s in warm)


def test_a_damaged_open_row_is_reported_not_skipped(store: Store, store_path: Path) -> None:
    import orjson

    store.add(make_review())
    open_file = Layout.for_store(store_path).open_rows
    data = orjson.loads(open_file.read_bytes())
    cid = next(iter(data["open"]))
    data["open"][cid]["kind"] = "no such kind"
    open_file.write_bytes(orjson.dumps(data))
    with pytest.raises(StoreDamagedError, match="open commitment is malformed") as err:
        Store(store_path).open_commitments()
    assert str(open_file) in str(err.value)


@pytest.fixture
def _collector_on() -> Iterator[None]:
    was = gc.isenabled()
    gc.enable()
    yield
    gc.unfreeze()
    if not was:
        gc.disable()


@pytest.mark.usefixtures("_collector_on")
def test_pausing_the_collector_restores_it() -> None:
    with gc_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    with gc_paused():
        pass
    assert not gc.isenabled()  # a caller who turned it off keeps it off
    gc.enable()
    with pytest.raises(ValueError), gc_paused():
        raise ValueError
    assert gc.isenabled()


@pytest.mark.usefixtures("_collector_on")
def test_frozen_objects_are_set_aside_from_the_collector() -> None:
    before = gc.get_freeze_count()
    with gc_paused(freeze=True):
        kept = [[i] for i in range(1000)]
    assert gc.get_freeze_count() >= before + len(kept)


def _files_read(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    from pmtui.store import atomic, storage

    seen: list[str] = []
    real = atomic.read_file

    def spy(path: Path) -> object:
        seen.append(path.name)
        return real(path)

    monkeypatch.setattr(storage, "read_file", spy)
    return seen


def test_due_reads_only_the_open_commitments_file(
    store: Store, store_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for i in range(3):
        store.add(make_review(f"review {i}"))
    seen = _files_read(monkeypatch)
    got = Store(store_path).open_commitments(owner="ana", due_by=date(2026, 12, 31))
    assert len(got) == 3
    assert seen == ["pmtui.open.json"]


def test_the_list_of_reviews_reads_only_the_index(
    store: Store, store_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for i in range(3):
        store.add(make_review(f"review {i}"))
    seen = _files_read(monkeypatch)
    assert len(Store(store_path).summaries()) == 3
    assert seen == ["pmtui.json"]


def test_a_missing_open_commitments_file_is_rebuilt(store: Store, store_path: Path) -> None:
    for i in range(3):
        store.add(make_review(f"review {i}", commitments=i + 1))
    before = store.open_commitments()
    Layout.for_store(store_path).open_rows.unlink()
    assert Store(store_path).open_commitments() == before
    assert Layout.for_store(store_path).open_rows.exists()
    assert store.open_commitments() == before


def test_an_open_file_older_than_the_shards_is_rebuilt(store: Store, store_path: Path) -> None:
    r = store.add(make_review("checkout outage", commitments=2))
    open_file = Layout.for_store(store_path).open_rows
    kept = open_file.with_name("kept-aside")
    shutil.copy2(open_file, kept)
    done = store.open_commitments()[0]

    def keep(review: Review) -> None:
        review.commitment(done.id).status = Outcome.KEPT

    store.update(r.id, keep)
    store.add(make_review("queue backlog", commitments=1))
    os.replace(kept, open_file)  # as if only the open file had been put back
    for reader in (Store(store_path), store):
        got = reader.open_commitments()
        assert done.id not in {c.id for c in got}
        assert sorted(c.review_title for c in got) == ["checkout outage", "queue backlog"]


def test_a_store_from_schema_1_moves_its_open_rows_out_of_the_index(
    store: Store, store_path: Path
) -> None:
    import orjson

    for i in range(3):
        store.add(make_review(f"review {i}", commitments=i + 1))
    expected = store.open_commitments()
    # A schema 1 store: open rows in the index, no open commitments' file.
    layout = Layout.for_store(store_path)
    index = orjson.loads(store_path.read_bytes())
    index["open"] = orjson.loads(layout.open_rows.read_bytes())["open"]
    index["_meta"]["meta"]["schema"] = 1
    store_path.write_bytes(orjson.dumps(index))
    layout.open_rows.unlink()

    fresh = Store(store_path)
    assert fresh.open_commitments(owner="ana") == [c for c in expected if c.owner == "ana"]
    assert fresh.open_commitments() == expected
    assert len(fresh.summaries()) == 3
    migrated = orjson.loads(store_path.read_bytes())
    assert "open" not in migrated
    assert migrated["_meta"]["meta"]["schema"] == CURRENT_SCHEMA
    assert orjson.loads(layout.open_rows.read_bytes())["_meta"]["meta"]["schema"] == CURRENT_SCHEMA
    assert any(b.reason == "before-migration-v1" for b in fresh.backups())


def test_an_open_file_from_a_newer_pmtui_is_refused(store: Store, store_path: Path) -> None:
    import orjson

    store.add(make_review())
    open_file = Layout.for_store(store_path).open_rows
    data = orjson.loads(open_file.read_bytes())
    data["_meta"]["meta"]["schema"] = 99
    open_file.write_bytes(orjson.dumps(data))
    before = open_file.read_bytes()
    with pytest.raises(StoreTooNewError):
        Store(store_path).open_commitments()
    with pytest.raises(StoreTooNewError):
        Store(store_path).add(make_review("second"))
    assert open_file.read_bytes() == before


@pytest.mark.usefixtures("_collector_on")
def test_a_dropped_store_is_freed_without_the_cycle_collector(store_path: Path) -> None:
    """Big files are set aside from the cycle collector once parsed, so a Store
    must hold no reference cycle: reference counting alone has to free it."""
    s = Store(store_path)
    r = s.add(make_review())
    s.update(r.id, lambda x: setattr(x, "title", "renamed"))
    with s.batch() as txn:
        txn.put(make_review("second"))
    s.summaries()
    s.summary(r.id)
    s.open_commitments(owner="ana")
    s.get(r.id)
    list(s.reviews())
    gone = weakref.ref(s)
    gc.disable()
    del s, txn
    assert gone() is None


@pytest.mark.parametrize("warm", [False, True])
@pytest.mark.parametrize("top", [1, 3, 50])
def test_the_open_digest_counts_what_the_full_list_holds(
    store: Store, store_path: Path, warm: bool, top: int
) -> None:
    for i in range(4):
        store.add(make_review(f"review {i}", commitments=i + 1))  # due 1-4 December
    if warm:
        store.open_commitments()  # the digest then comes from the kept full list
    every = Store(store_path).open_commitments()
    for today in (date(2026, 11, 20), date(2026, 11, 26), date(2026, 12, 3), date(2027, 1, 1)):
        digest = store.open_digest(today, within=timedelta(days=7), top=top)
        soon = [c for c in every if c.due is not None and c.due <= today + timedelta(days=7)]
        late = [c for c in soon if c.due is not None and c.due < today]
        assert digest.today == today
        assert (digest.overdue, digest.due_soon) == (len(late), len(soon) - len(late))
        assert dict(digest.overdue_by_review) == dict(Counter(c.review_id for c in late))
        assert list(digest.most_urgent) == soon[:top]  # the full list is soonest first
        assert digest == OpenDigest.of(every, today, timedelta(days=7), top)


def test_the_open_digest_sees_a_save_by_another_store(store: Store, store_path: Path) -> None:
    r = store.add(make_review(commitments=1))
    today = date(2026, 12, 5)
    assert store.open_digest(today).overdue == 1

    def keep(review: Review) -> None:
        review.commitments[0].status = Outcome.KEPT

    Store(store_path).update(r.id, keep)
    assert store.open_digest(today) == OpenDigest(today, {}, 0, 0, ())


def test_a_damaged_open_row_is_reported_by_the_digest(store: Store, store_path: Path) -> None:
    import orjson

    store.add(make_review())
    open_file = Layout.for_store(store_path).open_rows
    data = orjson.loads(open_file.read_bytes())
    for row in data["open"].values():
        row["due"] = 20261201
    open_file.write_bytes(orjson.dumps(data))
    with pytest.raises(StoreDamagedError, match="open commitment is malformed"):
        Store(store_path).open_digest(date(2026, 12, 5))


def test_summaries_from_the_index_equal_those_built_from_reviews(store: Store) -> None:
    r = store.add(make_review())
    stored = Store(store.path).summary(r.id)
    built = ReviewSummary.from_review(store.get(r.id))
    assert stored == built and hash(stored) == hash(built)
    assert stored.to_raw() == built.to_raw()
    assert ReviewSummary.from_raw(built.to_raw()) == built
    assert [c.statement for c in stored.causes] == ["no canary stage"]
    with pytest.raises(FrozenInstanceError):
        stored.title = "changed"


def test_summaries_are_listed_by_wall_clock_creation_time(store: Store, store_path: Path) -> None:
    """Sorted on the stored text: microseconds and offsets must order as the datetimes."""
    created = [
        datetime(2026, 11, 20, 9, 0, 0),
        datetime(2026, 11, 20, 9, 0, 0, 5),
        datetime(2026, 11, 20, 9, 0, 0, 120000, tzinfo=timezone(timedelta(hours=-5))),
        datetime(2026, 11, 20, 8, 59, 59, 999999, tzinfo=UTC),
        datetime(2026, 11, 20, 9, 0, 1, tzinfo=timezone(timedelta(hours=2))),
        datetime(2026, 11, 19, 23, 0, 0, tzinfo=UTC),
    ]
    with store.batch() as txn:
        for i, when in enumerate(created):
            review = make_review(f"review {i}")
            review.created = when
            txn.put(review)
    listed = Store(store_path).summaries()
    assert [s.created for s in listed] == sorted(
        created, key=lambda c: c.replace(tzinfo=None), reverse=True
    )


def test_a_summary_missing_a_field_is_reported_as_damage(store: Store, store_path: Path) -> None:
    import orjson

    store.add(make_review())
    index = Layout.for_store(store_path).index
    data = orjson.loads(index.read_bytes())
    for row in data["reviews"].values():
        del row["title"]
    index.write_bytes(orjson.dumps(data))
    with pytest.raises(StoreDamagedError, match="summary is malformed") as err:
        Store(store_path).summaries()
    assert "title" in str(err.value)
