"""The installed pmtui, keys only, at the sizes people use (80x24, 60x20, 200x50): letters typed
into home's search are text, whole keys in every footer, the summary's header honest about
a follow-up date not yet set, and columns that use the width there is."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from pmtui.domain.model import Commitment, Review
from pmtui.store.repository import Store
from tests.e2e.terminal import Terminal, app_env, pmtui_command, requires_tmux

pytestmark = [pytest.mark.slow, requires_tmux()]

TITLE = "Checkout errors after the 14:00 deploy of the payments service in eu-west"


def a_store(tmp_path: Path) -> Path:
    store = tmp_path / "store" / "pmtui.json"
    Store(store).add(
        Review(
            title=TITLE,
            happened="2026-11-20 14:02",
            commitments=[
                Commitment(
                    deliverable="Canary waits at most 10 minutes, then the deploy stops",
                    owner="ben",
                    due=date.today() + timedelta(days=3),
                )
            ],
        )
    )
    return store


def start(tmp_path: Path, width: int = 80, height: int = 24) -> Terminal:
    argv = [pmtui_command(), "--store", str(a_store(tmp_path))]
    term = Terminal(argv, env=app_env(tmp_path), width=width, height=height)
    term.wait_for("1 of 1 reviews", timeout=60)
    return term


def footer(screen: str) -> str:
    return screen.rstrip("\n").splitlines()[-1]


def test_a_search_with_command_letters_is_typed_into_the_search(tmp_path: Path) -> None:
    with start(tmp_path) as term:
        term.keys("/")
        term.type("canq3n fix")
        screen = term.wait_for("No review matches these filters")
        assert "canq3n fix" in screen
        assert "What kind of review" not in screen and "Quick review" not in footer(screen)
        term.keys("C-u")
        term.type("checkout")
        term.wait_for("1 of 1 reviews")
        term.keys("C-q")
        assert term.exit_status() == 0


def test_every_footer_of_a_review_shows_whole_keys_at_80_columns(tmp_path: Path) -> None:
    with start(tmp_path) as term:
        term.keys("Enter")
        ends = {}
        for key, shown in (("1", "Edit fields"), ("2", "No facts yet"), ("3", "No causes yet"),
                           ("4", "Canary waits"), ("5", "Follow-up on")):  # fmt: skip
            term.keys(key)
            line = footer(term.wait_for(shown))
            assert line.endswith("▏^p palette"), line
            ends[key] = line
        assert all("? Help" in line for line in ends.values()), ends
        term.keys("C-q")
        assert term.exit_status() == 0


def test_the_header_says_not_saved_while_a_follow_up_date_is_not_set(tmp_path: Path) -> None:
    with start(tmp_path) as term:
        term.keys("Enter")
        term.wait_for("1 Frame")
        term.keys("5")
        screen = term.wait_for("Follow-up on")
        assert "Set" in [w for line in screen.splitlines() if "Follow-up" in line or "▼" in line
                         for w in line.split()]  # fmt: skip
        term.keys("Tab", "Tab")  # the status, then the follow-up date
        term.keys("C-u")
        term.type("+5w")
        screen = term.wait_for(lambda s: "┃+5w" in s and "not saved: follow-up date" in s)
        assert "not saved: follow-up date" in screen.splitlines()[0]
        term.keys("Enter")
        term.wait_for(lambda s: "saved" in s.splitlines()[0] and "not saved" not in s)
        term.keys("C-q")
        assert term.exit_status() == 0


def test_at_80x24_home_shows_a_title_and_every_count(tmp_path: Path) -> None:
    with start(tmp_path) as term:
        (row,) = [line for line in term.screen().splitlines() if "2026-11-20" in line]
        assert TITLE[:36] in row and row.split()[-2:] == ["1", "-"]  # open 1, overdue none
        term.keys("C-q")
        assert term.exit_status() == 0


def test_at_60x20_home_keeps_its_search_and_the_essential_columns(tmp_path: Path) -> None:
    with start(tmp_path, 60, 20) as term:
        screen = term.screen()
        assert "search  (/)" in screen
        header = next(line for line in screen.splitlines() if "title" in line)
        for column in ("title", "date", "status", "open", "overdue"):
            assert column in header, header  # the kind gives the title its width
        assert all(len(line) <= 60 for line in screen.splitlines())
        term.keys("C-q")
        assert term.exit_status() == 0


def test_at_200x50_the_title_column_takes_the_width(tmp_path: Path) -> None:
    with start(tmp_path, 200, 50) as term:
        screen = term.screen()
        (row,) = [line for line in screen.splitlines() if "postmortem" in line]
        assert TITLE in row and "2026-11-20" in row and "kind" in screen
        term.keys("Enter")
        term.wait_for("1 Frame")
        term.keys("4")
        table = term.wait_for("Deliverable")
        assert "Canary waits at most 10 minutes, then the deploy stops" in table.split("ben:")[0]
        term.keys("C-q")
        assert term.exit_status() == 0
