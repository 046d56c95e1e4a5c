"""Dot voting and private rounds, driven with keys, two participants on one store."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from textual.app import App
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Input, OptionList

from pmtui.domain import rounds
from pmtui.domain.edits import Change
from pmtui.domain.model import Cause, Review, Round
from pmtui.domain.templates import load_templates
from pmtui.editing.session import ReviewSession
from pmtui.store.keys import KeyRing
from pmtui.store.repository import Store
from pmtui.tui.modals.round_picker import RoundPicker
from pmtui.tui.screens.rounds import RoundScreen, round_sections
from pmtui.tui.screens.voting import VotingScreen
from pmtui.tui.styles import stylesheets
from tests.conftest import FrozenClock

SIZE = (100, 30)


class Host(App[None]):
    """The smallest app that shows one screen over a session, with the app's styles."""

    CSS_PATH = [str(p) for p in stylesheets()]

    def __init__(self, make: Callable[[], Screen[None]]) -> None:
        super().__init__()
        self.make = make

    def on_mount(self) -> None:
        self.push_screen(self.make())


async def _until(pilot: Pilot[None], check: Callable[[], bool], timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "timed out waiting"
        await pilot.pause(0.02)


def _review(store: Store, **kw: object) -> Review:
    causes = [Cause(statement=s) for s in ("no runbook", "alert too late", "manual failover")]
    return store.add(Review(title="db failover", facilitator="ana", causes=causes, **kw))  # type: ignore[arg-type]


def _session(path: Path, clock: FrozenClock, review_id: str, user: str) -> ReviewSession:
    store = Store(path, clock=clock)
    return ReviewSession(store, store.get(review_id), user=user)


async def test_facilitator_opens_voting_everyone_votes_top_causes_become_commitments(
    store: Store, store_path: Path, clock: FrozenClock
) -> None:
    review = _review(store)
    ana = _session(store_path, clock, review.id, "ana")
    ben = _session(store_path, clock, review.id, "ben")
    app = Host(lambda: VotingScreen(ana))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, VotingScreen)
        await pilot.press("plus")  # not open yet: nothing happens
        assert rounds.votes_used(ana.review, "ana") == 0
        await pilot.press("o")
        await pilot.pause()
        app.screen.query_one(Input).value = "3"
        await pilot.press("enter")
        await _until(pilot, lambda: ana.review.dot_votes == 3)
        await pilot.press("down", "plus", "space", "down", "plus", "plus")  # 4th is refused
        assert ana.flush()
        assert rounds.votes_left(ana.review, "ana") == 0
        ben.reload()
        ben.apply(_vote(review.causes[1].id, "ben"))
        ben.apply(_vote(review.causes[2].id, "ben"))
        assert ben.flush()
        ana.reload()
        await _until(
            pilot, lambda: "  3  alert too late" in str(screen.query_one("#vote-ranking").render())
        )
        ranked = [(c.statement, n) for c, n in rounds.ranking(ana.review)]
        assert ranked == [("alert too late", 3), ("manual failover", 2), ("no runbook", 0)]
        await pilot.press("t")
        await pilot.pause()
        app.screen.query_one(Input).value = "1"
        await pilot.press("enter")
        await _until(pilot, lambda: len(ana.review.commitments) == 1)
        assert ana.flush()
    saved = store.get(review.id)
    (draft,) = saved.commitments
    assert draft.cause_ids == [review.causes[1].id] and draft.author == "ana"
    assert saved.causes[1].votes == {"ana": 2, "ben": 1}
    ana.close()
    ben.close()


def _vote(cause_id: str, user: str):  # type: ignore[no-untyped-def]
    from pmtui.domain.edits import Change

    return Change(lambda r: rounds.place_vote(r, cause_id, user))


async def test_only_the_facilitator_opens_voting(
    store: Store, store_path: Path, clock: FrozenClock
) -> None:
    review = _review(store)
    ben = _session(store_path, clock, review.id, "ben")
    app = Host(lambda: VotingScreen(ben))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, VotingScreen)  # no prompt opened
        assert not app.screen.query("#open")
        assert any("facilitator" in str(n.message) for n in app._notifications)
    ben.close()


async def test_a_private_round_is_sealed_until_revealed_and_then_anonymous(
    store: Store, store_path: Path, clock: FrozenClock, tmp_path: Path
) -> None:
    review = _review(store)
    ana = _session(store_path, clock, review.id, "ana")
    ben = _session(store_path, clock, review.id, "ben")
    ana_keys, ben_keys = KeyRing(tmp_path / "ana-keys"), KeyRing(tmp_path / "ben-keys")
    opened = Round(section="went_wrong", public_key="", opened_by="ana")
    opened.public_key = ana_keys.new_round_key(opened.id)
    ana.apply(Change(lambda r: rounds.add_opened_round(r, opened)))
    assert ana.flush()
    ben.reload()
    ben_app = Host(lambda: RoundScreen(ben, opened.id, "What went wrong", ben_keys))
    async with ben_app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        field = ben_app.screen.query_one("#round-input", Input)
        await pilot.press(*"the failover", "space", *"script was untested", "enter")
        field.value = "nobody owned the runbook"  # typing is shown once; the rest is set
        await pilot.press("enter")
        mine = ben_app.screen.query_one("#round-mine", OptionList)
        assert mine.option_count == 2
        assert not ben_app.screen.query("#reveal")  # ben holds no key to this round
        assert ben.flush()
    stored = store.path.parent.joinpath("pmtui.reviews").glob("*.json")
    on_disk = "".join(path.read_text() for path in stored)
    assert "untested" not in on_disk and "nobody owned" not in on_disk
    ana.reload()
    assert len(ana.review.sealed) == 2
    assert all(ana_keys.open_mine(s.mine) is None for s in ana.review.sealed)
    ana_app = Host(lambda: RoundScreen(ana, opened.id, "What went wrong", ana_keys))
    async with ana_app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        status = str(ana_app.screen.query_one("#round-status").render())
        assert "2 items waiting" in status
        assert "failover script" not in status
        await pilot.press("ctrl+r")
        await pilot.pause()
        await pilot.press("y")
        await _until(pilot, lambda: not ana.review.sealed)
        assert ana.flush()
        await _until(pilot, lambda: not ana_keys.holds(opened.id))
    saved = store.get(review.id)
    texts = {(e.text, e.author, e.hidden) for e in saved.entries}
    assert texts == {
        ("the failover script was untested", "", False),
        ("nobody owned the runbook", "", False),
    }
    assert not {e.id for e in saved.entries} & {s.id for s in ana.review.sealed}
    ana.close()
    ben.close()


async def test_the_round_picker_offers_causes_and_the_template_sections(
    store: Store, store_path: Path, clock: FrozenClock, tmp_path: Path
) -> None:
    template = load_templates(tmp_path / "no-config")["checkin"]
    choices = round_sections(template)
    assert choices[0] == (rounds.CAUSES_ROUND, "Candidate causes")
    assert [k for k, _ in choices[1:]] == [s.key for s in template.sections]
    results: list[tuple[str, str] | None] = []

    class PickerHost(App[None]):
        def on_mount(self) -> None:
            self.push_screen(RoundPicker(choices), results.append)

    app = PickerHost()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("down", "enter")
        await pilot.pause()
    assert results == [choices[1]]
