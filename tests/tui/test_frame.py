"""The frame stage: fields saved as typed, bad input kept and explained, text shown literally."""

from __future__ import annotations

from datetime import date

import pytest
from textual.widgets import Checkbox, Input, Select, Static, TextArea

from pmtui.domain.dates import DateError, parse_happened
from pmtui.store.repository import Store
from pmtui.tui.app import PmtuiApp
from pmtui.tui.modals.confirm import ConfirmModal
from pmtui.tui.stages.frame import FramePane, split_list
from pmtui.tui.widgets.save_state import SaveIndicator
from tests.tui.pilot_helpers import SIZE, on_home, on_review, wait_for, wait_saved
from tests.tui.screen_tour import screen_text

TODAY = date(2026, 11, 23)


def test_parse_happened_reads_the_forms_people_type() -> None:
    assert parse_happened("2026-11-20", TODAY) == "2026-11-20"
    assert parse_happened(" 2026-11-20 9:05 ", TODAY) == "2026-11-20 09:05"
    assert parse_happened("yesterday 14:02", TODAY) == "2026-11-22 14:02"
    assert parse_happened("today", TODAY) == "2026-11-23"
    assert parse_happened("", TODAY) == ""
    for bad in ("14:02", "last tuesday", "2026-02-30", "2026-11-20 25:00"):
        with pytest.raises(DateError):
            parse_happened(bad, TODAY)


def test_split_list_drops_empty_parts() -> None:
    assert split_list("ana, ben ,, chloé ,") == ["ana", "ben", "chloé"]


async def start(app: PmtuiApp, pilot: object) -> FramePane:
    """A new review's frame, with the cursor put in the title by enter, as a person does."""
    await on_home(app, pilot)  # type: ignore[arg-type]
    await pilot.press("n", "enter")  # type: ignore[attr-defined]
    screen = await on_review(app, pilot)  # type: ignore[arg-type]
    pane = screen.query_one(FramePane)
    await wait_for(pilot, lambda: pane.has_focus)  # type: ignore[arg-type]
    await pilot.press("enter")  # type: ignore[attr-defined]
    assert pane.query_one("#title", Input).has_focus
    return pane


async def test_every_field_is_saved_as_typed(app: PmtuiApp, store: Store) -> None:
    async with app.run_test(size=SIZE) as pilot:
        pane = await start(app, pilot)
        assert pane.query_one("#title", Input).has_focus
        await pilot.press(*"Checkout errors")
        await pilot.press("tab", *"2026-11-20 14:02")
        pane.query_one("#severity", Select).value = "SEV2"
        pane.query_one("#participants", Input).value = "ana, ben, chloé"
        pane.query_one("#facilitator", Input).value = "ben"
        pane.query_one("#tags", Input).value = "Payments, deploys"
        await pilot.pause()
        pane.query_one("#ground-rule-ack", Checkbox).focus()
        await pilot.press("space")
        pane.query_one("#facilitator-part", TextArea).focus()
        await pilot.press(*"I approved the deploy")
        await wait_saved(app, pilot)
        assert pane.completeness() == 1.0
    (r,) = list(store.reviews())
    assert r.title == "Checkout errors"
    assert r.happened == "2026-11-20 14:02"
    assert r.severity == "SEV2"
    assert r.participants == ["ana", "ben", "chloé"]
    assert r.facilitator == "ben"
    assert r.tags == ["payments", "deploys"]
    assert r.ground_rule_ack is True
    assert r.facilitator_part == "I approved the deploy"


async def test_bad_date_is_explained_and_kept_until_fixed(app: PmtuiApp, store: Store) -> None:
    async with app.run_test(size=SIZE) as pilot:
        pane = await start(app, pilot)
        await pilot.press("tab", *"2026-11-20")
        await wait_saved(app, pilot)
        happened = pane.query_one("#happened", Input)
        happened.value = "last tuesday"
        await wait_saved(app, pilot)
        indicator = app.screen.query_one(SaveIndicator)
        assert str(indicator.render()) == "not saved: when it happened"
        await pilot.press("tab")  # the field says why once it is left (or enter is pressed)
        error = str(pane.query_one("#field-happened .frame-error", Static).render())
        assert "2026-11-20 14:02" in error and "yesterday" in error
        assert happened.value == "last tuesday"
        assert next(store.reviews()).happened == "2026-11-20"
        happened.value = "yesterday"
        # The change reaches the session when its message is handled: wait for
        # that, then for the save (a flush before it has nothing to wait for).
        await wait_for(pilot, lambda: pane.session.review.happened == "2026-11-22")
        await wait_saved(app, pilot)
        assert not pane.query_one("#field-happened .frame-error", Static).display
        assert str(indicator.render()) == "saved"
    assert next(store.reviews()).happened == "2026-11-22"


async def test_too_long_title_is_not_saved_and_says_why(app: PmtuiApp, store: Store) -> None:
    async with app.run_test(size=SIZE) as pilot:
        pane = await start(app, pilot)
        pane.query_one("#title", Input).value = "x" * 301
        await wait_saved(app, pilot)
        await pilot.press("enter")  # enter says why at once
        assert "at most 300" in str(pane.query_one("#field-title .frame-error", Static).render())
        assert app.screen.session.state.value == "saved"  # type: ignore[attr-defined]
    assert next(store.reviews()).title == ""


async def test_markup_emoji_and_escapes_are_shown_as_typed(app: PmtuiApp, store: Store) -> None:
    typed = "[bold]boom[/] 🎉 漢字 \x1b[31mred"
    async with app.run_test(size=SIZE) as pilot:
        pane = await start(app, pilot)
        pane.query_one("#title", Input).value = typed
        await wait_saved(app, pilot)
        title = str(app.screen.query_one("#review-title", Static).render())
        assert "[bold]boom[/] 🎉 漢字" in title
        assert "\x1b" not in title
    assert next(store.reviews()).title == "[bold]boom[/] 🎉 漢字 red"


async def test_another_writers_change_arrives_without_touching_the_field_being_typed(
    app: PmtuiApp, store: Store
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        pane = await start(app, pilot)
        await pilot.press(*"Mine")
        await wait_saved(app, pilot)
        review_id = app.screen.session.review_id  # type: ignore[attr-defined]
        store.update(review_id, lambda r: setattr(r, "facilitator", "chloé"))
        await pilot.press(*" too")
        app.screen.session.reload()  # type: ignore[attr-defined]
        await wait_saved(app, pilot)
        assert pane.query_one("#facilitator", Input).value == "chloé"
        assert pane.query_one("#title", Input).value == "Mine too"
    r = next(store.reviews())
    assert (r.title, r.facilitator) == ("Mine too", "chloé")


async def test_stay_and_fix_it_puts_the_cursor_in_the_field_not_saved(
    app: PmtuiApp, store: Store
) -> None:
    """The newcomer's keys at 80x24: the dialog names the field as it is labelled, staying
    puts the cursor in When with the text as typed, and undo elsewhere leaves it shown."""
    async with app.run_test(size=(80, 24)) as pilot:
        pane = await start(app, pilot)
        await pilot.press(*"Checkout errors", "tab", *"yesterdy", "escape")
        await wait_for(pilot, lambda: pane.has_focus)
        await pilot.press("b")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmModal))
        text = screen_text(app)
        assert 'What you typed in "When it happened" is not saved' in " ".join(text.split())
        assert "in the when" not in text
        await pilot.press("n")  # stay and fix it
        happened = pane.query_one("#happened", Input)
        await wait_for(pilot, lambda: happened.has_focus)
        assert (happened.value, happened.cursor_position) == ("yesterdy", len("yesterdy"))
        await pilot.press("backspace", "backspace", *"day")
        await wait_for(pilot, lambda: "happened" not in pane.held)
        await wait_saved(app, pilot)
        fixed = pane.session.review.happened
        assert fixed and str(app.screen.query_one(SaveIndicator).render()) == "saved"
    assert next(store.reviews()).happened == fixed


async def test_undo_on_the_stage_keeps_text_not_saved_in_its_field(
    app: PmtuiApp, store: Store
) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        pane = await start(app, pilot)
        await pilot.press(*"Checkout errors", "tab", *"yesterdy", "escape")
        await wait_saved(app, pilot)
        await pilot.press("enter", "ctrl+u", *"Oops")  # into the title, typed over
        await wait_for(pilot, lambda: pane.session.review.title == "Oops")
        await pilot.press("escape", "ctrl+z")  # on the stage: the last change, the title's
        title, happened = pane.query_one("#title", Input), pane.query_one("#happened", Input)
        await wait_for(pilot, lambda: title.value == "Checkout errors")
        await wait_saved(app, pilot)
        error = pane.query_one("#field-happened .frame-error", Static)
        indicator = app.screen.query_one(SaveIndicator)
        assert happened.value == "yesterdy"  # shown as typed, as the header and error say
        assert error.display and "'yesterdy'" in str(error.render())
        assert str(indicator.render()) == "not saved: when it happened"
        happened.focus()
        await pilot.press("ctrl+z")  # in the field: back to what is saved, nothing held
        await wait_for(pilot, lambda: happened.value == "")
        assert not error.display
        await wait_for(pilot, lambda: str(indicator.render()) == "saved")
    stored = next(store.reviews())
    assert (stored.title, stored.happened) == ("Checkout errors", "")
