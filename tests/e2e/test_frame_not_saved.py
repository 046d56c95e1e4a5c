"""Text typed in the frame that pmtui cannot save yet, in the installed pmtui at 80x24,
keys only: leaving asks, naming the field as it is labelled; "Stay and fix it" puts the
cursor in that field; an undo elsewhere leaves the text shown where it was typed."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest

from pmtui.domain.model import Review
from pmtui.store.repository import Store
from tests.e2e.terminal import Terminal, app_env, pmtui_command, requires_tmux

pytestmark = [pytest.mark.slow, requires_tmux()]

TITLE = "Checkout errors after the deploy"


def header(screen: str) -> str:
    return screen.splitlines()[0]


def focused(label: str) -> Callable[[str], bool]:
    """The field after ``label`` has the focus bar (``┃``) in front of it."""
    return lambda s: any(line.strip().startswith(label) and "┃" in line for line in s.splitlines())


def test_stay_and_fix_it_goes_to_the_field_and_undo_keeps_what_was_typed(tmp_path: Path) -> None:
    store = tmp_path / "store" / "pmtui.json"
    review_id = Store(store).add(Review(title=TITLE)).id
    with Terminal(
        [pmtui_command(), "--store", str(store)], env=app_env(tmp_path, TZ="UTC")
    ) as term:
        term.wait_for(TITLE, timeout=60)
        term.keys("Enter")
        term.wait_for("1 Frame")
        term.keys("Enter")  # into the title
        term.wait_for(focused("Title"))
        term.keys("Tab")  # on to When
        term.wait_for(focused("When"))
        term.type("yesterdy")
        term.keys("Escape")
        term.wait_for(lambda s: "not saved: when it happened" in header(s))
        term.keys("b")
        asked = term.wait_for("Stay and fix it")
        assert 'What you typed in "When it happened" is not saved' in asked
        term.keys("n")
        term.wait_for(lambda s: "Stay and fix it" not in s)
        term.type("X")  # lands where the cursor is: at the end of what was typed in When
        screen = term.wait_for("yesterdyX")
        assert TITLE in header(screen)
        term.keys("BSpace")
        term.wait_for(lambda s: "yesterdyX" not in s)
        # Into the title, typed over, then undone from the stage: When keeps its text.
        term.keys("Escape")
        term.wait_for("Edit fields")
        term.keys("Enter")
        term.wait_for(focused("Title"))
        term.keys("C-u")
        term.wait_for(lambda s: "(untitled)" in header(s))
        term.type("Oops")
        term.wait_for(lambda s: "Oops" in header(s))
        term.keys("Escape")
        term.wait_for("Edit fields")
        term.keys("C-z")
        screen = term.wait_for(lambda s: TITLE in header(s) and "Undone" in s)
        assert "yesterdy" in screen and "is not a day pmtui reads" in screen
        assert "not saved: when it happened" in header(screen)
        term.keys("Enter")
        term.wait_for(focused("Title"))
        term.keys("Tab")
        term.wait_for(focused("When"))
        term.keys("BSpace", "BSpace")
        term.wait_for(lambda s: "yesterdy" not in s)
        term.type("day")
        term.wait_for(lambda s: "not saved" not in header(s) and "saved" in header(s))
        term.keys("C-q")
        assert term.exit_status() == 0
    stored = Store(store).get(review_id)
    assert (stored.title, stored.happened) == (
        TITLE,
        (date.today() - timedelta(days=1)).isoformat(),
    )
