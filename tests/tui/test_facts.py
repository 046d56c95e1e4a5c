"""The facts pane: add, edit, delete with undo, time order and bad times, on the store."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Select, Static, TextArea

from pmtui.domain.model import Cause, Fact, Review
from pmtui.domain.timeline import insert_at, timeline
from pmtui.editing.session import ReviewSession
from pmtui.store.repository import Store
from pmtui.tui.app import PmtuiApp
from pmtui.tui.forms.document import DocumentForm
from pmtui.tui.forms.fact import FactForm
from pmtui.tui.modals.confirm import ConfirmModal
from pmtui.tui.stages._table import ItemTable
from pmtui.tui.stages.facts import FactsPane
from tests.conftest import FrozenClock
from tests.tui.pilot_helpers import SIZE, new_review_at, wait_for, wait_saved
from tests.tui.stage_harness import (
    PaneApp,
    column_cells,
    open_session,
    saved_review,
    set_form_values,
    template,
)


@pytest.fixture
def session(store: Store) -> Iterator[ReviewSession]:
    review = Review(title="Disk filled on db-2")
    review.facts = [
        Fact(what="Alert: disk 90%", at="2026-11-20 14:02", evidence="pager"),
        Fact(what="Paged the on-call", at="2026-11-20 14:10"),
    ]
    review.causes = [Cause(statement="No log rotation", fact_ids=[review.facts[0].id])]
    s = open_session(store, review)
    yield s
    s.close()


def _app(session: ReviewSession, clock: FrozenClock) -> PaneApp:
    return PaneApp(FactsPane(session, template("postmortem")), clock)


async def _fill(pilot: Pilot[None], **values: str) -> None:
    assert isinstance(pilot.app.screen, FactForm)
    await set_form_values(pilot, **values)


def _error(pilot: Pilot[None]) -> str:
    return str(pilot.app.screen.query_one("#form-error", Static).render())


async def test_add_a_fact_by_keyboard_lands_in_time_order(
    store: Store, session: ReviewSession, clock: FrozenClock
) -> None:
    app = _app(session, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("a")
        assert isinstance(app.screen, FactForm)
        await pilot.press(*"14:05", "tab")
        await pilot.press(*"Disk full, writes fail")
        await _fill(pilot, **{"fact-evidence": "grafana panel"})
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, FactForm)
        assert column_cells(app, "what") == [
            "Disk full, writes fail",
            "Alert: disk 90%",
            "Paged the on-call",
        ]
    stored = saved_review(store, session)
    assert stored.facts[0].what == "Disk full, writes fail"
    added = stored.facts[0]
    assert (added.at, added.approx, added.evidence, added.author) == (
        "14:05",
        False,
        "grafana panel",
        "ana",
    )


async def test_a_dated_fact_goes_between_the_others(
    store: Store, session: ReviewSession, clock: FrozenClock
) -> None:
    app = _app(session, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("a")
        await _fill(pilot, **{"fact-at": "approx. 2026-11-20 14:05", "fact-what": "Writes slow"})
        await pilot.click("#form-save")
        await pilot.pause()
        assert column_cells(app, "at")[1] == "approx. 2026-11-20 14:05"
    stored = saved_review(store, session)
    assert [f.what for f in stored.facts] == ["Alert: disk 90%", "Writes slow", "Paged the on-call"]
    assert stored.facts[1].approx is True


async def test_bad_time_keeps_the_input_and_says_what_works(
    store: Store, session: ReviewSession, clock: FrozenClock
) -> None:
    app = _app(session, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("a")
        await _fill(pilot, **{"fact-at": "half past two", "fact-what": "Something"})
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, FactForm)
        assert app.screen.query_one("#fact-at", Input).value == "half past two"
        assert app.screen.query_one("#fact-at", Input).has_focus
        assert "14:02" in _error(pilot) and "approx." in _error(pilot)
        await pilot.click("#form-cancel")
        await pilot.pause()
        assert not isinstance(app.screen, FactForm)
    assert len(saved_review(store, session).facts) == 2


async def test_empty_what_is_refused(session: ReviewSession, clock: FrozenClock) -> None:
    app = _app(session, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("a", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, FactForm)
        assert "what happened" in _error(pilot)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, FactForm)


async def test_edit_reveals_decision_fields_and_undo_reverts_all(
    store: Store, session: ReviewSession, clock: FrozenClock
) -> None:
    app = _app(session, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("down", "enter")
        form = app.screen
        assert isinstance(form, FactForm)
        assert not form.query_one("#fact-decision-fields").display
        await _fill(pilot, **{"fact-what": "Paged the on-call twice"})
        form.query_one("#fact-decision").focus()
        await pilot.press("space")
        assert form.query_one("#fact-decision-fields").display
        await _fill(
            pilot,
            **{
                "fact-known-then": "only the disk alert",
                "fact-options": "wait or page",
                "fact-pressures": "release night",
            },
        )
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert column_cells(app, "decision") == ["", "yes"]
        stored = saved_review(store, session)
        fact = stored.facts[1]
        assert (fact.what, fact.decision, fact.options) == (
            "Paged the on-call twice",
            True,
            "wait or page",
        )
        await pilot.press("u")
        await pilot.pause()
        assert column_cells(app, "decision") == ["", ""]
    fact = saved_review(store, session).facts[1]
    assert (fact.what, fact.decision, fact.known_then) == ("Paged the on-call", False, "")


async def test_delete_and_undo_restores_the_fact_and_its_cause_link(
    store: Store, session: ReviewSession, clock: FrozenClock
) -> None:
    app = _app(session, clock)
    first = session.review.facts[0].id
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("d")
        await pilot.pause()
        assert column_cells(app, "what") == ["Paged the on-call"]
        stored = saved_review(store, session)
        assert [f.what for f in stored.facts] == ["Paged the on-call"]
        assert stored.causes[0].fact_ids == []
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert column_cells(app, "what") == ["Alert: disk 90%", "Paged the on-call"]
    stored = saved_review(store, session)
    assert stored.facts[0].id == first
    assert stored.causes[0].fact_ids == [first]


async def test_markup_and_escapes_stay_literal(
    store: Store, session: ReviewSession, clock: FrozenClock
) -> None:
    app = _app(session, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("a")
        await _fill(
            pilot, **{"fact-what": "[bold]boom[/] \x1b[31mred", "fact-evidence": "[link=x]y"}
        )
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "[bold]boom[/] red" in column_cells(app, "what")
        detail = app.query_one("#facts-detail", Static).render()
        assert "[bold]boom[/] red" in str(detail)
    stored = saved_review(store, session)
    assert stored.facts[-1].what == "[bold]boom[/] red"
    assert stored.facts[-1].evidence == "[link=x]y"


async def test_completeness_grows_with_facts(session: ReviewSession, clock: FrozenClock) -> None:
    pane = FactsPane(session, template("postmortem"))
    before = pane.completeness()
    session.review.facts[1].evidence = "pager log"
    assert 0 < before < pane.completeness() < 1


def test_untimed_facts_stay_after_the_fact_they_follow() -> None:
    facts = [Fact(what="b", at="15:00"), Fact(what="b2"), Fact(what="a", at="14:00")]
    assert [f.what for f in timeline(facts)] == ["a", "b", "b2"]
    assert insert_at(facts, "14:30") == 0
    assert insert_at(facts, "") is None


async def test_facts_through_the_review_screen(app: PmtuiApp, store: Store) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await new_review_at(app, pilot, "facts")
        pane = screen.panes["facts"]
        assert isinstance(pane, FactsPane)
        table = pane.query_one(ItemTable)
        await wait_for(pilot, lambda: table.has_focus)  # a pane built on opening takes focus then
        await pilot.press("a")
        await _fill(pilot, **{"fact-at": "bogus", "fact-what": "Deploy started"})
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, FactForm)
        await _fill(pilot, **{"fact-at": "2026-11-20 14:00"})
        await pilot.press("ctrl+s")
        await wait_saved(app, pilot)
        # The form closed on save; mypy still holds app.screen to the form checked above.
        assert app.screen is screen  # type: ignore[comparison-overlap]
        assert screen.progress()["facts"] > 0
    (review,) = list(store.reviews())
    assert [(f.at, f.what, f.author) for f in review.facts] == [
        ("2026-11-20 14:00", "Deploy started", "ana")
    ]


async def test_refresh_from_keeps_the_cursor_on_the_same_fact(
    store: Store, session: ReviewSession, clock: FrozenClock
) -> None:
    pane = FactsPane(session, template("postmortem"))
    app = PaneApp(pane, clock)
    paged = session.review.facts[1].id
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("down")
        assert pane.table.current_id == paged
        store.update(
            session.review_id,
            lambda r: r.facts.insert(0, Fact(what="Cron job changed", at="2026-11-20 09:00")),
        )
        assert session.reload() is not None
        pane.refresh_from(session.review)
        await pilot.pause()
        assert column_cells(app, "what")[0] == "Cron job changed"
        assert pane.table.current_id == paged
        assert pane.table.has_focus


async def test_trigger_detection_and_resolution_are_written_beside_the_timeline(
    store: Store, session: ReviewSession, clock: FrozenClock
) -> None:
    app = _app(session, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        line = app.query_one("#facts-document", Static)
        assert "To write: trigger, detection, resolution (press t)." in str(line.render())
        await pilot.press("t")
        assert isinstance(app.screen, DocumentForm)
        await set_form_values(
            pilot, **{"doc-trigger": "A log burst", "doc-detection": "The disk alert"}
        )
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "Written: trigger, detection. To write: resolution" in str(line.render())
        stored = saved_review(store, session)
        assert (stored.trigger, stored.detection, stored.resolution) == (
            "A log burst",
            "The disk alert",
            "",
        )


async def test_a_fact_marks_a_key_moment_in_a_postmortem_only(
    store: Store, session: ReviewSession, clock: FrozenClock
) -> None:
    app = _app(session, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter")
        form = app.screen
        assert isinstance(form, FactForm)
        form.query_one("#fact-moment", Select).value = "detected"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "Key moment: it was detected here" in str(
            app.query_one("#facts-detail", Static).render()
        )
    assert saved_review(store, session).facts[0].moment == "detected"
    quick = PaneApp(FactsPane(session, template("quick")), clock)
    async with quick.run_test(size=(100, 30)) as pilot:
        assert not quick.query_one("#facts-document", Static).display
        assert not quick.query_one(FactsPane).check_action("write_document", ())
        await pilot.press("a")
        assert quick.screen.query("#fact-moment")  # a moment is marked: it can be changed
    session.review.facts[0].moment = ""
    plain = PaneApp(FactsPane(session, template("quick")), clock)
    async with plain.run_test(size=(100, 30)) as pilot:
        await pilot.press("a")
        assert isinstance(plain.screen, FactForm) and not plain.screen.query("#fact-moment")


async def test_escape_in_a_form_with_typed_text_asks_before_dropping_it(
    store: Store, session: ReviewSession, clock: FrozenClock
) -> None:
    before = list(session.review.facts)
    app = PaneApp(FactsPane(session, template("postmortem")), clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(app.screen, FactForm))
        await pilot.press("escape")  # nothing typed: it just closes
        await wait_for(pilot, lambda: not isinstance(app.screen, FactForm))
        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(app.screen, FactForm))
        form = app.screen
        form.query_one("#fact-what", TextArea).focus()
        await pilot.press(*"deploy started")
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmModal))
        await pilot.press("n")  # keep editing
        await wait_for(pilot, lambda: app.screen is form)
        assert form.query_one("#fact-what", TextArea).text == "deploy started"
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmModal))
        await pilot.press("y")
        await wait_for(pilot, lambda: not isinstance(app.screen, (FactForm, ConfirmModal)))
    assert saved_review(store, session).facts == before
