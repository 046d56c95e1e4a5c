"""Keys that arrive in one burst are all kept, in order: a save uses what is on screen.

Over a slow SSH link a whole line of typing, and the key that saves it,
arrive at once. Each test sends them in one burst, all queued before the
app handles the first key (``burst``). Before, Textual ran ``ctrl+s`` as it
arrived, before the field had the text typed ahead of it ("Write what
happened before saving." with the text on screen, or a fact saved as its
first words), and ran a field's own keys (``ctrl+u``, ``end``) only after the
text typed behind them was in: ``ctrl+u`` and a date left the date field empty.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from textual.screen import Screen
from textual.widgets import Input, Static

from pmtui.store.repository import Store
from pmtui.tui import turns
from pmtui.tui.app import PmtuiApp
from pmtui.tui.forms.base import ItemForm
from pmtui.tui.forms.cause import CauseForm
from pmtui.tui.forms.commitment import CommitmentForm
from pmtui.tui.forms.fact import FactForm
from pmtui.tui.forms.incident import IncidentForm
from pmtui.tui.screens.review import ReviewScreen
from tests.tui.pilot_helpers import (
    SIZE,
    burst,
    into_title,
    new_review_at,
    on_home,
    wait_for,
    wait_saved,
)

FACT = "Queue depth alarm number 3 fired"


@pytest.fixture(autouse=True)
def no_fallback(monkeypatch: pytest.MonkeyPatch) -> None:
    """Keys go on in turn because each one before them was handled, never because the
    fallback timer ran out: with a minute, a key left waiting makes ``burst`` time out."""
    monkeypatch.setattr(turns, "AT_MOST", 60.0)


async def open_form(app: PmtuiApp, pilot: Any, form: type[Screen[Any]], first: str) -> Screen[Any]:
    """``a`` on the stage shown, and the form it opens with the focus in ``first``."""
    await pilot.press("a")
    await wait_for(pilot, lambda: isinstance(app.screen, form))
    screen = app.screen
    await wait_for(pilot, lambda: screen.query_one(first).has_focus)
    return screen


async def saved_and_closed(app: PmtuiApp, pilot: Any, form: Screen[Any]) -> None:
    """The form closed; if it did not, say what its error line says."""
    await pilot.pause()
    if app.screen is form:
        error = str(form.query_one("#form-error", Static).render())
        raise AssertionError(f"the form is still open: {error!r}")
    await wait_saved(app, pilot)


async def stage(app: PmtuiApp, pilot: Any, name: str) -> ReviewScreen:
    screen = await new_review_at(app, pilot, name)
    await wait_for(pilot, lambda: screen.panes[name].has_focus or app.focused is not None)
    return screen


async def test_a_fact_typed_with_tab_and_ctrl_s_in_one_burst_is_saved_whole(
    app: PmtuiApp, store: Store
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await stage(app, pilot, "facts")
        form = await open_form(app, pilot, FactForm, "#fact-at")
        await burst(pilot, "16:03", "tab", FACT, "ctrl+s")
        await saved_and_closed(app, pilot, form)
    (review,) = store.reviews()
    assert [(f.at, f.what) for f in review.facts] == [("16:03", FACT)]


async def test_a_due_date_after_two_tabs_and_ctrl_s_in_one_burst_is_saved(
    app: PmtuiApp, store: Store
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await stage(app, pilot, "commitments")
        form = await open_form(app, pilot, CommitmentForm, "#commitment-owner")
        await pilot.press("tab", *"Rotate logs")
        await burst(pilot, "tab", "tab", "2026-12-12", "ctrl+s")
        await saved_and_closed(app, pilot, form)
    (review,) = store.reviews()
    assert [(c.deliverable, c.due) for c in review.commitments] == [
        ("Rotate logs", date(2026, 12, 12))
    ]


async def test_a_cause_typed_with_its_category_and_ctrl_s_in_one_burst_is_saved_whole(
    app: PmtuiApp, store: Store
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await stage(app, pilot, "causes")
        form = await open_form(app, pilot, CauseForm, "#cause-statement")
        await burst(pilot, "No alarm on queue depth", "tab", "monitoring", "ctrl+s")
        await saved_and_closed(app, pilot, form)
    (review,) = store.reviews()
    assert [(c.statement, c.category) for c in review.causes] == [
        ("No alarm on queue depth", "monitoring")
    ]


async def test_an_incident_logged_and_saved_in_one_burst_keeps_its_whole_title(
    app: PmtuiApp, store: Store
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await on_home(app, pilot)
        await pilot.press("l")
        await wait_for(pilot, lambda: isinstance(app.screen, IncidentForm))
        form = app.screen
        assert isinstance(form, ItemForm)
        await wait_for(pilot, lambda: form.query_one("#incident-title").has_focus)
        await burst(pilot, "Checkout 502s after deploy", "ctrl+s")
        await saved_and_closed(app, pilot, form)
    assert [i.title for i in store.incidents()] == ["Checkout 502s after deploy"]


async def when_field(app: PmtuiApp, pilot: Any) -> tuple[ReviewScreen, Input]:
    """The frame of a new review with 2026-11-20 saved in When, the cursor at its end."""
    screen = await new_review_at(app, pilot, "frame")
    await into_title(pilot, screen)
    await pilot.press("tab", *"2026-11-20")
    await wait_saved(app, pilot)
    return screen, screen.query_one("#happened", Input)


async def test_ctrl_u_and_a_new_date_in_one_burst_replace_the_date(
    app: PmtuiApp, store: Store
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        _, happened = await when_field(app, pilot)
        await burst(pilot, "ctrl+u", "2026-11-22")
        await wait_saved(app, pilot)
        assert happened.value == "2026-11-22"
    (review,) = store.reviews()
    assert review.happened == "2026-11-22"


async def test_end_ctrl_u_a_date_and_ctrl_n_in_one_burst_save_the_date_then_move_on(
    app: PmtuiApp, store: Store
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen, happened = await when_field(app, pilot)
        await pilot.press("shift+tab")
        await burst(pilot, "tab", "end", "ctrl+u", "2026-11-22", "ctrl+n")
        await wait_saved(app, pilot)
        assert screen.current == "facts"
        assert happened.value == "2026-11-22"
    (review,) = store.reviews()
    assert review.happened == "2026-11-22"


async def test_a_title_typed_and_left_in_one_burst_is_saved_as_typed_not_a_step_of_it(
    app: PmtuiApp, store: Store
) -> None:
    """The stage saves what each change says only while the field still holds it: the
    changes behind, out of date by then, are not saved over the text typed after them."""
    async with app.run_test(size=SIZE) as pilot:
        screen = await new_review_at(app, pilot, "frame")
        title = await into_title(pilot, screen)
        await burst(pilot, "Queue alarms", "ctrl+u", "Queue depth alarms", "escape", "2")
        await wait_saved(app, pilot)
        assert screen.current == "facts"
        assert isinstance(title, Input) and title.value == "Queue depth alarms"
    (review,) = store.reviews()
    assert review.title == "Queue depth alarms"


async def test_a_follow_up_date_typed_over_and_set_in_one_burst_is_the_one_set(
    app: PmtuiApp, store: Store
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await new_review_at(app, pilot, "summary")
        pane = screen.panes["summary"]
        await wait_for(pilot, lambda: pane.has_focus)
        follow = screen.query_one("#follow-up", Input)
        follow.focus()
        await wait_for(pilot, lambda: follow.has_focus)
        await burst(pilot, "ctrl+u", "2027-01-05", "enter")
        await wait_saved(app, pilot)
        assert follow.value == "2027-01-05"
    (review,) = store.reviews()
    assert review.follow_up_due() == date(2027, 1, 5)


async def test_text_in_a_multi_line_field_and_ctrl_s_in_one_burst_keep_every_line(
    app: PmtuiApp, store: Store
) -> None:
    """Enter in a text area is the area's own (a new line): the keys after it wait for it."""
    async with app.run_test(size=SIZE) as pilot:
        await stage(app, pilot, "facts")
        form = await open_form(app, pilot, FactForm, "#fact-at")
        await burst(pilot, "16:03", "tab", "Alarm fired", "enter", "Paged the on-call", "ctrl+s")
        await saved_and_closed(app, pilot, form)
    (review,) = store.reviews()
    assert [f.what for f in review.facts] == ["Alarm fired\nPaged the on-call"]


async def test_the_frame_saves_what_a_field_holds_never_an_older_step_of_the_typing(
    app: PmtuiApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A change handled after the field moved on is out of date: saving it would put text
    no longer on screen in the store (a teammate's screen), however briefly."""
    async with app.run_test(size=SIZE) as pilot:
        screen = await new_review_at(app, pilot, "frame")
        await into_title(pilot, screen)
        session = screen.session
        saved: list[object] = []
        real_set = session.set

        def recording_set(
            target: str, item_id: str | None, name: str, value: Any, **kw: Any
        ) -> None:
            saved.append(value)
            real_set(target, item_id, name, value, **kw)

        monkeypatch.setattr(session, "set", recording_set)
        await burst(pilot, "Queue depth alarms")
        await wait_saved(app, pilot)
    assert saved == ["Queue depth alarms"]
