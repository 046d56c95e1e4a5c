"""The review's forms at 80x24 and smaller: the focused field is always in sight (the
fields scroll, the buttons stay), including fields that appear (a decision point's
questions) and fields below an open coach hint."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Select

from pmtui.domain.model import Cause, Fact, Review
from pmtui.editing.session import ReviewSession
from pmtui.store.repository import Store
from pmtui.tui.forms.base import ItemForm
from pmtui.tui.forms.cause import CauseForm
from pmtui.tui.forms.fact import FactForm
from pmtui.tui.stages.causes import CausesPane
from pmtui.tui.stages.facts import FactsPane
from pmtui.tui.widgets.hints import HintsWidget
from tests.conftest import FrozenClock
from tests.tui.pilot_helpers import wait_for
from tests.tui.screen_tour import screen_text
from tests.tui.stage_harness import PaneApp, open_session, saved_review, template


@pytest.fixture
def session(store: Store) -> Iterator[ReviewSession]:
    review = Review(title="Disk filled on db-2")
    review.facts = [
        Fact(what="Alert: disk 90%", at="2026-11-20 14:02"),
        Fact(what="Paged the on-call", at="2026-11-20 14:10"),
        Fact(what="Old logs deleted by hand", at="2026-11-20 14:31"),
    ]
    review.causes = [Cause(statement="No log rotation on db hosts")]
    s = open_session(store, review)
    yield s
    s.close()


def in_sight(widget: Widget) -> bool:
    """The whole widget is drawn on screen (a field: inside the form's scrolling fields)."""
    screen = widget.screen
    body = screen.query_one("#form-body")
    shown = screen.region
    if body in widget.ancestors:
        shown = body.scrollable_content_region.intersection(shown)
    return bool(widget.region) and shown.contains_region(widget.region)


def buttons_in_sight(pilot: Pilot[None]) -> bool:
    form = pilot.app.screen
    return all(
        form.region.contains_region(form.query_one(f"#{b}").region)
        for b in ("form-save", "form-cancel")
    )


async def focused_in_sight(pilot: Pilot[None]) -> Widget:
    await pilot.pause()
    focused = pilot.app.focused
    assert focused is not None
    await wait_for(pilot, lambda: in_sight(focused), timeout=5)
    assert buttons_in_sight(pilot)
    return focused


async def test_a_decision_points_questions_come_into_sight_at_80x24(
    store: Store, session: ReviewSession, clock: FrozenClock
) -> None:
    """The newcomer's keys: the three questions were laid out one row high and
    clipped, so `zzz` went into a field nobody could see."""
    app = PaneApp(FactsPane(session, template("postmortem")), clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("a")
        assert isinstance(app.screen, FactForm)
        await pilot.press(*"14:05", "tab", *"Disk full, writes fail", "tab", "tab", "tab")
        assert app.focused is not None and app.focused.id == "fact-decision"
        await pilot.press("space")
        for field in ("fact-known-then", "fact-options", "fact-pressures"):
            await pilot.press("tab")
            focused = await focused_in_sight(pilot)
            assert focused.id == field
        await pilot.press(*"zzz")
        await wait_for(pilot, lambda: "┃zzz" in screen_text(app).replace(" ", ""))
        for label in ("What was known then", "What options there were", "What pressures"):
            assert label in screen_text(app)
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: not isinstance(app.screen, FactForm))
    added = next(f for f in saved_review(store, session).facts if f.at.endswith("14:05"))
    assert (added.decision, added.pressures) == (True, "zzz")


@pytest.mark.parametrize("height", [24, 16, 12])
async def test_every_field_of_the_fact_form_is_in_sight_when_focused(
    session: ReviewSession, clock: FrozenClock, height: int
) -> None:
    app = PaneApp(FactsPane(session, template("postmortem")), clock)
    async with app.run_test(size=(80, height)) as pilot:
        await pilot.press("a")
        form = app.screen
        assert isinstance(form, FactForm)
        form.query_one("#fact-decision").focus()
        await pilot.press("space", "shift+tab", "shift+tab", "shift+tab", "shift+tab")
        assert app.focused is not None and app.focused.id == "fact-at"
        seen = []
        for _ in range(9):
            seen.append((await focused_in_sight(pilot)).id)
            await pilot.press("tab")
        assert seen == [
            "fact-at",
            "fact-what",
            "fact-evidence",
            "fact-moment",
            "fact-decision",
            "fact-known-then",
            "fact-options",
            "fact-pressures",
            "form-cancel",
        ]


async def test_an_error_under_the_form_keeps_the_field_it_names_in_sight(
    session: ReviewSession, clock: FrozenClock
) -> None:
    app = PaneApp(FactsPane(session, template("postmortem")), clock)
    async with app.run_test(size=(80, 16)) as pilot:
        await pilot.press("a")
        await pilot.press(*"yesterdy", "tab", *"Disk full", "ctrl+s")
        await wait_for(pilot, lambda: "not a" in screen_text(app))
        focused = await focused_in_sight(pilot)
        assert focused.id == "fact-at"


async def test_fields_below_an_open_coach_hint_come_into_sight(
    session: ReviewSession, clock: FrozenClock
) -> None:
    app = PaneApp(FactsPane(session, template("postmortem")), clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("a")
        await pilot.press(*"14:05", "tab", *"Ben should have checked the disk before the deploy")
        hints = app.screen.query_one(HintsWidget)
        await wait_for(pilot, lambda: not hints.has_class("-empty"))
        await pilot.press("tab")
        assert (await focused_in_sight(pilot)).id == "fact-evidence"


async def test_the_facts_a_cause_explains_come_into_sight_below_a_hint(
    session: ReviewSession, clock: FrozenClock
) -> None:
    app = PaneApp(CausesPane(session, template("postmortem")), clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(app.screen, CauseForm))
        await pilot.press(*"Human error by Ben during the cleanup")
        hints = app.screen.query_one(HintsWidget)
        await wait_for(pilot, lambda: not hints.has_class("-empty"))
        await pilot.press("tab", "tab")
        assert (await focused_in_sight(pilot)).id == "cause-facts"
        await pilot.press("down", "down", "space")
        assert (await focused_in_sight(pilot)).id == "cause-facts"
        assert isinstance(app.screen, ItemForm)


@pytest.mark.parametrize("size", [(80, 24), (100, 32)])
async def test_the_key_moment_list_opens_inside_the_fact_form(
    session: ReviewSession, clock: FrozenClock, size: tuple[int, int]
) -> None:
    """The newcomer's keys at 80x24: the list opened below its field, over the form's
    bottom border and past it, as it did at any size (the field is near the bottom)."""
    app = PaneApp(FactsPane(session, template("postmortem")), clock)
    async with app.run_test(size=size) as pilot:
        await pilot.press("a")
        form = app.screen
        assert isinstance(form, FactForm)
        form.query_one("#fact-moment").focus()
        await pilot.press("enter")
        overlay = form.query_one("#fact-moment SelectOverlay")
        await wait_for(pilot, lambda: bool(overlay.region) and overlay.has_focus)
        await pilot.pause()
        inside = form.query_one("#form-frame").content_region
        assert inside.contains_region(overlay.region), (overlay.region, inside)
        assert (overlay.region.x, overlay.region.right) == (inside.x, inside.right)
        assert "it was resolved here" in screen_text(app)
        await pilot.press("down", "down", "enter")
        assert form.query_one("#fact-moment", Select).value == "detected"
