"""The postmortem document at 80x24: trigger beside the timeline, summary and impact last.

Driven through the installed pmtui by keys only, then exported as Markdown
the way a reader would get it.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from pmtui.domain.model import Fact, Kind, Review
from pmtui.store.repository import Store
from tests.e2e.terminal import Terminal, app_env, pmtui_command, requires_tmux

pytestmark = [pytest.mark.slow, requires_tmux()]


def test_write_the_document_and_read_it_in_the_export(tmp_path: Path) -> None:
    store = Store(tmp_path / "store" / "pmtui.json")
    review = store.add(
        Review(
            title="Checkout outage",
            kind=Kind.POSTMORTEM,
            template="postmortem",
            happened="2026-11-20 14:00",
            facts=[
                Fact(at="14:02", what="Error rate rises", moment="started"),
                Fact(at="14:14", what="Pager alert fires"),
                Fact(at="14:40", what="Rollback done", moment="resolved"),
            ],
        )
    )
    argv = [pmtui_command(), "--store", str(store.path)]
    with Terminal(argv, env=app_env(tmp_path)) as term:
        term.wait_for("Checkout outage", timeout=60)
        term.keys("Enter")
        term.wait_for("1 Frame")
        term.keys("C-n")
        screen = term.wait_for("To write: trigger, detection, resolution (press t).")
        assert "t Trigger" in screen
        term.keys("t")
        term.wait_for("What set it off?")
        term.type("A config push removed the canary")
        term.keys("Tab")
        term.type("The pager alert on 5xx")
        term.keys("C-s")
        term.wait_for("Written: trigger, detection. To write: resolution")
        term.keys("Down", "e")  # the pager fact: mark it as the moment it was detected
        term.wait_for("Key moment")
        term.keys("Tab", "Tab", "Tab", "Enter")
        lines = term.wait_for("it was resolved here").splitlines()
        bottom = next(i for i, line in enumerate(lines) if "╰" in line)  # the form's border
        assert not any("it was" in line for line in lines[bottom:])  # the list was drawn past it
        term.keys("Down", "Down", "Enter", "C-s")
        screen = term.wait_for("Key moment: it was detected here")
        assert all(len(line) <= 80 for line in screen.splitlines())
        term.keys("5")
        term.wait_for("To write: summary, impact (press s).")
        term.keys("s")
        term.wait_for("Write it last.")
        term.type("Checkout failed for 38 minutes.")
        term.keys("Tab")
        term.type("Orders failed.")
        term.keys("Tab")
        term.type("45")  # duration: the timeline says 38m, the team says 45m
        term.keys("Tab")
        term.type("12,000")
        term.keys("C-s")
        screen = term.wait_for("Written: summary, impact. Press s to edit them.")
        assert all(len(line) <= 80 for line in screen.splitlines())
        term.keys("C-q")
        assert term.exit_status() == 0
    done = subprocess.run(
        [*argv, "export", "--review", review.id[:8], "--format", "md"],
        env=app_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    text = done.stdout
    for expected in (
        "## Summary\n\nCheckout failed for 38 minutes.",
        "- **Duration:** 45m",
        "- **Users affected:** 12,000",
        "- **Time to detect:** 12m",
        "- **Time to resolve:** 38m",
        "## Trigger\n\nA config push removed the canary",
        "## Detection\n\nThe pager alert on 5xx",
        "## Resolution and mitigation\n\n_Not recorded._",
    ):
        assert expected in text


def test_insights_trend_the_times_beside_follow_through(tmp_path: Path) -> None:
    store = Store(tmp_path / "store" / "pmtui.json")
    for n, (detect, resolve) in enumerate((("10:12", "11:00"), ("10:30", "10:40"))):
        store.add(
            Review(
                title=f"Outage {n}",
                kind=Kind.POSTMORTEM,
                template="postmortem",
                happened="2026-10-02",
                facts=[
                    Fact(at="10:00", what="errors", moment="started"),
                    Fact(at=detect, what="page", moment="detected"),
                    Fact(at=resolve, what="fixed", moment="resolved"),
                ],
            )
        )
    with Terminal([pmtui_command(), "--store", str(store.path)], env=app_env(tmp_path)) as term:
        term.wait_for("Outage 1", timeout=60)
        term.keys("i")
        term.wait_for("Blame or hindsight wording")
        term.keys("5")  # the figures beside practice health
        screen = term.wait_for("median time to")
        line = next(ln for ln in screen.splitlines() if "median time to" in ln)
        assert "2026-10" in line and "detect 21m · resolve 50m" in line
        assert all(len(ln) <= 80 for ln in screen.splitlines())
        term.keys("C-q")
        assert term.exit_status() == 0
