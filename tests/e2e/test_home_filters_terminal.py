"""The installed pmtui at 80x24, keys only: escape in home's search and tag fields.

Found by a newcomer: escape did nothing there. It clears a field that has
text; in an empty one (so at a second escape) it goes back to the list, and
the key line says which it does.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pmtui.domain.model import Review
from pmtui.store.repository import Store
from tests.e2e.terminal import Terminal, app_env, pmtui_command, requires_tmux

pytestmark = [pytest.mark.slow, requires_tmux()]


def key_line(screen: str) -> str:
    return screen.splitlines()[-1]


def leave_the_field(term: Terminal) -> None:
    """Escape clears the filter, a second one goes back to the list."""
    term.keys("Escape")
    term.wait_for(lambda s: "2 of 2 reviews" in s and "esc Back to the list" in key_line(s))
    term.keys("Escape")
    screen = term.wait_for(lambda s: "n New review" in key_line(s))
    assert "2 of 2 reviews" in screen and "esc" not in key_line(screen).split()


def test_escape_clears_the_search_then_goes_back_to_the_list(tmp_path: Path) -> None:
    store = Store(tmp_path / "store" / "pmtui.json")
    store.add(Review(title="Disk full on the build host", tags=["ops"]))
    store.add(Review(title="Payments timeout", tags=["payments"]))
    argv = [pmtui_command(), "--store", str(store.path)]
    with Terminal(argv, env=app_env(tmp_path)) as term:
        term.wait_for("2 of 2 reviews", timeout=60)
        term.keys("/")
        term.wait_for(lambda s: "esc Back to the list" in key_line(s))
        term.type("disk")
        screen = term.wait_for("1 of 2 reviews")
        assert "esc Clear the filter" in key_line(screen)
        term.keys("Escape")
        screen = term.wait_for("2 of 2 reviews")
        assert "esc Back to the list" in key_line(screen)
        term.type("pay")  # still in the search field
        term.wait_for("1 of 2 reviews")
        leave_the_field(term)
        term.keys("t")  # a key on the list again: the tag field
        term.type("ops")
        term.wait_for("1 of 2 reviews")
        leave_the_field(term)
        term.keys("C-q")
        assert term.exit_status() == 0
