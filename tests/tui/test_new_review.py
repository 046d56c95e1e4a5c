"""Starting reviews: the template picker, the quick review key, the palette."""

from __future__ import annotations

from textual.widgets import OptionList

from pmtui.domain.model import Kind
from pmtui.store.repository import Store
from pmtui.tui.app import PmtuiApp
from pmtui.tui.screens.new_review import NewReviewScreen
from tests.tui.pilot_helpers import SIZE, on_home, on_review, wait_for


async def test_picker_lists_every_kind_postmortem_first_and_starts_one(
    app: PmtuiApp, store: Store
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await on_home(app, pilot)
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, NewReviewScreen))
        options = app.screen.query_one("#templates", OptionList)
        ids = [options.get_option_at_index(i).id for i in range(options.option_count)]
        assert ids[0] == "postmortem"
        assert {"lessons", "quick", "checkin", "personal", "start-stop-continue"} <= set(ids)
        await pilot.press("down", "enter")  # the lessons-learned session
        review = await on_review(app, pilot)
        assert review.template.name == "lessons"
    (saved,) = list(store.reviews())
    assert saved.kind is Kind.LESSONS and saved.template == "lessons"
    assert saved.facilitator == "ana" and saved.author == "ana"
    assert saved.created.isoformat() == "2026-11-23T10:00:00"


async def test_back_from_the_picker_creates_nothing(app: PmtuiApp, store: Store) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await on_home(app, pilot)
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, NewReviewScreen))
        await pilot.press("b")
        await on_home(app, pilot)
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, NewReviewScreen))
        await pilot.click("#back")
        await on_home(app, pilot)
    assert store.summaries() == []


async def test_q_starts_a_quick_review_at_the_frame(app: PmtuiApp, store: Store) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await on_home(app, pilot)
        await pilot.press("q")
        review = await on_review(app, pilot)
        assert review.current == "frame"
        assert review.template.name == "quick"
    (summary,) = store.summaries()
    assert summary.kind is Kind.QUICK
