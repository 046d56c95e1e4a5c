"""A whole follow-up review driven through the screen, checked in the store."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from textual.pilot import Pilot
from textual.widgets import Input, Select, Static

from pmtui.domain.model import Commitment, Outcome, Review, Status
from pmtui.store.repository import Store
from pmtui.tui.screens.followup_review import FollowUpReviewScreen
from tests.conftest import FrozenClock
from tests.tui.followup_harness import ScreenApp, settle
from tests.tui.screen_tour import screen_text

TODAY = date(2026, 11, 23)
SIZE = (100, 30)


def _review(store: Store) -> Review:
    return store.add(
        Review(
            title="Checkout outage",
            created=datetime(2026, 10, 1, 9),
            commitments=[
                Commitment(
                    deliverable="alert on queue depth", owner="ana", due=TODAY - timedelta(days=4)
                ),
                Commitment(
                    deliverable="failover runbook", owner="bo", due=TODAY - timedelta(days=1)
                ),
                Commitment(
                    deliverable="load test in CI", owner="cy", due=TODAY - timedelta(days=9)
                ),
            ],
        )
    )


def _keys(text: str) -> list[str]:
    return ["space" if ch == " " else ch for ch in text]


def _screen(app: ScreenApp) -> FollowUpReviewScreen:
    screen = app.screen
    assert isinstance(screen, FollowUpReviewScreen)
    return screen


async def _answer(
    pilot: Pilot[None], screen: FollowUpReviewScreen, outcome: Outcome, **fields: object
) -> None:
    screen.query_one("#fur-outcome", Select).value = outcome
    await pilot.pause()
    for key in ("way", "dropped", "new-due"):
        if key in fields:
            screen.query_one(f"#fur-{key}", Input).value = str(fields[key])
    if "category" in fields:
        screen.query_one("#fur-category", Select).value = fields["category"]
    if "helped" in fields:
        screen.query_one("#fur-helped", Select).value = fields["helped"]
    await pilot.press("ctrl+s")
    await settle(pilot)


async def test_a_whole_follow_up_review_closes_the_review(store: Store, clock: FrozenClock) -> None:
    review = _review(store)
    first, second, _ = (c.id for c in review.commitments)
    app = ScreenApp(lambda: FollowUpReviewScreen(review.id), store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = _screen(app)
        assert screen.current is not None and screen.current.id == first

        await _answer(pilot, screen, Outcome.KEPT, helped="yes")
        assert store.get(review.id).commitment(first).status is Outcome.KEPT
        assert screen.current is not None and screen.current.id == second  # moved on by itself

        # Dropping without a reason is refused, kindly, and nothing is written.
        await _answer(pilot, screen, Outcome.DROPPED)
        assert "say why" in str(screen.query_one("#fur-error", Static).render())
        assert store.get(review.id).commitment(second).is_open
        await _answer(pilot, screen, Outcome.DROPPED, dropped="the old datacenter is gone")

        # Not kept is never a silent close: a new date or a reason to let it go.
        way = {"way": "the CI runners have no spare capacity", "category": "resourcing"}
        await _answer(pilot, screen, Outcome.NOT_KEPT, **way, helped="unknown")
        assert "not kept leaves work undone" in str(screen.query_one("#fur-error", Static).render())
        assert store.get(review.id).commitments[2].is_open
        await _answer(pilot, screen, Outcome.NOT_KEPT, **way, dropped="moving to GitHub CI")
        stored = store.get(review.id)
        assert stored.status is Status.CLOSED
        assert stored.follow_up is not None and stored.follow_up.by == "ana"
        assert stored.follow_up.held_on == TODAY
        kept, dropped, not_kept = stored.commitments
        assert (kept.status, kept.helped, kept.reviewed_at) == (
            Outcome.KEPT,
            True,
            datetime(2026, 11, 23, 10),
        )
        assert (dropped.status, dropped.dropped_reason) == (
            Outcome.DROPPED,
            "the old datacenter is gone",
        )
        assert (not_kept.in_the_way, not_kept.in_the_way_category, not_kept.helped) == (
            "the CI runners have no spare capacity",
            "resourcing",
            None,
        )
        assert (not_kept.status, not_kept.dropped_reason) == (
            Outcome.DROPPED,
            "moving to GitHub CI",
        )
        assert "closed" in str(screen.query_one("#fur-progress", Static).render())


async def test_replan_keeps_the_old_date_in_history(store: Store, clock: FrozenClock) -> None:
    review = _review(store)
    third = review.commitments[2]
    app = ScreenApp(lambda: FollowUpReviewScreen(review.id, start_at=third.id), store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = _screen(app)
        assert screen.current is not None and screen.current.id == third.id
        await pilot.press("ctrl+r")
        await pilot.pause()
        await pilot.press("n", "o", "p", "e", "enter")  # not a date: the dialog says so and stays
        await pilot.pause()
        assert "is not a date" in str(app.screen.query_one("#error").render())
        await pilot.press(*["backspace"] * 4, "+", "2", "w", "enter")
        await pilot.pause()
        await pilot.press(*_keys("waiting on a vendor"), "enter")
        await settle(pilot)
        stored = store.get(review.id).commitment(third.id)
        assert stored.due == TODAY + timedelta(weeks=2)
        assert [(h.old_due, h.new_due, h.reason) for h in stored.history] == [
            (third.due, TODAY + timedelta(weeks=2), "waiting on a vendor")
        ]
        assert "moved on 2026-11-23" in str(screen.query_one("#fur-commitment", Static).render())


async def test_navigation_and_back(store: Store, clock: FrozenClock) -> None:
    review = _review(store)
    app = ScreenApp(lambda: FollowUpReviewScreen(review.id), store, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = _screen(app)
        assert "planned for 2026-11-12" not in str(screen.query_one("#fur-intro", Static).render())
        await pilot.press("ctrl+n")
        assert screen.index == 1
        await pilot.press("ctrl+b", "ctrl+b")
        assert screen.index == 2
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, FollowUpReviewScreen)


async def test_an_early_follow_up_says_when_it_was_planned(
    store: Store, clock: FrozenClock
) -> None:
    review = _review(store)
    store.update(review.id, lambda r: r.set_follow_up(date(2026, 12, 1), override=True))
    app = ScreenApp(lambda: FollowUpReviewScreen(review.id), store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        intro = str(_screen(app).query_one("#fur-intro", Static).render())
        assert "planned for 2026-12-01" in intro


async def test_partly_kept_with_a_new_date_stays_open_with_its_answer(
    store: Store, clock: FrozenClock
) -> None:
    review = _review(store)
    first = review.commitments[0].id
    app = ScreenApp(lambda: FollowUpReviewScreen(review.id), store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = _screen(app)
        await _answer(pilot, screen, Outcome.PARTLY_KEPT, **{"new-due": "someday"})
        assert "someday" in str(screen.query_one("#fur-error", Static).render())
        await _answer(
            pilot, screen, Outcome.PARTLY_KEPT, way="half the alerts moved", **{"new-due": "+2w"}
        )
        stored = store.get(review.id)
        com = stored.commitment(first)
        assert com.is_open and com.due == TODAY + timedelta(weeks=2)
        assert [(h.outcome, h.in_the_way) for h in com.history] == [
            (Outcome.PARTLY_KEPT, "half the alerts moved")
        ]
        assert stored.status is not Status.CLOSED
        assert first in {c.id for c in store.open_commitments(owner=com.owner)}
        screen.action_previous()
        await pilot.pause()
        shown = str(screen.query_one("#fur-commitment", Static).render())
        assert "(partly kept: half the alerts moved)" in shown


async def test_an_open_list_covers_the_label_under_it_whole(
    store: Store, clock: FrozenClock
) -> None:
    """At 80x24 the outcome list opens over the next field's label: it covers the field's
    bar column too, where the label's first letter showed beside the first option
    ("Wit happened (kept)")."""
    review = _review(store)
    app = ScreenApp(lambda: FollowUpReviewScreen(review.id), store, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        choice = _screen(app).query_one("#fur-outcome", Select)
        choice.focus()
        await pilot.press("enter")
        overlay = choice.query_one("SelectOverlay")
        await settle(pilot)
        assert overlay.region.x == choice.region.x, (overlay.region, choice.region)
        rows = screen_text(app).splitlines()
        kept = next(row for row in rows if "it happened (kept)" in row)
        assert kept.strip() == "it happened (kept)", kept
        await pilot.press("down", "enter")
        assert choice.value is not Select.BLANK
