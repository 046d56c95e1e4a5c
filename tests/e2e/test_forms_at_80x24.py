"""The review's forms in the installed pmtui at 80x24, keys only: a commitment needs a date
(a past one is asked about), a coach hint stays out of the tab chain, escape in a form with
typed text asks, and a time pasted from a log with its zone is taken as local time."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from pmtui.domain.model import Cause, Review
from pmtui.store.repository import Store
from tests.e2e.terminal import Terminal, app_env, pmtui_command, requires_tmux

pytestmark = [pytest.mark.slow, requires_tmux()]

TITLE = "Checkout errors after the deploy"


def open_stage(tmp_path: Path, key: str) -> tuple[Terminal, Path, str]:
    store = tmp_path / "store" / "pmtui.json"
    review = Store(store).add(
        Review(title=TITLE, causes=[Cause(statement="The deploy lock has no timeout")])
    )
    env = app_env(tmp_path, TZ="Europe/Paris")  # a pasted UTC time becomes Paris time
    term = Terminal([pmtui_command(), "--store", str(store)], env=env)
    term.wait_for(TITLE, timeout=60)
    term.keys("Enter")
    term.wait_for("1 Frame")
    term.keys(key)
    return term, store, review.id


def test_a_commitment_needs_a_date_and_a_past_one_is_asked_about(tmp_path: Path) -> None:
    term, store, review_id = open_stage(tmp_path, "4")
    with term:
        term.wait_for("No commitments yet")
        term.keys("a")
        form = term.wait_for("New commitment")
        assert "e.g. +2w" in form
        term.keys("Tab")  # owner (ana) -> deliverable
        term.type("Add a five minute timeout to the deploy lock")
        term.keys("C-s")
        refused = term.wait_for("needs when it is due")
        assert all(len(line) <= 80 for line in refused.splitlines())
        term.type("2020-01-31")
        term.keys("C-s")
        term.wait_for("is in the past")
        term.keys("n")  # change it
        term.wait_for(lambda s: "is in the past" not in s and "New commitment" in s)
        term.keys("C-u")
        term.type("in 2 weeks")
        term.keys("C-s")
        term.wait_for(lambda s: "New commitment" not in s and "Add a five minute" in s)
        term.keys("C-q")
        assert term.exit_status() == 0
    (commitment,) = Store(store).get(review_id).commitments
    assert commitment.due == date.today() + timedelta(days=14)


def test_tab_after_a_coach_hint_goes_to_the_next_field(tmp_path: Path) -> None:
    term, store, review_id = open_stage(tmp_path, "4")
    with term:
        term.wait_for("No commitments yet")
        term.keys("a")
        term.wait_for("New commitment")
        term.keys("Tab")
        term.type("We will improve our communication")
        term.wait_for("Set aside (ctrl+t)")
        term.keys("Tab", "Tab")  # past "Done when", to the due date
        term.type("+2w")
        term.keys("C-s")
        term.wait_for(lambda s: "New commitment" not in s and "improve our" in s)
        term.keys("C-q")
        assert term.exit_status() == 0
    (commitment,) = Store(store).get(review_id).commitments
    assert (commitment.done_when, commitment.due) == ("", date.today() + timedelta(days=14))


def test_escape_in_a_fact_form_asks_before_dropping_what_was_typed(tmp_path: Path) -> None:
    term, store, review_id = open_stage(tmp_path, "2")
    with term:
        term.wait_for("No facts yet")
        term.keys("a")
        term.wait_for("New fact")
        term.type("2017-01-31 23:27 UTC")
        term.keys("Tab")
        term.type("Checkout error rate rose to 4%")
        term.keys("Escape")
        term.wait_for("Drop what you typed")
        term.keys("n")
        term.wait_for(lambda s: "Drop what you typed" not in s and "rose to 4%" in s)
        term.keys("C-s")
        screen = term.wait_for(lambda s: "New fact" not in s and "rose to 4%" in s)
        assert "2017-02-01 00:27" in screen
        term.keys("C-q")
        assert term.exit_status() == 0
    (fact,) = Store(store).get(review_id).facts
    assert (fact.at, fact.what) == ("2017-02-01 00:27", "Checkout error rate rose to 4%")


def test_a_decision_points_questions_are_in_sight_as_they_are_typed_in(tmp_path: Path) -> None:
    """The newcomer's keys: the questions stayed blank below the tick and `zzz` went
    into the pressures unseen."""
    term, store, review_id = open_stage(tmp_path, "2")
    with term:
        term.wait_for("No facts yet")
        term.keys("a")
        term.wait_for("New fact")
        term.type("14:05")
        term.keys("Tab")
        term.type("Disk full, writes fail")
        term.keys("Tab", "Tab", "Tab")
        term.wait_for("┃[ ] A decision point")
        term.keys("Space")
        term.keys("Tab")
        screen = term.wait_for("What was known then")
        term.type("only the disk alert")
        term.keys("Tab")
        term.wait_for("What options there were")
        term.keys("Tab")
        term.type("zzz")
        screen = term.wait_for("┃zzz")
        assert "What pressures people were under" in screen
        assert "Save (ctrl+s)" in screen
        term.keys("C-s")
        screen = term.wait_for(lambda s: "New fact" not in s and "Pressures: zzz" in s)
        term.keys("C-q")
        assert term.exit_status() == 0
    (fact,) = Store(store).get(review_id).facts
    assert (fact.decision, fact.known_then, fact.pressures) == (True, "only the disk alert", "zzz")
