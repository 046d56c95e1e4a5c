"""A follow-up held at 80x24 leaves the follow-up view, and its re-planned commitment
counts in practice health, as a newcomer found them (the installed pmtui, keys only).

Before: the follow-up row did not name its review, after `partly kept` and a new
date the review stayed "ready for a follow-up", and the missed commitment counted
nowhere in `pmtui health` (re-planned 0).
"""

from __future__ import annotations

import json
import subprocess
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from pmtui.domain.model import Commitment, Review, Status
from pmtui.store.repository import Store
from tests.e2e.terminal import Terminal, app_env, pmtui_command, requires_tmux

pytestmark = [pytest.mark.slow, requires_tmux()]

TODAY = date.today()  # the installed command reads the real clock
FIRST_DUE = TODAY - timedelta(days=5)


def _store(tmp_path: Path) -> Store:
    store = Store(tmp_path / "store" / "pmtui.json")
    store.add(
        Review(
            title="Checkout outage",
            status=Status.REVIEWED,
            created=datetime.combine(TODAY - timedelta(days=42), datetime.min.time()),
            facilitator="ana",
            follow_up_on=TODAY,
            commitments=[
                Commitment(deliverable="Alert on queue depth", owner="ana", due=FIRST_DUE)
            ],
        )
    )
    return store


def _health(store: Store, tmp_path: Path) -> dict[str, dict[str, Any]]:
    done = subprocess.run(
        [pmtui_command(), "--store", str(store.path), "health", "--since", "2m", "--json"],
        env=app_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return {m["month"]: m["follow_through"] for m in json.loads(done.stdout)}


def test_a_held_follow_up_leaves_the_view_and_its_replan_counts(tmp_path: Path) -> None:
    store = _store(tmp_path)
    first_month, this_month = FIRST_DUE.strftime("%Y-%m"), TODAY.strftime("%Y-%m")
    before = _health(store, tmp_path)
    assert before[first_month]["open_past_due"] == 1
    assert before[this_month]["follow_ups_due"] == 1
    assert before[this_month]["follow_ups_on_time"] == 0
    with Terminal([pmtui_command(), "--store", str(store.path)], env=app_env(tmp_path)) as term:
        term.wait_for("Checkout outage", timeout=60)
        term.keys("f")
        screen = term.wait_for("1 review ready for a follow-up")
        row = next(line for line in screen.splitlines() if "follow-up " in line)
        assert "1 of 1 still open" in row and "Checkout outage" in row  # in sight
        assert all(len(line) <= 80 for line in screen.splitlines())
        board = screen.splitlines()[3:-2]  # no scrollbar under the board (it read as a stray ▉)
        assert not any(bar in line for line in board for bar in "▉▊▋▌▍▎▏")
        term.keys("Down", "Enter")  # the follow-up row
        term.wait_for("What became of it?")
        term.keys("Enter")
        screen = term.wait_for("it has not happened (not kept)")  # the choices are open
        # the list covers the label under it whole ("Wit happened (kept)" before)
        assert any(line.strip() == "it happened (kept)" for line in screen.splitlines())
        term.keys("Down", "Down", "Enter")  # some of it happened (partly kept)
        term.wait_for(lambda s: "not kept" not in s and "(partly kept)" in s)
        term.keys("Tab")
        term.type("Half the alerts moved")
        term.keys("C-s")
        term.wait_for("partly kept leaves work undone")
        term.type("+3w")  # the new date field has the focus
        term.keys("C-s")
        term.wait_for(f"Follow-up held on {TODAY.isoformat()}")
        term.keys("Escape")
        screen = term.wait_for("0 reviews ready for a follow-up")
        assert "Checkout outage:" not in screen
        assert "Alert on queue depth" in screen  # re-planned: still followed, by its new date
        term.keys("C-q")
        assert term.exit_status() == 0
    after = _health(store, tmp_path)
    assert after[first_month]["replanned"] == 1 and after[first_month]["due"] == 1
    assert after[first_month]["open_past_due"] == 0 and after[first_month]["percent"] == 0.0
    assert after[this_month]["follow_ups_due"] == 1
    assert after[this_month]["follow_ups_on_time"] == 1
    [com] = store.get(store.summaries()[0].id).commitments
    assert com.due == TODAY + timedelta(weeks=3) and com.is_open
