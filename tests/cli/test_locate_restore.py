"""`pmtui locate` and `pmtui restore`, run through the real entry point."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from pmtui.cli import main
from pmtui.store.errors import StoreDamagedError
from pmtui.store.repository import Store
from tests.conftest import FrozenClock
from tests.store.helpers import make_review


def test_locate_prints_every_path(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["locate", "--store", str(tmp_path / "team")]) == 0
    out = capsys.readouterr().out
    lines = dict(line.split(None, 1) for line in out.splitlines())
    assert lines["store"] == str(tmp_path / "team")
    assert lines["backups"] == str(tmp_path / "team.backups")
    assert lines["open"] == str(tmp_path / "team.open.json")
    assert lines["config"] == str(tmp_path / "config")
    assert lines["keys"] == str(tmp_path / "xdg-data" / "pmtui" / "keys")
    assert lines["check"].split()[0] in ("signature", "generation")
    assert not (tmp_path / "team").exists()  # locating creates nothing
    assert [p.name for p in tmp_path.iterdir()] == []


def test_locate_names_a_check_chosen_by_the_environment(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PMTUI_STORE_CHECK", "generation")
    assert main(["locate", "--store", str(tmp_path / "team")]) == 0
    assert "check    generation (set by PMTUI_STORE_CHECK)" in capsys.readouterr().out


def test_restore_list_when_there_is_nothing(
    store_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["restore", "--list", "--store", str(store_path)]) == 0
    assert "no backups yet" in capsys.readouterr().out
    assert main(["restore", "--store", str(store_path)]) == 2
    assert "nothing to restore" in capsys.readouterr().err


def _store_with_history(store_path: Path) -> tuple[Store, str]:
    clock = FrozenClock()
    s = Store(store_path, clock=clock)
    r = s.add(make_review("version one"))
    clock.now += timedelta(days=1)
    s.update(r.id, lambda x: setattr(x, "title", "version two"))
    return s, r.id


def test_restore_repairs_a_damaged_index_and_keeps_the_newer_reviews(
    store_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    s, rid = _store_with_history(store_path)
    newest = s.backups()[0]
    store_path.write_bytes(b"{ half a file")
    with pytest.raises(StoreDamagedError, match="pmtui restore"):
        Store(store_path).summaries()
    # A broken file in a backup is listed; a restore would skip it and say so.
    (newest.path / "pmtui.json").write_bytes(b"garbage")
    (newest.path / "reviews").joinpath("zz.json").write_bytes(b"garbage")
    assert main(["restore", "--list", "--store", str(store_path)]) == 0
    listing = capsys.readouterr().out.splitlines()
    assert newest.name in listing[1] and "unreadable, skipped:" in listing[1]
    assert "zz.json: not valid JSON" in listing[1]
    assert "can be restored" in listing[2]
    assert main(["restore", "--store", str(store_path)]) == 0
    out = capsys.readouterr().out
    assert "pmtui.json: could not be read; set aside, it is rebuilt" in out
    assert "kept as backup" in out and "replaced" in out
    # The shards were healthy: the newer version of the review stays.
    assert Store(store_path).get(rid).title == "version two"
    assert Store(store_path).summary(rid).title == "version two"
    replaced = [b for b in Store(store_path).backups() if b.reason == "replaced"]
    assert (replaced[0].path / "pmtui.json").read_bytes() == b"{ half a file"
    assert main(["restore", "--store", str(store_path)]) == 0
    assert "nothing in the store is damaged" in capsys.readouterr().out


def test_restore_by_name_and_unknown_names(
    store_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    s, rid = _store_with_history(store_path)
    oldest = s.backups()[-1]
    assert main(["restore", oldest.name, "--store", str(store_path)]) == 0
    assert Store(store_path).get(rid).title == "version one"
    assert main(["restore", "19990101", "--store", str(store_path)]) == 2
    assert "no backup named '19990101'" in capsys.readouterr().err
