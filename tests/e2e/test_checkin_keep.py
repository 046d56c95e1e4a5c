"""Ctrl-C in the installed ``pmtui checkin`` offers to keep the moods already typed."""

from __future__ import annotations

from pathlib import Path

import pytest

from pmtui.store.repository import Store
from tests.e2e.terminal import Terminal, app_env, pmtui_command, requires_tmux

pytestmark = [pytest.mark.slow, requires_tmux()]


def test_ctrl_c_in_a_check_in_keeps_the_moods_typed_when_asked(tmp_path: Path) -> None:
    store = tmp_path / "store" / "pmtui.json"
    argv = [pmtui_command(), "checkin", "--store", str(store), "--as", "ana"]
    with Terminal(argv, env=app_env(tmp_path)) as term:
        term.wait_for("Who is here?", timeout=60)
        term.keys("C-u")
        term.type("ana, bo")
        term.keys("Enter")
        term.wait_for("ana: how are you doing?")
        term.type("4")
        term.keys("Enter")
        term.wait_for("ana: is anything in the way?")
        term.keys("Enter")
        term.wait_for("bo: how are you doing?")
        term.keys("C-c")
        term.wait_for("Keep the 1 mood already entered?")
        term.keys("y")
        assert term.exit_status() == 0
    (summary,) = Store(store).summaries()
    review = Store(store).get(summary.id)
    assert review.participants == ["ana"]
    assert [(e.section, e.text) for e in review.entries] == [("mood", "4")]
