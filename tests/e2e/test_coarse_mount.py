"""The installed pmtui on a filesystem with whole-second mtimes: others' saves always show.

Another process saves the same review twice within a second, each time at
the same size, on a FUSE mount that keeps whole seconds and reuses inode
numbers (``tests/mounts.py``). The home list after ``r`` and the open review
(watching live) must both show the last save, not a copy kept from before.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.terminal import Terminal, app_env, pmtui_command, requires_tmux
from tests.mounts import coarse_mount
from tests.store.coarse import bump, counted_review, counter_title, open_store

pytestmark = [pytest.mark.slow, requires_tmux()]

__all__ = ["coarse_mount"]  # the fixture


@pytest.mark.parametrize("coarse_mount", ["fuse2fs"], indirect=True)
def test_others_saves_show_on_a_coarse_mount(
    coarse_mount: tuple[str, Path], tmp_path: Path
) -> None:
    _how, mnt = coarse_mount
    path = mnt / "store" / "pmtui.json"
    rid = counted_review(path)
    other = open_store(path, None)
    with Terminal([pmtui_command(), "--store", str(path)], env=app_env(tmp_path)) as term:
        term.wait_for(counter_title(10), timeout=60)
        for _ in range(2):
            bump(other, rid)
        term.keys("r")
        term.wait_for(counter_title(12))
        term.keys("Enter")
        term.wait_for(lambda s: "Frame" in s and counter_title(12) in s)
        for _ in range(2):
            bump(other, rid)
        term.wait_for(counter_title(14))
        term.keys("C-q")
        assert term.exit_status() == 0
