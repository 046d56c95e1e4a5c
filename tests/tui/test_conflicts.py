"""Two people in one field: one calm notice each, in words, and the loser sees the winner."""

from __future__ import annotations

import functools
from pathlib import Path

from textual.widgets import Input

from pmtui.domain import conflicts
from pmtui.domain.edits import SetField
from pmtui.domain.model import Fact, KeptText, Review
from pmtui.editing.session import ReviewSession
from pmtui.store.repository import Store
from pmtui.tui.app import PmtuiApp, make_app
from pmtui.tui.messages import OpenReview
from pmtui.tui.screens.review import ReviewScreen
from tests.conftest import FrozenClock
from tests.tui.pilot_helpers import wait_for


def _replaced_notices(app: PmtuiApp) -> list[str]:
    return [str(n.message) for n in app._notifications if n.title == "Text replaced"]


async def test_typing_against_each_other_gives_one_notice_and_shows_the_winner(
    store_path: Path, clock: FrozenClock, tmp_path: Path
) -> None:
    store = Store(store_path, clock=clock)
    review = store.add(Review(title="db failover", template="postmortem", facilitator="ana"))
    app = make_app(store=store, clock=clock, user="ana", config_dir=tmp_path / "c")
    ben = Store(store_path, clock=clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: type(app.screen).__name__ == "HomeScreen")
        app.post_message(OpenReview(review.id))
        await wait_for(pilot, lambda: isinstance(app.screen, ReviewScreen))
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        await wait_for(pilot, lambda: bool(screen.query("#title")))
        title = screen.query_one("#title", Input)
        await wait_for(pilot, lambda: screen.panes["frame"].has_focus)
        await pilot.press("enter")  # into the fields, at the end of the title
        await wait_for(pilot, lambda: app.focused is title)
        last = "db failover"
        for round_ in range(4):  # both keep typing; ben never saw ana's text
            await pilot.press(*"x")
            assert screen.session.flush()
            mine = screen.session.review.title
            saved = ben.update(
                review.id, functools.partial(_ben_types, text=f"latency {round_}", base=last)
            )
            last = saved.title
            await wait_for(pilot, functools.partial(_shows, title, last))  # the field shows who won
            assert app.focused is title and mine != last
        notices = _replaced_notices(app)
        assert notices == [
            "ben saved over your text in the title. Yours is kept: press k to put it back."
        ]
        (kept,) = store.get(review.id).kept
        assert kept.text == "latency 2x"  # the newest of ana's texts that lost


def _shows(field: Input, text: str) -> bool:
    return field.value == text


def _ben_types(review: Review, text: str, base: str) -> None:
    """Ben's pmtui saving his typing, based on what he saw (not ana's newer text)."""
    over = SetField("review", None, "title", text, base).apply(review)
    edits = [SetField("review", None, "title", text, base)]
    conflicts.record(review, edits, [over] if over else [], "ben", FrozenClock()())


def test_values_are_told_in_plain_words() -> None:
    assert conflicts.shown(["ana", "ben"]) == "ana, ben"
    assert conflicts.shown(True) == "yes"
    assert conflicts.shown(None) == "(nothing)"
    assert conflicts.shown("a\n  b") == "a b"
    assert conflicts.shown("x" * 100, 10) == "x" * 9 + "…"
    fact = Fact(what="replica lagged")
    review = Review(facts=[fact])
    kept = KeptText("facts", fact.id, "evidence", "PD-1", "ana", "ben")
    assert conflicts.place(review, kept) == "fact “replica lagged” (evidence)"
    whole = KeptText("facts", "gone", "", None, "ana", "ben", item={"what": "db down"})
    assert conflicts.place(review, whole) == "fact “db down”"
    assert conflicts.place(review, KeptText("review", None, "impact", "", "a", "b")) == "the impact"


async def test_my_other_session_saving_the_title_i_type_in_is_kept_and_told(
    store_path: Path, clock: FrozenClock, tmp_path: Path
) -> None:
    """The newcomer's two terminals: the other session saves the title while this one's
    field (focused, so not refreshed) still shows the old text; typing there saves over
    a text this session never showed, which is kept and told, not lost."""
    store = Store(store_path, clock=clock)
    review = store.add(Review(title="deploy - v2", template="postmortem", facilitator="ana"))
    app = make_app(store=store, clock=clock, user="ana", config_dir=tmp_path / "c")
    other = ReviewSession(Store(store_path, clock=clock), review, user="ana")
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: type(app.screen).__name__ == "HomeScreen")
        app.post_message(OpenReview(review.id))
        await wait_for(pilot, lambda: isinstance(app.screen, ReviewScreen))
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        await wait_for(pilot, lambda: bool(screen.query("#title")))
        title = screen.query_one("#title", Input)
        await wait_for(pilot, lambda: screen.panes["frame"].has_focus)
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.focused is title)
        other.set("review", None, "title", "deploy - v2 B")
        assert other.flush()
        await wait_for(pilot, lambda: screen.session.review.title == "deploy - v2 B")
        assert title.value == "deploy - v2"  # the field being typed in is left alone
        await pilot.press("space", "A")
        assert screen.session.flush()
        saved = store.get(review.id)
        assert saved.title == "deploy - v2 A"
        (kept,) = saved.kept
        assert (kept.text, kept.by_session) == ("deploy - v2 B", other.session)
        await wait_for(pilot, lambda: bool(_replaced_notices(app)))
        assert _replaced_notices(app) == [
            "You saved over your other session's newer text in the title. It is kept: k shows it."
        ]
        other.reload()
        assert [k.id for k in other.kept] == [kept.id]
    other.close()
