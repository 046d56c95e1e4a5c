"""The installed pmtui's home list at 80x24 and 60x20, keys only: move, open, filter, quit.

The list draws only the rows on screen (a line-API widget in place of
Textual's table): these drive it as a person does, from the first frame
(painted from the first-screen file) to a review and back, and read the
cursor without colour.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from pmtui.domain.model import Commitment, Review
from pmtui.store.repository import Store
from tests.e2e.terminal import Terminal, app_env, pmtui_command, requires_tmux

pytestmark = [pytest.mark.slow, requires_tmux()]

COUNT = 40


def a_store(tmp_path: Path) -> list[str]:
    """``COUNT`` reviews, ``review 0`` the oldest, every tenth tagged ``disk``; the newest has
    an overdue commitment."""
    store = Store(tmp_path / "store" / "pmtui.json")
    late = Commitment(
        deliverable="Page on queue depth before the disk fills",
        owner="ben",
        due=date.today() - timedelta(days=3),
    )
    with store.batch() as txn:
        for i in range(COUNT):
            created = datetime(2026, 1, 1) + timedelta(hours=i)
            txn.put(
                Review(title=f"review {i}", created=created, updated=created,
                       tags=["disk"] if i % 10 == 3 else [],
                       commitments=[late] if i == COUNT - 1 else [])
            )  # fmt: skip
    return [pmtui_command(), "--store", str(store.path)]


def the_list(screen: str) -> str:
    """The list's part of the home screen (the carry-over above it names a review too)."""
    return screen.split(f"of {COUNT} reviews", 1)[1]


def opened(term: Terminal, title: str) -> None:
    """Wait for the review ``title`` on its first stage, then go back home."""
    screen = term.wait_for("1 Frame", timeout=30)
    assert title in screen, screen
    term.keys("b")
    term.wait_for(f"{COUNT} of {COUNT} reviews")


@pytest.mark.parametrize(("width", "height"), [(80, 24), (60, 20)])
def test_move_open_filter_and_quit_by_keys(tmp_path: Path, width: int, height: int) -> None:
    argv = a_store(tmp_path)
    env = app_env(tmp_path)
    with Terminal(argv, env=env, width=width, height=height) as term:
        term.wait_for(f"{COUNT} of {COUNT} reviews", timeout=60)
        term.keys("C-q")
        assert term.exit_status() == 0
    with Terminal(argv, env=env, width=width, height=height) as term:  # from the file
        screen = term.wait_for(f"{COUNT} of {COUNT} reviews", timeout=60)
        lines = screen.rstrip("\n").splitlines()
        assert all(len(line) <= width for line in lines)
        assert "Page on queue depth" in screen  # the carry-over
        header = next(line for line in lines if "title" in line and "overdue" in line)
        assert "date" in header and "status" in header
        assert "review 39" in the_list(screen) and "review 0 " not in screen
        term.keys("Down", "Down", "Enter")
        opened(term, "review 37")
        term.keys("End")
        screen = term.wait_for(lambda s: "review 0 " in s)
        assert "review 39" not in the_list(screen)  # scrolled to the last row
        term.keys("Enter")
        opened(term, "review 0")
        term.keys("Home", "PageDown", "PageUp", "Enter")
        opened(term, "review 39")
        term.keys("t")
        term.type("disk")  # reviews 33, 23, 13 and 3
        term.wait_for(f"4 of {COUNT} reviews")
        term.keys("Enter", "Down", "Enter")  # back to the list; the second
        screen = term.wait_for("1 Frame", timeout=30)
        assert "review 23" in screen
        term.keys("C-q")
        assert term.exit_status() == 0


def test_the_cursor_reads_in_reverse_without_colour(tmp_path: Path) -> None:
    argv = a_store(tmp_path)
    with Terminal(argv, env=app_env(tmp_path, NO_COLOR="1")) as term:
        term.wait_for(f"{COUNT} of {COUNT} reviews", timeout=60)
        term.keys("Down")
        term.wait_for(lambda s: True, settle=0.5)
        styled = term.styled_screen().splitlines()
        row = next(line for line in styled if "review 38" in line)
        other = next(line for line in styled if "review 37" in line)
        reverse = re.compile(r"\x1b\[[0-9;]*\b7m")  # SGR 7 before the title: the row's own
        assert reverse.search(row[: row.index("review 38")]), row
        assert not reverse.search(other[: other.index("review 37")]), other
        term.keys("C-q")
        assert term.exit_status() == 0
