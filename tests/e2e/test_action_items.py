"""Action items at 80x24: a type, a priority and a ticket, typed by keys and read in the exports."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from pmtui.domain.model import Cause, Entry, Kind, Review
from pmtui.store.repository import Store
from tests.e2e.terminal import Terminal, app_env, pmtui_command, requires_tmux

pytestmark = [pytest.mark.slow, requires_tmux()]


def _export(argv: list[str], tmp_path: Path, review_id: str, fmt: str) -> str:
    done = subprocess.run(
        [*argv, "export", "--review", review_id[:8], "--format", fmt],
        env=app_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_an_action_item_with_type_priority_and_ticket(tmp_path: Path) -> None:
    store = Store(tmp_path / "store" / "pmtui.json")
    review = store.add(
        Review(
            title="Checkout outage",
            kind=Kind.POSTMORTEM,
            template="postmortem",
            causes=[Cause(statement="Deploys can skip the canary", category="process")],
        )
    )
    argv = [pmtui_command(), "--store", str(store.path)]
    with Terminal(argv, env=app_env(tmp_path)) as term:
        term.wait_for("Checkout outage", timeout=60)
        term.keys("Enter")
        term.wait_for("1 Frame")
        term.keys("C-n", "C-n", "C-n")
        term.wait_for("No commitments yet")
        term.keys("a")
        term.wait_for("New commitment")
        term.keys("Tab")
        term.type("Make the canary stage mandatory in the deploy pipeline")
        term.keys("Tab")
        term.type("a deploy without canary fails in CI")
        term.keys("Tab")
        term.type("+2w")
        term.keys("Tab", "Enter")
        term.wait_for("prevent: makes it less likely to happen again")
        term.keys("Down", "Enter", "Tab", "Enter")
        term.wait_for("P2")
        term.keys("Down", "Down", "Enter", "Tab")
        term.type("OPS-123")
        term.keys("Tab", "space")  # it addresses the one cause
        screen = term.wait_for("Causes it addresses")
        assert all(len(line) <= 80 for line in screen.splitlines())
        term.keys("C-s")
        screen = term.wait_for("Tracked in: OPS-123")
        assert "Type: prevent" in screen and "Priority: P1" in screen
        term.keys("C-q")
        assert term.exit_status() == 0
    md = _export(argv, tmp_path, review.id, "md")
    row = next(line for line in md.splitlines() if "Make the canary stage" in line)
    cells = [c.strip() for c in row.strip("|").split(" | ")]
    assert cells[4:8] == ["prevent", "P1", "OPS-123", "Deploys can skip the canary"]
    script = _export(argv, tmp_path, review.id, "gh")
    assert "gh label create 'type: prevent' --force" in script
    assert "'--label=type: prevent' '--label=priority: P1'" in script
    assert "Tracked in: OPS-123" in script


def test_a_parked_idea_is_promoted_and_the_rest_stay_findable(tmp_path: Path) -> None:
    store = Store(tmp_path / "store" / "pmtui.json")
    store.add(
        Review(
            title="Checkout outage",
            kind=Kind.POSTMORTEM,
            template="postmortem",
            entries=[
                Entry(section="ideas", text="Canary for config pushes"),
                Entry(section="ideas", text="A chaos day each quarter"),
            ],
        )
    )
    argv = [pmtui_command(), "--store", str(store.path)]
    with Terminal(argv, env=app_env(tmp_path)) as term:
        term.wait_for("Checkout outage", timeout=60)
        term.keys("Enter")
        term.wait_for("1 Frame")
        term.keys("C-n", "C-n", "C-n")
        screen = term.wait_for("p Promote idea")
        term.keys("p")
        screen = term.wait_for("Which idea will the team really do?")
        assert "A chaos day each quarter" in screen
        term.keys("Enter")  # the first: the canary
        term.wait_for("New commitment")
        term.keys("Tab", "Tab")
        term.type("a config push without canary is refused")
        term.keys("Tab")
        term.type("+2w")
        term.keys("C-s")
        screen = term.wait_for("Canary for config pushes")
        assert all(len(line) <= 80 for line in screen.splitlines())
        term.keys("C-q")
        assert term.exit_status() == 0
    listed = subprocess.run(
        [*argv, "ideas"], env=app_env(tmp_path), capture_output=True, text=True, timeout=60
    )
    assert listed.stdout.splitlines() == [
        f"[{next(store.reviews()).id[:8]} Checkout outage]  A chaos day each quarter"
    ]
    md = _export(argv, tmp_path, next(store.reviews()).id, "md")
    assert "1 idea parked, not committed to (see Ideas)." in md
