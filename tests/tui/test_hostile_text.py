"""The app on a store a teammate edited by hand: every screen draws the text, never runs it.

Every text field of a review holds an escape sequence that sets the window
title, clears the screen and writes the clipboard, plus C1 and bidi
controls. The test walks every screen, stage, form and modal the review
reaches and checks what the app would send to the terminal: each rendered
line, each notification, the header. Nothing may carry a control character.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from textual.pilot import Pilot

from pmtui.domain.text import shown
from pmtui.store.repository import Store
from pmtui.tui.app import PmtuiApp, make_app
from pmtui.tui.screens.review import ReviewScreen
from tests.hostile import ATTACK, EVERYTHING, fields_shown, full_review, plant, unsafe_in
from tests.tui.pilot_helpers import on_home, on_review, wait_for

SIZE = (160, 60)


def drawn(app: PmtuiApp) -> str:
    """Every line the current screen sends to the terminal, as text."""
    strips = app.screen._compositor.render_strips()
    return "\n".join(strip.text for strip in strips)


class Seen:
    """What the app drew on every screen visited, checked as it goes."""

    def __init__(self, app: PmtuiApp) -> None:
        self.app = app
        self.text: list[str] = []

    async def look(self, pilot: Pilot[None], where: str) -> str:
        await pilot.pause()
        screen = drawn(self.app)
        notes = [f"{n.title} {n.message}" for n in self.app._notifications]
        assert not unsafe_in(screen), (where, unsafe_in(screen))
        assert not unsafe_in("\n".join(notes)), (where, notes)
        assert not unsafe_in(f"{self.app.title} {self.app.sub_title}")
        assert not unsafe_in(f"{self.app.screen.title} {self.app.screen.sub_title}")
        self.text.append(screen)
        return screen


async def _until(pilot: Pilot[None], check: Callable[[], object]) -> None:
    await wait_for(pilot, check)
    await pilot.pause()


def _hostile_store(store: Store, now: datetime) -> str:
    review = store.add(full_review(now.date()))
    return plant(store, review.id, EVERYTHING, ids=False)


async def test_every_screen_of_a_hostile_review_draws_its_text_visibly(
    store: Store, clock: Callable[[], datetime], config_dir: Path
) -> None:
    rid = _hostile_store(store, clock())
    app = make_app(store=store, clock=clock, user="ana", config_dir=config_dir)
    async with app.run_test(size=SIZE) as pilot:
        seen = Seen(app)
        await on_home(app, pilot)
        home = await seen.look(pilot, "home")
        assert shown(ATTACK) in home  # the title, visible in the list
        await pilot.press("enter")  # the carry-over table has the focus? open whatever is there
        review = await on_review(app, pilot)
        assert review.review.id == rid
        for stage in review.stages:
            review.open_stage(stage)
            await seen.look(pilot, stage)
        for stage, key in (("facts", "e"), ("commitments", "e")):
            review.open_stage(stage)
            await pilot.pause()
            await pilot.press(key)
            await _until(pilot, lambda: not isinstance(app.screen, ReviewScreen))
            await seen.look(pilot, f"{stage} form")
            await pilot.press("escape")
            await _until(pilot, lambda: isinstance(app.screen, ReviewScreen))
        review.open_stage("causes")
        await pilot.pause()
        await pilot.press("e")
        await _until(pilot, lambda: not isinstance(app.screen, ReviewScreen))
        await seen.look(pilot, "cause form")
        await pilot.press("escape")
        await _until(pilot, lambda: isinstance(app.screen, ReviewScreen))
        for key, where in (("v", "voting"), ("k", "kept texts"), ("question_mark", "help")):
            review.focus()
            await pilot.press(key)
            await _until(pilot, lambda: not isinstance(app.screen, ReviewScreen))
            screen = await seen.look(pilot, where)
            if where == "kept texts":  # the kept text and the one that replaced it, shown
                assert "<text>" in screen and "<now>" in screen, screen
            await pilot.press("escape")
            await _until(pilot, lambda: isinstance(app.screen, ReviewScreen))
        review.action_private_round()
        await _until(pilot, lambda: not isinstance(app.screen, ReviewScreen))
        await pilot.press("enter")
        await pilot.pause()
        await seen.look(pilot, "private round")
        await pilot.press("ctrl+r")  # only the facilitator reveals: the notice names them
        await seen.look(pilot, "reveal refused")
        while not isinstance(app.screen, ReviewScreen):
            await pilot.press("escape")
            await pilot.pause()
        review.action_back()
        await on_home(app, pilot)
        for key, where in (("f", "follow-up view"), ("i", "insights")):
            await pilot.press(key)
            await _until(pilot, lambda: type(app.screen).__name__ != "HomeScreen")
            await pilot.pause(0.3)
            await seen.look(pilot, where)
            if where == "follow-up view":
                await pilot.press("enter")  # the review whose follow-up has come
                await _until(pilot, lambda: type(app.screen).__name__ == "FollowUpReviewScreen")
                await pilot.pause(0.3)
                await seen.look(pilot, "follow-up review")
            while type(app.screen).__name__ != "HomeScreen":
                app.pop_screen()
                await pilot.pause()
            await on_home(app, pilot)
    every = "\n".join(seen.text)
    # The text is there to read, not dropped: most fields of the review were drawn.
    assert {"title", "deliverable", "what", "statement", "owner", "facilitator"} <= fields_shown(
        every
    )


async def test_a_hostile_review_is_not_rewritten_by_opening_it(
    store: Store, clock: Callable[[], datetime], config_dir: Path
) -> None:
    rid = _hostile_store(store, clock())
    before = store.get(rid)
    app = make_app(store=store, clock=clock, user="ana", config_dir=config_dir)
    async with app.run_test(size=SIZE) as pilot:
        await on_home(app, pilot)
        app.post_message(__import__("pmtui.tui.messages", fromlist=["x"]).OpenReview(rid))
        review = await on_review(app, pilot)
        for stage in review.stages:
            review.open_stage(stage)
            await pilot.pause()
        review.session.flush()
    assert Store(store.path).get(rid) == before
