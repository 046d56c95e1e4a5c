"""A whole postmortem in the installed pmtui at 80x24, keys only, as a person does it.

From an empty home: a new review, the frame (title, a time pasted from a log,
the ground rule), a fact with its log time, a cause with a why below it, a
commitment with owner, deliverable and due date, the summary, an export to
Markdown through the palette; quit, start pmtui again, find the review by
searching, open it and read every stage back; the exported file holds it all.
Every check reads the screen or the file, as the person would.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from tests.e2e.terminal import (
    Terminal,
    app_env,
    open_export_dialog,
    pmtui_command,
    requires_tmux,
)

pytestmark = [pytest.mark.slow, requires_tmux()]

TITLE = "Checkout errors after the deploy"
FACT = "Checkout error rate rose to 4%"
CAUSE = "Deploys skip the canary stage when the pipeline queue is long"
WHY = "The pipeline has no limit on how long a canary may wait"
DELIVERABLE = "Canary waits at most 10 minutes, then the deploy stops"
SUMMARY = "A deploy without a canary broke checkout for 40 minutes."


def fits(screen: str) -> bool:
    return all(len(line) <= 80 for line in screen.splitlines())


def first_line(screen: str) -> str:
    return screen.splitlines()[0]


def saved(screen: str) -> bool:
    return "saved" in first_line(screen) and "unsaved" not in first_line(screen)


def test_a_whole_postmortem_from_home_to_export_and_back_after_a_restart(
    tmp_path: Path,
) -> None:
    store = tmp_path / "store" / "pmtui.json"
    here = tmp_path / "here"
    here.mkdir()
    argv = [pmtui_command(), "--store", str(store)]
    env = app_env(tmp_path, TZ="UTC")
    due = date.today() + timedelta(days=14)

    with Terminal(argv, env=env, cwd=here) as term:
        term.wait_for("There are no reviews yet", timeout=60)
        term.keys("n")
        term.wait_for("What kind of review")
        term.keys("Enter")  # the first kind: a blameless postmortem
        frame = term.wait_for("1 Frame")
        assert "(untitled)" in first_line(frame) and fits(frame)

        # The frame: the stage has the focus, enter goes into the title.
        term.keys("Enter")
        term.type(TITLE)
        term.keys("Tab")
        term.type("2017-01-31 23:27 UTC")
        term.keys("Tab", "Tab", "Tab", "Tab", "Tab")  # severity, people, facilitator, tags
        term.keys("Space")  # the ground rule's tick box
        term.wait_for("[x] Read aloud")
        term.keys("Tab")
        term.type("I approved the deploy without waiting for the canary")
        screen = term.wait_for(lambda s: "1 Frame ✓" in s and saved(s))
        assert TITLE in first_line(screen)
        term.keys("Escape")  # out of the field, back on the stage: keys are commands again

        # Facts: a moment pasted from a log, with its zone.
        term.keys("2")
        term.wait_for("No facts yet")
        term.keys("a")
        term.wait_for("New fact")
        term.type("2017-01-31 23:27 UTC")
        term.keys("Tab")
        term.type(FACT)
        term.keys("Tab")
        term.type("deploy log")
        term.keys("C-s")
        # The row comes first; the chosen fact's evidence line is drawn after it.
        facts = term.wait_for(lambda s: "New fact" not in s and "Evidence: deploy log" in s)
        assert "2017-01-31 23:27" in facts and fits(facts)

        # Causes: one, then a why below it.
        term.keys("3")
        term.wait_for("No causes yet")
        term.keys("a")
        term.wait_for("New cause")
        term.type(CAUSE)
        term.keys("C-s")
        term.wait_for(lambda s: "New cause" not in s and "▸ Deploys skip" in s)
        term.keys("w")
        term.wait_for("New answer to why?")
        term.type(WHY)
        term.keys("C-s")
        causes = term.wait_for(lambda s: "└── why? The pipeline has no limit" in s)
        assert f"▸ {WHY}" in causes and fits(causes)

        # Commitments: one owner, something checkable, a date.
        term.keys("4")
        term.wait_for("No commitments yet")
        term.keys("a")
        term.wait_for("New commitment")
        term.keys("C-u")
        term.type("ben")
        term.keys("Tab")
        term.type(DELIVERABLE)
        term.keys("Tab", "Tab")  # past "done when", to the due date
        term.type("in 2 weeks")
        term.keys("C-s")
        commitments = term.wait_for(lambda s: "New commitment" not in s and "ben:" in s)
        assert f"ben: {DELIVERABLE}" in commitments and due.isoformat() in commitments

        # Summary, then the export through the palette.
        term.keys("5")
        term.wait_for("To write: summary, impact")
        term.keys("s")
        term.wait_for("Summary and impact")
        term.type(SUMMARY)
        term.keys("Tab")
        term.type("4% of checkouts failed for 40 minutes")
        term.keys("C-s")
        term.wait_for("Written: summary, impact")
        open_export_dialog(term)
        term.keys("Enter")
        term.wait_for("Exported as Markdown")
        term.wait_for(saved)
        term.keys("C-q")
        assert term.exit_status() == 0

    (exported,) = here.iterdir()
    assert exported.name.startswith("2017-01-31-checkout-errors-after-the-deploy-")
    document = exported.read_text()
    for text in (f"# {TITLE}", "2017-01-31 23:27", FACT, CAUSE, WHY, DELIVERABLE, SUMMARY):
        assert text in document, text
    assert "ben" in document and due.isoformat() in document

    with Terminal(argv, env=env, cwd=here) as term:
        home = term.wait_for("1 of 1 reviews", timeout=60)
        (row,) = [line for line in home.splitlines() if "2017-01-31" in line]
        assert TITLE in row and "draft" in row
        term.keys("/")
        term.type("checkout")
        term.keys("Enter")  # from the search to the list
        term.keys("Enter")
        frame = term.wait_for("1 Frame ✓")
        assert TITLE in frame and "2017-01-31 23:27" in frame and "[x] Read aloud" in frame
        term.keys("2")
        assert FACT in term.wait_for("Evidence: deploy log")
        term.keys("3")
        causes = term.wait_for("└── why?")
        assert "Deploys skip the canary" in causes
        term.keys("4")
        assert due.isoformat() in term.wait_for(f"ben: {DELIVERABLE}")
        term.keys("5")
        term.wait_for("Written: summary, impact")
        term.keys("PageDown", "PageDown", "PageDown")
        term.wait_for(lambda s: "What made it likely" in s or "Commitments" in s)
        term.keys("C-q")
        assert term.exit_status() == 0
