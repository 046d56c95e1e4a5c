"""The causes pane: the why-tree, the reflection sections, and templates without a tree."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from rich.text import Text
from textual.widgets import Input, SelectionList, Static, TextArea

from pmtui.domain.model import Cause, Commitment, Entry, Fact, Kind, Review
from pmtui.editing.session import ReviewSession
from pmtui.store.repository import Store
from pmtui.tui.app import PmtuiApp
from pmtui.tui.forms.cause import CauseForm
from pmtui.tui.forms.entry import EntryForm
from pmtui.tui.modals.dismiss_hint import DismissHintModal
from pmtui.tui.stages._entries import EntryList
from pmtui.tui.stages.base import HINT_MARK
from pmtui.tui.stages.causes import CausesPane, CauseTree
from pmtui.tui.widgets.hints import HintsWidget
from tests.conftest import FrozenClock
from tests.tui.pilot_helpers import SIZE, click_when_shown, new_review_at, wait_for, wait_saved
from tests.tui.stage_harness import PaneApp, open_session, saved_review, set_form_values, template


@pytest.fixture
def review() -> Review:
    r = Review(title="Disk filled on db-2")
    r.facts = [Fact(what="Alert: disk 90%", at="14:02"), Fact(what="Writes fail", at="14:20")]
    top = Cause(statement="No log rotation", category="tooling")
    why = Cause(statement="Rotation lives in a wiki page", category="information", parent_id=top.id)
    deeper = Cause(statement="No owner for base images", category="resourcing", parent_id=why.id)
    r.causes = [top, why, deeper]
    r.commitments = [Commitment(deliverable="logrotate in image", owner="ana", cause_ids=[why.id])]
    return r


@pytest.fixture
def session(store: Store, review: Review) -> Iterator[ReviewSession]:
    s = open_session(store, review)
    yield s
    s.close()


def _labels(app: PmtuiApp) -> list[str]:
    """The tree's lines, without the mark of a coach hint (it comes when the coach has read)."""
    tree = app.screen.query_one(CauseTree)
    labels = []
    for i in range(tree.last_line + 1):
        node = tree.get_node_at_line(i)
        assert node is not None and isinstance(node.label, Text)
        labels.append(node.label.plain.removeprefix(f"{HINT_MARK} "))
    return labels


async def test_add_a_cause_with_a_team_category_and_fact_links(
    store: Store, session: ReviewSession, clock: FrozenClock
) -> None:
    app = PaneApp(CausesPane(session, template("postmortem")), clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("a")
        form = app.screen
        assert isinstance(form, CauseForm)
        await set_form_values(
            pilot, **{"cause-statement": "Alerts page nobody at night", "cause-category": "On-Call"}
        )
        facts = form.query_one("#cause-facts", SelectionList)
        facts.focus()
        await pilot.press("down", "space")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, CauseForm)
        assert "Alerts page nobody at night  · on-call  · 1 fact" in _labels(app)
    cause = saved_review(store, session).causes[-1]
    assert (cause.statement, cause.category, cause.parent_id, cause.author) == (
        "Alerts page nobody at night",
        "on-call",
        None,
        "ana",
    )
    assert cause.fact_ids == [session.review.facts[1].id]


async def test_ask_why_below_and_how_instead(
    store: Store, session: ReviewSession, clock: FrozenClock
) -> None:
    app = PaneApp(CausesPane(session, template("postmortem")), clock)
    top = session.review.causes[0].id
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("w")
        form = app.screen
        assert isinstance(form, CauseForm)
        await set_form_values(pilot, **{"cause-statement": "Nobody reviews cron changes"})
        form.query_one("#cause-question").focus()
        await pilot.press("down", "enter")
        await pilot.click("#form-save")
        await pilot.pause()
        assert any(label.startswith("how? Nobody reviews") for label in _labels(app))
    added = saved_review(store, session).causes[-1]
    assert (added.parent_id, added.question, added.category) == (top, "how", "tooling")


async def test_edit_with_enter_and_empty_category_is_refused(
    store: Store, session: ReviewSession, clock: FrozenClock
) -> None:
    app = PaneApp(CausesPane(session, template("postmortem")), clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("down", "enter")
        form = app.screen
        assert isinstance(form, CauseForm)
        assert form.query_one("#cause-statement", TextArea).text == "Rotation lives in a wiki page"
        await set_form_values(
            pilot,
            **{"cause-statement": "Rotation is documented only in a wiki", "cause-category": ""},
        )
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, CauseForm)
        assert "category" in str(app.screen.query_one("#form-error", Static).render())
        assert (
            form.query_one("#cause-statement", TextArea).text
            == "Rotation is documented only in a wiki"
        )
        await set_form_values(pilot, **{"cause-category": "information"})
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, CauseForm)
        assert app.query_one(CauseTree).cursor_line == 1
    assert (
        saved_review(store, session).causes[1].statement == "Rotation is documented only in a wiki"
    )


async def test_delete_takes_the_whys_below_and_undo_restores_them(
    store: Store, session: ReviewSession, clock: FrozenClock
) -> None:
    app = PaneApp(CausesPane(session, template("postmortem")), clock)
    ids = [c.id for c in session.review.causes]
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("d")
        await pilot.pause()
        assert _labels(app) == []
        stored = saved_review(store, session)
        assert stored.causes == []
        assert stored.commitments[0].cause_ids == []
        await pilot.press("u")
        await pilot.pause()
        assert len(_labels(app)) == 3
    stored = saved_review(store, session)
    assert [c.id for c in stored.causes] == ids
    assert stored.commitments[0].cause_ids == [ids[1]]


async def test_went_well_and_lucky_entries(
    store: Store, session: ReviewSession, clock: FrozenClock
) -> None:
    app = PaneApp(CausesPane(session, template("postmortem")), clock)
    async with app.run_test(size=(100, 30)) as pilot:
        lucky = app.query_one("#section-lucky", EntryList)
        lucky.focus()
        await pilot.press("a")
        assert isinstance(app.screen, EntryForm)
        await pilot.press(*"Traffic was low")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert lucky.option_count == 1
        assert saved_review(store, session).section("lucky")[0].text == "Traffic was low"
        await pilot.press("d")
        await pilot.pause()
        assert lucky.option_count == 0
        assert saved_review(store, session).entries == []
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert lucky.option_count == 1
    assert [e.text for e in saved_review(store, session).lucky] == ["Traffic was low"]


async def test_lessons_template_shows_sections_by_category(
    store: Store, clock: FrozenClock
) -> None:
    review = Review(title="Project Atlas")
    review.entries = [Entry(section="went_wrong", text="[bold]late[/] specs", category="scope")]
    session = open_session(store, review)
    app = PaneApp(CausesPane(session, template("lessons")), clock)
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            assert not app.query(CauseTree)
            keys = [e.section.key for e in app.query(EntryList)]
            assert keys == ["went_well", "went_wrong", "do_differently"]
            wrong = app.query_one("#section-went_wrong", EntryList)
            assert str(wrong.get_option_at_index(0).prompt).startswith("[bold]late[/] specs")
            wrong.focus()
            await pilot.press("a")
            form = app.screen
            assert isinstance(form, EntryForm)
            await set_form_values(
                pilot, **{"entry-text": "Budget cut mid-way", "entry-category": "Budget"}
            )
            await pilot.press("ctrl+s")
            await pilot.pause()
            await pilot.press("up", "e")
            assert isinstance(app.screen, EntryForm)
            await set_form_values(pilot, **{"entry-text": "Specs came late \x1b[31m[red]"})
            await pilot.press("ctrl+s")
            await pilot.pause()
        stored = saved_review(store, session)
        assert [(e.text, e.category) for e in stored.went_wrong] == [
            ("Specs came late [red]", "scope"),
            ("Budget cut mid-way", "budget"),
        ]
    finally:
        session.close()


async def test_check_in_formats_come_from_templates(store: Store, clock: FrozenClock) -> None:
    for name, keys in (
        ("start-stop-continue", ["start", "stop", "continue"]),
        ("4ls", ["liked", "learned", "lacked", "longed_for"]),
        ("glad-sad-mad", ["glad", "sad", "mad"]),
        ("checkin", ["mood", "in_the_way"]),
    ):
        session = open_session(store, Review(title=name))
        pane = CausesPane(session, template(name))
        app = PaneApp(pane, clock)
        try:
            async with app.run_test(size=(80, 24)) as pilot:
                assert [e.section.key for e in app.query(EntryList)] == keys
                assert pane.completeness() == 0.0
                await pilot.press("a")
                await set_form_values(pilot, **{"entry-text": "something"})
                await pilot.press("ctrl+s")
                await pilot.pause()
                assert pane.completeness() == pytest.approx(1 / len(keys), abs=0.001)
            assert saved_review(store, session).section(keys[0])[0].text == "something"
        finally:
            session.close()


def test_completeness_rewards_depth_links_and_sections(session: ReviewSession) -> None:
    pane = CausesPane(session, template("postmortem"))
    shallow = pane.completeness()
    session.review.causes[0].fact_ids = [session.review.facts[0].id]
    session.review.entries.append(Entry(section="went_well", text="alert fired"))
    assert 0 < shallow < pane.completeness() <= 1.0


async def test_causes_through_the_review_screen(app: PmtuiApp, store: Store) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await new_review_at(app, pilot, "causes")
        assert screen.query_one(CauseTree).has_focus
        await pilot.press("a")
        await set_form_values(pilot, **{"cause-statement": "Deploys skip the canary"})
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("w")
        await set_form_values(pilot, **{"cause-statement": "The canary takes an hour"})
        await pilot.press("ctrl+s")
        await wait_saved(app, pilot)
        assert app.screen is screen
        assert len(_labels(app)) == 2
        await pilot.press("up", "d")
        await wait_saved(app, pilot)
        assert _labels(app) == []
        await pilot.press("u")
        await wait_saved(app, pilot)
        assert len(_labels(app)) == 2
        commands = {c.title: c for c in screen.palette_commands()}
        await commands["Add an entry"].run()
        await pilot.pause()
        assert isinstance(app.screen, EntryForm)
        assert app.screen.section.key == "went_well"
        await pilot.press(*"Rollback took 2 minutes", "ctrl+s")
        await wait_saved(app, pilot)
    (review,) = list(store.reviews())
    assert [e.text for e in review.went_well] == ["Rollback took 2 minutes"]
    top, why = review.causes
    assert (top.statement, why.statement, why.parent_id) == (
        "Deploys skip the canary",
        "The canary takes an hour",
        top.id,
    )


async def test_coach_hints_show_beside_the_statement_and_set_aside_is_kept(
    store: Store, session: ReviewSession, clock: FrozenClock
) -> None:
    app = PaneApp(CausesPane(session, template("postmortem")), clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("a")
        form = app.screen
        assert isinstance(form, CauseForm)
        hints = form.query_one(HintsWidget)
        assert not hints.findings
        await pilot.press(*"human error")
        await wait_for(pilot, lambda: bool(hints.findings))
        assert isinstance(app.screen, CauseForm)
        rule = hints.findings[0].rule
        await click_when_shown(pilot, ".dismiss", within=hints)
        await wait_for(
            pilot,
            lambda: (
                isinstance(app.screen, DismissHintModal)
                and getattr(app.focused, "id", None) == "answer"
            ),
        )
        await pilot.press(*"quoting the vendor", "enter")
        await wait_for(pilot, lambda: rule not in {f.rule for f in hints.findings})
        await pilot.press("ctrl+s")
        await pilot.pause()
    stored = saved_review(store, session)
    cause = stored.causes[-1]
    assert cause.statement == "human error"
    (kept,) = stored.dismissed_hints
    assert (kept.item_id, kept.rule, kept.reason, kept.by) == (
        cause.id,
        rule,
        "quoting the vendor",
        "ana",
    )


async def test_refresh_from_relabels_without_moving_the_cursor(
    store: Store, session: ReviewSession, clock: FrozenClock
) -> None:
    pane = CausesPane(session, template("postmortem"))
    app = PaneApp(pane, clock)
    deeper = session.review.causes[2].id
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("down", "down")
        tree = app.screen.query_one(CauseTree)
        assert tree.current_id == deeper

        def reword(r: Review) -> None:
            r.causes[0].statement = "Logs are never rotated"

        store.update(session.review_id, reword)
        assert session.reload() is not None
        pane.refresh_from(session.review)
        await pilot.pause()
        assert _labels(app)[0].startswith("Logs are never rotated")
        assert tree.current_id == deeper


async def test_someone_elses_hidden_entry_stays_hidden(store: Store, clock: FrozenClock) -> None:
    review = Review(title="Retro")
    review.entries = [Entry(section="went_well", text="secret praise", author="ben", hidden=True)]
    session = open_session(store, review)
    app = PaneApp(CausesPane(session, template("postmortem")), clock)
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            entries = app.query_one("#section-went_well", EntryList)
            assert "secret" not in str(entries.get_option_at_index(0).prompt)
            entries.focus()
            await pilot.press("e")
            await pilot.pause()
            assert not isinstance(app.screen, EntryForm)
    finally:
        session.close()


def test_a_quick_review_shows_only_its_tree_and_one_why_is_enough(store: Store) -> None:
    review = Review(title="Near miss", kind=Kind.QUICK)
    top = Cause(statement="Backups run at peak time")
    review.causes = [top, Cause(statement="Cron set up by default", parent_id=top.id)]
    session = open_session(store, review)
    try:
        pane = CausesPane(session, template("quick"))
        assert pane.sections == ()
        assert pane.completeness() == 1.0
    finally:
        session.close()


async def test_what_is_typed_in_a_new_causes_category_replaces_the_default(
    store: Store, session: ReviewSession, clock: FrozenClock
) -> None:
    """The category came with a default as real text: typing made it "systemproc"."""
    app = PaneApp(CausesPane(session, template("postmortem")), clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("a")
        form = app.screen
        assert isinstance(form, CauseForm)
        category = form.query_one("#cause-category", Input)
        default = category.value
        assert default  # a default is offered...
        await pilot.press(*"Alerts page nobody at night", "tab")
        assert category.has_focus and category.selected_text == default  # ...and shown chosen
        await pilot.press(*"proc")
        assert category.value == "proc"
        await pilot.press("shift+tab", "tab", *"ess")  # back again: typing goes on from there
        assert category.value == "process"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: not isinstance(app.screen, CauseForm))
    assert saved_review(store, session).causes[-1].category == "process"


async def test_an_edited_causes_category_is_kept_when_entered(
    store: Store, session: ReviewSession, clock: FrozenClock
) -> None:
    app = PaneApp(CausesPane(session, template("postmortem")), clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        form = app.screen
        assert isinstance(form, CauseForm)
        category = form.query_one("#cause-category", Input)
        category.focus()
        await pilot.press(*"-x")
        assert category.value == "tooling-x"
