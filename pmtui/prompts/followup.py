"""The follow-up walk: for each commitment that has come due, what became of it.

Outcomes are recorded only through :mod:`pmtui.domain.followup`, inside
``store.update`` so an answer lands on the freshest copy of its review, the
same way the app's follow-up review records them. Each commitment is saved
as soon as it is answered; Ctrl-C leaves the one being asked untouched.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import TYPE_CHECKING

from pmtui.domain import followup as rules
from pmtui.domain.model import UNFINISHED, Outcome, Review, ValidationError
from pmtui.domain.summary import OpenCommitment
from pmtui.domain.text import first_line, plural
from pmtui.prompts.ask import Prompter
from pmtui.prompts.hints import Coach, ask_with_hints
from pmtui.prompts.quick import TITLE_LENGTH, ask_date

if TYPE_CHECKING:
    from pmtui.store.repository import Store

SKIP = "skip"
REPLAN, DROP = "replan", "drop"
NEXT_STEPS = [("keep it open with a new due date", REPLAN), ("drop it (say why)", DROP)]
REPLAN_OR_DROP = "--new-due or --reason"

OUTCOME_CHOICES: list[tuple[str, Outcome | str]] = [
    ("kept", Outcome.KEPT),
    ("partly kept", Outcome.PARTLY_KEPT),
    ("not kept", Outcome.NOT_KEPT),
    ("dropped (say why)", Outcome.DROPPED),
]


@dataclass
class FollowUpAnswers:
    outcome: Outcome | None = None
    in_the_way: str = ""
    category: str = ""
    helped: bool | None = None
    reason: str = ""
    """Why a commitment is dropped (dropped, or partly / not kept and not re-planned)."""
    new_due: date | None = None
    """A new date for a commitment that stays open (partly or not kept)."""


def missing(a: FollowUpAnswers) -> list[str]:
    """The flags a scripted follow-up still needs for the outcome it records."""
    if a.outcome is None:
        return ["--outcome"]
    lacking = []
    if a.outcome in UNFINISHED:
        if not a.in_the_way:
            lacking.append("--in-the-way")
        if not a.category:
            lacking.append("--category")
        if a.new_due is None and not a.reason:
            lacking.append(REPLAN_OR_DROP)
    if a.outcome is Outcome.DROPPED and not a.reason:
        lacking.append("--reason")
    return lacking


def check(a: FollowUpAnswers) -> None:
    """Refuse flags that do not fit the outcome, rather than silently ignoring them."""
    if a.new_due is not None and a.outcome not in UNFINISHED:
        raise ValidationError("--new-due", "only with --outcome partly or not-kept")
    if a.reason and a.outcome not in (*UNFINISHED, Outcome.DROPPED):
        raise ValidationError("--reason", "only with --outcome dropped, partly or not-kept")
    if a.reason and a.new_due is not None:
        raise ValidationError(
            "--new-due", "either --new-due (it stays open) or --reason (it is dropped), not both"
        )


def describe(item: OpenCommitment, today: date) -> str:
    """One line naming a commitment, its review and how due it is."""
    if item.due is None:
        when = "no due date"
    elif item.due < today:
        days = (today - item.due).days
        when = f"due {item.due.isoformat()}, {plural(days, 'day')} overdue"
    elif item.due == today:
        when = "due today"
    else:
        when = f"due {item.due.isoformat()}"
    review = first_line(item.review_title, TITLE_LENGTH)
    return f"{first_line(item.deliverable, TITLE_LENGTH)} ({item.owner}; {when}; from {review})"


def ask(
    prompter: Prompter,
    item: OpenCommitment,
    given: FollowUpAnswers,
    *,
    today: date,
    categories: Sequence[str],
    coach: Coach | None = None,
    extra: Sequence[tuple[str, str]] = (),
) -> FollowUpAnswers | str:
    """Ask what ``given`` lacks for one commitment.

    ``extra`` adds choices besides the four outcomes (such as "skip for now");
    when one of them is picked, its value is returned instead of answers.
    """
    a = replace(given)
    if a.outcome is None:
        outcome = prompter.select("What became of it?", [*OUTCOME_CHOICES, *extra])
        if not isinstance(outcome, Outcome):  # one of the extras (Outcome is a str too)
            return outcome
        a.outcome = outcome
    if a.outcome is Outcome.DROPPED and not a.reason:
        a.reason = prompter.text("Why is it dropped?", required=True)
    if a.outcome in UNFINISHED:
        if not a.in_the_way:
            a.in_the_way = ask_with_hints(prompter, coach, "causes", "What got in the way?")
        if not a.category:
            a.category = prompter.select(
                "What kind of obstacle was it?", [(c, c) for c in categories], categories[0]
            )
    if a.outcome in (Outcome.KEPT, Outcome.PARTLY_KEPT) and a.helped is None:
        a.helped = prompter.select(
            "Did it help?", [("yes", True), ("no", False), ("too early to say", None)]
        )
    if a.outcome in UNFINISHED and a.new_due is None and not a.reason:
        if prompter.select("The rest is not done: what now?", NEXT_STEPS) == REPLAN:
            a.new_due = ask_date(prompter, "New due date?", today)
        else:
            a.reason = prompter.text("Why drop the rest?", required=True)
    return a


def apply(
    review: Review, commitment_id: str, a: FollowUpAnswers, *, now: datetime, by: str
) -> None:
    """Record the answers on a review through the domain's follow-up rules."""
    assert a.outcome is not None
    rules.record_outcome(
        review,
        commitment_id,
        a.outcome,
        at=now,
        by=by,
        in_the_way=a.in_the_way,
        category=a.category,
        helped=a.helped,
        dropped_reason=a.reason,
        new_due=a.new_due,
    )


def record(
    store: Store, item: OpenCommitment, a: FollowUpAnswers, *, now: datetime, by: str
) -> Review:
    return store.update(item.review_id, lambda review: apply(review, item.id, a, now=now, by=by))


def outcome_line(item: OpenCommitment, a: FollowUpAnswers) -> str:
    assert a.outcome is not None
    line = f"Recorded {a.outcome.label}: {first_line(item.deliverable, TITLE_LENGTH)}"
    if a.new_due is not None:
        line += f" (still open, now due {a.new_due.isoformat()})"
    elif a.outcome in UNFINISHED:
        line += " (dropped)"
    return line


def walk(
    prompter: Prompter,
    store: Store,
    items: Sequence[OpenCommitment],
    given: FollowUpAnswers,
    *,
    user: str,
    now: datetime,
    categories: Sequence[str],
    coach: Coach | None = None,
) -> tuple[int, int]:
    """Ask about each commitment in turn and save each answer; returns (recorded, skipped)."""
    recorded = skipped = 0
    today = now.date()
    for n, item in enumerate(items, 1):
        prompter.say(f"[{n}/{len(items)}] {describe(item, today)}")
        a = ask(
            prompter,
            item,
            given,
            today=today,
            categories=categories,
            coach=coach,
            extra=[("skip for now", SKIP)],
        )
        if not isinstance(a, FollowUpAnswers):
            skipped += 1
            continue
        record(store, item, a, now=now, by=user)
        prompter.say(outcome_line(item, a))
        recorded += 1
    return recorded, skipped


def find(
    items: Sequence[OpenCommitment], prefix: str, flag: str = "--commitment"
) -> OpenCommitment:
    """The open commitment whose id starts with ``prefix`` (at least four characters)."""
    key = prefix.strip().lower()
    matches = [c for c in items if c.id == key or (len(key) >= 4 and c.id.startswith(key))]
    if len(matches) != 1:
        found = "matches several" if matches else "matches none"
        raise ValidationError(
            flag,
            f"the id (or its first characters) of one open commitment; {prefix.strip()!r} {found} "
            "(pmtui followup --list shows them)",
        )
    return matches[0]
