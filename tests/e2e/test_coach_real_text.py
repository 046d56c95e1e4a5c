"""The coach as people meet it: the installed ``pmtui`` reading real wording.

One hint per idea, wording that fits what triggered it, names pmtui already
knows from the store read as people, and the quick review's hint on a cause
that explains by a person's state, in a real terminal at 80x24.
"""

from __future__ import annotations

import json
import os
import subprocess
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from pmtui.domain.model import Review
from pmtui.store.repository import Store
from tests.e2e.terminal import Terminal, app_env, pmtui_command, requires_tmux

pytestmark = [pytest.mark.slow]


def coach(tmp_path: Path, stage: str, lines: list[str], store: Path) -> list[dict[str, Any]]:
    done = subprocess.run(
        [pmtui_command(), "--store", str(store), "coach", "--stage", stage, "--json"],
        input="\n".join(lines) + "\n",
        capture_output=True,
        text=True,
        env={**os.environ, **app_env(tmp_path)},
        timeout=60,
        check=True,
    )
    return [json.loads(line) for line in done.stdout.splitlines()]


def test_the_installed_coach_reads_real_wording(tmp_path: Path) -> None:
    store_path = tmp_path / "store" / "pmtui.json"
    Store(store_path).add(
        Review(title="Stale reports", created=datetime(2026, 11, 2), participants=["Dumisani"])
    )
    lines = [
        "Dumisani restarted the primary",
        "They should have known",
        "The file was removed by mistake",
        "We did not update the gem before the release",
        "The deploy tool does not show the target host",
    ]
    records = coach(tmp_path, "causes", lines, store_path)
    assert [r["text"] for r in records] == lines
    assert all(set(f) == {"rule", "message", "suggestion"} for r in records for f in r["findings"])
    person, hindsight, slip, omission, systemic = (r["findings"] for r in records)
    assert [f["rule"] for f in person] == ["cause-person"]  # a name the store knows
    assert "“Dumisani restarted”" in person[0]["message"]
    assert [f["rule"] for f in hindsight] == ["cause-hindsight"]  # one hint, not three
    assert [f["rule"] for f in slip] == ["cause-blame"]
    assert "slip" in slip[0]["message"] and "easy to make" in slip[0]["suggestion"]
    assert [f["rule"] for f in omission] == ["cause-hindsight"]
    assert systemic == []


def test_the_installed_coach_reads_slips_and_misses_with_no_one_named(tmp_path: Path) -> None:
    lines = [
        "A cleanup script was accidentally run against the production cluster",
        "The disk warning was not noticed for two days",
        "The file was removed by a cleanup job",
    ]
    records = coach(tmp_path, "causes", lines, tmp_path / "none" / "pmtui.json")
    slip, missed, systemic = (r["findings"] for r in records)
    assert [f["rule"] for f in slip] == ["cause-blame"]
    assert (
        "“was accidentally run”" in slip[0]["message"] and "easy to make" in slip[0]["suggestion"]
    )
    assert [f["rule"] for f in missed] == ["cause-hindsight"]
    assert "“was not noticed”" in missed[0]["message"]
    assert systemic == []
    facts = coach(tmp_path, "facts", ["The on-call engineer never caught the failing check"],
                  tmp_path / "none" / "pmtui.json")  # fmt: skip
    assert [f["rule"] for f in facts[0]["findings"]] == ["fact-judgement"]


def test_commitments_need_a_checkable_deliverable(tmp_path: Path) -> None:
    lines = [
        "Revise the onboarding process",
        "Create an action plan for the migration",
        "We need to add an alert when replication lag exceeds 60 s",
        "Make the deploy tool print the target cluster and ask for confirmation",
    ]
    records = coach(tmp_path, "commitments", lines, tmp_path / "none" / "pmtui.json")
    revise, plan, alert, tool = (r["findings"] for r in records)
    assert [f["rule"] for f in revise] == ["commitment-vague"]
    assert "“revise”" in revise[0]["message"]
    assert [f["rule"] for f in plan] == ["commitment-vague"]
    assert alert == [] and tool == []


@requires_tmux()
def test_the_quick_review_asks_about_a_persons_state(tmp_path: Path) -> None:
    store = tmp_path / "store" / "pmtui.json"
    argv = [pmtui_command(), "quick", "--store", str(store)]
    with Terminal(argv, env=app_env(tmp_path)) as term:
        term.wait_for("What happened?", timeout=60)
        term.type("The nightly cleanup deleted the reports table")
        term.keys("Enter")
        term.wait_for("Anything else")
        term.keys("Enter")
        term.wait_for("A short title")
        term.keys("Enter")
        term.wait_for("What in the system made it likely?")
        term.type("The tired operator ran the cleanup script")
        term.keys("Enter")
        screen = term.wait_for("Rewrite it, or keep it as written?")
        assert "how someone felt" in screen and "“tired”" in screen
        assert all(len(line) <= 80 for line in screen.splitlines())
        term.keys("C-c")
