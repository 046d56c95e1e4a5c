"""The follow-up file: the view's lists from one small read, equal to a full read, never stale."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from pmtui.domain.followup import Board, Filters, build_board
from pmtui.domain.model import FollowUpRecord, Outcome, Review
from pmtui.store.repository import Store
from tests.conftest import FrozenClock
from tests.store.helpers import make_review

TODAY = date(2027, 3, 1)
ANY = Filters()


def _review(title: str, follow_up: date | None, commitments: int = 2) -> Review:
    r = make_review(title, commitments=commitments)
    r.participants = ["cai", "dee"]
    r.facilitator = "eve"
    if follow_up is not None:
        r.follow_up_on = follow_up
    return r


@pytest.fixture
def filled(store_path: Path, clock: FrozenClock) -> Path:
    store = Store(store_path, clock=clock)
    store.add(_review("waited longest", TODAY - timedelta(days=20)))
    store.add(_review("due today", TODAY))
    store.add(_review("not yet", TODAY + timedelta(days=9)))
    store.add(_review("nothing promised", TODAY - timedelta(days=30), commitments=0))
    r = store.add(_review("one undated", TODAY - timedelta(days=3)))
    store.update(r.id, lambda x: setattr(x.commitments[0], "due", None))
    return store_path


def _full(path: Path, filters: Filters = ANY) -> Board:
    store = Store(path)
    return build_board(store.open_commitments(), store.summaries(), TODAY, filters)


def _view(store: Store, filters: Filters = ANY) -> Board:
    commitments, due = store.follow_up_lists(TODAY)
    return build_board(commitments, (), TODAY, filters, due_reviews=due)


def _ids(board: Board) -> tuple[list[str], ...]:
    return tuple(
        [x.id for x in getattr(board, group)]
        for group in ("overdue", "this_week", "later", "reviews_due")
    )


@pytest.mark.parametrize("filters", [Filters(), Filters(owner="ANA"), Filters(owner="eve")])
def test_the_file_gives_what_a_full_read_gives_and_is_used(filled: Path, filters: Filters) -> None:
    want = _full(filled, filters)
    assert _ids(want)[3], "some review waits for its follow-up"
    first = Store(filled)
    assert _ids(_view(first, filters)) == _ids(want)  # read whole
    assert not _cache(filled).exists()
    first.keep_follow_up()  # as the view does once it has shown them
    assert _cache(filled).exists()
    fresh = Store(filled)
    got = _view(fresh, filters)
    assert not fresh._index.parsed and not fresh._open.parsed, "the file was not used"
    assert _ids(got) == _ids(want)
    full = _full(filled, filters)
    for group in ("overdue", "this_week", "later"):
        assert getattr(got, group) == getattr(full, group)  # every field of every commitment
    for a, b in zip(got.reviews_due, full.reviews_due, strict=True):
        assert (a.id, a.title, a.follow_up_on, a.facilitator, len(a.open_ids), a.commitments) == (
            b.id, b.title, b.follow_up_on, b.facilitator, len(b.open_ids), b.commitments
        )  # fmt: skip


def _cache(path: Path) -> Path:
    return path.with_name("pmtui.followup.json")


def _kept(path: Path) -> None:
    store = Store(path)
    store.follow_up_lists(TODAY)
    store.keep_follow_up()


def test_a_stale_file_is_not_used(filled: Path) -> None:
    _kept(filled)
    stale = _cache(filled).read_bytes()
    other = Store(filled)
    rid = other.add(_review("new and due", TODAY - timedelta(days=1))).id
    _cache(filled).write_bytes(stale)  # as if written before that save
    got = _view(Store(filled))
    assert rid in _ids(got)[3]
    assert _ids(got) == _ids(_full(filled))


def test_a_damaged_file_costs_a_full_read_only(filled: Path) -> None:
    _kept(filled)
    _cache(filled).write_bytes(b"{not json")
    store = Store(filled)
    assert _ids(_view(store)) == _ids(_full(filled))
    store.keep_follow_up()
    assert _cache(filled).read_bytes().startswith(b'{"version"'), "written again"
    assert _ids(_view(Store(filled))) == _ids(_full(filled))


def test_a_store_open_sees_saves_at_once(filled: Path) -> None:
    store = Store(filled)
    before = _ids(_view(store))
    Store(filled).update(_view(store).reviews_due[0].id, lambda r: setattr(r, "title", "zz"))
    after = _view(store)
    assert _ids(after) == _ids(_full(filled))
    assert "zz" in [s.title for s in after.reviews_due]
    assert before[0] == _ids(after)[0]


def test_nothing_is_written_from_lists_a_save_made_stale(filled: Path) -> None:
    store = Store(filled)
    _view(store)
    Store(filled).add(_review("saved meanwhile", TODAY - timedelta(days=2)))
    store.keep_follow_up()
    assert not _cache(filled).exists()
    _view(store)
    store.keep_follow_up()
    assert "saved meanwhile" in [s.title for s in _view(Store(filled)).reviews_due]


def test_a_fresh_view_builds_only_the_rows_it_reads(store_path: Path, clock: FrozenClock) -> None:
    store = Store(store_path, clock=clock)
    with store.batch() as txn:
        for i in range(40):
            txn.put(_review(f"review {i:02}", TODAY - timedelta(days=i - 20)))
    _kept(store_path)
    fresh = Store(store_path)
    commitments, due = fresh.follow_up_lists(TODAY)
    board = build_board(commitments, (), TODAY, due_reviews=due)
    assert not fresh._index.parsed and not fresh._open.parsed, "the file was used"
    assert len(commitments) == 80 and commitments.built < 20
    assert len(board.overdue) + len(board.this_week) + len(board.later) == 80
    assert [c.id for c in board.later[:3]] == [c.id for c in _full(store_path).later[:3]]
    assert _ids(board) == _ids(_full(store_path))


def test_a_file_changed_after_its_first_line_is_not_used(filled: Path) -> None:
    _kept(filled)
    raw = _cache(filled).read_bytes()
    head, _rows, rest = raw.split(b"\n", 2)
    changed = rest.replace(b"waited longest", b"waited shortest")
    assert changed != rest
    _cache(filled).write_bytes(head + b"\n" + _rows + b"\n" + changed)
    store = Store(filled)
    got = _view(store)
    assert store._index.parsed, "read whole"
    assert "waited longest" in [s.title for s in got.reviews_due]
    assert _ids(got) == _ids(_full(filled))


def _same_as_a_full_read(path: Path) -> None:
    """A fresh store's view, from the file alone, is the full read's in every field."""
    fresh = Store(path)
    got = _view(fresh)
    assert not fresh._index.parsed and not fresh._open.parsed, "the file followed the save"
    want = _full(path)
    for group in ("overdue", "this_week", "later"):
        assert list(getattr(got, group)) == getattr(want, group), group
    assert [
        (s.id, s.title, s.follow_up_on, s.open_ids, s.commitments) for s in got.reviews_due
    ] == [(s.id, s.title, s.follow_up_on, s.open_ids, s.commitments) for s in want.reviews_due]


def test_the_file_follows_every_save_and_stays_what_a_full_read_gives(
    filled: Path, clock: FrozenClock
) -> None:
    rng = random.Random(20)
    _kept(filled)
    store = Store(filled, clock=clock)

    def some_id() -> str:
        return rng.choice([s.id for s in store.summaries()])

    def shuffle_dues(r: Review) -> None:
        for c in r.commitments:
            c.due = rng.choice([None, TODAY + timedelta(days=rng.randint(-30, 30))])

    def close_one(r: Review) -> None:
        if r.commitments:
            r.commitments[0].status = Outcome.KEPT
            r.commitments[0].reviewed_at = datetime(2027, 2, 27, 9)

    steps: list[Callable[[], object]] = [
        lambda: store.add(
            _review(f"new {rng.randint(0, 99)}", TODAY + timedelta(days=rng.randint(-20, 20)))
        ),
        lambda: store.update(some_id(), lambda r: setattr(r, "title", f"t {rng.randint(0, 9)}")),
        lambda: store.update(some_id(), shuffle_dues),
        lambda: store.update(some_id(), close_one),
        lambda: store.update(some_id(), lambda r: setattr(r, "follow_up_on", TODAY)),
        lambda: store.update(
            some_id(), lambda r: setattr(r, "follow_up", FollowUpRecord(held_on=TODAY, by="eve"))
        ),
        lambda: store.delete(some_id()),
    ]
    for step in range(40):
        rng.choice(steps)()
        if step % 10 == 9:  # two changes to one review and a new one, in one save
            rid = some_id()
            with store.batch() as txn:
                review = txn.get(rid)
                assert review is not None
                review.title = "changed twice"
                txn.put(review)
                shuffle_dues(review)
                txn.put(review)
                txn.put(_review("in the same save", TODAY - timedelta(days=1)))
        _same_as_a_full_read(filled)


def test_a_repair_leaves_the_file_unused_until_the_view_writes_it(filled: Path) -> None:
    _kept(filled)
    shard = Store(filled).layout.shard_files()[0]
    shard.write_bytes(shard.read_bytes())  # as a sync or restore would: the index is stale
    Store(filled).add(_review("after the repair", TODAY - timedelta(days=1)))
    fresh = Store(filled)
    got = _view(fresh)
    assert fresh._index.parsed, "read whole"
    assert "after the repair" in [s.title for s in got.reviews_due]
