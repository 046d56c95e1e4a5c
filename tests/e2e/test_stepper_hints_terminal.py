"""The installed pmtui at 80x24 marks the stages that still have coach hints open.

Found by a newcomer: the summary listed the hints still open, but the stepper
(frame, facts, causes, commitments...) did not say where they were. The hints are
counted once a stage that shows them is opened: a review open at its frame does not
load the coach for the stepper alone.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path

import pytest

from pmtui.domain.model import Cause, Commitment, Fact, Review
from pmtui.store.repository import Store
from tests.e2e.terminal import Terminal, app_env, pmtui_command, requires_tmux

pytestmark = [pytest.mark.slow, requires_tmux()]

TITLE = "Checkout errors after the deploy"


def stepper(screen: str) -> str:
    return screen.splitlines()[1]


@contextmanager
def at_the_frame(tmp_path: Path, *reviews: Review) -> Iterator[Terminal]:
    """The installed pmtui, fresh, with the newest of ``reviews`` opened at its frame."""
    store = tmp_path / "store" / "pmtui.json"
    for review in reviews:
        Store(store).add(review)
    with Terminal([pmtui_command(), "--store", str(store)], env=app_env(tmp_path)) as term:
        term.wait_for(TITLE, timeout=60)
        term.keys("Enter")
        term.wait_for(lambda s: "1 Frame" in stepper(s))
        yield term
        term.keys("C-q")
        assert term.exit_status() == 0


def test_the_stepper_counts_open_hints_and_follows_a_reword_and_a_hint_set_aside(
    tmp_path: Path,
) -> None:
    commitment = Commitment(
        deliverable="We will improve our communication",
        owner="ana",
        due=date.today() + timedelta(days=14),
        done_when="the runbook says who to page",
    )
    review = Review(title=TITLE, causes=[Cause(statement="Human error")], commitments=[commitment])
    with at_the_frame(tmp_path, review) as term:
        assert "!" not in stepper(term.screen())  # a fresh pmtui at the frame: not counted
        term.keys("3")  # the cause says "human error" and has no why below it
        term.wait_for("Human error")
        screen = term.wait_for(lambda s: "3 Causes !2" in stepper(s), timeout=30)
        assert "4 Commitments !1" in stepper(screen)
        assert "5 Summary" in stepper(screen) and "!" not in stepper(screen).split("Causes")[0]
        term.keys("Enter")
        term.wait_for("Edit cause")
        term.keys("End", "C-u")  # the statement's line, from its end back to its start
        term.type("The deploy script has no rollback step")
        term.keys("C-s")
        term.wait_for(lambda s: "Edit cause" not in s and "no rollback step" in s)
        term.wait_for(lambda s: "3 Causes 20%" in stepper(s), timeout=30)  # no hint left
        term.keys("4")
        term.wait_for("improve our communication")
        term.keys("Enter")
        term.wait_for("Edit commitment")
        term.keys("C-t")
        term.wait_for("Why does this hint not apply here?")
        term.type("the runbook change is the deliverable")
        term.keys("Enter")
        term.wait_for(lambda s: "Why does this hint" not in s)
        term.keys("C-s")
        term.wait_for(lambda s: "Edit commitment" not in s)
        screen = term.wait_for(lambda s: "4 Commitments 80%" in stepper(s), timeout=30)
        assert "!" not in stepper(screen)


def test_three_stages_marked_leave_every_stage_whole_at_80_columns(tmp_path: Path) -> None:
    review = Review(
        title=TITLE,
        facts=[Fact(what="Bob carelessly deployed the wrong build")],
        causes=[Cause(statement="Human error"), Cause(statement="Bob should have known")],
        commitments=[Commitment(deliverable="We will improve our communication")],
    )
    with at_the_frame(tmp_path, review) as term:
        term.keys("2")
        screen = term.wait_for(lambda s: stepper(s).count("!") == 3, timeout=30)
        line = stepper(screen)
        for name in ("1 Frame", "2 Facts !", "3 Causes !", "4 Commitments !", "5 Summary 0%"):
            assert name in line
        assert len(screen.splitlines()[2]) <= 80 and "Only you" in screen.splitlines()[2]


def test_a_cause_seen_in_an_earlier_review_is_listed_by_the_summary_not_counted(
    tmp_path: Path,
) -> None:
    """The stepper reads the open review alone; the summary also compares every other one."""
    statement = "The deploy script has no rollback step"
    earlier = Review(
        title="Earlier outage", happened="2020-01-02", causes=[Cause(statement=statement)]
    )
    vague = Commitment(deliverable="We will improve our communication", owner="ana")
    review = Review(title=TITLE, causes=[Cause(statement=statement)], commitments=[vague])
    with at_the_frame(tmp_path, earlier, review) as term:
        term.keys("5")
        term.wait_for("To write: summary")
        screen = term.wait_for(lambda s: "4 Commitments !" in stepper(s), timeout=30)
        assert "3 Causes !" not in stepper(screen)  # counted: the commitment's mark is there
        term.keys("End")  # the open hints are listed under the document
        term.wait_for("Earlier outage", timeout=30)
        assert "3 Causes !" not in stepper(term.screen())


def test_a_blaming_cause_and_a_vague_commitment_written_are_marked_and_stay_marked(
    tmp_path: Path,
) -> None:
    """As a newcomer writes them: a fresh pmtui counts nothing at the frame (the coach is not
    read for the stepper alone), the causes stage counts every stage, each hint written
    shows in the stepper, and a review opened at its frame again is counted at once."""
    review = Review(
        title=TITLE,
        facts=[Fact(what="The deploy started", at="14:02", evidence="deploy log")],
        causes=[Cause(statement="The deploy script has no rollback step")],
    )
    with at_the_frame(tmp_path, review) as term:
        term.keys("3")
        term.wait_for("no rollback step")
        term.keys("a")
        term.wait_for("New cause")
        term.type("Bob should have been more careful")
        term.wait_for("judges a past decision", timeout=30)  # the form's hint, as typed
        term.keys("C-s")
        screen = term.wait_for(lambda s: "3 Causes !2" in stepper(s), timeout=30)
        assert "!" not in stepper(screen).split("3 Causes")[0]
        term.keys("4")
        term.wait_for("What will we change?")
        term.keys("a")
        term.wait_for("New commitment")
        term.keys("Tab")  # from the owner to the deliverable
        term.type("We will improve our communication")
        term.keys("Tab")
        term.type("the runbook says who to page")
        term.keys("Tab")
        term.type("+2w")
        term.keys("C-s")
        screen = term.wait_for(lambda s: "4 Commitments !1" in stepper(s), timeout=30)
        assert "3 Causes !2" in stepper(screen)
        term.keys("b")
        term.wait_for(lambda s: "1 of 1 reviews" in s)
        term.keys("Enter")
        screen = term.wait_for(lambda s: "4 Commitments !1" in stepper(s), timeout=30)
        assert "1 Frame" in stepper(screen) and "3 Causes !2" in stepper(screen)
