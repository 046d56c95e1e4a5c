from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date

import pytest
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from pmtui.domain.ideas import parked
from pmtui.domain.model import CAUSE_CATEGORIES, Kind, Status
from pmtui.prompts import quick
from pmtui.prompts.ask import Cancelled, Prompter
from pmtui.prompts.hints import Coach, DomainCoach
from pmtui.store.repository import Store
from tests.conftest import FrozenClock
from tests.prompts.keys import CLEAR, CTRL_C, Keys, Raw

TODAY = date(2026, 11, 23)


def run_quick(
    keys: Keys, given: quick.QuickAnswers | None = None, coach: Coach | None = None
) -> quick.QuickAnswers:
    return quick.ask(
        keys.prompter,
        given or quick.QuickAnswers(),
        user="ana",
        today=TODAY,
        categories=lambda: list(CAUSE_CATEGORIES),
        coach=coach,
    )


def test_quick_review_asks_three_questions_and_saves_one_linked_review(
    keys: Keys, store: Store, clock: FrozenClock
) -> None:
    keys.answer(
        "The deploy hung for 20 minutes",
        "The rollback was manual",
        "",  # no more lines
        "",  # keep the suggested title
        "The deploy lock has no timeout",
        "3",  # tooling
        "Add a five minute timeout to the deploy lock",
        "",  # owner: ana
        "+2w",
    )
    answers = run_quick(keys)
    review = store.add(quick.build_review(answers, user="ana", now=clock()))

    saved = store.get(review.id)
    assert saved.kind is Kind.QUICK and saved.status is Status.REVIEWED
    assert saved.title == "The deploy hung for 20 minutes"
    assert saved.facts[0].what == "The deploy hung for 20 minutes\nThe rollback was manual"
    cause = saved.causes[0]
    assert cause.category == "tooling" and cause.fact_ids == [saved.facts[0].id]
    com = saved.commitments[0]
    assert com.owner == "ana" and com.due == date(2026, 12, 7) and com.cause_ids == [cause.id]
    first, second = quick.summary_lines(saved)
    assert "The deploy hung" in first and "tooling" in first
    assert "ana" in second and "2026-12-07" in second


def test_answers_given_as_flags_are_not_asked_again(keys: Keys) -> None:
    given = quick.QuickAnswers(what="W", title="T", cause="C", category="process", owner="bo")
    keys.answer("Write the runbook", "friday")
    got = run_quick(keys, given)
    assert (got.commitment, got.owner, got.due) == ("Write the runbook", "bo", date(2026, 11, 27))


def test_a_bad_date_is_asked_again_with_the_forms_that_work(keys: Keys) -> None:
    given = quick.QuickAnswers(what="W", title="T", cause="C", category="process", commitment="D")
    keys.answer("", "next blue moon", "\x152026-12-01")  # Ctrl-U clears the rejected text
    assert run_quick(keys, given).due == date(2026, 12, 1)


def test_ctrl_c_cancels_before_anything_is_saved(keys: Keys, store: Store) -> None:
    keys.answer("The deploy hung", "", "", CTRL_C, Raw("n"))
    with pytest.raises(Cancelled):
        run_quick(keys)
    assert store.summaries() == []


def test_ctrl_c_offers_to_keep_what_was_typed_as_a_draft(
    keys: Keys, store: Store, clock: FrozenClock
) -> None:
    keys.answer("The deploy hung", "", "", "The deploy lock has no timeout", "3", CTRL_C, Raw("y"))
    answers = run_quick(keys)
    assert answers.draft
    review = store.add(quick.build_review(answers, user="ana", now=clock()))
    assert review.status is Status.DRAFT and review.kind is Kind.QUICK
    assert [f.what for f in review.facts] == ["The deploy hung"]
    assert [c.statement for c in review.causes] == ["The deploy lock has no timeout"]
    assert review.commitments == []
    first, second = quick.summary_lines(review)
    assert "kept as a draft" in first and "the commitment still to write" in second


def test_ctrl_c_keeps_the_answer_being_typed(keys: Keys, store: Store, clock: FrozenClock) -> None:
    """questionary gives nothing for a stopped question: what was in its field is kept."""
    keys.answer(Raw("The deploy hung for tw"), CTRL_C, Raw("y"))
    answers = run_quick(keys)
    assert answers.draft and answers.what == "The deploy hung for tw"
    review = store.add(quick.build_review(answers, user="ana", now=clock()))
    assert [f.what for f in review.facts] == ["The deploy hung for tw"]


def test_a_half_typed_cause_is_kept_with_the_first_category(
    keys: Keys, store: Store, clock: FrozenClock
) -> None:
    keys.answer("The deploy hung", "", "", Raw("The lock has no time"), CTRL_C, Raw("y"))
    review = store.add(quick.build_review(run_quick(keys), user="ana", now=clock()))
    (cause,) = review.causes
    assert cause.statement == "The lock has no time" and cause.category == CAUSE_CATEGORIES[0]


def test_a_half_typed_commitment_is_kept_as_an_idea(
    keys: Keys, store: Store, clock: FrozenClock
) -> None:
    keys.answer(
        "The deploy hung",
        "",
        "",
        "The lock has no timeout",
        "3",
        Raw("Add a lock time"),
        CTRL_C,
        Raw("y"),
    )
    review = store.add(quick.build_review(run_quick(keys), user="ana", now=clock()))
    assert review.commitments == []
    assert [e.text for e in parked(review)] == ["Add a lock time"]
    _first, second = quick.summary_lines(review)
    assert "kept as an idea: p in Commitments makes it one" in second


def test_ctrl_c_with_nothing_typed_in_this_run_keeps_nothing(keys: Keys) -> None:
    given = quick.QuickAnswers(what="W", title="T")
    keys.answer(CTRL_C, Raw("y"))  # stopped at the cause, nothing typed
    with pytest.raises(Cancelled):
        run_quick(keys, given)


def test_an_empty_required_answer_is_not_accepted(keys: Keys, store: Store) -> None:
    keys.answer("", "   ")  # Enter on an empty "what happened", then on blanks: still asked
    with pytest.raises(Cancelled):
        run_quick(keys)
    assert store.summaries() == []


@dataclass
class Hint:
    rule: str
    message: str
    suggestion: str


def blame_coach(stage: str, text: str) -> list[Hint]:
    if stage == "causes" and "careless" in text:
        return [Hint("blame", "this points at a person", "ask what made it reasonable")]
    return []


def test_a_coach_hint_can_be_taken_by_rewriting_the_answer(keys: Keys) -> None:
    given = quick.QuickAnswers(
        what="W", title="T", category="process", commitment="D", owner="bo", due=TODAY
    )
    # Rewrite: clear the offered text (Ctrl-U) and type the systemic cause.
    keys.answer("Bo was careless", "1", CLEAR + "The alert went to an unwatched channel")
    got = run_quick(keys, given, coach=blame_coach)
    assert got.cause == "The alert went to an unwatched channel"
    assert "this points at a person" in keys.said.getvalue()


def test_a_coach_hint_can_be_set_aside(keys: Keys) -> None:
    given = quick.QuickAnswers(
        what="W", title="T", category="process", commitment="D", owner="bo", due=TODAY
    )
    keys.answer("Bo was careless", "2")
    assert run_quick(keys, given, coach=blame_coach).cause == "Bo was careless"


def test_missing_names_the_flags_a_scripted_run_lacks() -> None:
    assert quick.missing(quick.QuickAnswers(what="W", cause="C")) == [
        "--category",
        "--commitment",
        "--due",
    ]
    full = quick.QuickAnswers(what="W", cause="C", category="x", commitment="D", due=TODAY)
    assert quick.missing(full) == []


def test_the_title_defaults_to_the_first_line_of_what_happened(clock: FrozenClock) -> None:
    a = quick.QuickAnswers(what="x" * 200 + "\nmore", cause="C", category="process", commitment="D")
    review = quick.build_review(a, user="ana", now=clock())
    assert len(review.title) == quick.TITLE_LENGTH and review.title.endswith("…")


def test_a_hint_set_aside_is_remembered_on_the_review(keys: Keys, clock: FrozenClock) -> None:
    given = quick.QuickAnswers(
        what="W", title="T", category="process", commitment="D", owner="bo", due=TODAY
    )
    keys.answer("Bo was careless", "2")
    review = quick.build_review(run_quick(keys, given, coach=blame_coach), user="ana", now=clock())
    [dismissal] = review.dismissed_hints
    assert (dismissal.item_id, dismissal.rule, dismissal.by) == (
        review.causes[0].id,
        "blame",
        "ana",
    )


def test_the_domain_coach_knows_the_people_of_the_review(keys: Keys) -> None:
    given = quick.QuickAnswers(
        what="W", title="T", category="process", commitment="D", owner="bo", due=TODAY
    )
    keys.answer("Human error by the on-call", "1", CLEAR + "The runbook skipped the lock step")
    got = run_quick(keys, given, coach=DomainCoach(["ana", "bo"]))
    assert got.cause == "The runbook skipped the lock step"
    assert "hint: " in keys.said.getvalue() and got.set_aside == {"causes": []}


def test_a_cause_rewritten_at_its_hint_is_counted_as_flagged_and_rewritten(
    keys: Keys, clock: FrozenClock
) -> None:
    """The flagged wording never reaches the store: practice health counted nothing."""
    from pmtui.domain.verdicts import coach_judge, record_verdicts, review_numbers

    given = quick.QuickAnswers(
        what="W", title="T", category="process", commitment="D", owner="bo", due=TODAY
    )
    keys.answer("Sam forgot to run the migration", "1", CLEAR + "The deploy skips migrations")
    got = run_quick(keys, given, coach=DomainCoach(["ana", "bo"]))
    assert got.cause == "The deploy skips migrations" and got.raised["causes"]
    review = quick.build_review(got, user="ana", now=clock())
    record_verdicts(review, {}, coach_judge())  # as the store does when it is saved
    numbers = review_numbers(review)
    assert (numbers["flagged"], numbers["rewritten"], numbers["set_aside"]) == (1, 1, 0)
    # Without the rules raised on the first wording, the save saw only the rewrite.
    got.raised = {}
    plain = quick.build_review(got, user="ana", now=clock())
    record_verdicts(plain, {}, coach_judge())
    assert review_numbers(plain)["flagged"] == 0


def test_a_stopped_draft_is_offered_to_continue_by_default(keys: Keys) -> None:
    keys.answer("")  # Enter: the default
    assert quick.continue_stopped(keys.prompter, "The deploy hung") is True


def test_a_new_quick_review_may_be_started_instead(keys: Keys) -> None:
    keys.answer(Raw("n"))
    assert quick.continue_stopped(keys.prompter, "The deploy hung") is False


def test_ctrl_c_on_the_offer_stops_without_an_answer(keys: Keys) -> None:
    keys.answer(CTRL_C)
    with pytest.raises(Cancelled):
        quick.continue_stopped(keys.prompter, "The deploy hung")


def test_the_answers_kept_for_a_draft_come_back_as_they_were() -> None:
    answers = quick.QuickAnswers(
        title="Deploy hung",
        what="The deploy hung\nThe rollback was manual",
        happened="2026-11-23 14:02",
        approx=True,
        cause="The deploy lock has no timeout",
        owner="ana",
        due=date(2026, 12, 7),
        set_aside={"facts": ["hindsight"]},
        raised={"causes": ["cause-person", "cause-hindsight"]},
    )
    assert quick.answers_from(quick.answers_dict(answers)) == answers
    with pytest.raises(ValueError):
        quick.answers_from({"due": "someday"})


def test_a_stopped_draft_goes_on_at_the_answer_it_was_stopped_at(keys: Keys) -> None:
    """Ctrl-C in the middle of the commitment, kept as a draft; continuing it asks the
    commitment again with what was typed, to finish, then only what is left."""
    keys.answer(
        "The deploy hung", "", "", "The deploy lock has no timeout", "3",
        Raw("Add a lock tim"), CTRL_C, Raw("y"),
    )  # fmt: skip
    stopped = run_quick(keys)
    assert stopped.draft and stopped.stopped_at == "commitment"
    kept = quick.answers_from(quick.answers_dict(stopped))
    with create_pipe_input() as inp:  # the next pmtui quick
        again = Keys(Prompter(input=inp, output=DummyOutput(), out=io.StringIO()), keys.said, inp)
        again.answer("eout", "", "+2w")  # finish the commitment; owner ana; due
        answers = run_quick(again, kept)
    assert answers.commitment == "Add a lock timeout" and not answers.draft
    assert answers.cause == "The deploy lock has no timeout" and answers.owner == "ana"
