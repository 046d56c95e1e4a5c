"""Follow-through as a person meets it at 80x24: partly kept stays open, one window for due.

Two defects found by trying pmtui as a new user: a commitment answered
"partly kept" vanished from ``pmtui due`` and the carry-over, and ``pmtui
due`` listed an item due in five days that ``pmtui followup`` said was not
due. Both are driven here through the installed command, keys only.
"""

from __future__ import annotations

import subprocess
from datetime import date, timedelta
from pathlib import Path

import pytest

from pmtui.domain.model import Commitment, Review, Status
from pmtui.store.repository import Store
from tests.e2e.terminal import Terminal, app_env, pmtui_command, requires_tmux

pytestmark = [pytest.mark.slow, requires_tmux()]

TODAY = date.today()  # the installed command reads the real clock


def _store(tmp_path: Path) -> Store:
    store = Store(tmp_path / "store" / "pmtui.json")
    store.add(
        Review(
            title="Checkout outage",
            status=Status.REVIEWED,
            commitments=[
                Commitment(
                    deliverable="Alert on queue depth", owner="ana", due=TODAY - timedelta(2)
                ),
                Commitment(deliverable="Failover runbook", owner="ana", due=TODAY + timedelta(5)),
            ],
        )
    )
    return store


def _due(store: Store, tmp_path: Path, *args: str) -> str:
    done = subprocess.run(
        [pmtui_command(), "--store", str(store.path), "due", "--mine", *args],
        env=app_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    return done.stdout


def test_followup_walks_what_due_lists_and_partly_kept_stays_open(tmp_path: Path) -> None:
    store = _store(tmp_path)
    listed = _due(store, tmp_path)
    assert "Alert on queue depth" in listed and "Failover runbook" in listed
    argv = [pmtui_command(), "--store", str(store.path), "followup"]
    with Terminal(argv, env=app_env(tmp_path)) as term:
        term.wait_for("[1/2] Alert on queue depth", timeout=60)
        term.keys("2", "Enter")  # partly kept
        term.wait_for("What got in the way?")
        term.type("The vendor answered late")
        term.keys("Enter")
        term.wait_for("What kind of obstacle")
        term.keys("Enter")
        term.wait_for("Did it help?")
        term.keys("Enter")
        screen = term.wait_for("The rest is not done: what now?")
        assert "keep it open with a new due date" in screen and "drop it" in screen
        term.keys("Enter")
        term.wait_for("New due date?")
        term.type("+3d")
        term.keys("Enter")
        new_due = (TODAY + timedelta(days=3)).isoformat()
        screen = term.wait_for("[2/2] Failover runbook")  # due in five days: walked too
        assert f"(still open, now due {new_due})" in screen
        assert all(len(line) <= 80 for line in screen.splitlines())
        term.keys("5", "Enter")  # skip for now
        assert term.exit_status() == 0
    after = _due(store, tmp_path)
    assert f"{new_due}  due      ana  Alert on queue depth" in after


def test_the_app_asks_for_a_new_date_or_a_reason_and_keeps_it_due(tmp_path: Path) -> None:
    store = _store(tmp_path)
    with Terminal([pmtui_command(), "--store", str(store.path)], env=app_env(tmp_path)) as term:
        term.wait_for("Checkout outage", timeout=60)
        term.keys("f")
        term.wait_for("1 overdue · 1 due soon")
        term.keys("Enter")
        term.wait_for("What became of it?")
        term.keys("Enter", "Down", "Down", "Enter")  # some of it happened (partly kept)
        term.keys("Tab")
        term.type("Half the alerts moved")
        term.keys("C-s")
        screen = term.wait_for("partly kept leaves work undone")
        assert "New due date for the rest" in screen
        term.type("+3d")  # the new date field has the focus
        term.keys("C-s")
        term.wait_for("Saved.")
        term.keys("C-b")
        screen = term.wait_for("(partly kept: Half the")  # its answer, in its history
        assert all(len(line) <= 80 for line in screen.splitlines())
        term.keys("Escape", "Escape")
        screen = term.wait_for("Carry-over:")
        assert "Alert on queue depth" in screen
        term.keys("C-q")
        assert term.exit_status() == 0
    new_due = (TODAY + timedelta(days=3)).isoformat()
    assert f"{new_due}  due      ana  Alert on queue depth" in _due(store, tmp_path)
