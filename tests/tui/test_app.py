"""App-wide behaviour: help, the palette, themes, store errors, small terminals."""

from __future__ import annotations

import errno
import json
from pathlib import Path

import pytest
from textual.widgets import Input, Label, Markdown, Static
from textual.widgets._markdown import MarkdownTableCellContents

from pmtui.editing.session import SaveState
from pmtui.store.errors import StoreWriteError
from pmtui.store.repository import Store
from pmtui.tui.app import PmtuiApp, make_app
from pmtui.tui.modals.confirm import ConfirmModal
from pmtui.tui.modals.help import HelpScreen
from pmtui.tui.modals.prompt import TextPromptModal
from pmtui.tui.screens.review import ReviewScreen
from pmtui.tui.styles import save_theme, saved_theme, stylesheets
from pmtui.tui.widgets.save_state import SaveIndicator
from tests.tui.pilot_helpers import (
    SIZE,
    into_title,
    make_review,
    on_home,
    on_review,
    wait_for,
    wait_saved,
)


async def test_help_shows_the_current_screens_help_and_closes_without_escape(
    app: PmtuiApp,
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await on_home(app, pilot)
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
        assert app.screen.query_one("#help-text", Markdown).source.startswith("# Home")
        await pilot.press("q")
        await on_home(app, pilot)
        await pilot.press("q")  # on home, q is the quick review
        review = await on_review(app, pilot)
        await into_title(pilot, review)
        await pilot.press("f1")  # ? would be typed into the field
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
        source = app.screen.query_one("#help-text", Markdown).source
        assert source.startswith("# Frame") and "# A review" in source
        await pilot.click("#close")
        await wait_for(pilot, lambda: isinstance(app.screen, ReviewScreen))


async def test_help_keys_at_80x24_are_not_broken_one_word_a_line(app: PmtuiApp) -> None:
    """Found by a newcomer: the key column was as narrow as its longest word, so
    `↑ ↓, pgup pgdn, home end` took five lines beside a one-line description."""
    async with app.run_test(size=(80, 24)) as pilot:
        await on_home(app, pilot)
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
        await pilot.pause()
        keys = {
            cell.name: cell
            for cell in app.screen.query(MarkdownTableCellContents)
            if (cell.name or "").endswith(".1")
        }
        assert keys, "the help shows no table of keys"
        lines = {  # the lines each key's text takes in its column (a row is as high as its
            str(cell.content): cell.get_content_height(  # longest cell)
                cell.size, app.size, cell.content_size.width
            )
            for cell in keys.values()
        }
        [moves] = [plain for plain in lines if "pgup" in plain]
        assert lines[moves] <= 2
        assert all(n == 1 for plain, n in lines.items() if len(plain) <= 16), lines


async def test_palette_runs_app_and_screen_actions(app: PmtuiApp, store: Store) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await on_home(app, pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"quick review")
        await pilot.pause(0.3)
        await pilot.press("enter")
        review = await on_review(app, pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"open stage summary")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await wait_for(pilot, lambda: review.current == "summary")
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"back to the list")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await on_home(app, pilot)
    assert store.summaries() == []  # a new review left with nothing typed is not kept


async def test_theme_choice_is_remembered(store: Store, clock: object, config_dir: Path) -> None:
    first = make_app(store=store, clock=clock, user="ana", config_dir=config_dir)  # type: ignore[arg-type]
    async with first.run_test(size=SIZE) as pilot:
        await on_home(first, pilot)
        assert not (config_dir / "settings.json").exists()  # nothing written until chosen
        first.theme = "nord"
        await pilot.pause()
    assert json.loads((config_dir / "settings.json").read_text()) == {"theme": "nord"}
    second = make_app(store=store, clock=clock, user="ana", config_dir=config_dir)  # type: ignore[arg-type]
    async with second.run_test(size=SIZE) as pilot:
        home = await on_home(second, pilot)
        assert second.theme == "nord"
        # The home screen is painted in it from the start (styled once, with the theme set).
        nord = second.get_theme("nord")
        assert nord is not None and nord.background is not None
        assert home.styles.background.hex.lower() == nord.background.lower()


async def test_store_error_is_explained_and_nothing_typed_is_lost(
    app: PmtuiApp, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_update = store.update
    failing = {"on": False}

    def update(review_id, change):  # type: ignore[no-untyped-def]
        if failing["on"]:
            raise StoreWriteError(store.path, OSError(errno.ENOSPC, "No space left on device"))
        return real_update(review_id, change)

    monkeypatch.setattr(store, "update", update)
    async with app.run_test(size=SIZE) as pilot:
        await on_home(app, pilot)
        await pilot.press("q")
        review = await on_review(app, pilot)
        await into_title(pilot, review)
        failing["on"] = True
        await pilot.press(*"Disk full")
        await wait_for(pilot, lambda: review.query_one(SaveIndicator).state is SaveState.FAILED)
        problem = review.query_one("#save-problem", Static)
        assert problem.display
        text = str(problem.render())
        assert "No space left on device" in text and "Nothing you typed is lost" in text
        assert review.query_one("#title", Input).value == "Disk full"
        failing["on"] = False
        review.session.retry()
        await wait_saved(app, pilot)
        await wait_for(pilot, lambda: review.query_one(SaveIndicator).state is SaveState.SAVED)
        assert not review.query_one("#save-problem").display
    assert next(store.reviews()).title == "Disk full"


@pytest.mark.parametrize("no_color", [False, True])
async def test_works_at_80x24_with_and_without_colour(
    app: PmtuiApp, store: Store, no_color: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    if no_color:
        monkeypatch.setenv("NO_COLOR", "1")
    store.add(make_review("A long title " * 8, created=store.clock()))
    async with app.run_test(size=(80, 24)) as pilot:
        home = await on_home(app, pilot)
        assert home.query_one("#reviews").size.height >= 5
        await pilot.press("enter")
        review = await on_review(app, pilot)
        stepper = review.query_one("#stepper")
        assert stepper.size.height == 1
        assert all(step.region.right <= 80 for step in stepper.children)


async def test_quitting_with_unsaved_changes_asks_first(
    app: PmtuiApp, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    def update(review_id, change) -> None:  # type: ignore[no-untyped-def]
        raise StoreWriteError(store.path, OSError(errno.EIO, "Input/output error"))

    async with app.run_test(size=SIZE) as pilot:
        await on_home(app, pilot)
        await pilot.press("q")
        review = await on_review(app, pilot)
        await into_title(pilot, review)
        monkeypatch.setattr(store, "update", update)
        await pilot.press(*"Lost?")
        await wait_for(pilot, lambda: review.session.state is SaveState.FAILED)
        await pilot.press("ctrl+q")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmModal))
        modal = app.screen
        assert isinstance(modal, ConfirmModal)
        assert "Input/output error" in modal.question
        await pilot.press("n")
        await wait_for(pilot, lambda: app.screen is review)
        assert app.is_running
        await pilot.press("ctrl+o")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmModal))
        await pilot.click("#no")
        await wait_for(pilot, lambda: app.screen is review)
        assert review.query_one("#title", Input).value == "Lost?"


async def test_quitting_with_a_field_not_saved_or_a_box_typed_in_asks_first(
    app: PmtuiApp, store: Store
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await on_home(app, pilot)
        await pilot.press("q")
        review = await on_review(app, pilot)
        await into_title(pilot, review)
        review.query_one("#title", Input).value = "x" * 400
        await wait_for(pilot, lambda: review.held == ("title",))
        await pilot.press("ctrl+q")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmModal))
        assert isinstance(app.screen, ConfirmModal)
        assert '"Title"' in app.screen.question
        await pilot.press("n")
        await wait_for(pilot, lambda: app.screen is review)
        assert app.is_running
        assert review.query_one("#title", Input).value == "x" * 400
        review.query_one("#title", Input).value = "Fits now"
        await wait_for(pilot, lambda: review.held == ())
        app.push_screen(TextPromptModal("Why?"))
        await wait_for(pilot, lambda: isinstance(app.screen, TextPromptModal))
        await pilot.press(*"because")
        await pilot.press("ctrl+q")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmModal))
        assert isinstance(app.screen, ConfirmModal)
        assert "what you typed in this box" in app.screen.question
        assert "Title" not in app.screen.question
        await pilot.press("y")
        await wait_for(pilot, lambda: not app.is_running)
    assert store.get(review.session.review_id).title == "Fits now"


async def test_text_prompt_keeps_bad_input_and_returns_good_input(app: PmtuiApp) -> None:
    answers: list[str | None] = []

    def check(text: str) -> str | None:
        return None if text.strip() else "type something"

    async with app.run_test(size=SIZE) as pilot:
        await on_home(app, pilot)
        app.push_screen(TextPromptModal("Name?", check=check), answers.append)
        await wait_for(pilot, lambda: isinstance(app.screen, TextPromptModal))
        await pilot.pause()
        await pilot.press("enter")
        assert "type something" in str(app.screen.query_one("#error", Label).render())
        await pilot.press(*"[b]ana[/b]", "enter")
        await wait_for(pilot, lambda: answers == ["[b]ana[/b]"])
        app.push_screen(TextPromptModal("Again?"), answers.append)
        await wait_for(pilot, lambda: isinstance(app.screen, TextPromptModal))
        await pilot.pause()
        await pilot.click("#cancel")
        await wait_for(pilot, lambda: answers == ["[b]ana[/b]", None])


def test_stylesheets_global_first_then_each_screen() -> None:
    names = [p.name for p in stylesheets()]
    assert names[0] == "app.tcss"
    assert {"home.tcss", "review.tcss", "frame.tcss", "summary.tcss"} <= set(names)


def test_damaged_settings_are_ignored_and_other_settings_kept(tmp_path: Path) -> None:
    (tmp_path / "settings.json").write_text("{ not json")
    assert saved_theme(tmp_path) is None
    (tmp_path / "settings.json").write_text('{"theme": 3, "other": "kept"}')
    assert saved_theme(tmp_path) is None
    save_theme(tmp_path, "gruvbox")
    assert json.loads((tmp_path / "settings.json").read_text()) == {
        "other": "kept",
        "theme": "gruvbox",
    }
