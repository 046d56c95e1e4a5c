"""Syncing from the installed app at 80x24: the "n unsynced" mark, *Sync now* in the
palette, and typing that goes on while a slow sync runs, over an SSH transport."""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

import pytest

from tests.e2e.terminal import Terminal, app_env, pmtui_command, requires_tmux
from tests.store.sync.machines import bare_remote, requires_git

pytestmark = [pytest.mark.slow, requires_tmux(), requires_git()]

SLOW_SSH = """#!/bin/sh
# Stands in for ssh: waits, then runs git's command here (git passes host and command last).
sleep "${PMTUI_TEST_SSH_DELAY:-0}"
while [ $# -gt 1 ]; do shift; done
exec sh -c "$1"
"""


def _env(tmp_path: Path, user: str, delay: float) -> dict[str, str]:
    ssh = tmp_path / "slow-ssh"
    if not ssh.exists():
        ssh.write_text(SLOW_SSH)
        ssh.chmod(0o755)
    return app_env(
        tmp_path,
        USER=user,
        PMTUI_STORE=str(tmp_path / user) + "/",
        PMTUI_CONFIG_DIR=str(tmp_path / f"{user}-config"),
        GIT_SSH_COMMAND=str(ssh),
        GIT_SSH_VARIANT="simple",
        PMTUI_TEST_SSH_DELAY=str(delay),
    )


def _pmtui(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [pmtui_command(), *args],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def _quick(env: dict[str, str], what: str) -> str:
    out = _pmtui(
        env, "quick", "--no-input", "--what", what, "--cause", "no check",
        "--category", "tooling", "--commitment", f"check {what}", "--due", "+2w",
    )  # fmt: skip
    return out.splitlines()[0]


def test_mark_palette_sync_and_typing_during_a_slow_sync(tmp_path: Path) -> None:
    remote = bare_remote(tmp_path / "remote.git")
    url = f"ssh://team-host{remote}"
    ana, ben = _env(tmp_path, "ana", 0), _env(tmp_path, "ben", 0)
    review = _quick(ana, "db restarted")
    _pmtui(ana, "sync", "--init", url)
    _pmtui(ben, "init", "--git", url)
    _quick(ben, "ben's incident")
    _pmtui(ben, "sync")
    _quick(ana, "disk full")  # recorded nowhere yet: the app shows it as unsynced

    slow = _env(tmp_path, "ana", 2.0)  # every git conversation with the remote takes 2 s
    with Terminal([pmtui_command()], env=slow) as term:
        listed = term.wait_for("1 unsynced", timeout=60)
        # Both reviews were entered in the same second, so their order in the list is
        # not fixed: the cursor goes down to "db restarted" if it is the second row.
        if listed.index("disk full") < listed.index("db restarted"):
            term.keys("Down")
        term.keys("Enter")  # open it
        term.wait_for("Frame")
        term.keys("C-p")
        term.type("sync now")
        term.wait_for("Sync now")
        term.keys("Enter")
        # the sync is now talking to the "remote" for seconds; typing in the title
        # (enter goes into the frame's fields, the cursor at the end) goes on meanwhile
        term.keys("Enter")
        started = time.monotonic()
        term.type(" typed during the sync", pause=0)
        typed = term.wait_for("db restarted typed during the sync", timeout=5, settle=0)
        echoed = time.monotonic() - started
        assert "Synced" not in typed  # the sync was still under way
        screen = term.wait_for("Synced", timeout=60)
        assert echoed < 2.0, f"typing waited {echoed:.1f} s for the sync"
        assert "ben's incident" in screen or "1 review changed by one teammate" in screen
        term.keys("Escape", "Escape")  # out of the title to the stage, then home
        term.wait_for(lambda s: "ben's incident" in s and "synced" in s, timeout=30)
        term.keys("C-q")
        assert term.exit_status() == 0
    exported = _pmtui(ana, "export", "--review", review, "--format", "json")
    assert '"title": "db restarted typed during the sync"' in exported
