"""`pmtui quick` with a due date already past, as typed at a shell: asked once in a terminal,
and never silent without one (a warning on stderr, the review still saved)."""

from __future__ import annotations

import subprocess
from datetime import date, timedelta
from pathlib import Path

import pytest

from pmtui.store.repository import Store
from tests.e2e.terminal import Terminal, app_env, pmtui_command, requires_tmux

pytestmark = [pytest.mark.slow]

PAST = (date.today() - timedelta(days=3)).isoformat()
FLAGS = [
    "--what", "The deploy hung for 20 minutes",
    "--cause", "The deploy lock has no timeout",
    "--category", "tooling",
    "--commitment", "Add a five minute lock timeout",
    "--owner", "ana",
    "--due", PAST,
]  # fmt: skip


def test_no_input_saves_a_past_due_date_and_warns_on_stderr(tmp_path: Path) -> None:
    store = tmp_path / "pmtui.json"
    done = subprocess.run(
        [pmtui_command(), "quick", "--store", str(store), "--no-input", *FLAGS],
        env=app_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert f"warning: --due {PAST} is in the past (3 days ago)" in done.stderr
    assert "warning" not in done.stdout
    review = Store(store).get(done.stdout.strip())
    assert review.commitments[0].due == date.fromisoformat(PAST)


@requires_tmux()
def test_in_a_terminal_a_past_due_flag_is_asked_about_once(tmp_path: Path) -> None:
    store = tmp_path / "pmtui.json"
    argv = [pmtui_command(), "quick", "--store", str(store), "--title", "Deploy hung", *FLAGS]
    with Terminal(argv, env=app_env(tmp_path)) as term:
        screen = term.wait_for("is in the past", timeout=60)
        assert screen.count("is in the past") == 1
        term.keys("n")
        term.wait_for("Due when?")
        term.type("in 2 weeks")
        term.keys("Enter")
        assert term.exit_status() == 0
    (summary,) = Store(store).summaries()
    due = Store(store).get(summary.id).commitments[0].due
    assert due == date.today() + timedelta(days=14)


@requires_tmux()
def test_a_date_pmtui_cannot_read_is_said_whole_at_80_columns(tmp_path: Path) -> None:
    """The error line listed every form again and was cut at 80 columns (`...+2w, in`)."""
    store = tmp_path / "pmtui.json"
    argv = [pmtui_command(), "quick", "--store", str(store), "--title", "Deploy hung", *FLAGS[:-2]]
    with Terminal(argv, env=app_env(tmp_path)) as term:
        term.wait_for("Due when?", timeout=60)
        term.type("2026-13-45")
        term.keys("Enter")
        screen = term.wait_for("is not a date pmtui reads")
        (line,) = [x for x in screen.splitlines() if "is not a date pmtui reads" in x]
        assert line.rstrip().endswith(
            "'2026-13-45' is not a date pmtui reads; use a form in brackets"
        )
        assert "(2026-12-01, today, tomorrow" in " ".join(screen.split())  # the forms, above
        term.keys("C-u")
        term.type("+2w")
        term.keys("Enter")
        assert term.exit_status() == 0
    (summary,) = Store(store).summaries()
    assert Store(store).get(summary.id).commitments[0].due == date.today() + timedelta(days=14)
