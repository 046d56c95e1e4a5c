"""The stepper says which stages still have coach hints open, and how many, once a stage
has had the coach read the review (at the frame alone the coach is not loaded for it)."""

from __future__ import annotations

import pytest
from textual.dom import DOMNode
from textual.widgets import Static

from pmtui.domain.coach import Finding, open_hints_by_stage
from pmtui.domain.edits import Change
from pmtui.domain.model import Cause, Commitment, Fact, Review
from pmtui.editing import changes
from pmtui.store.repository import Store
from pmtui.tui.app import PmtuiApp
from pmtui.tui.coach_hints import written_hints
from pmtui.tui.screens import review as review_module
from pmtui.tui.screens.review import ReviewScreen
from pmtui.tui.widgets.stepper import Step, Stepper
from tests.tui.pilot_helpers import into_title, open_from_home, wait_for


@pytest.fixture(autouse=True)
def counted_soon(monkeypatch: pytest.MonkeyPatch) -> None:
    """The counts follow a change a moment after it, not the second a typist gets."""
    monkeypatch.setattr(review_module, "HINTS_AFTER", 0.05)


def hinted_review() -> Review:
    return Review(
        title="Checkout errors after the deploy",
        facts=[Fact(what="The deploy started", at="14:02", evidence="deploy log")],
        causes=[Cause(statement="Human error")],
        commitments=[Commitment(deliverable="We will improve our communication", owner="ana")],
    )


def marks(screen: ReviewScreen) -> dict[str, int]:
    return {step.stage: step.hints for step in screen.query_one(Stepper).query(Step) if step.hints}


def step_text(screen: ReviewScreen, stage: str) -> str:
    return screen.query_one(f"#step-{stage}", Step).label.plain


async def open_stage(screen: ReviewScreen, stage: str) -> None:
    built = screen.open_stage(stage)
    if built is not None:
        await built


async def test_stages_with_open_hints_are_marked_as_the_summary_lists_them(
    app: PmtuiApp, store: Store
) -> None:
    review = store.add(hinted_review())
    expected = {stage: len(found) for stage, found in open_hints_by_stage(review).items()}
    assert set(expected) == {"causes", "commitments"}  # the fact is as a fact should be
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_from_home(app, pilot)
        await open_stage(screen, "facts")
        await wait_for(pilot, lambda: marks(screen) == expected)
        assert step_text(screen, "causes") == f"3 Causes !{expected['causes']} 20%"
        assert step_text(screen, "facts") == "2 Facts 67%"
        assert "!" not in step_text(screen, "frame")


async def test_a_statement_reworded_or_a_hint_set_aside_updates_the_count(
    app: PmtuiApp, store: Store
) -> None:
    review = store.add(hinted_review())
    cause = review.causes[0]
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_from_home(app, pilot)
        await open_stage(screen, "causes")
        await wait_for(pilot, lambda: marks(screen).get("causes") == 2)  # blame and no why
        changes.dismiss_hint(screen.session, cause.id, "cause-no-why", "the why is on the board")
        await wait_for(pilot, lambda: marks(screen).get("causes") == 1)

        def reword(r: Review) -> None:
            r.causes[0].statement = "The deploy script has no rollback step"

        screen.session.apply(Change(reword, description="reword the cause"))
        await wait_for(pilot, lambda: "causes" not in marks(screen))
        assert "!" not in step_text(screen, "causes")


async def test_five_stages_with_hints_open_fit_80_columns_without_cutting_one(
    app: PmtuiApp, store: Store
) -> None:
    review = hinted_review()
    review.facts[0].evidence = ""
    review.facts.append(Fact(what="Bob carelessly deployed the wrong build"))
    review.causes.append(Cause(statement="Bob should have known better"))
    store.add(review)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_from_home(app, pilot)
        await open_stage(screen, "commitments")
        await wait_for(pilot, lambda: set(marks(screen)) == {"facts", "causes", "commitments"})
        await pilot.pause()
        stepper = screen.query_one(Stepper)
        steps = list(stepper.query(Step))
        assert stepper.has_class("-tight")
        assert steps[-1].region.right <= 80
        assert all(step.region.width == step.label.cell_len + 1 for step in steps)


async def test_a_cause_seen_in_an_earlier_review_is_listed_in_the_summary_not_counted(
    app: PmtuiApp, store: Store
) -> None:
    """The stepper reads the open review alone: recurrence needs every other review."""
    statement = "The deploy script has no rollback step"
    earlier = Review(
        title="Earlier outage", happened="2020-01-02", causes=[Cause(statement=statement)]
    )
    store.add(earlier)
    review = hinted_review()
    review.causes = [Cause(statement=statement)]
    review = store.add(review)
    history = [s for s in store.summaries() if s.id != review.id]
    listed = open_hints_by_stage(review, history=history)
    assert [f.rule for f in listed["causes"]] == ["cause-recurs"]
    written = {stage: len(found) for stage, found in open_hints_by_stage(review).items()}
    assert "causes" not in written
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_from_home(app, pilot)
        assert screen.review.id == review.id
        await open_stage(screen, "summary")
        await wait_for(pilot, lambda: bool(screen.query("#coach-hints")))
        box = screen.query_one("#coach-hints", Static)
        await wait_for(pilot, lambda: "Earlier outage" in str(box.render()))
        await wait_for(pilot, lambda: marks(screen) == written)
        assert "!" not in step_text(screen, "causes")


async def test_a_review_open_at_its_frame_counts_nothing_until_a_stage_has_the_coach_read_it(
    app: PmtuiApp, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The frame has nothing the coach reads: counting there would load its model and word
    lists for the stepper alone. Typing the title counts nothing; opening causes counts all."""
    monkeypatch.setattr(review_module, "coach_in_memory", lambda: False)  # a fresh pmtui
    counted: list[str] = []

    def counting(node: DOMNode, review: Review) -> dict[str, list[Finding]] | None:
        counted.append(review.title)
        return written_hints(node, review)

    monkeypatch.setattr(review_module, "written_hints", counting)
    store.add(hinted_review())
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_from_home(app, pilot)
        await into_title(pilot, screen)
        await pilot.press(*" again")
        await wait_for(pilot, lambda: screen.review.title.endswith("again"))
        assert not screen.hints_pending  # no count waiting to start
        assert counted == [] and marks(screen) == {}
        await pilot.press("escape", "3")
        await wait_for(pilot, lambda: marks(screen).get("causes") == 2)
        assert set(marks(screen)) == {"causes", "commitments"}
        assert counted and counted[-1].endswith("again")


async def test_once_pmtui_has_read_the_coach_a_review_opened_at_its_frame_is_counted(
    app: PmtuiApp, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Back home and into a review again: the coach is in memory, counting costs nothing."""
    monkeypatch.setattr(review_module, "coach_in_memory", lambda: True)
    store.add(hinted_review())
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_from_home(app, pilot)
        assert screen.current == "frame"
        await wait_for(pilot, lambda: set(marks(screen)) == {"causes", "commitments"})
