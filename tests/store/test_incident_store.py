"""Incidents in the store: as durable as reviews, and cheap to log whatever the store's size."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
import textwrap
import time
from datetime import datetime
from pathlib import Path

import orjson
import pytest

from pmtui.domain.incidents import Incident, new_incident, review_from
from pmtui.domain.model import Kind, Review, Status
from pmtui.store.atomic import stat_signature
from pmtui.store.errors import (
    IncidentReviewedError,
    NotFoundError,
    StoreDamagedError,
    StoreTooNewError,
    StoreWriteError,
)
from pmtui.store.layout import Layout
from pmtui.store.migrations import CURRENT_SCHEMA
from pmtui.store.repository import Store
from tests.conftest import NOW
from tests.store.helpers import make_review, snapshot_dir
from tests.store.test_faults import _fail_on

ROOT = Path(__file__).resolve().parents[2]


def logged(title: str = "checkout 502s after deploy", **kw: object) -> Incident:
    return new_incident(title, now=NOW, author="ana", **kw)  # type: ignore[arg-type]


def start_review(store: Store, incident_id: str) -> Review:
    return store.review_incident(
        incident_id,
        lambda i: review_from(i, "postmortem", Kind.POSTMORTEM, now=NOW, user="ana"),
    )


def test_an_incident_is_kept_whole_and_read_back_by_a_new_process(
    store: Store, store_path: Path
) -> None:
    saved = store.add_incident(logged(severity="SEV2", tags=["payments"]))
    assert saved.rev == 1
    again = Store(store_path)
    assert again.incidents() == [saved]
    assert again.incident(saved.id) == saved
    assert again.resolve_incident(saved.id[:6]) == saved.id
    with pytest.raises(NotFoundError):
        again.incident("nope")


def test_logging_reads_and_writes_only_the_incidents_file_once_it_exists(
    store: Store, store_path: Path
) -> None:
    store.add(make_review())
    store.add_incident(logged("first"))
    layout = Layout.for_store(store_path)
    others = [layout.index, layout.open_rows, *layout.shard_files()]
    before = {p: stat_signature(p) for p in others}
    fresh = Store(store_path)
    fresh.add_incident(logged("second"))
    assert {p: stat_signature(p) for p in others} == before
    assert fresh._index.signature is None  # never even read
    assert [i.title for i in Store(store_path).incidents()] == ["first", "second"]


def test_the_first_incident_brings_an_older_store_up_to_this_schema(
    store: Store, store_path: Path
) -> None:
    review = store.add(make_review())
    index = orjson.loads(store_path.read_bytes())
    index["_meta"]["meta"]["schema"] = 2
    store_path.write_bytes(orjson.dumps(index))
    fresh = Store(store_path)
    fresh.add_incident(logged())
    assert orjson.loads(store_path.read_bytes())["_meta"]["meta"]["schema"] == CURRENT_SCHEMA
    assert any(b.reason == "before-migration-v2" for b in fresh.backups())
    assert Store(store_path).get(review.id).title == review.title


def test_starting_the_review_closes_the_incident_and_a_second_start_is_refused(
    store: Store, store_path: Path
) -> None:
    incident = store.add_incident(logged(severity="SEV2", tags=["payments"]))
    review = start_review(store, incident.id)
    assert (review.title, review.happened, review.severity, review.tags) == (
        incident.title,
        incident.started,
        "SEV2",
        ["payments"],
    )
    assert review.incident_id == incident.id
    links = Store(store_path).incident_links()
    assert links[incident.id].review_id == review.id
    assert links[incident.id].created == NOW.date()
    with pytest.raises(IncidentReviewedError) as caught:
        start_review(Store(store_path), incident.id)
    assert caught.value.review_id == review.id
    assert len(Store(store_path).summaries()) == 1


def test_the_review_closes_the_incident_once_it_is_held(store: Store, store_path: Path) -> None:
    incident = store.add_incident(logged(severity="SEV2"))
    review = start_review(store, incident.id)
    assert Store(store_path).incident_links()[incident.id].held is False

    def hold(r: Review) -> None:
        r.status = Status.REVIEWED

    store.update(review.id, hold)
    assert Store(store_path).incident_links()[incident.id].held is True
    Layout.for_store(store_path).open_rows.unlink()  # rebuilt from the review itself
    assert Store(store_path).incident_links()[incident.id].held is True

    def reopen(r: Review) -> None:
        r.status = Status.IN_REVIEW

    store.update(review.id, reopen)
    assert Store(store_path).incident_links()[incident.id].held is False


def test_deleting_the_review_reopens_the_incident(store: Store, store_path: Path) -> None:
    incident = store.add_incident(logged())
    review = start_review(store, incident.id)
    store.delete(review.id)
    assert Store(store_path).incident_links() == {}
    assert start_review(Store(store_path), incident.id).incident_id == incident.id


def test_the_links_are_rebuilt_with_the_open_file(store: Store, store_path: Path) -> None:
    incident = store.add_incident(logged())
    review = start_review(store, incident.id)
    Layout.for_store(store_path).open_rows.unlink()
    assert Store(store_path).incident_links()[incident.id].review_id == review.id


def test_a_changed_incident_is_saved_on_the_freshest_copy(store: Store, store_path: Path) -> None:
    incident = store.add_incident(logged())
    other = Store(store_path)
    other.update_incident(incident.id, lambda i: i.tags.append("db"))
    store.update_incident(incident.id, lambda i: i.waive("a test alert", "bo", NOW.date()))
    got = Store(store_path).incident(incident.id)
    assert got.tags == ["db"] and got.waived == "a test alert" and got.rev == 3
    gone = store.delete_incident(incident.id)
    assert gone.id == incident.id and Store(store_path).incidents() == []


def test_an_incident_is_validated_on_the_way_in(store: Store) -> None:
    bad = logged()
    bad.started = "last tuesday"
    with pytest.raises(ValueError, match="started"):
        store.add_incident(bad)
    bad = logged()
    bad.title = "\x1b]0;pwned\x07 " + "x" * 400
    with pytest.raises(ValueError, match="title"):
        store.add_incident(bad)
    ok = logged("\x1b[31mred\x1b[0m title")
    assert store.add_incident(ok).title == "red title"


@pytest.mark.parametrize("call", ["write", "fsync", "replace"])
def test_a_failed_log_leaves_the_previous_store(
    store: Store, store_path: Path, monkeypatch: pytest.MonkeyPatch, call: str
) -> None:
    store.add_incident(logged("first"))
    before = snapshot_dir(store_path.parent)
    _fail_on(monkeypatch, call, errno.ENOSPC, 1)
    with pytest.raises(StoreWriteError):
        store.add_incident(logged("second"))
    monkeypatch.undo()
    assert snapshot_dir(store_path.parent) == before
    assert [i.title for i in Store(store_path).incidents()] == ["first"]


@pytest.mark.parametrize("nth", [1, 2, 3])
def test_a_review_started_from_an_incident_is_saved_whole_or_not_at_all(
    store: Store, store_path: Path, monkeypatch: pytest.MonkeyPatch, nth: int
) -> None:
    incident = store.add_incident(logged())
    before = snapshot_dir(store_path.parent)
    _fail_on(monkeypatch, "replace", errno.EIO, nth)
    with pytest.raises(StoreWriteError):
        start_review(store, incident.id)
    monkeypatch.undo()
    assert snapshot_dir(store_path.parent) == before
    fresh = Store(store_path)
    assert fresh.summaries() == [] and fresh.incident_links() == {}


def test_a_damaged_incidents_file_is_reported_and_reviews_stay_readable(
    store: Store, store_path: Path
) -> None:
    review = store.add(make_review())
    store.add_incident(logged())
    layout = Layout.for_store(store_path)
    layout.incidents.write_bytes(b'{"incidents": {"x": ')
    fresh = Store(store_path)
    with pytest.raises(StoreDamagedError) as caught:
        fresh.incidents()
    assert str(layout.incidents) in str(caught.value) and "pmtui restore" in str(caught.value)
    assert fresh.get(review.id).title == review.title
    assert len(fresh.summaries()) == 1
    with pytest.raises(StoreDamagedError):
        fresh.add_incident(logged("lost?"))
    assert layout.incidents.read_bytes() == b'{"incidents": {"x": '  # never written over


def test_a_hand_edited_incident_that_breaks_the_rules_is_damage(
    store: Store, store_path: Path
) -> None:
    incident = store.add_incident(logged())
    layout = Layout.for_store(store_path)
    data = orjson.loads(layout.incidents.read_bytes())
    data["incidents"][incident.id]["severity"] = "SEV9"
    layout.incidents.write_bytes(orjson.dumps(data))
    with pytest.raises(StoreDamagedError, match="malformed incident"):
        Store(store_path).incidents()


def test_restore_repairs_the_incidents_file_per_incident(store: Store, store_path: Path) -> None:
    first = store.add_incident(logged("first"))
    store.backup("manual")
    second = store.add_incident(logged("second"))
    layout = Layout.for_store(store_path)
    data = orjson.loads(layout.incidents.read_bytes())
    data["incidents"][second.id]["started"] = "not a time"  # one incident damaged by hand
    layout.incidents.write_bytes(orjson.dumps(data))
    report = Store(store_path).restore()
    assert any("incident" in line for line in report.lines())
    got = {i.title for i in Store(store_path).incidents()}
    assert got == {"first"}  # the damaged one had no good copy; the readable one stayed
    assert Store(store_path).incident(first.id) == first


def test_a_named_restore_puts_back_the_backups_incidents_and_keeps_newer_ones(
    store: Store, store_path: Path
) -> None:
    first = store.add_incident(logged("first"))
    taken = store.backup("manual")
    store.update_incident(first.id, lambda i: setattr(i, "title", "renamed"))
    later = store.add_incident(logged("logged after the backup"))
    Store(store_path).restore(taken.name)
    fresh = Store(store_path)
    assert fresh.incident(first.id).title == "first"
    assert fresh.incident(later.id).title == "logged after the backup"


def test_backups_copy_the_incidents_file(store: Store, store_path: Path) -> None:
    store.add_incident(logged())
    taken = store.backup("manual")
    assert (taken / "pmtui.incidents.json").read_bytes() == Layout.for_store(
        store_path
    ).incidents.read_bytes()


def test_an_incidents_file_from_a_newer_pmtui_is_refused_untouched(
    store: Store, store_path: Path
) -> None:
    store.add_incident(logged())
    layout = Layout.for_store(store_path)
    data = orjson.loads(layout.incidents.read_bytes())
    data["_meta"]["meta"]["schema"] = CURRENT_SCHEMA + 1
    layout.incidents.write_bytes(orjson.dumps(data))
    raw = layout.incidents.read_bytes()
    with pytest.raises(StoreTooNewError):
        Store(store_path).incidents()
    with pytest.raises(StoreTooNewError):
        Store(store_path).add_incident(logged("x"))
    assert layout.incidents.read_bytes() == raw


WRITER = textwrap.dedent(
    """
    import sys, time
    from datetime import datetime
    from pathlib import Path
    from pmtui.domain.incidents import new_incident
    from pmtui.store.repository import Store

    path, start, who, count = Path(sys.argv[1]), float(sys.argv[2]), sys.argv[3], int(sys.argv[4])
    store = Store(path, lock_timeout=60)
    while time.time() < start:
        time.sleep(0.001)
    for i in range(count):
        store.add_incident(new_incident(f"{who}-{i}", now=datetime(2026, 11, 29), author=who))
    """
)


def test_several_processes_logging_at_once_lose_nothing(tmp_path: Path) -> None:
    path = tmp_path / "pmtui.json"
    Store(path).add_incident(logged("the first, so every writer takes the quick path"))
    start = time.time() + 1.0
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(path), str(start), f"p{w}", "40"],
            stderr=subprocess.PIPE,
            cwd=ROOT,
        )
        for w in range(4)
    ]
    for p in procs:
        _out, err = p.communicate(timeout=120)
        assert p.returncode == 0, err.decode()
    titles = [i.title for i in Store(path).incidents()]
    assert len(titles) == 161
    assert set(titles) >= {f"p{w}-{i}" for w in range(4) for i in range(40)}


def test_an_incident_id_that_cannot_name_anything_is_refused(store: Store) -> None:
    bad = logged()
    bad.id = "../../etc/passwd"
    with pytest.raises(ValueError, match="id"):
        store.add_incident(bad)
    assert not os.path.exists(Layout.for_store(store.path).incidents)


def test_incidents_are_listed_in_the_order_logged(store: Store) -> None:
    late = logged("late")
    late.logged = datetime(2026, 11, 25)
    early = logged("early")
    early.logged = datetime(2026, 11, 20)
    store.add_incident(late)
    store.add_incident(early)
    assert [i.title for i in store.incidents()] == ["early", "late"]


def test_reading_an_incident_back_gives_what_was_saved_field_for_field(
    store: Store, store_path: Path
) -> None:
    saved = [
        store.add_incident(logged("plain")),
        store.add_incident(logged("rated", severity="SEV1", tags=["a", "b"])),
        store.add_incident(logged("dated", started="2026-11-02")),
    ]
    store.update_incident(saved[1].id, lambda i: i.waive("a drill", "bo", NOW.date()))
    saved[1] = store.incident(saved[1].id)
    layout = Layout.for_store(store_path)
    data = orjson.loads(layout.incidents.read_bytes())
    del data["incidents"][saved[0].id]["source"]  # a key left out by a hand edit reads as empty
    layout.incidents.write_bytes(orjson.dumps(data))
    assert Store(store_path).incidents() == saved
