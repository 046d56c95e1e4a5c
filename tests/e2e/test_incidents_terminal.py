"""The installed pmtui at 80x24, keys only: log an incident, see it wait, review it, paste facts."""

from __future__ import annotations

import subprocess
from datetime import date, timedelta
from pathlib import Path

import pytest

from pmtui.store.repository import Store
from tests.e2e.terminal import Terminal, app_env, pmtui_command, requires_tmux

pytestmark = [pytest.mark.slow, requires_tmux()]


def _fits(screen: str) -> None:
    assert all(len(line) <= 80 for line in screen.splitlines())


def test_log_on_home_then_review_it_from_the_incident_list(tmp_path: Path) -> None:
    store = tmp_path / "store" / "pmtui.json"
    env = app_env(tmp_path)
    # one logged from a script a week ago, past the policy's two days
    subprocess.run(
        [pmtui_command(), "--store", str(store), "log", "queue backlog", "--sev", "3",
         "--at", "2026-11-02 09:00"],
        env=env, check=True, capture_output=True,
    )  # fmt: skip
    with Terminal([pmtui_command(), "--store", str(store)], env=env) as term:
        screen = term.wait_for("incident without a review", timeout=60)
        assert "(1 overdue); x lists them." in screen
        _fits(screen)

        term.keys("l")
        term.wait_for("Log an incident")
        term.type("checkout 502s after deploy")
        term.keys("Tab", "Enter")  # open the severity list
        term.keys("Down", "Down", "Enter")  # SEV2
        term.keys("Tab")
        term.type("yesterday 14:02")
        term.keys("Tab")
        term.type("payments")
        term.keys("Enter")
        screen = term.wait_for("2 incidents without a review")
        _fits(screen)

        term.keys("x")
        screen = term.wait_for("what went wrong")
        assert "overdue since" in screen and "due by" in screen
        assert "queue backlog" in screen and "checkout 502s after deploy" in screen
        _fits(screen)
        term.keys("Down")  # the SEV2 one, due later, is second
        term.wait_for("within 5 working days (by")
        term.keys("Enter")
        screen = term.wait_for("Blameless postmortem")
        assert "checkout 502s after deploy" in screen
        _fits(screen)
        term.keys("C-o")  # started, not held: still waiting
        screen = term.wait_for("started, due")
        words = " ".join(screen.split())  # the line may wrap at 80 columns
        assert "2 incidents without a review, oldest" in words and "1 overdue, 1 started" in words
        _fits(screen)
        term.keys("Down", "Enter")  # open it again, and hold it: status reviewed in Summary
        term.wait_for("Blameless postmortem")
        term.keys("C-n", "C-n", "C-n", "C-n")
        term.wait_for("Status")
        term.keys("Tab", "Enter")  # from the stage to its status
        term.wait_for("in review")
        term.keys("Down", "Down", "Enter")
        term.wait_for("5 Summary ✓")
        term.keys("C-o")
        screen = term.wait_for("1 incident without a review")
        assert "reviewed" in screen
        term.keys("b")
        screen = term.wait_for("1 incident without a review")
        term.keys("C-q")
        assert term.exit_status() == 0

    s = Store(store)
    (review,) = (s.get(x.id) for x in s.summaries())
    assert (review.severity, review.tags, review.template) == ("SEV2", ["payments"], "postmortem")
    assert review.happened.endswith("14:02")
    link = s.incident_links()[review.incident_id or ""]
    assert (link.review_id, link.held, review.status.value) == (review.id, True, "reviewed")


def test_paste_a_chat_into_the_facts_stage_and_take_it_back(tmp_path: Path) -> None:
    store = tmp_path / "store" / "pmtui.json"
    env = app_env(tmp_path)
    made = subprocess.run(
        [pmtui_command(), "--store", str(store), "quick", "--no-input", "--title", "Deploy hung",
         "--happened", "2026-11-20 14:00", "--what", "it hung", "--cause", "no lock timeout",
         "--category", "tooling", "--commitment", "Add a lock timeout", "--due", "+2w"],
        env=env, check=True, capture_output=True, text=True,
    )  # fmt: skip
    review_id = made.stdout.strip()
    with Terminal([pmtui_command(), "--store", str(store)], env=env) as term:
        term.wait_for("Deploy hung", timeout=60)
        term.keys("Enter")
        term.wait_for("Frame")
        term.keys("C-n")  # to the Facts stage
        term.wait_for("What happened?")
        term.keys("p")
        term.wait_for("Paste a timeline")
        term._tmux("set-buffer", "14:02 ana: deploy 4411 out\n14:05 bo: rolling back\n14:09 ok\n")
        term._tmux("paste-buffer", "-p", "-t", "0")
        screen = term.wait_for("3 facts from 3 lines")
        assert "bo: rolling back" in screen
        _fits(screen)
        term.keys("C-s")
        screen = term.wait_for("Added 3 facts")
        assert "ana: deploy 4411 out" in screen
        assert len(Store(store).get(review_id).facts) == 4
        term.keys("u")
        term.wait_for("Undone")
        term.keys("C-q")
        assert term.exit_status() == 0
    assert [f.what for f in Store(store).get(review_id).facts] == ["it hung"]


def test_a_start_still_to_come_is_refused_in_the_form_and_the_title_kept(tmp_path: Path) -> None:
    """A newcomer typed 23:30 in the morning and the incident was logged as tonight's."""
    store = tmp_path / "store" / "pmtui.json"
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    with Terminal([pmtui_command(), "--store", str(store)], env=app_env(tmp_path)) as term:
        term.wait_for("There are no reviews yet", timeout=60)
        term.keys("l")
        term.wait_for("Log an incident")
        term.type("search index lagged")
        term.keys("Tab", "Tab")
        term.type(f"{tomorrow} 09:00")
        term.keys("C-s")
        screen = term.wait_for("has not come yet")
        words = " ".join(screen.replace("│", " ").split())  # the message wraps in the dialog
        assert "an incident is logged once it started" in words
        assert "search index lagged" in screen  # nothing typed is lost
        _fits(screen)
        term.keys("C-u")
        term.type("yesterday 23:30")
        term.keys("C-s")
        term.wait_for("1 incident without a review")
        term.keys("C-q")
        assert term.exit_status() == 0
    (incident,) = Store(store).incidents()
    assert incident.started == f"{date.today() - timedelta(days=1)} 23:30"
