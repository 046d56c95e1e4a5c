"""One person owns a commitment, in the quick review too: the installed ``pmtui quick``.

The quick review asks the coach's rule (a team's words included), as the
app's commitment form does: a group as owner is asked again, with why.
"""

from __future__ import annotations

from pathlib import Path

from pmtui.store.repository import Store
from tests.e2e.terminal import Terminal, app_env, pmtui_command, requires_tmux

pytestmark = [requires_tmux()]


def test_the_quick_review_asks_again_when_a_group_owns_the_commitment(tmp_path: Path) -> None:
    config = tmp_path / "config"
    config.mkdir()
    (config / "coach.toml").write_text('[commitments]\ngroup_owners = ["the pager"]\n')
    store = tmp_path / "store" / "pmtui.json"
    env = app_env(tmp_path, PMTUI_CONFIG_DIR=str(config))
    argv = [pmtui_command(), "quick", "--store", str(store), "--as", "ana"]
    with Terminal(argv, env=env) as term:
        for prompt, answer in (
            ("What happened?", "The deploy hung for twenty minutes"),
            ("Anything else", ""),
            ("A short title", ""),
            ("made it likely", "The deploy lock has no timeout"),
        ):
            term.wait_for(prompt, timeout=60)
            if answer:
                term.type(answer)
            term.keys("Enter")
        term.wait_for("Which kind of cause")
        term.keys("Enter")
        term.wait_for("One commitment")
        term.type("Add a five minute timeout to the deploy lock")
        term.keys("Enter")
        for owner in ("the team", "the pager"):
            term.wait_for("Who owns it?")
            term.keys("C-u")
            term.type(owner)
            term.keys("Enter")
            screen = term.wait_for(f"'{owner}' is not one person")
            assert all(len(line) <= 80 for line in screen.splitlines())
        term.keys("C-u")
        term.type("bo")
        term.keys("Enter")
        term.wait_for("Due when?")
        term.type("+2w")
        term.keys("Enter")
        assert term.exit_status() == 0
    [summary] = Store(store).summaries()
    assert Store(store).get(summary.id).commitments[0].owner == "bo"
