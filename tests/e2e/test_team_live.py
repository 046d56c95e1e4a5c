"""Two people at 80x24 on one review: what the facilitator does reaches the other terminal."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.e2e.terminal import Terminal, app_env, pmtui_command, requires_tmux
from tests.e2e.test_team_accounts import _notices

pytestmark = [pytest.mark.slow, requires_tmux()]


def _quick(store: Path, user: str, what: str) -> None:
    done = subprocess.run(
        [
            pmtui_command(), "--store", str(store), "--as", user, "quick", "--no-input",
            "--what", what, "--cause", "the runbook was out of date", "--category", "process",
            "--commitment", "update the runbook", "--due", "+2w",
        ],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr


def test_the_facilitator_is_followed_heard_and_missed(tmp_path: Path) -> None:
    store = tmp_path / "store"
    _quick(store, "ana", "checkout failed after deploy")

    def person(name: str) -> Terminal:
        env = app_env(tmp_path / name, USER=name, PMTUI_KEY_DIR=str(tmp_path / name / "keys"))
        return Terminal([pmtui_command(), "--store", str(store), "--as", name], env=env)

    with person("ana") as ana, person("ben") as ben:
        for term in (ana, ben):
            term.wait_for("checkout failed", timeout=60)
        # The home list follows the store: a review someone else starts shows up.
        _quick(store, "cy", "the cache filled the disk")
        for term in (ana, ben):
            term.wait_for("the cache filled the disk", timeout=10)
            term.keys("Down", "Enter")  # the older review, below the new one
            term.wait_for("The ground rule")
        for term in (ana, ben):
            term.wait_for("Here now", timeout=10)
        # Ben follows ana to the Facts stage.
        ana.keys("C-n")
        ana.wait_for("Two or three moments")
        screen = ben.wait_for(lambda s: "Following ana" in _notices(s), timeout=10)
        assert "Two or three moments" in screen
        # A private round opened by ana is announced to ben.
        ana.keys("w")
        ana.wait_for("Hold a private round for:")
        ana.keys("Enter")
        ana.wait_for("Private round: Candidate causes")
        ben.wait_for(lambda s: "ana opened a private round" in _notices(s), timeout=10)
        assert "Press w to write in it" in _notices(ben.screen())
        # Ana leaves: ben is told, and the presence line says so.
        ana.keys("C-q")
        assert ana.exit_status() == 0
        screen = ben.wait_for(lambda s: "ana left the review" in _notices(s), timeout=15)
        assert "ana left" in screen.splitlines()[2]
        ben.keys("C-q")
        assert ben.exit_status() == 0
