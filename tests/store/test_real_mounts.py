"""The same race on real filesystems that keep whole-second mtimes and reuse inode numbers.

See ``tests/mounts.py`` for the two mounts (FUSE and a kernel loop device).
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from pmtui.store import filesystem
from pmtui.store.repository import Store
from tests.e2e.terminal import pmtui_command
from tests.mounts import coarse_mount
from tests.store.coarse import counted_review, race

pytestmark = pytest.mark.slow

__all__ = ["coarse_mount"]  # the fixture


def test_the_store_uses_the_generation_check_there(coarse_mount: tuple[str, Path]) -> None:
    how, mnt = coarse_mount
    check = Store(mnt / "store" / "pmtui.json").check
    assert check.name == filesystem.GENERATION
    if how == "fuse2fs":
        assert check.fstype is not None and check.fstype.startswith("fuse")
        assert "network or FUSE" in check.reason
    else:
        assert check.fstype == "ext2"
        assert "no nanosecond timestamps" in check.reason


@pytest.mark.parametrize("check", ["signature", None], ids=["signature-only", "detected"])
def test_two_writer_processes_count_every_save(
    coarse_mount: tuple[str, Path], check: str | None
) -> None:
    _how, mnt = coarse_mount
    path = mnt / "store" / "pmtui.json"
    if check == "signature":
        # The control: a save is lost only when the two writers meet within one coarse
        # tick, which a race of 80 saves each misses now and then (1 run in ~20 on a
        # quiet machine; 4 rounds in a row once in a clean CI run, the machine otherwise
        # idle), so up to twelve fresh races must lose one before the mount counts.
        lost = []
        for _ in range(12):
            acknowledged, stored = race(path, counted_review(path), check, 80, coarse=False)
            lost.append(acknowledged - stored)
            if stored < acknowledged:
                break
        assert any(lost), f"the signature check alone should have lost saves here: {lost}"
    else:
        acknowledged, stored = race(path, counted_review(path), check, 80, coarse=False)
        assert stored == acknowledged


def _pmtui(*args: str, config: Path) -> subprocess.CompletedProcess[str]:
    """The installed command, as a team lead setting up a store would run it."""
    env = {**os.environ, "PMTUI_CONFIG_DIR": str(config)}
    env.pop(filesystem.ENV, None)
    run = [pmtui_command(), *args]
    return subprocess.run(run, capture_output=True, text=True, env=env, timeout=60)


def test_locate_and_init_say_what_the_filesystem_allows(
    coarse_mount: tuple[str, Path], tmp_path: Path
) -> None:
    how, mnt = coarse_mount
    located = _pmtui("locate", "--store", str(mnt / "team"), config=tmp_path / "config")
    assert located.returncode == 0, located.stderr
    lines = dict(line.split(None, 1) for line in located.stdout.splitlines())
    assert lines["check"].startswith("generation (")
    init = _pmtui("init", "--shared", str(mnt / "team"), config=tmp_path / "config")
    assert init.returncode == 0, init.stderr
    assert f"export PMTUI_STORE={mnt / 'team'}" in init.stdout
    if how == "fuse2fs":
        assert init.stderr.startswith(f"warning: {mnt / 'team'} is on a network filesystem (fuse")
        assert "syncing through git" in " ".join(init.stderr.split())
    else:
        assert init.stderr == ""  # a local disk: one host by definition
