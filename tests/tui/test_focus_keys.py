"""Keys that move the focus move it at once: the text typed ahead goes where the focus went.

Each test sends a focus-moving key and the text after it in one burst, all
queued before the app handles the first key, as they arrive over a slow SSH
link. Before, Textual ran the key's binding only once the key came back up
from the focused widget, and the text had gone into the field it left.
"""

from __future__ import annotations

from typing import Any

import pytest
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Input, Select, TextArea

from pmtui.domain.model import Fact, Review
from pmtui.store.repository import Store
from pmtui.tui import turns
from pmtui.tui.app import PmtuiApp
from pmtui.tui.forms.fact import FactForm
from pmtui.tui.screens.home import HomeScreen
from pmtui.tui.screens.review import ReviewScreen
from pmtui.tui.stages.frame import FramePane
from tests.tui.pilot_helpers import (
    SIZE,
    burst,
    into_title,
    new_review_at,
    on_home,
    open_from_home,
    wait_for,
    wait_saved,
)


@pytest.fixture(autouse=True)
def no_fallback(monkeypatch: pytest.MonkeyPatch) -> None:
    """Keys held after another are handed on once it has been handled all the way up to
    the app, never by the fallback timer here: were Textual to change the order in which
    widgets handle what is posted to them, ``burst`` would time out waiting."""
    monkeypatch.setattr(turns, "AT_MOST", 60.0)


def value(screen: Screen[Any], selector: str) -> str:
    return screen.query_one(selector, Input).value


def in_first_field(form: Screen[Any]) -> bool:
    """Whether the fact form is built and its first field has the focus."""
    return any(field.has_focus for field in form.query("#fact-at"))


async def in_title(app: PmtuiApp, pilot: object) -> ReviewScreen:
    screen = await new_review_at(app, pilot, "frame")  # type: ignore[arg-type]
    await into_title(pilot, screen)  # type: ignore[arg-type]
    return screen


async def test_text_after_tab_goes_into_the_next_field(app: PmtuiApp, store: Store) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await in_title(app, pilot)
        await burst(pilot, "Checkout errors", "tab", "2026-11-20 14:02")
        assert value(screen, "#title") == "Checkout errors"
        assert value(screen, "#happened") == "2026-11-20 14:02"
        assert screen.focused is screen.query_one("#happened", Input)
        await wait_saved(app, pilot)
    (review,) = store.reviews()
    assert (review.title, review.happened) == ("Checkout errors", "2026-11-20 14:02")


async def test_text_after_shift_tab_goes_into_the_field_before(app: PmtuiApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await in_title(app, pilot)
        await burst(pilot, "Checkout", "tab", "2026-11-20", "shift+tab", " errors")
        assert value(screen, "#title") == "Checkout errors"
        assert value(screen, "#happened") == "2026-11-20"
        assert screen.focused is screen.query_one("#title", Input)


async def test_tabs_in_a_row_each_move_once_and_nothing_is_lost_or_doubled(
    app: PmtuiApp,
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await in_title(app, pilot)
        # title, when, severity (a choice: tab passes it), participants, facilitator
        # (both hold ana, who started it), tags
        await burst(
            pilot, "t", "tab", "2026-11-20", "tab", "tab", ", ben", "tab", "-lee", "tab", "ops"
        )
        assert [value(screen, f"#{f}") for f in ("title", "happened")] == ["t", "2026-11-20"]
        assert [value(screen, f"#{f}") for f in ("participants", "facilitator", "tags")] == [
            "ana, ben",
            "ana-lee",
            "ops",
        ]
        assert screen.query_one("#severity", Select).value is Select.NULL


async def test_enter_on_the_frame_puts_the_text_after_it_in_the_title(app: PmtuiApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await new_review_at(app, pilot, "frame")
        await wait_for(pilot, lambda: screen.query_one(FramePane).has_focus)
        await burst(pilot, "enter", "Disk full")
        assert value(screen, "#title") == "Disk full"


async def test_escape_leaves_the_field_so_a_stage_number_after_it_opens_the_stage(
    app: PmtuiApp,
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await in_title(app, pilot)
        await burst(pilot, "Disk full", "escape", "3")
        assert value(screen, "#title") == "Disk full"
        await wait_for(pilot, lambda: screen.current == "causes")


@pytest.mark.parametrize("key", ["2", "]", "ctrl+n"])
async def test_a_stage_key_and_a_command_after_it_reach_the_stage_it_opened(
    app: PmtuiApp, key: str
) -> None:
    """The facts stage is built when first opened; ``a`` typed ahead still adds a fact."""
    async with app.run_test(size=SIZE) as pilot:
        screen = await new_review_at(app, pilot, "frame")
        await wait_for(pilot, lambda: screen.query_one(FramePane).has_focus)
        await burst(pilot, key, "a")
        await wait_for(pilot, lambda: isinstance(app.screen, FactForm))
        assert screen.current == "facts"
        await wait_for(pilot, lambda: in_first_field(app.screen))


async def test_enter_sent_with_the_number_of_a_stage_not_built_yet_edits_its_chosen_fact(
    app: PmtuiApp, store: Store
) -> None:
    """The facts stage is built when its number arrives; the enter sent with it still finds
    it focused (it reached the frame, which put the cursor in the title)."""
    store.add(Review(title="Disk full", facts=[Fact(what="The deploy started")]))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_from_home(app, pilot)
        assert "facts" not in [pane.stage for pane in screen._mounted_panes()]
        await burst(pilot, "2", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, FactForm))
        assert screen.current == "facts"
        assert app.screen.query_one("#fact-what", TextArea).text == "The deploy started"


async def test_a_stage_opened_before_gets_the_keys_typed_after_its_number(app: PmtuiApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await new_review_at(app, pilot, "facts")
        await wait_for(pilot, lambda: screen.query_one("#facts-table").has_focus)
        await burst(pilot, "1", "enter", "Disk full")
        assert screen.current == "frame"
        assert value(screen, "#title") == "Disk full"


async def test_tab_in_a_form_moves_the_text_after_it_to_the_next_field(app: PmtuiApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await new_review_at(app, pilot, "facts")
        await wait_for(pilot, lambda: screen.query_one("#facts-table").has_focus)
        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(app.screen, FactForm))
        form = app.screen
        await wait_for(pilot, lambda: in_first_field(form))
        await burst(pilot, "14:02", "tab", "The deploy started")
        assert value(form, "#fact-at") == "14:02"
        assert form.query_one("#fact-what", TextArea).text == "The deploy started"


@pytest.mark.parametrize(("key", "field"), [("slash", "#search"), ("t", "#tag-filter")])
async def test_a_home_key_that_opens_a_field_gets_the_text_after_it(
    app: PmtuiApp, store: Store, key: str, field: str
) -> None:
    """Before, the text went to the list, where its letters are commands (f, i, n...)."""
    store.add(Review(title="Disk full"))
    async with app.run_test(size=SIZE) as pilot:
        home = await on_home(app, pilot)
        await wait_for(pilot, lambda: home.query_one("#reviews").has_focus)
        await burst(pilot, "/" if key == "slash" else key, "fin")
        assert value(home, field) == "fin"
        assert isinstance(app.screen, HomeScreen)


class Editors(Screen[None]):
    """A text area that indents with tab, between two fields."""

    def compose(self) -> ComposeResult:
        yield Input(id="before")
        yield TextArea(id="code", tab_behavior="indent")
        yield Input(id="after")


async def test_tab_stays_an_indent_in_a_text_area_that_indents(app: PmtuiApp) -> None:
    """Keys go on in turn, each where Textual sends it: an editor that takes tab keeps it."""
    async with app.run_test(size=SIZE) as pilot:
        await on_home(app, pilot)
        editors = Editors()
        await app.push_screen(editors)
        code = editors.query_one("#code", TextArea)
        code.focus()
        await wait_for(pilot, lambda: code.has_focus)
        await burst(pilot, "x", "tab", "y")
        assert code.has_focus and code.text == "x   y"
        await burst(pilot, "shift+tab", "z")
        assert value(editors, "#before") == "z"


async def test_keys_held_for_a_key_whose_widget_never_answers_are_handed_on_all_the_same(
    app: PmtuiApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(turns, "AT_MOST", 0.3)
    async with app.run_test(size=SIZE) as pilot:
        screen = await in_title(app, pilot)
        app.turns.wait_for(Widget())  # a widget that runs nothing: its answer never comes
        await burst(pilot, "kept")  # waits for the keys to be handed on
        assert value(screen, "#title") == "kept"


@pytest.mark.parametrize(
    ("stage", "key"), [("frame", "1"), ("frame", "["), ("summary", "]"), ("summary", "ctrl+n")]
)
async def test_a_focus_key_that_moves_nothing_here_lets_the_keys_after_it_go_at_once(
    app: PmtuiApp, stage: str, key: str
) -> None:
    """The number of the stage shown, ``[`` on the first stage, ``]`` or ``ctrl+n`` on the
    last: the focus stays, so the keys after it go on at once. They waited for the
    fallback before (a second; here the test's minute, so ``burst`` timed out)."""
    async with app.run_test(size=SIZE) as pilot:
        screen = await new_review_at(app, pilot, stage)
        pane = screen.panes[stage]
        await wait_for(pilot, lambda: pane.has_focus)
        await burst(pilot, key, "tab")
        assert screen.current == stage
        assert not pane.has_focus and pane in app.focused.ancestors  # type: ignore[union-attr]
