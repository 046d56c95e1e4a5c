"""The commitments pane: add with the user as owner, dates as people type them, undo."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from textual.widgets import Button, Input, Select, SelectionList, Static, TextArea

from pmtui.domain.coach import is_group_owner
from pmtui.domain.model import Cause, Commitment, Entry, Review
from pmtui.editing import changes
from pmtui.editing.session import ReviewSession
from pmtui.store.repository import Store
from pmtui.tui.app import PmtuiApp
from pmtui.tui.forms.commitment import CommitmentForm
from pmtui.tui.modals.confirm import ConfirmModal
from pmtui.tui.modals.dismiss_hint import DismissHintModal
from pmtui.tui.modals.pick import PickModal
from pmtui.tui.stages.commitments import CommitmentsPane
from pmtui.tui.widgets.hints import HintsWidget
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
    review = Review(title="Disk filled on db-2", participants=["ana", "ben"])
    review.causes = [Cause(statement="No log rotation"), Cause(statement="Alerts too late")]
    review.commitments = [
        Commitment(deliverable="logrotate in base image", owner="ben", due=date(2026, 11, 20))
    ]
    s = open_session(store, review)
    yield s
    s.close()


@pytest.mark.parametrize(
    ("typed", "due"),
    [
        ("2026-12-01", date(2026, 12, 1)),
        ("tomorrow", date(2026, 11, 24)),
        ("+2w", date(2026, 12, 7)),
        ("friday", date(2026, 11, 27)),
    ],
)
async def test_add_with_the_user_as_owner_and_a_typed_date(
    store: Store, session: ReviewSession, clock: FrozenClock, typed: str, due: date
) -> None:
    app = PaneApp(CommitmentsPane(session, template("postmortem")), clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("a")
        form = app.screen
        assert isinstance(form, CommitmentForm)
        assert form.query_one("#commitment-owner", Input).value == "ana"
        await set_form_values(
            pilot,
            **{
                "commitment-deliverable": "Page the on-call at 80% disk",
                "commitment-done-when": "alert rule merged",
                "commitment-due": typed,
            },
        )
        form.query_one("#commitment-causes", SelectionList).focus()
        await pilot.press("down", "space")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, CommitmentForm)
        assert column_cells(app, "due")[-1] == due.isoformat()
    added = saved_review(store, session).commitments[-1]
    assert (added.owner, added.deliverable, added.done_when, added.due, added.author) == (
        "ana",
        "Page the on-call at 80% disk",
        "alert rule merged",
        due,
        "ana",
    )
    assert added.cause_ids == [session.review.causes[1].id]


async def test_bad_date_keeps_the_input_and_lists_the_forms(
    store: Store, session: ReviewSession, clock: FrozenClock
) -> None:
    app = PaneApp(CommitmentsPane(session, template("postmortem")), clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("a")
        await set_form_values(
            pilot, **{"commitment-deliverable": "Something", "commitment-due": "next sprint"}
        )
        await pilot.click("#form-save")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, CommitmentForm)
        due = form.query_one("#commitment-due", Input)
        assert due.value == "next sprint" and due.has_focus
        error = str(form.query_one("#form-error", Static).render())
        assert "+2w" in error and "friday" in error
        await set_form_values(pilot, **{"commitment-owner": "", "commitment-due": "+1w"})
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "owns it" in str(form.query_one("#form-error", Static).render())
        await set_form_values(pilot, **{"commitment-owner": "ana and ben"})
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "not one person" in str(form.query_one("#form-error", Static).render())
        assert form.query_one("#commitment-owner", Input).value == "ana and ben"
        await pilot.click("#form-cancel")
        await pilot.pause()
    assert len(saved_review(store, session).commitments) == 1


async def test_edit_then_undo_reverts_every_field(
    store: Store, session: ReviewSession, clock: FrozenClock
) -> None:
    app = PaneApp(CommitmentsPane(session, template("postmortem")), clock)
    async with app.run_test(size=(100, 30)) as pilot:
        assert column_cells(app, "due") == ["2026-11-20 overdue"]
        await pilot.press("enter")
        form = app.screen
        assert isinstance(form, CommitmentForm)
        assert form.query_one("#commitment-due", Input).value == "2026-11-20"
        await set_form_values(pilot, **{"commitment-owner": "cleo", "commitment-due": "+3d"})
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert column_cells(app, "owner") == ["cleo"]
        stored = saved_review(store, session).commitments[0]
        assert (stored.owner, stored.due) == ("cleo", date(2026, 11, 26))
        await pilot.press("u")
        await pilot.pause()
        assert column_cells(app, "owner") == ["ben"]
    stored = saved_review(store, session).commitments[0]
    assert (stored.owner, stored.due) == ("ben", date(2026, 11, 20))


async def test_delete_and_undo(store: Store, session: ReviewSession, clock: FrozenClock) -> None:
    app = PaneApp(CommitmentsPane(session, template("postmortem")), clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("d")
        await pilot.pause()
        assert column_cells(app, "owner") == []
        assert saved_review(store, session).commitments == []
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert column_cells(app, "owner") == ["ben"]
    assert [c.deliverable for c in saved_review(store, session).commitments] == [
        "logrotate in base image"
    ]


async def test_markup_and_escapes_stay_literal(
    store: Store, session: ReviewSession, clock: FrozenClock
) -> None:
    app = PaneApp(CommitmentsPane(session, template("postmortem")), clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("a")
        await set_form_values(
            pilot,
            **{
                "commitment-deliverable": "[bold]fix[/] \x1b]0;pwned\x07it",
                "commitment-due": "+1w",
            },
        )
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert column_cells(app, "deliverable")[-1] == "[bold]fix[/] it"
        assert "[bold]fix[/] it" in str(app.query_one("#commitments-detail", Static).render())
    assert saved_review(store, session).commitments[-1].deliverable == "[bold]fix[/] it"


def test_completeness_counts_what_each_commitment_has(session: ReviewSession) -> None:
    pane = CommitmentsPane(session, template("postmortem"))
    partial = pane.completeness()
    c = session.review.commitments[0]
    c.done_when, c.cause_ids = "merged", [session.review.causes[0].id]
    assert 0 < partial < pane.completeness() == 1.0


async def test_commitments_through_the_review_screen(app: PmtuiApp, store: Store) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await new_review_at(app, pilot, "commitments")
        await pilot.press("a")
        await set_form_values(
            pilot, **{"commitment-deliverable": "Canary in 10 minutes", "commitment-due": "+1w"}
        )
        await pilot.press("ctrl+s")
        await wait_saved(app, pilot)
        assert app.screen is screen
        assert screen.progress()["commitments"] > 0
    (review,) = list(store.reviews())
    (c,) = review.commitments
    assert (c.owner, c.deliverable, c.due) == ("ana", "Canary in 10 minutes", date(2026, 11, 30))


def test_one_person_owns_a_commitment() -> None:
    assert not is_group_owner("ana") and not is_group_owner("Anne-Marie O'Neil")
    for group in ("the team", "Everyone", "ana, ben", "ana and ben", "ana & ben", "ops/dev"):
        assert is_group_owner(group)


async def test_a_postmortem_commitment_has_a_type_a_priority_and_a_ticket(
    store: Store, session: ReviewSession, clock: FrozenClock
) -> None:
    app = PaneApp(CommitmentsPane(session, template("postmortem")), clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter")
        form = app.screen
        assert isinstance(form, CommitmentForm)
        form.query_one("#commitment-type", Select).value = "prevent"
        form.query_one("#commitment-priority", Select).value = "P1"
        await set_form_values(pilot, **{"commitment-link": "the ops board"})
        await pilot.press("ctrl+s")
        assert "OPS-123" in str(form.query_one("#form-error", Static).render())
        await set_form_values(pilot, **{"commitment-link": "OPS-123"})
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, CommitmentForm)
        detail = str(app.query_one("#commitments-detail", Static).render())
        assert "Type: prevent" in detail and "Priority: P1" in detail
        assert "Tracked in: OPS-123" in detail
    saved = saved_review(store, session).commitments[0]
    assert (saved.type, saved.priority, saved.link) == ("prevent", "P1", "OPS-123")
    quick = PaneApp(CommitmentsPane(session, template("quick")), clock)
    async with quick.run_test(size=(100, 30)) as pilot:
        await pilot.press("a")
        assert isinstance(quick.screen, CommitmentForm)
        assert not quick.screen.query("#commitment-type, #commitment-priority, #commitment-link")


async def test_a_parked_idea_is_promoted_to_a_commitment(
    store: Store, session: ReviewSession, clock: FrozenClock
) -> None:
    for text in ("Canary for config pushes", "A chaos day each quarter"):
        changes.add(session, "entries", Entry(section="ideas", text=text), "idea")
    app = PaneApp(CommitmentsPane(session, template("postmortem")), clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("p")
        assert isinstance(app.screen, PickModal)
        await pilot.press("down", "enter")
        form = app.screen
        assert isinstance(form, CommitmentForm)
        assert (
            form.query_one("#commitment-deliverable", TextArea).text == "A chaos day each quarter"
        )
        await set_form_values(pilot, **{"commitment-due": "+4w", "commitment-done-when": "held"})
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert column_cells(app, "deliverable")[-1] == "A chaos day each quarter"
    stored = saved_review(store, session)
    assert [e.text for e in stored.entries] == ["Canary for config pushes"]
    assert stored.commitments[-1].due == date(2026, 12, 21)


async def test_a_commitment_without_a_due_date_is_not_saved(
    store: Store, session: ReviewSession, clock: FrozenClock
) -> None:
    app = PaneApp(CommitmentsPane(session, template("postmortem")), clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("a")
        form = app.screen
        assert isinstance(form, CommitmentForm)
        due = form.query_one("#commitment-due", Input)
        assert due.value == "" and due.placeholder == "e.g. +2w"  # a hint, never a value
        await set_form_values(pilot, **{"commitment-deliverable": "Rotate logs daily"})
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form and due.has_focus
        assert "needs when it is due" in str(form.query_one("#form-error", Static).render())
        await set_form_values(pilot, **{"commitment-due": "in 2 weeks"})
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: not isinstance(app.screen, CommitmentForm))
    assert saved_review(store, session).commitments[-1].due == date(2026, 12, 7)


async def test_a_past_due_date_is_asked_once_and_an_unchanged_one_not_again(
    store: Store, session: ReviewSession, clock: FrozenClock
) -> None:
    app = PaneApp(CommitmentsPane(session, template("postmortem")), clock)
    async with app.run_test(size=(100, 30)) as pilot:
        # ben's commitment, already past due, is edited without being asked again
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, CommitmentForm))
        await set_form_values(pilot, **{"commitment-owner": "cleo"})
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: not isinstance(app.screen, (CommitmentForm, ConfirmModal)))
        await pilot.press("a")
        await set_form_values(
            pilot, **{"commitment-deliverable": "Rotate logs", "commitment-due": "2026-11-01"}
        )
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmModal))
        assert "2026-11-01 is in the past (22 days ago)" in app.screen.question  # type: ignore[attr-defined]
        await pilot.press("n")  # change it
        await wait_for(pilot, lambda: isinstance(app.screen, CommitmentForm))
        assert app.screen.query_one("#commitment-due", Input).has_focus
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmModal))
        await pilot.press("y")  # keep it
        await wait_for(pilot, lambda: not isinstance(app.screen, (CommitmentForm, ConfirmModal)))
    stored = saved_review(store, session).commitments
    assert [(c.owner, c.due) for c in stored] == [
        ("cleo", date(2026, 11, 20)),
        ("ana", date(2026, 11, 1)),
    ]


async def test_a_coach_hint_never_joins_the_tab_chain_and_ctrl_t_sets_it_aside(
    store: Store, session: ReviewSession, clock: FrozenClock
) -> None:
    app = PaneApp(CommitmentsPane(session, template("postmortem")), clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("a")
        form = app.screen
        assert isinstance(form, CommitmentForm)
        form.query_one("#commitment-deliverable", TextArea).focus()
        await pilot.press(*"We will improve our communication")
        hints = form.query_one(HintsWidget)
        await wait_for(pilot, lambda: bool(hints.findings))
        await pilot.pause()
        assert all(not b.can_focus for b in hints.query(Button))
        await pilot.press("tab")
        assert app.focused is form.query_one("#commitment-done-when", Input)
        await pilot.press("tab")
        assert app.focused is form.query_one("#commitment-due", Input)
        await pilot.press("ctrl+t")
        await wait_for(pilot, lambda: isinstance(app.screen, DismissHintModal))
