"""Disk failures and planted links: the previous store survives, the error is readable."""

from __future__ import annotations

import errno
import os
import secrets
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from pmtui.store.errors import StoreDamagedError, StoreError, StoreWriteError
from pmtui.store.repository import Store
from tests.store.helpers import make_review, snapshot_dir


def _fail_on(monkeypatch: pytest.MonkeyPatch, name: str, err: int, nth: int) -> Callable[[], int]:
    """Make the ``nth`` call (1-based) of ``os.<name>`` inside the atomic module fail."""
    real = getattr(os, name)
    calls = {"n": 0}

    def failing(*args: Any, **kwargs: Any) -> Any:
        calls["n"] += 1
        if calls["n"] == nth:
            raise OSError(err, os.strerror(err))
        return real(*args, **kwargs)

    monkeypatch.setattr(os, name, failing)  # atomic calls os.<name> each time
    return lambda: calls["n"]


def _temps(directory: Path) -> list[str]:
    return [p.name for p in directory.rglob("*") if p.name.endswith((".tmp", ".prev"))]


@pytest.mark.parametrize("call", ["write", "fsync", "replace"])
@pytest.mark.parametrize("err", [errno.ENOSPC, errno.EIO])
# A save writes the review's shard, then the open commitments' file, then the
# index: a failure on either of the later files must put the earlier ones back.
@pytest.mark.parametrize("nth", [1, 2, 3])
def test_failed_save_leaves_the_previous_store(
    store: Store, store_path: Path, monkeypatch: pytest.MonkeyPatch, call: str, err: int, nth: int
) -> None:
    r = store.add(make_review())
    store.update(r.id, lambda x: setattr(x, "title", "before"))
    before = snapshot_dir(store_path.parent)
    _fail_on(monkeypatch, call, err, nth)
    with pytest.raises(StoreWriteError) as exc:
        store.update(r.id, lambda x: setattr(x, "title", "after"))
    message = str(exc.value)
    assert os.strerror(err) in message
    assert "your change was not saved" in message
    monkeypatch.undo()
    assert snapshot_dir(store_path.parent) == before
    assert _temps(store_path.parent) == []
    for s in (store, Store(store_path)):
        assert s.get(r.id).title == "before"
        assert s.summary(r.id).title == "before"
    store.update(r.id, lambda x: setattr(x, "title", "after"))
    assert Store(store_path).get(r.id).title == "after"


def test_failed_first_save_leaves_no_files(
    store: Store, store_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fail_on(monkeypatch, "write", errno.ENOSPC, 2)
    with pytest.raises(StoreWriteError):
        store.add(make_review())
    monkeypatch.undo()
    assert store.summaries() == []
    assert [p for p in store_path.parent.rglob("*.json")] == []


def test_planted_temp_symlink_is_not_followed(
    store: Store, store_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.add(make_review())
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    names = iter(["aaaaaaaaaaaa", "bbbbbbbbbbbb"] * 10)
    monkeypatch.setattr(secrets, "token_hex", lambda n: next(names))
    for target in (store_path, *store_path.parent.joinpath("pmtui.reviews").glob("*.json")):
        link = target.parent / f".{target.name}.aaaaaaaaaaaa.tmp"
        link.symlink_to(victim)
    r = store.add(make_review("second"))
    assert victim.read_text() == "precious"
    assert Store(store_path).get(r.id).title == "second"


def test_planted_lock_symlink_is_refused(store_path: Path, tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    store_path.parent.mkdir(mode=0o700)
    (store_path.parent / ".pmtui.json.lock").symlink_to(victim)
    dangling = tmp_path / "nowhere"
    with pytest.raises(StoreError, match="symbolic link"):
        Store(store_path).add(make_review())
    (store_path.parent / ".pmtui.json.lock").unlink()
    (store_path.parent / ".pmtui.json.lock").symlink_to(dangling)
    with pytest.raises(StoreError, match="symbolic link"):
        Store(store_path).add(make_review())
    assert victim.read_text() == "precious"
    assert not dangling.exists()


def test_store_file_that_is_a_symlink_is_not_read(store_path: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere.json"
    Store(elsewhere).add(make_review())
    store_path.parent.mkdir(mode=0o700)
    store_path.symlink_to(elsewhere)
    before = elsewhere.read_bytes()
    with pytest.raises(StoreDamagedError, match="symbolic link"):
        Store(store_path).summaries()
    with pytest.raises(StoreDamagedError):
        Store(store_path).add(make_review())
    assert elsewhere.read_bytes() == before
    assert store_path.is_symlink()


def test_lock_timeout_says_what_to_do(store_path: Path) -> None:
    holder = Store(store_path)
    holder.add(make_review())
    waiter = Store(store_path, lock_timeout=0.05)
    with holder.batch():
        errors: list[BaseException] = []

        def try_write() -> None:
            try:
                waiter.add(make_review())
            except BaseException as e:
                errors.append(e)

        t = threading.Thread(target=try_write)
        t.start()
        t.join()
    assert errors and "the store is busy" in str(errors[0])
    assert "Nothing was written" in str(errors[0])
