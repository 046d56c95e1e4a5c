"""The quick review's due date: said as people say it, and a past one asked about once."""

from __future__ import annotations

from datetime import date

from pmtui.domain.model import CAUSE_CATEGORIES
from pmtui.prompts import quick
from tests.prompts.keys import Keys, Raw

TODAY = date(2026, 11, 23)  # a Monday


def ask_due(keys: Keys) -> date | None:
    given = quick.QuickAnswers(
        what="The deploy hung", title="Deploy hung", cause="No lock timeout",
        category="tooling", commitment="Add a lock timeout", owner="ana",
    )  # fmt: skip
    answers = quick.ask(
        keys.prompter, given, user="ana", today=TODAY, categories=lambda: list(CAUSE_CATEGORIES)
    )
    return answers.due


def test_next_friday_and_in_two_weeks_are_due_dates(keys: Keys) -> None:
    keys.answer("next friday")
    assert ask_due(keys) == date(2026, 11, 27)


def test_a_due_date_in_the_past_is_asked_about_and_can_be_given_again(keys: Keys) -> None:
    keys.answer("2026-11-01", Raw("n"), "in 2 weeks")
    assert ask_due(keys) == date(2026, 12, 7)


def test_a_past_due_date_kept_on_purpose(keys: Keys) -> None:
    keys.answer("2026-11-20", Raw("y"))
    assert ask_due(keys) == date(2026, 11, 20)


def ask_with_due_given(keys: Keys, due: date) -> date | None:
    given = quick.QuickAnswers(
        what="The deploy hung", title="Deploy hung", cause="No lock timeout",
        category="tooling", commitment="Add a lock timeout", owner="ana", due=due,
    )  # fmt: skip
    answers = quick.ask(
        keys.prompter, given, user="ana", today=TODAY, categories=lambda: list(CAUSE_CATEGORIES)
    )
    return answers.due


def test_a_past_due_date_given_as_a_flag_is_asked_about_once(keys: Keys) -> None:
    keys.answer(Raw("n"), "friday")
    assert ask_with_due_given(keys, date(2026, 11, 1)) == date(2026, 11, 27)


def test_a_past_due_date_given_as_a_flag_kept_on_purpose(keys: Keys) -> None:
    keys.answer(Raw("y"))
    assert ask_with_due_given(keys, date(2026, 11, 1)) == date(2026, 11, 1)
