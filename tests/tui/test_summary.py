"""The summary stage: the document (user text escaped), status, follow-up date."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from markdown_it import MarkdownIt
from textual.widgets import Input, Markdown, Select, Static, TextArea

from pmtui.domain.model import Cause, Commitment, Entry, Fact, Review, Status
from pmtui.domain.templates import load_templates
from pmtui.store.exports.md import block, read_back
from pmtui.store.repository import Store
from pmtui.tui.app import PmtuiApp
from pmtui.tui.forms.document import DocumentForm
from pmtui.tui.messages import OpenReview
from pmtui.tui.modals.confirm import ConfirmModal
from pmtui.tui.screens.review import ReviewScreen
from pmtui.tui.stages.summary import SummaryPane
from tests.tui.pilot_helpers import SIZE, make_review, on_home, on_review, wait_for, wait_saved
from tests.tui.screen_tour import screen_text

TODAY = date(2026, 11, 23)
NASTY = "[bold]x[/] *not em* # no heading | pipe `code` <b>html</b> \\ 🎉"


def rendered_text(markdown: str) -> str:
    """The text a reader sees: every inline text token of the parsed Markdown."""
    out = []
    for token in MarkdownIt("commonmark").enable("table").parse(markdown):
        for child in token.children or []:
            if child.type in ("text", "code_inline"):
                out.append(child.content)
            elif child.type in ("softbreak", "hardbreak"):
                out.append("\n")
    return "".join(out)


def test_escaping_keeps_user_text_literal() -> None:
    assert rendered_text(block(NASTY)) == NASTY
    assert rendered_text(block("- item\n1. two\n> quote")) == "- item\n1. two\n> quote"


def test_review_markdown_has_every_part_in_order() -> None:
    cause = Cause(statement="No canary " + NASTY, category="tooling")
    review = Review(
        title=NASTY,
        created=datetime(2026, 11, 20, 9),
        happened="2026-11-20 14:02",
        severity="SEV2",
        participants=["ana", "ben"],
        facilitator="ana",
        facilitator_part="I approved it",
        facts=[Fact(what="deploy", at="14:02"), Fact(what="alert", at="13:00", approx=True)],
        causes=[cause, Cause(statement="why below", parent_id=cause.id)],
        entries=[Entry(section="went_well", text="rollback was quick")],
        commitments=[Commitment(deliverable="canary stage", owner="ben", due=date(2026, 11, 1))],
    )
    text = read_back(review, load_templates()["postmortem"], today=TODAY)
    seen = rendered_text(text)
    assert NASTY in seen and "No canary " + NASTY in seen
    assert seen.index("alert") < seen.index("deploy")  # the timeline in time order
    assert "approx. 13:00" in seen
    assert "canary stage" in seen and "overdue" in seen
    assert "2027-01-01" in seen  # six weeks after the review by default
    headings = [line for line in text.splitlines() if line.startswith("#")]
    assert headings[1:] == [
        "## The facilitator's part",
        "## What happened",
        "## Trigger",
        "## Detection",
        "## Resolution and mitigation",
        "## What made it likely",
        "## What went well",
        "## Commitments",
        "## Summary",
        "## Impact",
        "## Follow-up",
    ]


def add_review(store: Store, title: str) -> None:
    store.add(make_review(title, created=datetime(2026, 11, 23, 9), due=(date(2026, 12, 4),)))


async def open_summary(app: PmtuiApp, pilot: object) -> SummaryPane:
    await on_home(app, pilot)  # type: ignore[arg-type]
    await pilot.press("enter")  # type: ignore[attr-defined]
    screen = await on_review(app, pilot)  # type: ignore[arg-type]
    screen.open_stage("summary")
    await pilot.pause()  # type: ignore[attr-defined]
    return screen.query_one(SummaryPane)


async def test_document_shows_user_text_literally(app: PmtuiApp, store: Store) -> None:
    add_review(store, NASTY)
    async with app.run_test(size=SIZE) as pilot:
        pane = await open_summary(app, pilot)
        await pilot.pause()
        doc = pane.query_one("#summary-doc", Markdown)
        assert NASTY in rendered_text(doc.source)
        heading = doc.query("MarkdownH1").first()
        assert "[bold]x[/]" in str(heading.render())


async def test_status_change_is_saved_and_completes_the_stage(app: PmtuiApp, store: Store) -> None:
    add_review(store, "status")
    async with app.run_test(size=SIZE) as pilot:
        pane = await open_summary(app, pilot)
        assert pane.completeness() == 0.0
        pane.query_one("#status", Select).value = Status.REVIEWED
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmModal))  # hints are open
        await pilot.press("y")
        await wait_saved(app, pilot)
        assert pane.completeness() == 1.0
        assert "Summary ✓" in str(app.screen.query_one("#step-summary").render())
    assert next(store.reviews()).status is Status.REVIEWED


async def test_follow_up_within_four_to_eight_weeks_is_set(app: PmtuiApp, store: Store) -> None:
    add_review(store, "follow")
    async with app.run_test(size=SIZE) as pilot:
        pane = await open_summary(app, pilot)
        assert pane.query_one("#follow-up", Input).value == "2027-01-04"
        pane.query_one("#follow-up", Input).focus()
        pane.query_one("#follow-up", Input).value = "+5w"
        await pilot.press("enter")
        await wait_saved(app, pilot)
        assert pane.query_one("#follow-up", Input).value == "2026-12-28"
    assert next(store.reviews()).follow_up_on == date(2026, 12, 28)


async def test_follow_up_outside_the_range_asks_first(app: PmtuiApp, store: Store) -> None:
    add_review(store, "follow")
    async with app.run_test(size=SIZE) as pilot:
        pane = await open_summary(app, pilot)
        box = pane.query_one("#follow-up", Input)
        box.value = "+1w"
        await pilot.click("#set-follow-up")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmModal))
        await pilot.press("n")
        await wait_saved(app, pilot)
        assert next(store.reviews()).follow_up_on is None
        box.value = "+10w"
        await pilot.click("#set-follow-up")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmModal))
        await pilot.click("#yes")
        await wait_saved(app, pilot)
    assert next(store.reviews()).follow_up_on == date(2027, 2, 1)


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ("2026-11-25", "2026-11-25 is less than four weeks after the review."),
        ("2027-02-01", "2027-02-01 is more than eight weeks after the review."),
    ],
)
async def test_a_follow_up_outside_the_weeks_is_asked_about_plainly(
    app: PmtuiApp, store: Store, typed: str, said: str
) -> None:
    add_review(store, "follow")
    async with app.run_test(size=(80, 24)) as pilot:
        pane = await open_summary(app, pilot)
        pane.query_one("#follow-up", Input).value = typed
        await pilot.click("#set-follow-up")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmModal))
        question = " ".join(screen_text(app).replace("█", "").split())
        assert said in question
        low, high = (
            pane.review.review_date + timedelta(weeks=4),
            pane.review.review_date + timedelta(weeks=8),
        )
        assert f"between {low} and {high} catches commitments" in question
        assert "is outside" not in question and "a date from" not in question
        await pilot.press("n")


async def test_bad_follow_up_date_is_explained_and_kept(app: PmtuiApp, store: Store) -> None:
    add_review(store, "follow")
    async with app.run_test(size=SIZE) as pilot:
        pane = await open_summary(app, pilot)
        box = pane.query_one("#follow-up", Input)
        box.value = "someday"
        box.focus()
        await pilot.press("enter")
        await pilot.pause()
        error = pane.query_one("#follow-up-error", Static)
        assert error.display and "+2w" in str(error.render())
        assert box.value == "someday"


async def test_open_coach_hints_are_listed_with_their_item(app: PmtuiApp, store: Store) -> None:
    add_review(store, "hints")  # its commitment says nothing of when it is done
    async with app.run_test(size=SIZE) as pilot:
        pane = await open_summary(app, pilot)
        hints = pane.query_one("#coach-hints", Static)
        await wait_for(pilot, lambda: hints.display)
        assert '"hints: fix 0"' in str(hints.render())


async def test_a_cause_seen_in_an_earlier_review_is_pointed_out(
    app: PmtuiApp, store: Store
) -> None:
    earlier = Review(
        title="Ingest backlog in May",
        created=datetime(2026, 5, 2, 9),
        causes=[Cause(statement="The ingest retry policy retries forever with no backoff")],
    )
    store.add(earlier)
    now = Review(
        title="Ingest backlog again",
        created=datetime(2026, 11, 23, 9),
        causes=[Cause(statement="Ingest retries forever with no backoff in the retry policy")],
    )
    store.add(now)
    async with app.run_test(size=SIZE) as pilot:
        await on_home(app, pilot)
        app.post_message(OpenReview(now.id, "summary"))
        await wait_for(pilot, lambda: bool(app.screen.query("SummaryPane #coach-hints")))
        hints = app.screen.query_one("SummaryPane #coach-hints", Static)
        await wait_for(pilot, lambda: "Ingest backlog in May" in str(hints.render()))


async def test_the_summary_and_the_impact_in_numbers_are_written_last(
    app: PmtuiApp, store: Store
) -> None:
    add_review(store, "document")
    async with app.run_test(size=SIZE) as pilot:
        pane = await open_summary(app, pilot)
        assert "To write: summary, impact (press s)." in str(
            pane.query_one("#summary-write", Static).render()
        )
        pane.focus()  # on the stage, as it opens: letters are commands there
        await pilot.press("s")
        await wait_for(pilot, lambda: isinstance(app.screen, DocumentForm))
        form = app.screen
        assert isinstance(form, DocumentForm)
        form.query_one("#doc-summary", TextArea).load_text("Checkout failed for 18 minutes.")
        form.query_one("#doc-impact", TextArea).load_text("Orders failed.")
        form.query_one("#fig-users", Input).value = "12,000"
        form.query_one("#fig-budget", Input).value = "lots"
        await pilot.press("ctrl+s")
        assert "percentage" in str(form.query_one("#form-error", Static).render())
        form.query_one("#fig-budget", Input).value = "35%"
        form.query_one("#fig-duration", Input).value = "1h 30m"
        await pilot.press("ctrl+s")
        await wait_saved(app, pilot)
        assert isinstance(app.screen, ReviewScreen)
        source = pane.query_one("#summary-doc", Markdown).source
        assert "Checkout failed for 18 minutes." in source and "12,000" in source
        assert "1h 30m" in source and "35%" in source
        app.screen.action_undo()  # one step reverts the whole form
        await wait_saved(app, pilot)
    saved = next(store.reviews())
    assert (saved.summary, saved.impact_figures.users) == ("", None)


async def test_the_header_never_says_saved_while_a_follow_up_date_is_not_set(
    app: PmtuiApp, store: Store
) -> None:
    add_review(store, "follow")
    async with app.run_test(size=(80, 24)) as pilot:
        pane = await open_summary(app, pilot)
        indicator = app.screen.query_one("#save-state", Static)
        await wait_saved(app, pilot)
        assert str(indicator.render()) == "saved"
        assert pane.query_one("#set-follow-up").region.right <= 80  # Set is on screen
        pane.query_one("#follow-up", Input).focus()
        await pilot.press("ctrl+u", *"+5w")
        await wait_for(pilot, lambda: "not saved: follow-up date" in str(indicator.render()))
        await pilot.press("enter")
        await wait_saved(app, pilot)
        await wait_for(pilot, lambda: str(indicator.render()) == "saved")
    assert next(store.reviews()).follow_up_on == date(2026, 12, 28)


async def test_a_follow_up_date_typed_but_not_set_outlives_a_save_while_it_lacks_the_cursor(
    app: PmtuiApp, store: Store
) -> None:
    """Found by a newcomer: typed, then `esc` to read the document, and a teammate's save
    (or one's own elsewhere) put the stored date back in the field, the typing gone."""
    add_review(store, "follow")
    async with app.run_test(size=(80, 24)) as pilot:
        pane = await open_summary(app, pilot)
        indicator = app.screen.query_one("#save-state", Static)
        box = pane.query_one("#follow-up", Input)
        box.focus()
        await pilot.press("ctrl+u", *"+5w", "escape")
        await wait_for(pilot, lambda: not box.has_focus)
        review_id = app.screen.session.review_id  # type: ignore[attr-defined]
        store.update(review_id, lambda r: setattr(r, "title", "follow, retitled"))
        app.screen.session.reload()  # type: ignore[attr-defined]
        await wait_for(pilot, lambda: app.screen.session.review.title == "follow, retitled")  # type: ignore[attr-defined]
        await pilot.pause()
        assert box.value == "+5w"
        assert "not saved: follow-up date" in str(indicator.render())
        box.focus()
        await pilot.press("enter")
        await wait_saved(app, pilot)
        assert box.value == "2026-12-28"
        store.update(review_id, lambda r: r.set_follow_up(date(2027, 1, 4), override=True))
        box.blur()
        app.screen.session.reload()  # type: ignore[attr-defined]
        await wait_for(pilot, lambda: box.value == "2027-01-04")  # untouched: follows the store
    assert next(store.reviews()).follow_up_on == date(2027, 1, 4)
