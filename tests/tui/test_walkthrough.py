"""A whole blameless postmortem, from the home screen to the summary, by keyboard."""

from __future__ import annotations

from datetime import date

from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from pmtui.domain.model import Status
from pmtui.store.repository import Store
from pmtui.tui.app import PmtuiApp
from pmtui.tui.screens.review import ReviewScreen
from pmtui.tui.widgets.item_list import ItemList
from tests.tui.pilot_helpers import SIZE, list_texts, on_home, on_review, wait_for, wait_saved


async def fill_form(pilot: Pilot[None], **values: str) -> None:
    """Type into the open form's fields (ids with - written as _), then save it with ctrl+s."""
    for name, value in values.items():
        widget = pilot.app.screen.query_one(f"#{name.replace('_', '-')}")
        assert isinstance(widget, Input | TextArea)
        widget.focus()
        await pilot.press(*value)
    await pilot.press("ctrl+s")


async def next_stage(app: PmtuiApp, pilot: Pilot[None], screen: ReviewScreen, stage: str) -> None:
    await pilot.press("ctrl+n")
    await wait_for(pilot, lambda: app.screen is screen and screen.current == stage)
    await pilot.pause()


async def test_a_postmortem_from_home_to_summary(app: PmtuiApp, store: Store) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await on_home(app, pilot)
        await pilot.press("n", "enter")
        screen = await on_review(app, pilot)
        assert screen.stages == ["frame", "facts", "causes", "commitments", "summary"]

        # Frame, field by field with tab, from the title (enter goes into the fields).
        await wait_for(pilot, lambda: screen.panes["frame"].has_focus)
        await pilot.press("enter", *"Checkout errors")
        await pilot.press("tab", *"2026-11-20 14:02")
        await pilot.press("tab", "tab", "ctrl+u", *"ana, ben")  # past severity
        await pilot.press("tab", "tab", *"payments")  # past the facilitator (ana)
        await pilot.press("tab", "space")  # the ground rule
        await pilot.press("tab", *"I approved it")
        await wait_saved(app, pilot)
        assert screen.progress()["frame"] == 1.0

        await next_stage(app, pilot, screen, "facts")
        await pilot.press("a")
        await fill_form(pilot, fact_at="14:02", fact_what="Deploy starts")
        await wait_for(pilot, lambda: app.screen is screen)
        await pilot.press("a")
        await fill_form(pilot, fact_at="14:09", fact_what="Error alert")
        await wait_for(pilot, lambda: app.screen is screen)

        await next_stage(app, pilot, screen, "causes")
        await pilot.press("a")
        await fill_form(pilot, cause_statement="No canary stage")
        await wait_for(pilot, lambda: app.screen is screen)

        await next_stage(app, pilot, screen, "commitments")
        await pilot.press("a")
        await fill_form(pilot, commitment_deliverable="Add a canary", commitment_due="+2w")
        await wait_for(pilot, lambda: app.screen is screen)

        await next_stage(app, pilot, screen, "summary")
        assert app.focused is screen.query_one("#pane-summary")  # the stage, as every stage
        await pilot.press("tab")
        assert app.focused is not None and app.focused.id == "status"
        await pilot.press("enter", "down", "enter")  # draft -> in review
        await wait_saved(app, pilot)
        doc = screen.query_one("#summary-doc").source  # type: ignore[attr-defined]
        assert "Add a canary" in doc and "No canary stage" in doc

        await pilot.press("tab", "tab", "tab", "ctrl+o")  # ctrl+o works from any field
        home = await on_home(app, pilot)
        await wait_for(pilot, lambda: home.query_one("#reviews", ItemList).row_count == 1)
        row = list_texts(home.query_one("#reviews", ItemList))[0]
        assert row[1:] == ["Checkout errors", "2026-11-20", "in review", "1", "-"]

    (review,) = list(store.reviews())
    assert review.participants == ["ana", "ben"] and review.tags == ["payments"]
    assert review.ground_rule_ack and review.facilitator_part.startswith("I approved")
    assert [(f.at, f.what) for f in review.facts] == [
        ("14:02", "Deploy starts"),
        ("14:09", "Error alert"),
    ]
    (cause,) = review.causes
    assert cause.statement == "No canary stage"
    (commitment,) = review.commitments
    assert commitment.owner == "ana" and commitment.due == date(2026, 12, 7)
    assert review.status is Status.IN_REVIEW
