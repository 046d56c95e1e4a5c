"""The first-screen file: what the home screen paints first, used only while it is current."""

from __future__ import annotations

import os
import threading
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from pmtui.domain.incidents import new_incident, review_from
from pmtui.domain.model import Commitment, Kind, Review
from pmtui.domain.policy import IncidentLists
from pmtui.domain.summary import CARRY_OVER_ROWS, CARRY_OVER_WITHIN
from pmtui.store.first_screen import home_lists
from pmtui.store.opener import StoreOpener
from pmtui.store.repository import Store

TODAY = date(2026, 11, 30)


def review(i: int, *, due: date | None = None) -> Review:
    coms = [Commitment(deliverable=f"do {i}", owner="ana", due=due)] if due else []
    created = datetime(2026, 1, 1) + timedelta(hours=i)
    return Review(title=f"review {i}", created=created, updated=created, commitments=coms)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = Store(tmp_path / "store" / "pmtui.json")
    with s.batch() as txn:
        for i in range(30):
            txn.put(review(i, due=TODAY - timedelta(days=i % 4) if i % 3 == 0 else None))
    return s


def test_it_holds_what_the_whole_read_gives(store: Store) -> None:
    assert store.first_screen(TODAY, 10) is None  # not written yet
    store.keep_first_screen(TODAY, 10)
    got = Store(store.path).first_screen(TODAY, 10)  # a fresh process's read
    assert got is not None
    summaries, total, digest, incidents = got
    whole = store.summaries()
    assert total == len(whole) == 30
    assert [(s.id, s.title, s.open_ids) for s in summaries] == [
        (s.id, s.title, s.open_ids) for s in whole[:10]
    ]
    full = store.open_digest(TODAY)
    assert (digest.overdue, digest.due_soon) == (full.overdue, full.due_soon)
    assert [c.id for c in digest.most_urgent] == [c.id for c in full.most_urgent]
    assert {s.id: digest.overdue_by_review.get(s.id, 0) for s in summaries} == {
        s.id: full.overdue_by_review.get(s.id, 0) for s in summaries
    }
    assert incidents == store.incident_lists()


def test_it_holds_the_incidents_and_the_reviews_started_from_them(store: Store) -> None:
    """The line counting incidents without a review reads no open file at start."""
    now = datetime(2026, 11, 20, 9, 0)
    waiting = store.add_incident(new_incident("queue backed up", now=now, author="ana"))
    reviewed = store.add_incident(new_incident("checkout 502s", now=now, author="ana"))
    started = store.review_incident(
        reviewed.id,
        lambda i: review_from(i, "postmortem", Kind.POSTMORTEM, now=now, user="ana"),
    )
    store.keep_first_screen(TODAY, 10)
    expected = store.incident_lists()
    # The open file made unreadable with its signature kept: the read below must not parse it.
    opened = store.layout.open_rows
    before, st = opened.read_bytes(), opened.stat()
    with opened.open("r+b") as fh:
        fh.write(b" " * len(before))
    os.utime(opened, ns=(st.st_atime_ns, st.st_mtime_ns))
    got = Store(store.path).first_screen(TODAY, 10)
    assert got is not None
    incidents = got[3]
    assert [i.id for i in incidents.incidents] == [waiting.id, reviewed.id]
    assert incidents == expected and not incidents.problem
    assert incidents.links[reviewed.id].review_id == started.id


def test_any_save_makes_it_unused(store: Store) -> None:
    store.keep_first_screen(TODAY, 10)
    other = Store(store.path)  # another session on the same store
    first = other.summaries()[5]
    other.update(first.id, lambda r: setattr(r, "title", "renamed elsewhere"))
    assert store.first_screen(TODAY, 10) is None
    # Still there for a first frame that reads the whole store right after it.
    stale = store.first_screen(TODAY, 10, stale_ok=True)
    assert stale is not None and first.title in {s.title for s in stale[0]}
    assert "renamed elsewhere" not in {s.title for s in stale[0]}
    store.keep_first_screen(TODAY, 10)  # a stale file is written again
    got = store.first_screen(TODAY, 10)
    assert got is not None and "renamed elsewhere" in {s.title for s in got[0]}
    assert store.first_screen(TODAY + timedelta(days=1), 10, stale_ok=True) is None


def test_a_hand_edited_shard_or_index_makes_it_unused(store: Store) -> None:
    store.keep_first_screen(TODAY, 10)
    shard = next(store.layout.shards.glob("*.json"))
    os.utime(shard)  # a changed shard the index was not rebuilt from
    assert store.first_screen(TODAY, 10) is None
    store.summaries()  # the index is brought up to date with the shards
    store.keep_first_screen(TODAY, 10)
    assert store.first_screen(TODAY, 10) is not None
    store.layout.index.write_bytes(store.layout.index.read_bytes())
    assert store.first_screen(TODAY, 10) is None


def test_another_day_or_more_rows_read_the_index(store: Store) -> None:
    store.keep_first_screen(TODAY, 10)
    assert store.first_screen(TODAY + timedelta(days=1), 10) is None
    assert store.first_screen(TODAY, 20) is None
    assert store.first_screen(TODAY, 10, within=CARRY_OVER_WITHIN * 2) is None
    assert store.first_screen(TODAY, 10, top=CARRY_OVER_ROWS + 1) is None


@pytest.mark.parametrize("content", [b"", b"{not json", b'{"version": 1}', b"[1, 2]"])
def test_a_damaged_file_is_ignored(store: Store, content: bytes) -> None:
    store.keep_first_screen(TODAY, 10)
    store.layout.first_screen.write_bytes(content)
    assert store.first_screen(TODAY, 10) is None
    store.keep_first_screen(TODAY, 10)  # written again over it
    assert store.first_screen(TODAY, 10) is not None


def test_a_store_that_cannot_take_it_still_reads(store: Store) -> None:
    store.layout.first_screen.mkdir()  # in the way, as a read-only directory would be
    store.keep_first_screen(TODAY, 10)
    assert store.first_screen(TODAY, 10) is None
    assert len(store.summaries()) == 30
    assert not list(store.layout.directory.glob(".*.tmp"))  # no half-written file left


def test_a_first_frame_writes_nothing_and_probes_nothing(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Painting from the file (stale or not) reads it and the incidents file: how the
    store's filesystem is checked, decided with a probe file written in the store's
    directory, is left to the whole read after the frame."""
    from pmtui.store import filesystem

    store.add_incident(new_incident("queue backed up", now=datetime(2026, 11, 20), author="ana"))
    store.keep_first_screen(TODAY, 10)
    other = Store(store.path)  # someone's save makes the file stale
    other.update(other.summaries()[0].id, lambda r: setattr(r, "title", "renamed"))
    probed: list[Path] = []
    real = filesystem.choose

    def choose(directory: Path, wanted: str | None = None) -> filesystem.Check:
        probed.append(directory)
        return real(directory, wanted)

    monkeypatch.setattr(filesystem, "choose", choose)
    before = sorted(p.name for p in store.layout.directory.iterdir())
    fresh = Store(store.path)  # a fresh process's
    got = fresh.first_screen(TODAY, 10, stale_ok=True)
    assert got is not None and [i.title for i in got[3].incidents] == ["queue backed up"]
    assert probed == []
    assert sorted(p.name for p in store.layout.directory.iterdir()) == before
    fresh.token()  # the whole read that follows looks at it, once
    assert probed == [store.layout.directory]
    assert fresh.incident_lists() == other.incident_lists()


def test_it_is_read_without_the_store_as_the_store_reads_it(store: Store) -> None:
    """``home_lists`` (the app's read before its first frame, which opens no store) gives
    what the store gives for a file used whatever it was built from, a stale one too."""
    assert home_lists(store.layout, TODAY, 10) is None  # not written yet
    store.keep_first_screen(TODAY, 10)
    other = Store(store.path)
    other.update(other.summaries()[3].id, lambda r: setattr(r, "title", "renamed elsewhere"))
    got = home_lists(store.layout, TODAY, 10)
    assert got is not None
    summaries, total, digest, incidents = got
    expected = Store(store.path).first_screen(TODAY, 10, stale_ok=True)
    assert expected is not None
    assert [s.id for s in summaries] == [s.id for s in expected[0]] and total == expected[1]
    assert digest == expected[2] and incidents is None  # none logged: no policy to weigh
    assert expected[3] == IncidentLists([], {})
    assert home_lists(store.layout, TODAY + timedelta(days=1), 10) is None
    assert home_lists(store.layout, TODAY, 10, top=CARRY_OVER_ROWS + 1) is None


def test_with_an_incident_logged_it_is_read_through_the_store(store: Store) -> None:
    """The incidents are decoded and checked by the store: without it, no first screen."""
    store.add_incident(new_incident("queue backed up", now=datetime(2026, 11, 20), author="ana"))
    store.keep_first_screen(TODAY, 10)
    assert home_lists(store.layout, TODAY, 10) is None
    got = Store(store.path).first_screen(TODAY, 10, stale_ok=True)
    assert got is not None and [i.title for i in got[3].incidents] == ["queue backed up"]


def test_a_store_nothing_was_saved_to_lists_nothing_without_the_store(tmp_path: Path) -> None:
    """A new store's first launch paints its empty list without opening the store, as the
    store would read it; once an index is to be rebuilt from the shards, the store reads."""
    path = tmp_path / "new" / "pmtui.json"
    got = home_lists(Store(path).layout, TODAY, 10)
    assert got is not None
    summaries, total, digest, incidents = got
    opened = Store(path)
    assert summaries == opened.listing() == [] and total == 0
    assert digest == opened.open_digest(TODAY) and incidents is None
    assert opened.incident_lists() == IncidentLists([], {})
    assert not path.parent.exists()  # nothing was written either
    opened.add(review(1))
    opened.layout.index.unlink()
    opened.layout.open_rows.unlink()
    assert home_lists(opened.layout, TODAY, 10) is None


def test_the_store_is_opened_once_whichever_thread_asks_first(tmp_path: Path) -> None:
    opened: list[Store] = []
    barrier = threading.Barrier(4)

    def open_it() -> Store:
        opened.append(Store(tmp_path / "pmtui.json"))
        return opened[-1]

    opener = StoreOpener(tmp_path / "pmtui.json", open_it)
    assert opener.layout.index == tmp_path / "pmtui.json" and opened == []  # nothing opened yet
    got: list[Store] = []

    def ask() -> None:
        barrier.wait()
        got.append(opener())

    threads = [threading.Thread(target=ask) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(opened) == 1 and all(s is opened[0] for s in got) and len(got) == 4
