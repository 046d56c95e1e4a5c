"""Facilitation that reaches everyone: notices, the facilitator's stage, who left, live lists."""

from __future__ import annotations

from pathlib import Path

from pmtui.domain import rounds
from pmtui.domain.edits import Change
from pmtui.domain.model import Cause, Review, Round
from pmtui.store.repository import Store
from pmtui.tui.app import PmtuiApp, make_app
from pmtui.tui.messages import OpenReview
from pmtui.tui.screens.review import ReviewScreen, facilitation_news, facilitation_state
from pmtui.tui.screens.voting import VotingScreen
from pmtui.tui.widgets.item_list import ItemList
from pmtui.tui.widgets.presence import PresenceLine
from tests.conftest import FrozenClock
from tests.tui.pilot_helpers import wait_for


def _said(app: PmtuiApp) -> list[str]:
    return [str(n.message) for n in app._notifications]


def test_the_news_in_words() -> None:
    review = Review(causes=[Cause(statement="no runbook"), Cause(statement="late alert")])
    titles = [(rounds.CAUSES_ROUND, "Candidate causes"), ("went_wrong", "What went wrong")]
    before = facilitation_state(review)
    opened = Round(section="went_wrong", public_key="k", opened_by="ana")
    review.rounds.append(opened)
    review.dot_votes = 3
    assert facilitation_news(before, review, titles) == [
        "ana opened a private round: What went wrong. Press w to write in it.",
        "Voting is open: 3 votes each. Press v to vote.",
    ]
    before = facilitation_state(review)
    opened.revealed = True
    review.causes[1].votes = {"ben": 2}
    review.dot_votes = 0
    assert facilitation_news(before, review, titles) == [
        "The private round “What went wrong” was revealed: its items are in the review.",
        "Voting is closed. Top: 1. late alert (2). Press v for the ranking.",
    ]
    assert facilitation_news(facilitation_state(review), review, titles) == []


async def test_participants_follow_hear_the_facilitator_and_see_who_left(
    store_path: Path, clock: FrozenClock, tmp_path: Path
) -> None:
    store = Store(store_path, clock=clock)
    review = store.add(
        Review(title="db failover", template="postmortem", facilitator="ana", causes=[])
    )
    ana_app = make_app(store=store, clock=clock, user="ana", config_dir=tmp_path / "c")
    ben_app = make_app(
        store=Store(store_path, clock=clock), clock=clock, user="ben", config_dir=tmp_path / "c"
    )
    async with ben_app.run_test(size=(100, 30)) as ben_pilot:
        await wait_for(ben_pilot, lambda: type(ben_app.screen).__name__ == "HomeScreen")
        ben_app.post_message(OpenReview(review.id))
        await wait_for(ben_pilot, lambda: isinstance(ben_app.screen, ReviewScreen))
        ben = ben_app.screen
        assert isinstance(ben, ReviewScreen) and ben.current == "frame"
        async with ana_app.run_test(size=(100, 30)) as ana_pilot:
            await wait_for(ana_pilot, lambda: type(ana_app.screen).__name__ == "HomeScreen")
            ana_app.post_message(OpenReview(review.id))
            await wait_for(ana_pilot, lambda: isinstance(ana_app.screen, ReviewScreen))
            ana = ana_app.screen
            assert isinstance(ana, ReviewScreen)
            await wait_for(ben_pilot, lambda: "ana opened the review." in _said(ben_app))

            # Ben follows the facilitator's stage...
            ana.open_stage("causes")
            await wait_for(ben_pilot, lambda: ben.current == "causes")
            await wait_for(
                ben_pilot, lambda: any(s.startswith("Following ana: ") for s in _said(ben_app))
            )
            # ...until he presses f.
            await ben_pilot.press("f")
            await wait_for(ben_pilot, lambda: not ben.following)
            ana.open_stage("commitments")
            await ana_pilot.pause(2.5)
            assert ben.current == "causes"

            # Rounds and voting reach everyone.
            found = ana._start_round(rounds.CAUSES_ROUND)
            assert found is not None
            news = "ana opened a private round: Candidate causes. Press w to write in it."
            await wait_for(ben_pilot, lambda: news in _said(ben_app))
            ana.session.apply(Change(lambda r: rounds.open_voting(r, 2), description="open voting"))
            opened = "Voting is open: 2 votes each. Press v to vote."
            await wait_for(ben_pilot, lambda: opened in _said(ben_app))
            ana.session.apply(Change(rounds.close_voting, description="close voting"))
            await wait_for(ben_pilot, lambda: any("Voting is closed" in s for s in _said(ben_app)))
            await wait_for(ben_pilot, lambda: ben.query_one(PresenceLine).users == ["ben", "ana"])
        # Ana's app is closed: ben is told, and the line says so.
        await wait_for(ben_pilot, lambda: "ana left the review." in _said(ben_app))
        line = str(ben.query_one(PresenceLine).render())
        assert "Only you have this review open." in line and "ana left" in line


async def test_everyone_sees_the_ranking_once_voting_is_closed(
    store: Store, store_path: Path, clock: FrozenClock, tmp_path: Path
) -> None:
    from pmtui.editing.session import ReviewSession

    review = store.add(
        Review(
            facilitator="ana",
            causes=[Cause(statement="no runbook", votes={"ana": 1}), Cause(statement="late")],
            dot_votes=2,
        )
    )
    ben = ReviewSession(Store(store_path, clock=clock), review, user="ben")
    app = make_app(store=store, clock=clock, user="ben", config_dir=tmp_path / "c")
    async with app.run_test(size=(100, 30)) as pilot:
        app.push_screen(VotingScreen(ben))
        await wait_for(pilot, lambda: bool(app.screen.query("#vote-ranking")))
        ranking = app.screen.query_one("#vote-ranking")
        assert not ranking.display  # while voting runs, nobody follows the crowd
        ben.apply(Change(rounds.close_voting))
        await wait_for(pilot, lambda: ranking.display)
        assert "no runbook" in str(ranking.render())
    ben.close()


async def test_the_home_list_follows_the_store(
    store: Store, store_path: Path, clock: FrozenClock, tmp_path: Path
) -> None:
    store.add(Review(title="first"))
    app = make_app(store=store, clock=clock, user="ana", config_dir=tmp_path / "c")
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: type(app.screen).__name__ == "HomeScreen")
        table = app.screen.query_one("#reviews", ItemList)
        await wait_for(pilot, lambda: table.row_count == 1)
        Store(store_path, clock=clock).add(Review(title="second, by someone else"))
        await wait_for(pilot, lambda: table.row_count == 2, timeout=5)
