"""The installed pmtui with NO_COLOR at 80x24, keys only: where the focus is and what is ticked
reads from the characters on screen, as in a monochrome capture."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pmtui.domain.model import Fact, Review
from pmtui.store.repository import Store
from tests.e2e.terminal import Terminal, app_env, pmtui_command, requires_tmux

pytestmark = [pytest.mark.slow, requires_tmux()]

TITLE = "Checkout errors after the deploy"
SGR = re.compile(r"\x1b\[([0-9;]*)m")
GREYS = {0, 7, 8, 15, 16, 231, *range(232, 256)}


def hues(styled: str) -> set[str]:
    """The colours on screen that are not a shade of grey (NO_COLOR draws in greys)."""
    found = set()
    for params in SGR.findall(styled):
        codes = [int(c) for c in params.split(";") if c]
        i = 0
        while i < len(codes):
            code = codes[i]
            if code in (38, 48) and i + 2 < len(codes) and codes[i + 1] == 5:
                if codes[i + 2] not in GREYS:
                    found.add(params)
                i += 3
            elif code in (38, 48) and i + 4 < len(codes) and codes[i + 1] == 2:
                if len(set(codes[i + 2 : i + 5])) > 1:
                    found.add(params)
                i += 5
            else:
                if 31 <= code <= 36 or 41 <= code <= 46 or 91 <= code <= 96 or 101 <= code <= 106:
                    found.add(params)
                i += 1
    return found


def test_the_focus_and_every_tick_read_without_colour(tmp_path: Path) -> None:
    store = tmp_path / "store" / "pmtui.json"
    facts = [Fact(what="Deploy 412 starts", at="14:02"), Fact(what="Error rate alert", at="14:09")]
    Store(store).add(Review(title=TITLE, facts=facts))
    env = app_env(tmp_path, NO_COLOR="1")
    with Terminal([pmtui_command(), "--store", str(store)], env=env) as term:
        term.wait_for(TITLE, timeout=60)
        term.keys("Enter")
        term.wait_for("1 Frame")
        term.keys("Enter", "Tab")  # into the title, then to "when"
        screen = term.wait_for(lambda s: any(line.startswith(" When         ┃") for line in
                                             s.splitlines()))  # fmt: skip
        assert "[ ] Read aloud" in screen
        assert hues(term.styled_screen()) == set()
        term.keys("Tab", "Tab", "Tab", "Tab", "Tab")  # to the ground rule's tick box
        term.wait_for("┃[ ] Read aloud")
        term.keys("Space")
        ticked = term.wait_for("┃[x] Read aloud")
        assert "┃" not in ticked.split("When")[1].split("\n")[0]  # the bar moved with the focus
        term.keys("Escape", "3", "a")  # a cause: which facts it explains, ticked or not
        term.wait_for("New cause")
        term.keys("Tab", "Tab")  # from the statement past the category, to the list of facts
        term.keys("Space")
        form = term.wait_for(lambda s: "[x] 14:02" in s)
        assert "[ ] 14:09" in form
        term.keys("C-q")
        term.wait_for(lambda s: "[exit" in s or "Quit" in s)
