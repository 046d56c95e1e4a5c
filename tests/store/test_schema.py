"""Schema versions, migrations, and the index kept true to the shards."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson
import pytest

from pmtui.store import migrations
from pmtui.store.errors import StoreDamagedError, StoreError, StoreTooNewError
from pmtui.store.layout import Layout
from pmtui.store.migrations import CURRENT_SCHEMA
from pmtui.store.repository import Store
from tests.store.helpers import make_review, snapshot_dir

NEXT = CURRENT_SCHEMA + 1
"""A schema one newer than this pmtui's, for migrations registered by a test."""


def _rewrite_json(path: Path, change: Any) -> None:
    data = orjson.loads(path.read_bytes())
    change(data)
    path.write_bytes(orjson.dumps(data))


def test_store_from_a_newer_pmtui_is_refused_untouched(store: Store, store_path: Path) -> None:
    store.add(make_review())
    _rewrite_json(store_path, lambda d: d["_meta"]["meta"].update(schema=99))
    before = snapshot_dir(store_path.parent)
    actions: tuple[Callable[[Store], object], ...] = (
        lambda s: s.summaries(),
        lambda s: s.add(make_review()),
    )
    for action in actions:
        with pytest.raises(StoreTooNewError, match="newer pmtui") as err:
            action(Store(store_path))
        assert "schema 99" in str(err.value)
    assert snapshot_dir(store_path.parent) == before


def test_registered_migration_runs_after_a_backup(
    store: Store, store_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    r = store.add(make_review("old title"))
    seen: list[list[str]] = []

    def upgrade(index: dict[str, Any], shards: dict[str, Any]) -> None:
        seen.append([b.reason for b in Store(store_path).backups()])
        for tables in shards.values():
            for doc in tables["reviews"].values():
                doc["title"] = doc["title"].upper()

    monkeypatch.setattr(migrations, "CURRENT_SCHEMA", NEXT)
    monkeypatch.setitem(migrations.MIGRATIONS, CURRENT_SCHEMA, upgrade)
    migrated = Store(store_path)
    assert migrated.summary(r.id).title == "OLD TITLE"
    assert migrated.get(r.id).title == "OLD TITLE"
    assert seen == [[f"before-migration-v{CURRENT_SCHEMA}", "daily"]]
    backup = next(
        b for b in migrated.backups() if b.reason == f"before-migration-v{CURRENT_SCHEMA}"
    )
    old = orjson.loads((backup.path / "pmtui.json").read_bytes())
    assert old["_meta"]["meta"]["schema"] == CURRENT_SCHEMA
    assert orjson.loads(store_path.read_bytes())["_meta"]["meta"]["schema"] == NEXT


def test_missing_migration_is_a_clear_error_not_a_write(
    store: Store, store_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.add(make_review())
    before = orjson.loads(store_path.read_bytes())
    monkeypatch.setattr(migrations, "CURRENT_SCHEMA", NEXT)
    with pytest.raises(StoreError, match=f"no migration from schema {CURRENT_SCHEMA}"):
        Store(store_path).summaries()
    assert orjson.loads(store_path.read_bytes()) == before


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"{",
        b"[]",
        b'{"reviews": {}}',
        b'{"_meta": {"meta": {"schema": "1"}}}',
        b'{"_meta": {"meta": "1"}}',
    ],
)
def test_damaged_index_is_never_overwritten(store: Store, store_path: Path, content: bytes) -> None:
    store.add(make_review())
    store_path.write_bytes(content)
    before = snapshot_dir(store_path.parent)
    again = Store(store_path)
    with pytest.raises(StoreDamagedError) as err:
        again.add(make_review())
    message = str(err.value)
    assert str(store_path) in message and "pmtui restore" in message
    assert "pmtui.backups" in message
    with pytest.raises(StoreDamagedError):
        again.summaries()
    assert snapshot_dir(store_path.parent) == before


def test_deleted_index_is_rebuilt_from_the_shards(store: Store, store_path: Path) -> None:
    ids = {store.add(make_review(f"r{i}")).id for i in range(20)}
    open_before = store.open_commitments()
    store_path.unlink()
    rebuilt = Store(store_path)
    assert {s.id for s in rebuilt.summaries()} == ids
    assert rebuilt.open_commitments() == open_before
    assert store_path.exists()


def test_shard_newer_than_index_is_reconciled(store: Store, store_path: Path) -> None:
    """A crash between the shard write and the index write leaves this state."""
    r = store.add(make_review("first"))
    index_before = store_path.read_bytes()
    gone = store.add(make_review("second"))
    store.delete(gone.id)
    store.update(r.id, lambda x: setattr(x, "title", "renamed"))
    store_path.write_bytes(index_before)  # the index as it was before the later saves
    fresh = Store(store_path)
    assert [s.title for s in fresh.summaries()] == ["renamed"]
    assert fresh.get(r.id).title == "renamed"


def test_shard_hand_damaged_is_reported_with_its_path(store: Store, store_path: Path) -> None:
    r = store.add(make_review())
    shard = Layout.for_store(store_path).shard_path(Layout.shard_of(r.id))
    shard.write_bytes(b'{"reviews": {"x": 1}}')
    before = snapshot_dir(store_path.parent)
    with pytest.raises(StoreDamagedError) as err:
        Store(store_path).summaries()
    assert str(shard) in str(err.value)
    assert snapshot_dir(store_path.parent) == before


def test_review_stored_under_another_id_is_damage(store: Store, store_path: Path) -> None:
    r = store.add(make_review())
    shard = Layout.for_store(store_path).shard_path(Layout.shard_of(r.id))
    _rewrite_json(shard, lambda d: d["reviews"][r.id].update(id="someone-else"))
    os.utime(shard)
    with pytest.raises(StoreDamagedError, match="another id"):
        Store(store_path).get(r.id)


def test_failing_migration_changes_nothing(
    store: Store, store_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    r = store.add(make_review())
    before = {k: v for k, v in snapshot_dir(store_path.parent).items() if "backups" not in k}

    def broken(index: dict[str, Any], shards: dict[str, Any]) -> None:
        for tables in shards.values():
            tables["reviews"].clear()
        raise ValueError("cannot split the field")

    monkeypatch.setattr(migrations, "CURRENT_SCHEMA", NEXT)
    monkeypatch.setitem(migrations.MIGRATIONS, CURRENT_SCHEMA, broken)
    with pytest.raises(StoreError, match="cannot split the field") as err:
        Store(store_path).summaries()
    assert f"before-migration-v{CURRENT_SCHEMA}" in str(err.value)
    after = {k: v for k, v in snapshot_dir(store_path.parent).items() if "backups" not in k}
    assert after == before
    monkeypatch.undo()
    assert Store(store_path).get(r.id).title == r.title


def test_a_schema_2_store_reopens_commitments_closed_as_partly_kept(
    store: Store, store_path: Path
) -> None:
    from datetime import date

    from pmtui.domain.followup import DueQuery
    from pmtui.domain.model import Commitment, Outcome, Review, Status

    due = date(2026, 11, 20)
    r = store.add(
        Review(
            title="Queue backlog",
            status=Status.REVIEWED,
            commitments=[Commitment(deliverable="alert on depth", owner="ana", due=due)],
        )
    )
    cid = r.commitments[0].id
    layout = Layout.for_store(store_path)
    shard = layout.shard_path(Layout.shard_of(r.id))

    def closed_as_partly_kept(data: dict[str, Any]) -> None:
        doc = data["reviews"][r.id]
        doc["commitments"][0].update(status="partly_kept", reviewed_at="2026-11-21T09:00:00")
        doc["status"] = "closed"

    _rewrite_json(shard, closed_as_partly_kept)
    for path in (store_path, layout.open_rows):
        _rewrite_json(path, lambda d: d["_meta"]["meta"].update(schema=2))
    _rewrite_json(layout.open_rows, lambda d: d["open"].clear())  # as pmtui 2 left it

    fresh = Store(store_path)
    today = date(2026, 11, 23)
    assert [c.id for c in fresh.due(DueQuery.mine("ana"), today)] == [cid]
    assert fresh.open_digest(today).overdue == 1
    com = fresh.get(r.id).commitments[0]
    assert com.is_open and [h.outcome for h in com.history] == [Outcome.PARTLY_KEPT]
    assert fresh.get(r.id).status is Status.REVIEWED
    stored = orjson.loads(shard.read_bytes())["reviews"][r.id]["commitments"][0]
    assert stored["status"] == "open"
    assert any(b.reason == "before-migration-v2" for b in fresh.backups())
