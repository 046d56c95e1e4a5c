"""One key never destroys work: which keys are commands, which are typing, and undo of a field.

The end-to-end cases (the installed app at 80x24) are in tests/e2e/test_review_keys.py;
these drive the same rules with Pilot and the guard with a clock of its own.
"""

from __future__ import annotations

import pytest
from textual.events import Key
from textual.widgets import Checkbox, Input, TextArea

from pmtui.domain.model import Review
from pmtui.editing.session import ReviewSession
from pmtui.store.repository import Store
from pmtui.tui.app import PmtuiApp
from pmtui.tui.keys import TypingGuard, in_field, letter_actions, printable_key
from pmtui.tui.modals.round_picker import RoundPicker
from pmtui.tui.screens.review import ReviewScreen
from pmtui.tui.widgets.fields import TextField, Tick
from tests.tui.pilot_helpers import (
    SIZE,
    into_title,
    on_home,
    on_review,
    open_from_home,
    wait_for,
    wait_saved,
)

TITLE = "Checkout errors after the deploy"


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def key(name: str, character: str | None = None) -> Key:
    return Key(name, character if character is not None else (name if len(name) == 1 else None))


def test_a_sentence_on_a_tick_box_is_dropped_but_a_space_to_tick_it_is_not() -> None:
    clock = Clock()
    guard = TypingGuard(pause=1.0, clock=clock)
    tick = Tick("agree")
    screen = object()
    # Tab then space: the space ticks the box.
    assert not guard.swallows(key("space", " "), tick, bound=True, screen=screen)
    # "yes was": y does nothing on a tick box, so what follows is a sentence.
    assert not guard.swallows(key("y"), tick, bound=False, screen=screen)
    clock.now += 0.1
    assert guard.swallows(key("e"), tick, bound=False, screen=screen)
    assert guard.first_swallowed()
    clock.now += 0.1
    assert guard.swallows(key("space", " "), tick, bound=True, screen=screen)
    assert not guard.first_swallowed()  # told once per burst
    clock.now += 0.1
    assert guard.swallows(key("w"), tick, bound=True, screen=screen)
    # A pause, or a deliberate key, ends the sentence.
    clock.now += 1.5
    assert not guard.swallows(key("space", " "), tick, bound=True, screen=screen)
    guard.swallows(key("x"), tick, bound=False, screen=screen)
    guard.swallows(key("escape"), tick, bound=True, screen=screen)
    assert not guard.swallows(key("space", " "), tick, bound=True, screen=screen)
    # Another screen (a form that opened) is not the same sentence.
    guard.swallows(key("x"), tick, bound=False, screen=screen)
    assert not guard.swallows(key("a"), tick, bound=True, screen=object())


def test_typing_in_a_text_field_is_never_dropped() -> None:
    clock = Clock()
    guard = TypingGuard(pause=1.0, clock=clock)
    field = TextField("")
    guard.swallows(key("x"), Tick("t"), bound=False)
    for char in "yes was":
        assert not guard.swallows(key(char if char != " " else "space", char), field, bound=False)


def test_letters_and_digits_are_the_keys_turned_off_in_fields() -> None:
    assert printable_key("3") and printable_key("u") and printable_key("left_square_bracket")
    assert not printable_key("ctrl+z") and not printable_key("escape") and not printable_key("f1")
    actions = letter_actions(tuple(ReviewScreen.BINDINGS))
    assert {"home", "undo", "private_round", "open_number"} <= actions
    assert "back" not in actions  # also on ctrl+o and escape
    assert "next_stage" not in actions
    assert in_field(Tick("t")) and in_field(TextField("")) and in_field(TextArea(""))


def test_typing_in_one_field_is_one_undo_step_and_undo_of_one_field_leaves_the_others(
    store: Store,
) -> None:
    review = store.add(Review(title=TITLE))
    session = ReviewSession(store, store.get(review.id), user="ana")
    for typed in ("C", "Ch", "Chk"):
        session.set("review", None, "title", typed, undo="edit the title")
    session.seal_undo()
    session.set("review", None, "facilitator", "ana", undo="edit the facilitator")
    assert session.can_undo() == "edit the facilitator"
    assert session.undo(("review", None, "title")) == "edit the title"
    assert session.review.title == TITLE
    assert session.review.facilitator == "ana"
    assert session.undo(("review", None, "title")) is None
    assert session.undo() == "edit the facilitator"
    assert session.flush()
    stored = store.get(review.id)
    assert (stored.title, stored.facilitator) == (TITLE, "")
    session.close()


async def test_a_stage_number_on_opening_opens_the_stage_and_never_touches_the_title(
    app: PmtuiApp, store: Store
) -> None:
    store.add(Review(title=TITLE))
    async with app.run_test(size=(80, 24)) as pilot:
        await on_home(app, pilot)
        await pilot.press("enter", "3")
        review = await on_review(app, pilot)
        await wait_for(pilot, lambda: review.current == "causes")
        assert not isinstance(app.focused, Input | TextArea)
        await wait_saved(app, pilot)
    assert next(store.reviews()).title == TITLE


async def test_the_focus_given_late_on_opening_never_takes_a_field_the_person_went_into(
    app: PmtuiApp, store: Store
) -> None:
    """Under load the stage's own focus call can come after a quick enter and a typed title;
    it must leave the focus in the field, or the next tab goes back to the title."""
    store.add(Review(title=TITLE))
    async with app.run_test(size=(80, 24)) as pilot:
        review = await open_from_home(app, pilot)
        title = await into_title(pilot, review)
        review.panes["frame"].focus_on_arrival()  # as the late call does
        await pilot.press("tab")
        await pilot.pause()
        assert app.focused is review.query_one("#happened")
        assert title is not app.focused


@pytest.mark.parametrize("stage", ["frame", "causes", "summary"])  # stages with two fields or more
async def test_a_key_handled_right_after_a_stage_takes_the_focus_keeps_where_it_went(
    app: PmtuiApp, store: Store, stage: str
) -> None:
    """The stage takes the focus on arrival, and a key already waiting is handled next:
    the focus that key gives (enter into the title) stays. A focus taken later took it
    back to the stage, and the first enter after opening a stage was lost."""
    store.add(Review(title=TITLE))
    async with app.run_test(size=(80, 24)) as pilot:
        review = await open_from_home(app, pilot)
        review.open_stage(stage)
        pane = review.panes[stage]
        await wait_for(
            pilot, lambda: app.focused is not None and pane in app.focused.ancestors_with_self
        )
        first = app.focused
        inside = [w for w in review.focus_chain if pane in w.ancestors and w is not first]
        target = inside[0]  # where the waiting key (enter, tab) would put the cursor
        pane.focus_first()  # arriving on the stage
        target.screen.set_focus(target)  # the waiting key's action, handled next
        await pilot.pause()
        await pilot.pause()
        assert app.focused is target


async def test_the_title_is_undone_with_ctrl_z_in_it_and_u_on_the_stage(
    app: PmtuiApp, store: Store
) -> None:
    store.add(Review(title=TITLE))
    async with app.run_test(size=SIZE) as pilot:
        review = await open_from_home(app, pilot)
        title = await into_title(pilot, review)
        assert isinstance(title, Input) and title.selected_text == ""
        assert title.cursor_position == len(TITLE)
        await pilot.press(*"!!")
        await wait_for(pilot, lambda: review.session.review.title == TITLE + "!!")
        await pilot.press("ctrl+z")
        await wait_for(pilot, lambda: title.value == TITLE)
        await pilot.press(*"?", "escape")  # escape leaves the field for the stage
        await wait_for(pilot, lambda: review.panes["frame"].has_focus)
        assert review.session.review.title == TITLE + "?"
        await pilot.press("u")
        await wait_for(pilot, lambda: title.value == TITLE)
        await wait_saved(app, pilot)
        assert app.screen is review
    assert next(store.reviews()).title == TITLE


async def test_letters_on_a_tick_box_neither_tick_it_nor_open_a_private_round(
    app: PmtuiApp, store: Store
) -> None:
    store.add(Review(title=TITLE))
    async with app.run_test(size=SIZE) as pilot:
        review = await open_from_home(app, pilot)
        tick = review.query_one("#ground-rule-ack", Checkbox)
        tick.focus()
        await pilot.press(*"we was")
        await pilot.pause()
        assert not isinstance(app.screen, RoundPicker)
        assert tick.value is False
        assert any("Still typing?" in str(n.title) for n in app._notifications)
    assert next(store.reviews()).ground_rule_ack is False


async def test_stages_passed_through_quickly_leave_the_focus_on_the_one_shown(
    app: PmtuiApp, store: Store
) -> None:
    """ctrl+n pressed three times before the panes are built (a slow link, a busy host):
    each pane's late focus call must not pull the focus back into a stage no longer shown,
    or the next `a` opens a cause form on the commitments stage."""
    store.add(Review(title=TITLE))
    async with app.run_test(size=(80, 24)) as pilot:
        review = await open_from_home(app, pilot)
        for stage in ("facts", "causes", "commitments"):  # all before any pane is mounted
            review.open_stage(stage)
        commitments = review.panes["commitments"]
        await wait_for(pilot, lambda: commitments.has_focus_within)
        await pilot.pause()
        assert commitments.has_focus_within
        assert not review.panes["causes"].has_focus_within
        assert not review.panes["facts"].has_focus_within
