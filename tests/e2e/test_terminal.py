"""The installed pmtui at 80x24 in tmux: it starts, explains itself and quits by keys alone."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.terminal import Terminal, app_env, pmtui_command, requires_tmux

pytestmark = [pytest.mark.slow, requires_tmux()]


def test_home_help_and_quit_at_80x24(tmp_path: Path) -> None:
    store = tmp_path / "store" / "pmtui.json"
    with Terminal([pmtui_command(), "--store", str(store)], env=app_env(tmp_path)) as term:
        term.wait_for("There are no reviews yet", timeout=60)
        term.keys("?")
        help_screen = term.wait_for("Close (q)")
        assert all(len(line) <= 80 for line in help_screen.splitlines())
        term.keys("PageDown")  # the keys' table: a key stays whole in its column
        term.wait_for(lambda s: any("pgup pgdn" in line for line in s.splitlines()))
        term.keys("Escape")
        term.wait_for("There are no reviews yet")
        term.keys("C-q")
        assert term.exit_status() == 0
