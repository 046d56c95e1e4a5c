"""The repository API: what callers of Store rely on."""

from __future__ import annotations

import functools
import threading
from datetime import date, timedelta
from pathlib import Path

import pytest

from pmtui.domain.model import Outcome, Review, ValidationError
from pmtui.store.errors import ConflictError, NotFoundError, StoreError
from pmtui.store.repository import Store
from tests.conftest import FrozenClock
from tests.store.helpers import make_review


def test_add_get_update_delete_round_trip(store: Store, store_path: Path) -> None:
    r = store.add(make_review())
    assert r.rev == 1
    got = store.get(r.id)
    assert got == r
    store.update(r.id, lambda x: setattr(x, "title", "checkout outage, 20 Nov"))
    assert store.get(r.id).title == "checkout outage, 20 Nov"
    assert store.get(r.id).rev == 2
    removed = store.delete(r.id)
    assert removed.id == r.id
    with pytest.raises(NotFoundError):
        store.get(r.id)
    assert store.summaries() == []


def test_another_instance_sees_every_change(
    store: Store, store_path: Path, clock: FrozenClock
) -> None:
    other = Store(store_path, clock=clock)
    r = store.add(make_review())
    assert [s.id for s in other.summaries()] == [r.id]
    other.update(r.id, lambda x: x.tags.append("db"))
    # The first instance must not overwrite the other's change with a stale copy.
    store.update(r.id, lambda x: x.tags.append("cache"))
    assert Store(store_path).get(r.id).tags == ["payments", "db", "cache"]
    assert store.summary(r.id).tags == ("payments", "db", "cache")


def test_save_with_a_stale_revision_is_a_conflict(store: Store) -> None:
    r = store.add(make_review())
    stale = store.get(r.id)
    store.update(r.id, lambda x: setattr(x, "title", "newer"))
    stale.title = "older"
    with pytest.raises(ConflictError, match="changed since it was opened"):
        store.save(stale, expected_rev=1)
    assert store.get(r.id).title == "newer"


def test_adding_an_existing_id_is_refused(store: Store) -> None:
    r = store.add(make_review())
    with pytest.raises(StoreError, match="already exists"):
        store.add(make_review_with_id(r.id))


def make_review_with_id(rid: str) -> Review:
    r = make_review("copy")
    r.id = rid
    return r


def test_batch_writes_once_and_rolls_back_on_error(store: Store) -> None:
    a = store.add(make_review("a"))
    token = store.token()
    with pytest.raises(RuntimeError), store.batch() as txn:
        txn.put(make_review("b"))
        txn.delete(a.id)
        raise RuntimeError("caller changed its mind")
    assert store.token() == token
    assert [s.title for s in store.summaries()] == ["a"]
    with store.batch() as txn:
        txn.put(make_review("b"))
        txn.put(make_review("c"))
    assert sorted(s.title for s in store.summaries()) == ["a", "b", "c"]


def test_open_commitments_follow_status_and_filters(store: Store) -> None:
    r = store.add(make_review(commitments=3))
    assert len(store.open_commitments()) == 3
    assert {c.owner for c in store.open_commitments(owner="ANA")} == {"ana"}
    assert [c.due for c in store.open_commitments(due_by=date(2026, 12, 2))] == [
        date(2026, 12, 1),
        date(2026, 12, 2),
    ]

    def keep_first(x: Review) -> None:
        x.commitments[0].status = Outcome.KEPT

    store.update(r.id, keep_first)
    assert len(store.open_commitments()) == 2
    store.delete(r.id)
    assert store.open_commitments() == []


def test_a_commitment_id_shared_by_two_reviews_does_not_break_saving(store: Store) -> None:
    a = make_review("a", commitments=1)
    b = make_review("b", commitments=1)
    b.commitments[0].id = a.commitments[0].id
    store.add(a)
    store.add(b)
    store.delete(b.id)
    assert store.summary(a.id).title == "a"


def test_resolve_needs_a_unique_prefix(store: Store) -> None:
    r = store.add(make_review())
    assert store.resolve(r.id[:8]) == r.id
    with pytest.raises(NotFoundError):
        store.resolve("zzzzzzzz")


def test_token_changes_on_every_save(store: Store, store_path: Path) -> None:
    r = store.add(make_review())
    t1 = store.token()
    Store(store_path).update(r.id, lambda x: setattr(x, "title", "same length"))
    assert store.token() != t1


def test_invalid_review_is_refused_naming_the_field(store: Store) -> None:
    r = make_review()
    r.commitments[1].owner = "x" * 301
    with pytest.raises(ValidationError) as err:
        store.add(r)
    assert err.value.field == "commitments[1].owner"
    assert store.summaries() == []


def test_control_characters_never_reach_the_disk(store: Store, store_path: Path) -> None:
    r = make_review("\x1b[31mred\x1b[0m title\x07")
    r.facts[0].what = "line one\nline\x00 two\x1b]0;pwned\x07"
    store.add(r)
    raw = b"".join(p.read_bytes() for p in store_path.parent.rglob("*.json"))
    assert b"\\u001b" not in raw and b"\\u0007" not in raw and b"\\u0000" not in raw
    got = store.get(r.id)
    assert got.title == "red title"
    assert got.facts[0].what == "line one\nline two"


def test_daily_backup_after_first_save_and_rotation(store_path: Path, clock: FrozenClock) -> None:
    s = Store(store_path, clock=clock, keep_backups=3)
    r = s.add(make_review())
    assert [b.reason for b in s.backups()] == ["daily"]
    for _ in range(5):
        clock.now += timedelta(days=1)
        s.update(r.id, lambda x: x.tags.append("t"))
    assert len(s.backups()) == 3
    assert all(not b.problems() for b in s.backups())


def _tag(review: Review, tag: str) -> None:
    review.tags.append(tag)


def test_one_store_shared_by_threads(store: Store) -> None:
    """The app saves from a worker while the screen reads: no error, no half-built reads."""
    r = store.add(make_review())
    errors: list[BaseException] = []

    def writer() -> None:
        try:
            for i in range(20):
                store.update(r.id, functools.partial(_tag, tag=f"w{i}"))
                store.add(make_review(f"added {i}"))
        except BaseException as exc:
            errors.append(exc)

    def reader() -> None:
        try:
            last = 0
            for _ in range(60):
                count = len(store.summaries())
                assert count >= last  # never a rolled-back or half-built state
                last = count
                assert len(store.open_commitments()) % 2 == 0
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=writer), threading.Thread(target=writer)]
    threads += [threading.Thread(target=reader)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(store.summaries()) == 41
    assert len(store.get(r.id).tags) == 41


def test_batches_do_not_nest_in_one_thread(store: Store) -> None:
    with store.batch(), pytest.raises(StoreError, match="do not nest"), store.batch():
        pass


def test_a_listing_no_longer_wanted_stops_and_the_next_reads_every_row(
    store_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The home list's read of the whole index stops when asked (another screen opened), and
    keeps nothing of the part it read: the next listing has every review."""
    from pmtui.store import repository
    from pmtui.store.errors import ListingStopped

    writer = Store(store_path)
    with writer.batch() as txn:
        for i in range(7):
            txn.put(make_review(f"review {i}"))
    monkeypatch.setattr(repository, "LISTING_SLICE", 2)
    asked = []

    def stop() -> bool:
        asked.append(1)
        return len(asked) >= 2

    reader = Store(store_path)
    with pytest.raises(ListingStopped):
        reader.listing(stop=stop)
    assert len(asked) == 2
    assert sorted(s.title for s in reader.listing()) == [f"review {i}" for i in range(7)]
    assert len(reader.listing(stop=lambda: False)) == 7
