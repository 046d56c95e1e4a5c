"""Live editing: several sessions and apps on one review, on one store.

Each participant has their own :class:`Store` object on the same path (as two
processes would), their own session, and, in the app tests, their own app.
"""

from __future__ import annotations

import asyncio
import copy
import functools
import re
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from textual.app import App, ComposeResult
from textual.pilot import Pilot
from textual.widgets import Static

from pmtui.domain.edits import AddItem, RemoveItem
from pmtui.domain.model import Fact, Review
from pmtui.editing.changes import save
from pmtui.editing.session import ReviewSession, SessionEvent
from pmtui.store.presence import Presence
from pmtui.store.repository import Store
from pmtui.tui.app import PmtuiApp
from pmtui.tui.live import LiveWatcher
from pmtui.tui.modals.kept_texts import TITLE, KeptTextsModal
from pmtui.tui.widgets.presence import PresenceLine
from tests.conftest import FrozenClock


def _review(store: Store) -> Review:
    return store.add(Review(title="db failover", facts=[Fact(what="pager fired", author="ana")]))


def _session(
    path: Path, clock: FrozenClock, review_id: str, user: str
) -> tuple[ReviewSession, list[SessionEvent]]:
    store = Store(path, clock=clock)
    events: list[SessionEvent] = []
    return ReviewSession(store, store.get(review_id), user=user, listener=events.append), events


def _replaced(ana: ReviewSession, ben: ReviewSession, mine: str, theirs: str) -> None:
    """Ana saves the title ``mine``, Ben saves ``theirs`` over it unseen; Ana reloads."""
    ana.set("review", None, "title", mine)
    ana.flush()
    ben.set("review", None, "title", theirs)
    ben.flush()
    ana.reload()


Pair = tuple[ReviewSession, ReviewSession, list[SessionEvent], list[SessionEvent]]
"""Ana's and ben's sessions on one review, and what each was told."""


@pytest.fixture
def pair(store: Store, store_path: Path, clock: FrozenClock) -> Iterator[Pair]:
    review = _review(store)
    ana, ana_events = _session(store_path, clock, review.id, "ana")
    ben, ben_events = _session(store_path, clock, review.id, "ben")
    yield ana, ben, ana_events, ben_events
    ana.close()
    ben.close()


def test_an_edit_in_one_session_reaches_the_other(pair: Pair) -> None:
    ana, ben, _, _ = pair
    ana.set("review", None, "title", "database failover")
    assert ana.flush()
    event = ben.reload()
    assert event is not None and event.reloaded and event.kept == []
    assert ben.review.title == "database failover"
    assert ben.reload() is None  # nothing new


def test_concurrent_adds_both_survive(pair: Pair, store: Store) -> None:
    ana, ben, _, _ = pair
    ana.apply(AddItem("facts", Fact(what="failover started", author="ana")))
    ben.apply(AddItem("facts", Fact(what="replica lagged", author="ben")))
    assert ana.flush() and ben.flush()
    ana.reload()
    ben.reload()
    whats = {f.what for f in store.get(ana.review_id).facts}
    assert whats == {"pager fired", "failover started", "replica lagged"}
    assert {f.what for f in ana.review.facts} == whats == {f.what for f in ben.review.facts}
    assert {f.author for f in ana.review.facts} == {"ana", "ben"}


def test_a_same_field_conflict_is_kept_with_the_review_naming_both(
    pair: Pair, store: Store
) -> None:
    ana, ben, _, ben_events = pair
    fact_id = ana.review.facts[0].id
    ana.set("facts", fact_id, "what", "pager fired at 02:14")
    assert ana.flush()
    ben.set("facts", fact_id, "what", "pager fired twice")  # ben had not seen ana's text
    assert ben.flush()
    (told,) = [k for e in ben_events for k in e.kept]  # ben's save recorded it
    stored = store.get(ana.review_id).kept
    assert [
        (k.id, k.text, k.now, k.by, k.replaced_by, k.field_name, k.item_id) for k in stored
    ] == [(told.id, "pager fired at 02:14", "pager fired twice", "ana", "ben", "what", fact_id)]
    assert stored[0].at is not None
    ana.reload()
    assert [k.id for k in ana.kept] == [told.id]
    assert ana.put_back(told.id)
    assert ana.flush()
    saved = store.get(ana.review_id)
    assert saved.facts[0].what == "pager fired at 02:14" and saved.kept == []


def test_typing_on_both_sides_keeps_one_record_each_way(pair: Pair, store: Store) -> None:
    ana, ben, _, _ = pair
    for word in ("lat", "laten", "latency"):
        ana.set("review", None, "summary", word)
        assert ana.flush()
        ben.set("review", None, "summary", f"db {word}")  # ben never reloads: always stale
        assert ben.flush()
    kept = store.get(ana.review_id).kept  # six saves over each other: two records
    assert sorted((k.by, k.replaced_by, k.text) for k in kept) == [
        ("ana", "ben", "latency"),
        ("ben", "ana", "db laten"),
    ]


def test_one_person_in_two_terminals_keeps_the_other_sessions_text(
    store: Store, clock: FrozenClock
) -> None:
    """Two SSH logins of one account are two writers: the replaced text is kept."""
    review = store.add(Review(title="t"))
    one = ReviewSession(Store(store.path, clock=clock), review, user="ana")
    two = ReviewSession(Store(store.path, clock=clock), review, user="ana")
    one.set("review", None, "summary", "a")
    assert one.flush()
    two.set("review", None, "summary", "b")  # two never saw one's "a"
    assert two.flush()
    (kept,) = store.get(review.id).kept
    assert (kept.text, kept.now, kept.by, kept.replaced_by) == ("a", "b", "ana", "ana")
    assert (kept.by_session, kept.replaced_by_session) == (one.session, two.session)
    one.reload()
    assert [k.id for k in one.kept] == [kept.id]  # one's k lists it
    one.set("review", None, "summary", "b and a")  # one's own latest text: no new record
    assert one.flush()
    assert [k.id for k in store.get(review.id).kept] == [kept.id]
    one.close()
    two.close()


def test_an_edit_of_a_deleted_item_is_kept_and_comes_back_as_new(pair: Pair, store: Store) -> None:
    ana, ben, _, _ = pair
    old = ana.review.facts[0]
    ben.apply(RemoveItem("facts", old.id))
    assert ben.flush()
    new = copy.deepcopy(old)
    new.what, new.evidence = "pager fired at 02:14", "PagerDuty incident 88"
    assert save(ana, "facts", old, new, "fact")  # ana's form was open on the old fact
    assert ana.flush()
    saved = store.get(ana.review_id)
    assert saved.facts == []
    (kept,) = saved.kept
    assert (kept.deleted, kept.by, kept.replaced_by) == (True, "ana", "ben")
    assert kept.item is not None and kept.item["evidence"] == "PagerDuty incident 88"
    assert ana.put_back(kept.id)
    assert ana.flush()
    (back,) = store.get(ana.review_id).facts
    assert (back.what, back.evidence, back.id != old.id) == (
        "pager fired at 02:14",
        "PagerDuty incident 88",
        True,
    )
    assert store.get(ana.review_id).kept == []


def test_a_field_being_edited_keeps_its_text_and_the_one_it_replaces(
    pair: Pair, store: Store
) -> None:
    ana, ben, _, _ = pair
    ana.set("review", None, "summary", "first")
    assert ana.flush()
    ben.set("review", None, "summary", "bens")
    assert ben.flush()
    ana.set("review", None, "summary", "ana again")  # queued: it will win and ben's is kept
    ana.reload()
    assert ana.review.summary == "ana again"
    assert ana.flush()
    kept = [(k.by, k.text) for k in store.get(ana.review_id).kept]
    assert kept == [("ana", "first"), ("ben", "bens")]  # ben never saw "first" either


def test_let_go_forgets_kept_text_for_everyone(pair: Pair, store: Store) -> None:
    ana, ben, _, _ = pair
    _replaced(ana, ben, "a", "b")
    (kept,) = ana.kept
    ana.let_go(kept.id)
    assert ana.flush()
    assert ana.kept == [] and store.get(ana.review_id).kept == []
    assert store.get(ana.review_id).title == "b"


# -- the watcher in an app -----------------------------------------------------


class LiveApp(App[None]):
    def __init__(self, session: ReviewSession, presence: Presence, look: float = 0.05) -> None:
        super().__init__()
        self.session = session
        self.presence = presence
        self.look = look
        self.events: list[SessionEvent] = []

    def compose(self) -> ComposeResult:
        yield PresenceLine(self.session.user, id="presence")
        yield Static(self.session.review.title, id="title", markup=False)
        yield LiveWatcher(self.session, presence=self.presence, poll=0.05, look=self.look)


async def _until(pilot: Pilot[None], check: Callable[[], bool], timeout: float = 5.0) -> float:
    start = time.monotonic()
    while not check():
        if time.monotonic() - start > timeout:
            raise AssertionError("timed out waiting")
        await pilot.pause(0.02)
    return time.monotonic() - start


async def test_the_watcher_brings_in_others_saves_and_shows_who_is_here(
    pair: Pair, tmp_path: Path
) -> None:
    ana, ben, ana_events, _ = pair
    app = LiveApp(ana, Presence(ana.store.layout.directory, ana.review_id, "ana"))
    async with app.run_test() as pilot:
        line = app.query_one(PresenceLine)
        await _until(pilot, lambda: line.users == ["ana"])
        ben_here = Presence(ben.store.layout.directory, ben.review_id, "ben")
        ben_here.beat()
        await _until(pilot, lambda: line.users == ["ana", "ben"])
        assert "ben" in str(line.render())
        ben.set("review", None, "title", "database failover")
        assert ben.flush()
        await _until(pilot, lambda: ana.review.title == "database failover")
        assert any(e.reloaded for e in ana_events)
        ben_here.leave()
        await _until(pilot, lambda: line.users == ["ana"])
    assert Presence(ana.store.layout.directory, ana.review_id, "x").users() == []


async def test_arrivals_and_departures_do_not_wait_for_the_timed_look(pair: Pair) -> None:
    """The timed look (the heartbeat) comes every 15 s in use, so that an idle review
    costs next to nothing; someone opening or leaving must still show at once."""
    ana, ben, _, _ = pair
    app = LiveApp(ana, Presence(ana.store.layout.directory, ana.review_id, "ana"), look=600.0)
    async with app.run_test() as pilot:
        line = app.query_one(PresenceLine)
        await _until(pilot, lambda: line.users == ["ana"])
        await pilot.pause(0.3)  # the watch is set up
        ben_here = Presence(ben.store.layout.directory, ben.review_id, "ben")
        ben_here.beat()
        await _until(pilot, lambda: line.users == ["ana", "ben"], timeout=3.0)
        ben_here.leave()
        await _until(pilot, lambda: line.users == ["ana"], timeout=3.0)
        ben.set("review", None, "title", "database failover")
        assert ben.flush()
        await _until(pilot, lambda: ana.review.title == "database failover", timeout=3.0)


async def test_a_look_that_ends_after_the_review_closed_does_not_bring_the_record_back(
    pair: Pair,
) -> None:
    """A look on the watching thread that finishes after the review closed once wrote the
    record back, so the others saw the person for 10 more seconds."""
    ana, *_ = pair
    app = LiveApp(ana, Presence(ana.store.layout.directory, ana.review_id, "ana"))
    async with app.run_test() as pilot:
        watcher = app.query_one(LiveWatcher)
        await _until(pilot, lambda: app.query_one(PresenceLine).users == ["ana"])
    watcher._check_once(force_beat=True)  # a look that was under way when the app closed
    assert Presence(ana.store.layout.directory, ana.review_id, "x").users() == []


async def test_the_watcher_reports_a_broken_store_once(
    pair: Pair, monkeypatch: pytest.MonkeyPatch
) -> None:
    ana, ben, _, _ = pair
    app = LiveApp(ana, Presence(ana.store.layout.directory, ana.review_id, "ana"))
    async with app.run_test() as pilot:
        watcher = app.query_one(LiveWatcher)
        problems: list[str | None] = []

        def broken() -> None:
            raise OSError("disk on fire")

        monkeypatch.setattr(ana, "reload", broken)
        ben.set("review", None, "title", "x")
        ben.flush()
        await _until(pilot, lambda: watcher._error is not None)
        problems.append(watcher._error)
        await asyncio.sleep(0.2)
        assert problems == ["disk on fire"]
        assert any("disk on fire" in str(n.message) for n in app._notifications)


async def test_kept_texts_modal_puts_text_back(pair: Pair, store: Store) -> None:
    ana, ben, _, _ = pair
    _replaced(ana, ben, "anas title", "bens title")
    results: list[int | None] = []
    app = LiveApp(ana, Presence(ana.store.layout.directory, ana.review_id, "ana"))
    async with app.run_test() as pilot:
        app.push_screen(KeptTextsModal(ana), results.append)
        await pilot.pause()
        assert "anas title" in str(app.screen.query_one("#kept-0 Static").render())
        await pilot.click("#put-0")
        await pilot.pause()
        assert results == [1]
        assert ana.flush()
    assert store.get(ana.review_id).title == "anas title"


async def test_kept_texts_title_is_whole_at_80x24(pair: Pair) -> None:
    """Found by a newcomer: the dialog's title ran past its border and was cut."""
    ana, ben, _, _ = pair
    _replaced(ana, ben, "anas title", "bens title")
    app = LiveApp(ana, Presence(ana.store.layout.directory, ana.review_id, "ana"))
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(KeptTextsModal(ana))
        await pilot.pause()
        rows = [strip.text for strip in app.screen._compositor.render_strips()]
        words = " ".join(re.sub(r"[█▀▄▌▐┃│]", " ", "\n".join(rows)).split())
        assert TITLE in words


# -- two whole apps on one review ----------------------------------------------


async def test_two_apps_on_one_review(store_path: Path, clock: FrozenClock, tmp_path: Path) -> None:
    from textual.widgets import Input

    from pmtui.domain.edits import SetField
    from pmtui.tui.app import make_app
    from pmtui.tui.messages import OpenReview
    from pmtui.tui.screens.review import ReviewScreen

    first = Store(store_path, clock=clock)
    review = first.add(
        Review(
            title="db failover",
            template="postmortem",
            facilitator="ana",
            facts=[Fact(what="pager fired", author="ana")],
        )
    )
    ana_app = make_app(store=first, clock=clock, user="ana", config_dir=tmp_path / "c")
    ben_app = make_app(
        store=Store(store_path, clock=clock), clock=clock, user="ben", config_dir=tmp_path / "c"
    )
    async with (
        ana_app.run_test(size=(100, 30)) as ana_pilot,
        ben_app.run_test(size=(100, 30)) as ben_pilot,
    ):

        def on_home(app: PmtuiApp) -> bool:
            return type(app.screen).__name__ == "HomeScreen"

        def on_review(app: PmtuiApp) -> bool:
            return isinstance(app.screen, ReviewScreen)

        for app, pilot in ((ana_app, ana_pilot), (ben_app, ben_pilot)):
            await _until(pilot, functools.partial(on_home, app))
            app.post_message(OpenReview(review.id))
            await _until(pilot, functools.partial(on_review, app))
        ana_screen, ben_screen = ana_app.screen, ben_app.screen
        assert isinstance(ana_screen, ReviewScreen) and isinstance(ben_screen, ReviewScreen)
        ana, ben = ana_screen.session, ben_screen.session

        # Each sees the other in the presence line.
        await _until(ana_pilot, lambda: ana_screen.query_one(PresenceLine).users == ["ana", "ben"])
        await _until(ben_pilot, lambda: ben_screen.query_one(PresenceLine).users == ["ben", "ana"])

        # An edit in one app appears in the other, in its session and on
        # screen, without moving ben's focus (how soon: benchmarks/live.py).
        await _until(ben_pilot, lambda: ben_screen.panes["frame"].has_focus)
        await ben_pilot.press("enter")  # into the fields
        await _until(ben_pilot, lambda: isinstance(ben_app.focused, Input))
        focused = ben_app.focused
        ana.set("review", None, "happened", "2026-11-20 02:14")
        happened = ben_screen.query_one("#happened", Input)
        await _until(ben_pilot, lambda: happened.value == "2026-11-20 02:14")
        assert ben.review.happened == "2026-11-20 02:14"
        assert ben_app.focused is focused

        # Concurrent adds both survive.
        ana.apply(AddItem("facts", Fact(what="failover started", author="ana")))
        ben.apply(AddItem("facts", Fact(what="replica lagged", author="ben")))
        both = {"pager fired", "failover started", "replica lagged"}
        await _until(ana_pilot, lambda: {f.what for f in ana.review.facts} == both)
        await _until(ben_pilot, lambda: {f.what for f in ben.review.facts} == both)

        # A same-field conflict: ben saves over ana's text without having seen it.
        ana.set("review", None, "summary", "failover took 40 minutes")
        assert ana.flush()
        ben.apply(SetField("review", None, "summary", "failover was slow", base=""))
        await _until(ana_pilot, lambda: bool(ana.kept))
        assert ana.kept[0].text == "failover took 40 minutes"
        told = "ben saved over your text in the summary. Yours is kept: press k to put it back."
        await _until(ana_pilot, lambda: told in [str(n.message) for n in ana_app._notifications])
        await _until(
            ben_pilot,
            lambda: any(
                "You saved over ana's newer text in the summary" in str(n.message)
                for n in ben_app._notifications
            ),
        )
        ana_screen.query_one("#home").focus()  # out of the text field, where k is typed
        await ana_pilot.press("k")
        await _until(ana_pilot, lambda: isinstance(ana_app.screen, KeptTextsModal))
        await ana_pilot.click("#put-0")
        await _until(ben_pilot, lambda: ben.review.summary == "failover took 40 minutes")
        assert ana.flush() and ben.flush()
    saved = Store(store_path).get(review.id)
    assert saved.happened == "2026-11-20 02:14"
    assert saved.summary == "failover took 40 minutes"
    assert {f.what for f in saved.facts} == both
    assert {f.author for f in saved.facts} == {"ana", "ben"}


def test_an_invalid_text_is_reported_and_kept_until_corrected(pair: Pair, store: Store) -> None:
    ana, _ben, events, _ = pair
    ana.set("review", None, "title", "x" * 10_000)
    assert not ana.flush(timeout=5)
    assert ana.state.value == "failed" and "title" in (ana.error or "")
    assert any(e.state.value == "failed" for e in events)
    ana.set("review", None, "title", "database failover")  # replaces the queued edit
    ana.retry()
    assert ana.flush(timeout=5)
    assert store.get(ana.review_id).title == "database failover"
