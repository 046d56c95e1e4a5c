"""The installed pmtui at 80x24, keys only: the palette exports the open review, and a new
review left with nothing typed is not kept."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pmtui.domain.model import Review
from pmtui.store.repository import Store
from tests.e2e.terminal import (
    Terminal,
    app_env,
    open_export_dialog,
    pmtui_command,
    requires_tmux,
)

pytestmark = [pytest.mark.slow, requires_tmux()]

TITLE = "Checkout errors after the deploy"


def test_the_palette_exports_the_open_review_as_markdown(tmp_path: Path) -> None:
    store = tmp_path / "store" / "pmtui.json"
    review = Store(store).add(Review(title=TITLE, happened="2026-11-20"))
    here = tmp_path / "here"
    here.mkdir()
    argv = [pmtui_command(), "--store", str(store)]
    with Terminal(argv, env=app_env(tmp_path), cwd=here) as term:
        term.wait_for(TITLE, timeout=60)
        term.keys("Enter")
        term.wait_for("1 Frame")
        palette = open_export_dialog(term)
        assert all(len(line) <= 80 for line in palette.splitlines())
        term.keys("Enter")
        done = term.wait_for("Wrote")
        assert "Exported as Markdown" in done
        term.keys("C-q")
        assert term.exit_status() == 0
    (written,) = here.iterdir()
    assert written.name == f"2026-11-20-checkout-errors-after-the-deploy-{review.id[:8]}.md"
    assert f"# {TITLE}" in written.read_text()


def test_a_new_review_left_at_once_is_not_kept(tmp_path: Path) -> None:
    store = tmp_path / "store" / "pmtui.json"
    with Terminal([pmtui_command(), "--store", str(store)], env=app_env(tmp_path)) as term:
        term.wait_for("There are no reviews yet", timeout=60)
        term.keys("n")
        term.wait_for("Blameless postmortem")
        term.keys("Enter")
        term.wait_for("1 Frame")
        term.keys("b")
        term.wait_for("There are no reviews yet")
        term.keys("C-q")
        assert term.exit_status() == 0
    assert Store(store).summaries() == []


def _words(screen: str) -> str:
    """The screen's text as one line of words, without the dialog's borders."""
    return " ".join(re.sub(r"[│┃║▌▐▏▕█▀▄▊▔▁]", " ", screen).split())


def _export_dialog(term: Terminal) -> None:
    """Open the review, then the export dialog through the palette."""
    term.wait_for(TITLE, timeout=60)
    term.keys("Enter")
    term.wait_for("1 Frame")
    open_export_dialog(term)


def test_f1_in_the_export_dialog_says_its_keys(tmp_path: Path) -> None:
    """Found by a newcomer: F1 did nothing in dialogs (their keys stop at the dialog)."""
    store = tmp_path / "store" / "pmtui.json"
    Store(store).add(Review(title=TITLE, happened="2026-11-20"))
    argv = [pmtui_command(), "--store", str(store)]
    with Terminal(argv, env=app_env(tmp_path), cwd=tmp_path) as term:
        _export_dialog(term)
        term.keys("F1")
        shown = _words(term.wait_for("Keys in this dialog"))
        assert "esc Cancel" in shown and "Its buttons: Cancel, Export." in shown
        term.keys("Escape")  # closes the help, back in the dialog
        term.wait_for(lambda s: "File name" in s and "Keys in this dialog" not in s)
        term.keys("Escape")
        term.wait_for(lambda s: "File name" not in s)
        term.keys("C-q")
        assert term.exit_status() == 0


def test_a_name_outside_the_directory_is_refused_with_what_the_dialog_can_do(
    tmp_path: Path,
) -> None:
    """Found by a newcomer: the refusal pointed to a --dir the dialog does not have."""
    store = tmp_path / "store" / "pmtui.json"
    Store(store).add(Review(title=TITLE, happened="2026-11-20"))
    here = tmp_path / "here"
    here.mkdir()
    argv = [pmtui_command(), "--store", str(store)]
    with Terminal(argv, env=app_env(tmp_path), cwd=here) as term:
        _export_dialog(term)
        term.keys("C-u")
        term.type("../elsewhere.md")
        term.keys("Enter")
        said = _words(term.wait_for("is outside"))
        assert "--dir" not in said
        assert "give a file name there, or press esc to cancel" in said
        term.keys("Escape")
        term.wait_for(lambda s: "File name" not in s)
        term.keys("C-q")
        assert term.exit_status() == 0
    assert list(here.iterdir()) == [] and not (tmp_path / "elsewhere.md").exists()
