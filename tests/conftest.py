"""Fixtures shared by every layer: a store in tmp_path and a frozen clock.

No test may read the real user's store or config: the environment variables
that point pmtui at them are redirected for the whole session.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

from pmtui.store.repository import Store
from tests.accounts import Accounts, why_not, world_install

NOW = datetime(2026, 11, 23, 10, 0, 0)


class FrozenClock:
    """A clock tests can move by hand."""

    def __init__(self, now: datetime = NOW) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture(autouse=True)
def _isolated_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("PMTUI_STORE", str(tmp_path / "home-store" / "pmtui.json"))
    monkeypatch.setenv("PMTUI_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.setenv("USER", "ana")
    monkeypatch.delenv("PMTUI_USER", raising=False)
    monkeypatch.delenv("PMTUI_STORE_CHECK", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    yield


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock()


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    return tmp_path / "store" / "pmtui.json"


@pytest.fixture
def store(store_path: Path, clock: FrozenClock) -> Store:
    return Store(store_path, clock=clock)


@pytest.fixture(scope="session")
def _world() -> Iterator[tuple[Path, Accounts]]:
    reason = why_not()
    if reason is not None:
        pytest.skip(reason)
    with world_install() as made:
        yield made


@pytest.fixture(scope="session")
def pmtui_for_all(_world: tuple[Path, Accounts]) -> Path:
    """A ``pmtui`` launcher every Unix account can run (see tests/accounts.py)."""
    return _world[0]


@pytest.fixture(scope="session")
def accounts(_world: tuple[Path, Accounts]) -> Accounts:
    """Makes real Unix accounts and groups for the session; removed at its end."""
    return _world[1]
