"""One person, two terminals on one review (two SSH logins of one account): two writers.

A newcomer found that the same account's two sessions overwrote each other in
silence, where two people got their replaced text kept and a notice. Each
running pmtui is its own writer: the other session's text is kept (``k``
shows it), the notice says it came from your other session, and the
presence line says the review is open in another session of yours.
"""

from __future__ import annotations

import json
import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.terminal import Terminal, app_env, pmtui_command, requires_tmux
from tests.e2e.test_team_accounts import _notices

pytestmark = [pytest.mark.slow, requires_tmux()]

TITLE = "checkout failed after deploy - v2"


def _pmtui(store: Path, *args: str, stdin: str | None = None) -> str:
    done = subprocess.run(
        [pmtui_command(), "--store", str(store), "--as", "ana", *args],
        capture_output=True, text=True, check=False, input=stdin,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return done.stdout


def _review(store: Path) -> dict[str, Any]:
    (review,) = json.loads(_pmtui(store, "export", "--all", "--format", "json"))["reviews"]
    return dict(review)


def _wait_store(store: Path, check: Callable[[dict[str, Any]], bool]) -> None:
    deadline = time.monotonic() + 10
    while not check(_review(store)):
        assert time.monotonic() < deadline, _review(store)
        time.sleep(0.2)


def _open(term: Terminal) -> None:
    term.wait_for(TITLE, timeout=60)
    term.keys("Enter")
    term.wait_for("The ground rule")


def test_one_person_in_two_sessions_keeps_both_texts(tmp_path: Path) -> None:
    store = tmp_path / "store"
    review_id = _pmtui(
        store, "quick", "--no-input", "--what", TITLE, "--cause", "the runbook was out of date",
        "--category", "process", "--commitment", "update the runbook", "--due", "+2w",
    ).split()[-1]  # fmt: skip
    _pmtui(
        store, "facts", "import", review_id[:8], "-", "--date", "2026-11-30", "--yes",
        stdin="14:09 checkout errors rose after the deploy\n",
    )  # fmt: skip
    env = app_env(tmp_path)  # one Unix account: one home, one config, one store

    def login() -> Terminal:
        return Terminal([pmtui_command(), "--store", str(store)], env=env)

    with login() as zero, login() as one:
        for term in (zero, one):
            _open(term)
        for term in (zero, one):
            term.wait_for("You also have this review open in another session.", timeout=10)

        # Both in the title; one saves first, zero (which never showed it) saves over it.
        for term in (zero, one):
            term.keys("Enter")
        one.type(" B")
        zero.wait_for(f"{TITLE} B", timeout=10)  # zero's header has it; its field does not
        zero.type(" A")
        screen = one.wait_for(lambda s: "Your other session saved over" in _notices(s))
        assert "your text in the title. Yours is kept" in _notices(screen)
        screen = one.wait_for(f"┃{TITLE} A")  # the field shows the text that won
        screen = zero.wait_for(lambda s: "You saved over your other session's" in _notices(s))
        saved = _review(store)
        assert saved["title"] == f"{TITLE} A"
        assert [k["text"] for k in saved["kept"]] == [f"{TITLE} B"]
        one.keys("Escape", "k")
        screen = one.wait_for("Kept texts")
        assert f"kept:  {TITLE} B" in screen
        assert "replaced by your other session" in screen
        one.keys("Escape")
        one.wait_for(lambda s: "Kept texts" not in s)

        # The fact form: both open fact 14:09; zero saves, then one saves the same field.
        for term in (zero, one):
            _to_fact_form(term)
        _save_evidence(zero, "pagerduty incident 881")
        _wait_store(store, lambda r: "pagerduty incident 881" in json.dumps(r["facts"]))
        _save_evidence(one, "grafana orders board")
        screen = zero.wait_for(lambda s: "Your other session saved over" in _notices(s))
        assert "(evidence)" in _notices(screen)
        (fact,) = [f for f in _review(store)["facts"] if f["at"]]
        assert fact["evidence"] == "grafana orders board"
        kept = [k["text"] for k in _review(store)["kept"]]
        assert kept == [f"{TITLE} B", "pagerduty incident 881"]
        zero.keys("k")
        screen = zero.wait_for("Kept texts")
        # (the notices on the right cover the ends of the modal's lines at 80 columns)
        assert "your text, replaced by your" in screen
        assert "kept:  pagerduty incident 8" in screen and "now:   grafana orders" in screen
        zero.keys("Escape")
        zero.wait_for(lambda s: "Kept texts" not in s)
        for term in (zero, one):
            term.keys("C-q")
            assert term.exit_status() == 0


def _to_fact_form(term: Terminal) -> None:
    """From a field of the Frame: leave it, open Facts, edit the 14:09 fact."""
    if "esc Leave the field" in term.screen():
        term.keys("Escape")
    term.wait_for("⏎ Edit fields")
    term.keys("2")
    term.wait_for("Two or three moments")
    term.keys("Down")
    term.wait_for("Evidence: standard input")
    term.keys("e")
    term.wait_for("Edit fact")


def _save_evidence(term: Terminal, evidence: str) -> None:
    term.keys("Tab", "Tab", "C-u")
    term.type(evidence)
    term.wait_for(f"│ ┃{evidence}")
    term.keys("C-s")
    term.wait_for(lambda s: "Edit fact" not in s)
