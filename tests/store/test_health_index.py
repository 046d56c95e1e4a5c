"""The health numbers in the index: filled in once for an older store, refused by an older pmtui."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from pmtui.domain.verdicts import NUMBERS_VERSION, numbers_current
from pmtui.store import migrations
from pmtui.store.errors import StoreTooNewError
from pmtui.store.health import indexed
from pmtui.store.repository import Store
from tests.store.helpers import make_review


def _as_schema_4(store: Store) -> None:
    """Rewrite the files as pmtui wrote them at schema 4: no numbers in the index."""
    for path in (store.layout.index, store.layout.open_rows, store.layout.incidents):
        if not path.exists():
            continue
        data = orjson.loads(path.read_bytes())
        data["_meta"]["meta"]["schema"] = 4
        for row in data.get("reviews", {}).values():
            del row["health"]
        path.write_bytes(orjson.dumps(data))


def test_an_older_store_gets_its_numbers_once_and_loses_nothing(tmp_path: Path) -> None:
    store = Store(tmp_path / "pmtui.json")
    saved = [store.add(make_review(f"review {i}")) for i in range(5)]
    _as_schema_4(store)
    opened = Store(tmp_path / "pmtui.json")
    summaries = {s.id: s for s in opened.summaries()}
    assert set(summaries) == {r.id for r in saved}
    for r in saved:
        assert summaries[r.id].health is not None
        assert summaries[r.id].health["top"] == 1  # type: ignore[index]
        assert opened.get(r.id).facts == r.facts
    index = orjson.loads(opened.layout.index.read_bytes())
    assert index["_meta"]["meta"]["schema"] == migrations.CURRENT_SCHEMA == 5
    assert all("health" in row for row in index["reviews"].values())
    assert [b.reason for b in opened.backups() if b.reason.startswith("before-migration")] == [
        "before-migration-v4"
    ]


def test_rows_counted_the_old_way_are_filled_in_once(tmp_path: Path) -> None:
    store = Store(tmp_path / "pmtui.json")
    saved = [store.add(make_review(f"review {i}")) for i in range(3)]
    data = orjson.loads(store.layout.index.read_bytes())
    for row in data["reviews"].values():
        row["health"]["v"] = NUMBERS_VERSION - 1
    data["reviews"][saved[0].id].pop("health")
    store.layout.index.write_bytes(orjson.dumps(data))
    opened = Store(tmp_path / "pmtui.json")
    rows = indexed(opened)
    assert {r.id for r in rows} == {r.id for r in saved}
    assert all(numbers_current(r.health) for r in rows)
    again = orjson.loads(opened.layout.index.read_bytes())
    assert all(row["health"]["v"] == NUMBERS_VERSION for row in again["reviews"].values())


def test_a_pmtui_of_schema_4_refuses_this_store_clearly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = Store(tmp_path / "pmtui.json")
    store.add(make_review())
    monkeypatch.setattr(migrations, "CURRENT_SCHEMA", 4)
    with pytest.raises(StoreTooNewError, match=r"newer pmtui.*upgrade pmtui"):
        Store(tmp_path / "pmtui.json").summaries()
