"""Key lines that tell the truth at 80x24, and the ctrl+c notice in plain words."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from textual.widgets import Select, Static
from textual.widgets._footer import FooterKey

from pmtui.domain.model import Commitment, Review
from pmtui.store.repository import Store
from pmtui.tui.app import PmtuiApp
from pmtui.tui.screens.followup import FollowUpScreen
from pmtui.tui.screens.followup_review import FollowUpReviewScreen
from tests.conftest import FrozenClock
from tests.tui.followup_harness import ScreenApp, settle
from tests.tui.pilot_helpers import into_title, new_review_at, on_home, on_review, wait_for

SIZE = (80, 24)


def key_line(app: PmtuiApp) -> str:
    return " ".join(f"{k.key_display} {k.description}".strip() for k in app.screen.query(FooterKey))


def _review(store: Store) -> Review:
    return store.add(
        Review(
            title="Checkout outage",
            created=datetime(2026, 10, 1, 9),
            commitments=[
                Commitment(
                    deliverable="alert on queue depth",
                    owner="ana",
                    due=date(2026, 11, 23) - timedelta(days=4),
                )
            ],
        )
    )


async def test_ctrl_c_says_how_to_quit_without_markup(app: PmtuiApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await on_home(app, pilot)
        await pilot.press("q")
        await on_review(app, pilot)
        await pilot.press("ctrl+c")
        await wait_for(
            pilot, lambda: any(n.title == "Do you want to quit?" for n in app._notifications)
        )
        (note,) = [n for n in app._notifications if n.title == "Do you want to quit?"]
        assert note.message == "Press ctrl+q to quit the app"


async def test_a_text_field_s_key_line_shows_f1_help_and_what_esc_does(app: PmtuiApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await on_home(app, pilot)
        await pilot.press("q")
        review = await on_review(app, pilot)
        await wait_for(pilot, lambda: "? Help" in key_line(app))
        assert "F1" not in key_line(app)  # `?` says it off the fields
        await into_title(pilot, review)
        await wait_for(pilot, lambda: "F1 Help" in key_line(app))
        assert "esc Leave the field" in key_line(app)
        await pilot.press("escape")
        await wait_for(pilot, lambda: "? Help" in key_line(app))
        assert "F1" not in key_line(app) and "esc" not in key_line(app)


async def test_an_open_menu_s_key_line_says_esc_and_not_ctrl_w(
    store: Store, clock: FrozenClock
) -> None:
    review = _review(store)
    app = ScreenApp(lambda: FollowUpReviewScreen(review.id), store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "esc Back" in key_line(app)
        app.screen.query_one("#fur-outcome", Select).focus()
        await pilot.press("enter")
        await wait_for(pilot, lambda: "esc Dismiss menu" in key_line(app))
        assert "^w" not in key_line(app)
        await pilot.press("escape")
        await wait_for(pilot, lambda: "esc Back" in key_line(app))
        assert isinstance(app.screen, FollowUpReviewScreen)


async def test_the_follow_up_view_s_key_line_says_enter_opens(
    store: Store, clock: FrozenClock
) -> None:
    review = _review(store)
    app = ScreenApp(lambda: FollowUpScreen(), store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await wait_for(pilot, lambda: "⏎ Open" in key_line(app))
        assert "^q Quit" in key_line(app)  # still fits at 80 columns
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, FollowUpReviewScreen))
        opened = app.screen
        assert isinstance(opened, FollowUpReviewScreen) and opened.review_id == review.id


async def test_the_causes_heading_names_the_keys_of_the_key_line(app: PmtuiApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await new_review_at(app, pilot, "causes")
        heading = str(screen.query_one("#causes-heading", Static).render())
        await wait_for(pilot, lambda: "e Edit" in key_line(app))
        assert "e or enter edit" in heading
