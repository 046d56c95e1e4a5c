"""Private by default; group-shared when the store's directory is setgid."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from pmtui.store.repository import Store
from tests.conftest import FrozenClock
from tests.store.helpers import make_review


def _modes(directory: Path) -> tuple[set[int], set[int]]:
    files: set[int] = set()
    dirs: set[int] = set()
    for p in [directory, *directory.rglob("*")]:
        m = stat.S_IMODE(os.lstat(p).st_mode)
        (dirs if p.is_dir() else files).add(m)
    return files, dirs


def test_private_by_default(store_path: Path, clock: FrozenClock) -> None:
    old = os.umask(0o002)  # a loose umask must not widen the store's files
    try:
        s = Store(store_path, clock=clock)
        s.add(make_review())
        s.backup("manual")
    finally:
        os.umask(old)
    files, dirs = _modes(store_path.parent)
    assert files == {0o600}
    assert dirs == {0o700}


def test_shared_mode_gives_group_access(store_path: Path, clock: FrozenClock) -> None:
    old = os.umask(0o077)  # a strict umask must not keep the team out
    try:
        store_path.parent.mkdir()
        os.chmod(store_path.parent, 0o2770)
        s = Store(store_path, clock=clock)
        assert s.shared
        s.add(make_review())
        s.backup("manual")
    finally:
        os.umask(old)
    files, dirs = _modes(store_path.parent)
    assert files == {0o660}
    assert dirs == {0o2770}


def test_existing_directory_is_not_loosened(store_path: Path, clock: FrozenClock) -> None:
    store_path.parent.mkdir(mode=0o700)
    os.chmod(store_path.parent, 0o750)
    Store(store_path, clock=clock).add(make_review())
    assert stat.S_IMODE(store_path.parent.stat().st_mode) == 0o750
    assert stat.S_IMODE(store_path.stat().st_mode) == 0o600
