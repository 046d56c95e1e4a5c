"""What a newcomer found on the review screen at 80x24 over SSH, in the installed pmtui, keys
only: what happened and the deliverable cut short beside empty columns, cause lines past the
right edge, the home screen's tag filter cut, the coach's hints not marked where the summary
said, a review marked reviewed with hints open without a word, ctrl+a that left the blamed
text in place, and F1 that showed nothing on the follow-up review."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from pmtui.domain.model import Cause, Commitment, Fact, Review, Status
from pmtui.store.repository import Store
from tests.e2e.terminal import Terminal, app_env, pmtui_command, requires_tmux

pytestmark = [pytest.mark.slow, requires_tmux()]

TODAY = date.today()  # the installed command reads the real clock
DUE = TODAY + timedelta(days=14)
TITLE = "Checkout errors after the deploy"
LONG_FACT = "The checkout service returned errors for every card payment after the deploy"
LONG_DELIVERABLE = (
    "Add a canary stage to the deploy pipeline that stops on a rise in checkout errors"
)
LONG_CAUSE = "The deploy pipeline had no canary stage, so a bad build reached every checkout host"
BLAMED = "Ben was careless with the deploy"


def _store(tmp_path: Path) -> Store:
    store = Store(tmp_path / "store" / "pmtui.json")
    fact = Fact(what=LONG_FACT, at="14:02")
    cause = Cause(statement=LONG_CAUSE, category="tooling", fact_ids=[fact.id])
    store.add(
        Review(
            title=TITLE,
            created=datetime.combine(TODAY, datetime.min.time()),
            facilitator="ana",
            participants=["ana", "ben"],
            tags=["payments"],
            facts=[fact, Fact(what="The on-call engineer was paged", at="14:09", evidence="pager")],
            causes=[cause, Cause(statement=BLAMED, category="process", parent_id=cause.id)],
            commitments=[
                Commitment(
                    deliverable=LONG_DELIVERABLE,
                    owner="ana",
                    due=DUE,
                    done_when="a bad build stops at the canary",
                    cause_ids=[cause.id],
                ),
                Commitment(deliverable="Rota page", owner="ben", due=DUE),
            ],
        )
    )
    return store


def _row(screen: str, text: str) -> str:
    """The one line of ``screen`` holding ``text``."""
    (row,) = [line for line in screen.splitlines() if text in line]
    return row


def _open(term: Terminal) -> None:
    term.wait_for(TITLE, timeout=60)
    term.keys("Enter")
    term.wait_for(lambda s: "1 Frame" in s and "Edit fields" in s.splitlines()[-1])


def _summary(term: Terminal) -> None:
    """Open the summary stage and wait until it has the focus (its key line)."""
    term.keys("5")
    term.wait_for(lambda s: "s Summary & impact" in s.splitlines()[-1])


def _into_follow_up(term: Terminal) -> None:
    """From the summary stage, into its follow-up date field (its key line says so)."""
    term.keys("Tab", "Tab")
    term.wait_for(lambda s: "esc Leave the field" in s.splitlines()[-1])


def test_text_columns_get_the_room_and_rows_with_hints_are_marked(tmp_path: Path) -> None:
    store = _store(tmp_path)
    with Terminal([pmtui_command(), "--store", str(store.path)], env=app_env(tmp_path)) as term:
        term.wait_for(TITLE, timeout=60)
        term.keys("t")
        term.type("checkout-api")
        home = term.wait_for("No review matches")
        assert _row(home, "search").rstrip().endswith("checkout-api"), home  # whole, in sight
        term.keys("C-u")
        term.wait_for("1 of 1 reviews")
        term.keys("Tab")  # on to the list, whose keys the key line shows again
        term.wait_for(lambda s: "n New review" in s.splitlines()[-1])
        _open(term)
        term.keys("2")
        screen = term.wait_for(lambda s: "! 14:02" in " ".join(s.split()))
        row = _row(screen, "…")
        assert "14:02  The checkout service returned errors for eve…" in row, row
        assert row.split()[:3] == ["┃", "!", "14:02"], row  # no evidence: the coach asks
        term.keys("4")
        screen = term.wait_for(lambda s: "! ben Rota page" in " ".join(s.split()))
        row = _row(screen, "pipeline th…")  # the line under the table says it whole
        assert "Add a canary stage to the deploy" in row and DUE.isoformat() in row, row
        assert row.split()[1] == "ana", row  # its done-when is written: no mark
        term.keys("3")
        screen = term.wait_for("! why? Ben")
        row = _row(screen, "· 1 fact")  # the line under the tree says it whole
        assert "▼ The deploy pipeline had no canary stage" in row and "…" in row, row
        _summary(term)
        term.keys("End")  # the hints are under the document
        screen = term.wait_for("Coach hints still open", timeout=30)
        said = " ".join(w for w in (w.strip("│┃") for w in screen.split()) if w)  # no sides
        assert "each item with one is marked !" in said, said
        term.keys("C-q")
        assert term.exit_status() == 0


def test_marking_reviewed_with_open_hints_asks_first(tmp_path: Path) -> None:
    store = _store(tmp_path)
    (summary,) = store.summaries()
    with Terminal([pmtui_command(), "--store", str(store.path)], env=app_env(tmp_path)) as term:
        _open(term)
        _summary(term)
        term.keys("Tab")  # the status
        term.keys("Enter")
        term.wait_for("closed")  # the choices are open
        term.keys("Down", "Down", "Enter")  # draft -> in review -> reviewed
        screen = term.wait_for("Mark the review reviewed anyway?")
        assert "coach hints still open" in screen and "Go back to the hints" in screen
        term.keys("n")
        screen = term.wait_for(lambda s: "Mark the review" not in s)
        assert "Coach hints still open" in screen  # gone back to them, the status as it was
        term.keys("Enter")  # the status still has the focus
        term.wait_for("closed")
        term.keys("Down", "Down", "Enter")
        term.wait_for("Mark the review reviewed anyway?")
        term.keys("y")
        term.wait_for(lambda s: "Mark the review" not in s)
        term.keys("C-q")
        assert term.exit_status() == 0
    assert store.get(summary.id).status is Status.REVIEWED


def test_ctrl_a_in_a_cause_selects_all_so_a_rewrite_replaces_the_blame(tmp_path: Path) -> None:
    store = _store(tmp_path)
    (summary,) = store.summaries()
    with Terminal([pmtui_command(), "--store", str(store.path)], env=app_env(tmp_path)) as term:
        _open(term)
        term.keys("3")
        term.wait_for("why? Ben")
        term.keys("Down", "e")  # the why below the first cause
        term.wait_for("Save (ctrl+s)")
        term.keys("C-a")
        term.type("Deploys need no second look before they reach every host")
        term.keys("C-s")
        term.wait_for("why? Deploys need")
        term.keys("C-q")
        assert term.exit_status() == 0
    statements = [c.statement for c in store.get(summary.id).causes]
    assert statements[1] == "Deploys need no second look before they reach every host"


def test_f1_shows_help_in_the_follow_up_review(tmp_path: Path) -> None:
    store = Store(tmp_path / "store" / "pmtui.json")
    store.add(
        Review(
            title=TITLE,
            status=Status.REVIEWED,
            created=datetime.combine(TODAY - timedelta(days=42), datetime.min.time()),
            facilitator="ana",
            follow_up_on=TODAY,
            commitments=[Commitment(deliverable="Alert on queue depth", owner="ana", due=TODAY)],
        )
    )
    with Terminal([pmtui_command(), "--store", str(store.path)], env=app_env(tmp_path)) as term:
        term.wait_for(TITLE, timeout=60)
        term.keys("f")
        term.wait_for("ready for a follow-up")
        term.keys("Down", "Enter")
        term.wait_for("What became of it?")
        term.keys("Tab")  # into "what got in the way"
        screen = term.wait_for(lambda s: "F1 Help" in s.splitlines()[-1])
        term.keys("F1")
        screen = term.wait_for("Walk each commitment")  # the follow-up review's own help
        assert "Follow-up review" in screen
        term.keys("Escape")
        term.wait_for("What became of it?")
        term.keys("C-q")
        assert term.exit_status() == 0


def test_a_summary_field_s_key_line_says_what_esc_does(tmp_path: Path) -> None:
    store = _store(tmp_path)
    with Terminal([pmtui_command(), "--store", str(store.path)], env=app_env(tmp_path)) as term:
        _open(term)
        _summary(term)
        _into_follow_up(term)
        term.keys("Escape")
        term.wait_for(lambda s: "esc Leave the field" not in s.splitlines()[-1])
        assert "To write: summary" in term.screen()  # still in the review
        term.keys("C-q")
        assert term.exit_status() == 0


def test_a_follow_up_date_typed_but_not_set_outlives_a_teammates_save(tmp_path: Path) -> None:
    """Found by a newcomer: a date typed in the summary, `esc` to read on, and a save from
    elsewhere put the stored date back in the field, the typing gone without a word."""
    store = _store(tmp_path)
    review_id = store.summaries()[0].id
    with Terminal([pmtui_command(), "--store", str(store.path)], env=app_env(tmp_path)) as term:
        _open(term)
        _summary(term)
        _into_follow_up(term)
        term.keys("C-u")
        term.type("+5w")
        term.wait_for("not saved")
        term.keys("Escape")
        term.wait_for(lambda s: "esc Leave the field" not in s.splitlines()[-1])
        store.update(review_id, lambda r: setattr(r, "title", "Checkout retitled"))
        screen = term.wait_for("Checkout retitled")  # the teammate's save is shown
        assert "+5w" in screen and "not saved" in screen
        _into_follow_up(term)
        term.keys("Enter")
        term.wait_for((TODAY + timedelta(weeks=5)).isoformat())
        term.keys("C-q")
        assert term.exit_status() == 0
    saved = store.get(review_id)
    assert (saved.title, saved.follow_up_on) == ("Checkout retitled", TODAY + timedelta(weeks=5))
