"""A store edited by hand, opened with the installed pmtui in a real terminal (tmux, 80x24).

The text sets the window title, clears the screen and writes the clipboard
in most terminals. After the app and the commands have shown it, the title
is still the terminal's, the clipboard is empty, and the text is on screen
with its escape characters drawn as ``␛``.
"""

from __future__ import annotations

import shlex
from datetime import date
from pathlib import Path

import pytest

from tests.e2e.terminal import Terminal, app_env, pmtui_command, requires_tmux
from tests.hostile import EVERYTHING, store_with_hostile_review

pytestmark = [pytest.mark.slow, requires_tmux()]


def _after_a_pause(command: str) -> list[str]:
    """Run ``command`` once tmux has been told to accept clipboard writes."""
    return ["sh", "-c", f"sleep 0.5; {command}"]


def _untouched(term: Terminal) -> None:
    assert "PWNED" not in term.pane_title(), term.pane_title()
    assert term.paste_buffers() == ""


def test_the_app_draws_hostile_text_and_runs_none_of_it(tmp_path: Path) -> None:
    store = tmp_path / "store" / "pmtui.json"
    store_with_hostile_review(store, date.today(), EVERYTHING, ids=False)
    command = f"exec {shlex.quote(pmtui_command())} --store {shlex.quote(str(store))}"
    with Terminal(_after_a_pause(command), env=app_env(tmp_path)) as term:
        term.accept_clipboard_writes()
        home = term.wait_for("␛]0;PWNED␇", timeout=60)
        assert "n New review" in home  # nothing cleared the screen under the app
        _untouched(term)
        term.keys("Enter")  # the carry-over has the review's open commitment
        term.wait_for("Home (b)")
        for _stage in range(4):
            term.keys("C-n")  # every stage, to the summary
        summary = term.wait_for("Follow-up on")
        assert "␛" in summary
        _untouched(term)
        term.keys("C-q")
        assert term.exit_status() == 0


def test_commands_print_hostile_text_and_run_none_of_it(tmp_path: Path) -> None:
    store = tmp_path / "store" / "pmtui.json"
    store_with_hostile_review(store, date.today(), EVERYTHING)
    pmtui, at = shlex.quote(pmtui_command()), shlex.quote(str(store))
    script = "; ".join(
        f"{pmtui} --store {at} {command}"
        for command in ("export --all --format md", "followup --list", "mine", "due")
    )
    with Terminal(_after_a_pause(script), env=app_env(tmp_path)) as term:
        term.accept_clipboard_writes()
        assert term.exit_status() == 0
        assert "␛]0;PWNED␇" in term.screen()  # the last one, `pmtui due`, shows it
        _untouched(term)
