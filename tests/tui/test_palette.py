"""The command palette: pmtui's actions only, the open screen's first, and exporting the review."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from textual.command import CommandPalette
from textual.pilot import Pilot

from pmtui.domain.model import Review
from pmtui.store.repository import Store
from pmtui.tui.app import PmtuiApp
from pmtui.tui.modals.confirm import ConfirmModal
from pmtui.tui.modals.prompt import TextPromptModal
from tests.tui.pilot_helpers import SIZE, on_home, on_review, open_from_home, wait_for

TITLE = "Checkout errors after the deploy"


async def run_from_palette(app: PmtuiApp, pilot: Pilot[None], words: str) -> None:
    await pilot.press("ctrl+p")
    await wait_for(pilot, lambda: isinstance(app.screen, CommandPalette))
    await pilot.press(*words)
    await pilot.pause(0.3)
    await pilot.press("enter")


async def test_the_palette_lists_the_review_s_actions_with_their_keys_and_no_textual_ones(
    app: PmtuiApp, store: Store
) -> None:
    store.add(Review(title=TITLE))
    async with app.run_test(size=SIZE) as pilot:
        review = await open_from_home(app, pilot)
        titles = [c.title for c in review.palette_commands()]
        keys = {c.title: c.key for c in review.palette_commands()}
        assert titles[0] == "Edit the fields"  # the open stage's own actions come first
        assert "Export this review as Markdown" in titles
        assert keys["Open stage 3: Causes"] == "3" and keys["Undo"] == "u"
        app_titles = [c.title for c in app.palette_commands()]
        assert "Theme" in app_titles
        assert not {"Keys", "Maximize", "Screenshot"} & set(app_titles)
        assert [p.__name__ for p in app.COMMANDS] == ["PmtuiCommands"]


@pytest.mark.parametrize(("fmt", "label"), [("md", "Markdown"), ("json", "JSON")])
async def test_the_open_review_is_exported_from_the_palette_and_a_file_is_replaced_only_if_asked(
    app: PmtuiApp,
    store: Store,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    fmt: str,
    label: str,
) -> None:
    stored = store.add(Review(title=TITLE, happened="2026-11-20"))
    out = tmp_path / "out"
    out.mkdir()
    monkeypatch.chdir(out)
    async with app.run_test(size=SIZE) as pilot:
        review = await open_from_home(app, pilot)
        await run_from_palette(app, pilot, f"export this review as {label.lower()}")
        await wait_for(pilot, lambda: isinstance(app.screen, TextPromptModal))
        await pilot.press("enter")  # the name offered
        await wait_for(pilot, lambda: app.screen is review)
        (written,) = out.iterdir()
        assert written.name == f"2026-11-20-checkout-errors-after-the-deploy-{stored.id[:8]}.{fmt}"
        text = written.read_text()
        if fmt == "json":
            assert json.loads(text)["reviews"][0]["title"] == TITLE
        else:
            assert f"# {TITLE}" in text
        written.write_text("mine")
        await run_from_palette(app, pilot, f"export this review as {label.lower()}")
        await wait_for(pilot, lambda: isinstance(app.screen, TextPromptModal))
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmModal))
        await pilot.click("#no")
        await wait_for(pilot, lambda: app.screen is review)
        assert written.read_text() == "mine"


@pytest.mark.parametrize("replace", [False, True])
async def test_a_file_made_between_the_name_and_the_write_is_asked_about_not_refused(
    app: PmtuiApp,
    store: Store,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    replace: bool,
) -> None:
    """Someone else's file appearing after the name was checked: the dialog asks, as for any."""
    import pmtui.tui.modals.export as export_dialog
    from pmtui.store.exports.output import save as real_save

    store.add(Review(title=TITLE, happened="2026-11-20"))
    out = tmp_path / "out"
    out.mkdir()
    monkeypatch.chdir(out)

    def theirs_first(fmt: str, reviews: list[Review], name: str, **kw: object) -> list[Path]:
        if not (out / name).exists():
            (out / name).write_text("theirs")
        return real_save(fmt, reviews, name, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(export_dialog, "save", theirs_first)
    async with app.run_test(size=SIZE) as pilot:
        review = await open_from_home(app, pilot)
        await run_from_palette(app, pilot, "export this review as markdown")
        await wait_for(pilot, lambda: isinstance(app.screen, TextPromptModal))
        await pilot.press("enter")  # the name offered: free when checked
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmModal))
        assert "Replace it with this review?" in app.screen.question  # type: ignore[attr-defined]
        await pilot.click("#yes" if replace else "#no")
        await wait_for(pilot, lambda: app.screen is review)
        (written,) = out.iterdir()
        assert (f"# {TITLE}" in written.read_text()) is replace
        assert (written.read_text() == "theirs") is not replace


async def test_a_name_outside_the_directory_says_what_the_export_dialog_can_do(
    app: PmtuiApp, store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The refusal pointed to a --dir the dialog does not have (found by a newcomer)."""
    from textual.widgets import Input, Label

    store.add(Review(title=TITLE, happened="2026-11-20"))
    out = tmp_path / "out"
    out.mkdir()
    monkeypatch.chdir(out)
    async with app.run_test(size=SIZE) as pilot:
        await open_from_home(app, pilot)
        await run_from_palette(app, pilot, "export this review as markdown")
        await wait_for(pilot, lambda: isinstance(app.screen, TextPromptModal))
        dialog = app.screen
        dialog.query_one("#answer", Input).value = "../elsewhere.md"
        await pilot.press("enter")
        error = dialog.query_one("#error", Label)
        await wait_for(pilot, lambda: "outside" in str(error.render()))
        said = str(error.render())
        assert "--dir" not in said
        assert f"outside {out}" in said and "give a file name there, or press esc" in said
        assert app.screen is dialog  # still open, the name as typed
        assert dialog.query_one("#answer", Input).value == "../elsewhere.md"
    assert list(out.iterdir()) == [] and not (tmp_path / "elsewhere.md").exists()


async def test_a_new_review_left_with_nothing_typed_is_not_kept(
    app: PmtuiApp, store: Store
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await on_home(app, pilot)
        await pilot.press("n", "enter")
        review = await on_review(app, pilot)
        await wait_for(pilot, lambda: len(store.summaries()) == 1)  # created when opened
        await wait_for(pilot, lambda: review.panes["frame"].has_focus)
        await pilot.press("b")
        await on_home(app, pilot)
        await wait_for(pilot, lambda: store.summaries() == [])
        await pilot.press("n", "enter")
        review = await on_review(app, pilot)
        await wait_for(pilot, lambda: review.panes["frame"].has_focus)
        await pilot.press("enter", *"Pager")
        await wait_for(pilot, lambda: review.session.review.title == "Pager")
        await pilot.press("ctrl+o")
        await on_home(app, pilot)
    assert [s.title for s in store.summaries()] == ["Pager"]
