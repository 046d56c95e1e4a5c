"""Keys that arrive in one burst lose nothing: the installed pmtui at 80x24 over tmux.

A newcomer drove pmtui over SSH, where buffered keys arrive together (one
``send-keys`` here is one burst). Typing and ``ctrl+s`` in one burst saved a
fact as its first words ("Queue depth a") or refused it ("Write what
happened before saving." with the text on screen); ``Tab Tab`` a date and
``ctrl+s`` said a commitment had no due date while the field showed it;
``ctrl+u`` and a new date in the frame's When left it empty, saved empty.
Each burst is sent five times: the losses came one time in a few.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from pmtui.domain.model import Review
from pmtui.store.repository import Store
from tests.e2e.terminal import Terminal, app_env, pmtui_command, requires_tmux

pytestmark = [pytest.mark.slow, requires_tmux()]

TITLE = "Queue depth alarms"
TRIES = 5


def stored(store: Path, review_id: str, check: Callable[[Review], bool]) -> Review:
    """The review as stored, once ``check`` holds for it (saving is not instant)."""
    deadline = time.monotonic() + 15
    review = Store(store).get(review_id)
    while not check(review):
        if time.monotonic() > deadline:
            return review
        time.sleep(0.1)
        review = Store(store).get(review_id)
    return review


def saved_when(store: Path, review_id: str, when: str) -> str:
    """The frame's When as stored, once it is ``when`` (or as it is after the wait)."""
    return stored(store, review_id, lambda r: r.happened == when).happened


def test_bursts_of_typing_and_saving_keep_exactly_what_was_typed(tmp_path: Path) -> None:
    store = tmp_path / "store" / "pmtui.json"
    review_id = Store(store).add(Review(title=TITLE, happened="2026-11-20")).id
    with Terminal([pmtui_command(), "--store", str(store)], env=app_env(tmp_path)) as term:
        term.wait_for(TITLE, timeout=60)
        term.keys("Enter")
        term.wait_for("1 Frame")

        term.keys("2")
        term.wait_for("2 Facts")
        for n in range(1, TRIES + 1):
            term.keys("a")
            term.wait_for("New fact")
            term.burst(f"16:0{n}", "Tab", f"Queue depth alarm number {n} fired", "C-s")
            term.wait_for(lambda s: "New fact" not in s)
        facts = stored(store, review_id, lambda r: len(r.facts) == TRIES).facts
        assert sorted((f.at, f.what) for f in facts) == [
            (f"16:0{n}", f"Queue depth alarm number {n} fired") for n in range(1, TRIES + 1)
        ]

        term.keys("4")
        term.wait_for("4 Commitments")
        for n in range(1, TRIES + 1):
            term.keys("a")
            term.wait_for("New commitment")
            term.keys("Tab")
            term.type(f"Page on queue depth {n}")
            term.burst("Tab", "Tab", f"2026-12-1{n}", "C-s")
            term.wait_for(lambda s: "New commitment" not in s)
        commitments = stored(store, review_id, lambda r: len(r.commitments) == TRIES).commitments
        assert sorted((c.deliverable, c.due) for c in commitments) == [
            (f"Page on queue depth {n}", date(2026, 12, 10 + n)) for n in range(1, TRIES + 1)
        ]

        term.keys("1")
        term.wait_for("Edit fields")
        term.keys("Enter", "Tab")  # the cursor at the end of When
        for n in range(1, TRIES + 1):
            when = f"2026-11-2{n}"
            term.burst("C-u", when)
            assert saved_when(store, review_id, when) == when
        term.keys("Escape")
        for n in range(1, TRIES + 1):
            when = f"2026-10-1{n}"
            term.keys("1")
            term.wait_for(lambda s: "Edit fields" in s)
            term.keys("Enter")  # the cursor in the title
            term.burst("Tab", "End", "C-u", when, "C-n")
            term.wait_for(lambda s: "No facts yet" in s or "16:01" in s)
            assert saved_when(store, review_id, when) == when
        term.keys("C-q")
        assert term.exit_status() == 0
    review = Store(store).get(review_id)
    assert review.title == TITLE
    assert review.happened == f"2026-10-1{TRIES}"
    assert len(review.facts) == len(review.commitments) == TRIES
