"""The first-screen file: what the home screen paints first, used only while it is current."""

from __future__ import annotations

import os
import threading
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import orjson
import pytest

from pmtui.domain.incidents import new_incident, review_from
from pmtui.domain.model import Commitment, Kind, Review
from pmtui.domain.policy import DEFAULT_POLICY, Backlog, IncidentLists, Logged, backlog
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


def _backlog(incidents: IncidentLists[Logged] | None) -> Backlog | None:
    """Home's backlog line's numbers, as the home screen works them out."""
    return None if incidents is None else backlog(incidents.statuses(DEFAULT_POLICY, TODAY))


def _log_four(store: Store) -> None:
    """An overdue incident, one with its review started, one waived, one needing no review."""
    now = datetime(2026, 11, 20, 9, 0)
    store.add_incident(new_incident("queue backed up", now=now, author="ana", severity="SEV3"))
    started = store.add_incident(
        new_incident("checkout 502s", now=datetime(2026, 11, 27, 9), author="ana", severity="SEV2")
    )
    store.review_incident(
        started.id, lambda i: review_from(i, "postmortem", Kind.POSTMORTEM, now=now, user="ana")
    )
    drill = store.add_incident(new_incident("a drill", now=now, author="ana", severity="SEV1"))
    store.update_incident(drill.id, lambda i: i.waive("a planned drill", "bo", TODAY))
    store.add_incident(new_incident("a blip", now=now, author="ana", severity="SEV5"))


def test_with_incidents_logged_it_reads_them_without_the_store_as_the_store_counts_them(
    store: Store,
) -> None:
    """The incidents file read plainly gives home's backlog the numbers the store's whole
    incidents give, by the same rule (``policy.backlog``), the reviews started from them
    taken from the file's links; an incident a teammate logs since is counted at once."""
    _log_four(store)
    store.keep_first_screen(TODAY, 10)
    got = home_lists(store.layout, TODAY, 10)
    assert got is not None and got[3] is not None
    whole = Store(store.path).incident_lists()
    assert sorted(f.id for f in got[3].incidents) == sorted(i.id for i in whole.incidents)
    assert got[3].links == whole.links and not got[3].problem
    assert _backlog(got[3]) == _backlog(whole) == Backlog(2, 1, 10, 1)
    expected = Store(store.path).first_screen(TODAY, 10, stale_ok=True)
    assert expected is not None and [s.id for s in got[0]] == [s.id for s in expected[0]]
    Store(store.path).add_incident(
        new_incident("logged by a teammate", now=datetime(2026, 11, 29, 9), author="bo")
    )
    again = home_lists(store.layout, TODAY, 10)
    assert again is not None and _backlog(again[3]) == Backlog(3, 1, 10, 1)


def test_a_store_with_only_incidents_logged_counts_them_without_the_store(tmp_path: Path) -> None:
    path = tmp_path / "new" / "pmtui.json"
    Store(path).add_incident(
        new_incident("queue backed up", now=datetime(2026, 11, 20, 9), author="ana")
    )
    assert home_lists(Store(path).layout, TODAY, 10) is None  # never opened: no file yet
    Store(path).keep_first_screen(TODAY, 10)  # as the app leaves it
    got = home_lists(Store(path).layout, TODAY, 10)
    assert got is not None and got[:2] == ([], 0)
    assert _backlog(got[3]) == _backlog(Store(path).incident_lists()) == Backlog(1, 1, 10, 0)


def _edit(doc: dict[str, Any], key: str, value: object) -> None:
    if value is _GONE:
        del doc[key]
    else:
        doc[key] = value


_GONE = object()


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("severity", "SEV9"),  # the store says the file is damaged
        ("started", "last tuesday"),
        ("tags", "payments"),
        ("logged", _GONE),  # the store reads it with the model's codec (logged: now)
        ("rev", "3"),
    ],
)
def test_an_incident_edited_by_hand_is_read_through_the_store(
    store: Store, key: str, value: object
) -> None:
    """Anything but what the store writes is left to the store: it reads what it can, or
    says what is wrong, and the reviews are listed either way."""
    _log_four(store)
    store.keep_first_screen(TODAY, 10)
    data = orjson.loads(store.layout.incidents.read_bytes())
    _edit(next(iter(data["incidents"].values())), key, value)
    store.layout.incidents.write_bytes(orjson.dumps(data))
    assert home_lists(store.layout, TODAY, 10) is None
    got = Store(store.path).first_screen(TODAY, 10, stale_ok=True)
    assert got is not None and len(got[0]) == 10
    whole = Store(store.path).incident_lists()
    assert got[3] == whole
    if whole.problem:
        assert "incidents" in whole.problem and not whole.incidents
    else:
        assert _backlog(got[3]) == Backlog(2, 1, 10, 1)


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"{not json",
        b"[]",
        b'{"incidents": []}',
        b'{"_meta": {"meta": {"schema": 99}}, "incidents": {}}',
        b'{"incidents": {}}',
    ],
)
def test_a_damaged_incidents_file_is_read_through_the_store(store: Store, content: bytes) -> None:
    _log_four(store)
    store.keep_first_screen(TODAY, 10)
    store.layout.incidents.write_bytes(content)
    assert home_lists(store.layout, TODAY, 10) is None
    got = Store(store.path).first_screen(TODAY, 10, stale_ok=True)
    assert got is not None and len(got[0]) == 10 and got[3].problem


def test_an_incidents_file_edited_by_hand_as_the_store_writes_it_is_read_as_it_is(
    store: Store,
) -> None:
    """Indented, with a severity changed: read without the store, counted as the store
    counts it."""
    _log_four(store)
    store.keep_first_screen(TODAY, 10)
    data = orjson.loads(store.layout.incidents.read_bytes())
    for doc in data["incidents"].values():
        if doc["severity"] == "SEV5":
            doc["severity"] = "SEV3"  # now waiting, and overdue
    store.layout.incidents.write_bytes(orjson.dumps(data, option=orjson.OPT_INDENT_2))
    got = home_lists(store.layout, TODAY, 10)
    assert got is not None
    assert _backlog(got[3]) == _backlog(Store(store.path).incident_lists()) == Backlog(3, 2, 10, 1)


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
