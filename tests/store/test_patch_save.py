"""A save patches the index's rows, the home list reads it row by row: both as a full read."""

from __future__ import annotations

import copy
import json
import pickle
from collections.abc import Callable
from pathlib import Path

import orjson
import pytest

from pmtui.domain.model import Outcome, Review
from pmtui.domain.summary import LISTED, ListedReview, ReviewSummary
from pmtui.store import rows
from pmtui.store.repository import Store
from pmtui.store.transaction import Transaction
from tests.conftest import FrozenClock
from tests.store.helpers import make_review

Step = Callable[[Store], object]


def _steps(reviews: list[Review]) -> list[Step]:
    a, b, c = reviews

    def close_one(r: Review) -> None:
        r.commitments[0].status = Outcome.KEPT

    return [
        lambda s: s.add(copy.deepcopy(a)),
        lambda s: s.add(copy.deepcopy(b)),
        lambda s: s.update(a.id, lambda r: setattr(r, "title", "checkout outage, 20 Nov")),
        lambda s: s.add(copy.deepcopy(c)),
        lambda s: s.update(b.id, close_one),
        lambda s: s.delete(a.id),
        lambda s: s.update(c.id, lambda r: setattr(r, "tags", ["infra", "db"])),
    ]


def _tables(path: Path) -> tuple[object, object]:
    index = orjson.loads(path.read_bytes())
    opened = orjson.loads(path.with_name("pmtui.open.json").read_bytes())
    assert rows.Lines.of(path.read_bytes()) is not None
    return index["reviews"], {k: v for k, v in opened.items() if k != "_meta"}


def test_a_save_patches_rows_and_gives_what_a_whole_rewrite_gives(
    tmp_path: Path, clock: FrozenClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    reviews = [make_review("checkout outage"), make_review("queue backlog", commitments=3),
               make_review("dns drift", commitments=1)]  # fmt: skip
    patched_path = tmp_path / "patched" / "pmtui.json"
    whole_path = tmp_path / "whole" / "pmtui.json"
    whole = Store(whole_path, clock=clock)
    held = Store(tmp_path / "held" / "pmtui.json", clock=clock)
    patch_rows = Transaction.patch_rows
    monkeypatch.setattr(Transaction, "patch_rows", lambda t: t.store is not whole and patch_rows(t))
    for step in _steps(reviews):
        fresh = Store(patched_path, clock=clock)  # holds nothing parsed: patches
        existed = patched_path.exists()
        step(fresh)
        assert not (existed and fresh._index.parsed), "the save parsed the whole index"
        step(whole)  # parses the index, changes it and writes it whole
        before = held.summaries()  # holds the index parsed: patches it with the file
        step(held)
        assert held._index.parsed
        assert held.summaries() != before
        assert held.summaries() == Store(held.path).summaries()
        assert _tables(patched_path) == _tables(whole_path) == _tables(held.path)
    got = Store(patched_path, clock=clock)
    assert sorted(s.title for s in got.summaries()) == ["dns drift", "queue backlog"]
    assert len(got.open_commitments()) == 3  # 2 of queue backlog's (one kept), 1 of dns drift's


def test_a_save_of_many_rows_patches_them_found_in_one_pass(
    tmp_path: Path, clock: FrozenClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    made = [make_review(f"review {i}", commitments=i % 3) for i in range(3 * rows.FIND_ROWS)]
    extra = make_review("new in the batch")
    patched_path = tmp_path / "patched" / "pmtui.json"
    whole = Store(tmp_path / "whole" / "pmtui.json", clock=clock)
    patch_rows = Transaction.patch_rows
    monkeypatch.setattr(Transaction, "patch_rows", lambda t: t.store is not whole and patch_rows(t))
    for store in (Store(patched_path, clock=clock), whole):
        with store.batch() as txn:
            for review in made:
                txn.put(copy.deepcopy(review))

    def sync(store: Store) -> Transaction:  # as an import or a sync: many rows in one save
        with store.batch() as txn:
            for review in made[: 2 * rows.FIND_ROWS]:
                got = txn.get(review.id)
                assert got is not None
                got.title += " (synced)"
                txn.put(got)
            txn.delete(made[-1].id)
            txn.put(copy.deepcopy(extra))
        return txn

    fresh = Store(patched_path, clock=clock)
    txn = sync(fresh)
    assert not fresh._index.parsed, "the save parsed the whole index"
    assert txn.lines is not None and txn.lines._scanned, "its rows were found in one pass"
    sync(whole)  # parses the index, changes it and writes it whole
    assert _tables(patched_path) == _tables(whole.path)


def _hand_edit(path: Path, edit: Callable[[dict[str, dict[str, dict[str, object]]]], None]) -> None:
    data = json.loads(path.read_text())
    edit(data)
    path.write_text(json.dumps(data, indent=2))  # as a person with an editor leaves it


@pytest.mark.parametrize("pretty", [True, False])
def test_a_hand_edited_index_is_read_whole_and_keeps_the_edit(
    store: Store, store_path: Path, pretty: bool
) -> None:
    a = store.add(make_review("checkout outage"))
    b = store.add(make_review("queue backlog"))

    def retitle(data: dict[str, dict[str, dict[str, object]]]) -> None:
        data["reviews"][b.id]["title"] = "queue backlog (edited)"

    if pretty:
        _hand_edit(store_path, retitle)
    else:  # the layout kept, one row changed: only the checksum tells
        raw = store_path.read_bytes().replace(b'"queue backlog"', b'"queue backlog (edited)"')
        store_path.write_bytes(raw)
        assert orjson.loads(raw)["reviews"][b.id]["title"] == "queue backlog (edited)"
    assert rows.Lines.of(store_path.read_bytes()) is None
    other = Store(store_path)
    assert sorted(s.title for s in other.listing()) == ["checkout outage", "queue backlog (edited)"]
    other.update(a.id, lambda r: setattr(r, "title", "checkout outage, 20 Nov"))
    assert rows.Lines.of(store_path.read_bytes()) is not None, "written back in the layout"
    assert sorted(s.title for s in Store(store_path).listing()) == [
        "checkout outage, 20 Nov",
        "queue backlog (edited)",
    ]


def test_the_list_read_row_by_row_is_the_full_read_trimmed(store: Store, store_path: Path) -> None:
    for i in range(5):
        store.add(make_review(f"review {i}", commitments=i))
    fresh = Store(store_path)
    listed = fresh.listing()
    assert not fresh._index.parsed, "the list parsed the whole index"
    full = Store(store_path).summaries()
    assert [s.id for s in listed] == [s.id for s in full]
    for got, want in zip(listed, full, strict=True):
        for name in sorted(LISTED):
            assert getattr(got, name) == getattr(want, name), name
        assert isinstance(got, ListedReview) and not isinstance(got, ReviewSummary)
        assert not hasattr(got, "raw_causes")  # not kept: a list never shows them
        assert "raw_causes" not in repr(got) and f"title={want.title!r}" in repr(got)
        assert got == fresh.listing()[listed.index(got)] and hash(got) == hash(got)
        assert pickle.loads(pickle.dumps(got)) == got

    Store(store_path).update(listed[0].id, lambda r: setattr(r, "title", "renamed elsewhere"))
    assert fresh.listing()[0].title == "renamed elsewhere", "a save elsewhere is seen"


def test_a_patched_index_is_written_from_the_slices_it_was_read_as(
    tmp_path: Path, clock: FrozenClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Never joined into one copy: at 10,000 reviews that was a fresh 15 MB block per save,
    its pages faulted in while the interpreter was held (docs/benchmarks.md)."""
    from pmtui.store import atomic, storage

    store = Store(tmp_path / "pmtui.json", clock=clock)
    kept = store.add(make_review("checkout outage"))
    store.add(make_review("queue backlog"))
    written: list[object] = []
    real = atomic.atomic_write

    def spy(path: Path, payload: object, mode: int, **kw: bool) -> object:
        if path == store.layout.index:
            written.append(payload)
        return real(path, payload, mode, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(storage, "atomic_write", spy)
    store.update(kept.id, lambda r: setattr(r, "title", "checkout outage, 20 Nov"))
    [payload] = written
    assert isinstance(payload, list)
    assert any(isinstance(piece, memoryview) for piece in payload)  # the rows not changed
    assert b"".join(payload) == store.layout.index.read_bytes()
    assert Store(tmp_path / "pmtui.json").get(kept.id).title == "checkout outage, 20 Nov"


def test_pieces_are_written_in_order_and_a_bad_one_leaves_the_file_as_it_was(
    tmp_path: Path,
) -> None:
    from pmtui.store.atomic import atomic_write, read_file

    path = tmp_path / "f.json"
    atomic_write(path, [b"ab", memoryview(b"xcd")[1:], b"", b"e"], 0o600)
    assert path.read_bytes() == b"abcde"
    with pytest.raises(TypeError):
        atomic_write(path, [b"new", object()], 0o600)
    assert path.read_bytes() == b"abcde"
    assert [p.name for p in tmp_path.iterdir()] == ["f.json"]  # no temporary file left
    big = bytes(range(256)) * (3 << 12)  # 3 MiB: read in one go, whole
    atomic_write(path, big, 0o600)
    got = read_file(path)
    assert got is not None and got[0] == big
