"""The quick review: what happened, what made it likely, one commitment.

Three questions that make a small incident cheap enough to review. Answers
given as flags are not asked again; :func:`missing` names the flags a
scripted run still lacks, so it can stop before writing anything.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from pmtui.domain.text import first_line
from pmtui.prompts.ask import Cancelled, Check, Prompter
from pmtui.prompts.hints import Coach, ask_with_hints

if TYPE_CHECKING:
    from pmtui.domain.model import Review

TITLE_LENGTH = 80
SET_ASIDE = "kept as written in pmtui quick"
MORE_LINES = 9
"""How many further lines "what happened" takes after the first one."""


@dataclass
class QuickAnswers:
    title: str = ""
    what: str = ""
    happened: str = ""
    approx: bool = False
    """Whether the time it happened is approximate (``--happened "approx. 14:00"``)."""
    cause: str = ""
    category: str = ""
    commitment: str = ""
    owner: str = ""
    due: date | None = None
    set_aside: dict[str, list[str]] = field(default_factory=dict)
    """Coach rules kept as written, by stage (facts, causes, commitments)."""
    raised: dict[str, list[str]] = field(default_factory=dict)
    """Coach rules shown on an answer, by stage, rewritten or not: the saved statement's
    verdict keeps them (practice health counts a rewrite made here)."""
    draft: bool = False
    """Stopped with Ctrl-C and kept as typed: a draft review to finish in the app."""
    stopped_at: str = ""
    """The answer Ctrl-C stopped (``what``, ``title``, ``cause``, ``commitment``, ``owner``):
    continuing the draft asks it again, with what was typed of it to finish."""


STRING_ANSWERS = (
    "title",
    "what",
    "happened",
    "cause",
    "category",
    "commitment",
    "owner",
    "stopped_at",
)
RESUMED = ("what", "title", "cause", "commitment", "owner")
"""The answers asked again, with what was typed of them, when a stopped draft goes on."""


def answers_dict(a: QuickAnswers) -> dict[str, Any]:
    """The answers as plain data, kept beside the store while the review is a draft."""
    return {
        **{name: getattr(a, name) for name in STRING_ANSWERS},
        "approx": a.approx,
        "due": a.due.isoformat() if a.due is not None else None,
        "set_aside": {stage: list(rules) for stage, rules in a.set_aside.items()},
        "raised": {stage: list(rules) for stage, rules in a.raised.items()},
    }


def _rules_by_stage(value: Any) -> dict[str, list[str]]:
    return {str(stage): [str(rule) for rule in rules] for stage, rules in dict(value or {}).items()}


def answers_from(doc: Mapping[str, Any]) -> QuickAnswers:
    """The answers :func:`answers_dict` kept (raises ``ValueError`` on anything else)."""
    try:
        a = QuickAnswers(
            approx=bool(doc.get("approx")),
            due=date.fromisoformat(doc["due"]) if doc.get("due") else None,
            set_aside=_rules_by_stage(doc.get("set_aside")),
            raised=_rules_by_stage(doc.get("raised")),
        )
    except (TypeError, AttributeError) as exc:
        raise ValueError(f"not a quick review's answers: {exc}") from None
    for name in STRING_ANSWERS:
        setattr(a, name, str(doc.get(name) or ""))
    return a


def continue_stopped(prompter: Prompter, title: str) -> bool:
    """Offer the draft a Ctrl-C stopped last time: True to continue it (the default), False
    to start a new quick review. A yes/no question: it draws as fast as a bare prompt."""
    return prompter.confirm(
        f"Continue the quick review you stopped and kept as a draft? ({title}; n starts a new one)",
        default=True,
    )


REQUIRED_FLAGS = (
    ("what", "--what"),
    ("cause", "--cause"),
    ("category", "--category"),
    ("commitment", "--commitment"),
    ("due", "--due"),
)


def missing(answers: QuickAnswers) -> list[str]:
    """The flags a scripted quick review still needs (the title and owner have defaults)."""
    return [flag for name, flag in REQUIRED_FLAGS if not getattr(answers, name)]


def owner_check(owner: str) -> str | None:
    """A check for :meth:`Prompter.text`: one person owns a commitment, never a group.

    The coach's rule and words (a team's included), loaded with this answer.
    """
    from pmtui.domain.coach import owner_problem

    return owner_problem(owner)


def date_check(today: date) -> Check:
    """A check for :meth:`Prompter.text` that re-asks, pointing to the forms the question
    shows: the prompt's error line is one line, and the whole list of forms was cut at 80
    columns (found by a newcomer)."""
    from pmtui.domain.dates import DateError, parse_date

    def check(text: str) -> str | None:
        try:
            parse_date(text, today)
        except DateError:
            return f"{text.strip()[:24]!r} is not a date pmtui reads; use a form in brackets"
        return None

    return check


def ask_date(prompter: Prompter, question: str, today: date) -> date:
    """Ask for a due date until it is one pmtui reads, naming the forms it takes."""
    from pmtui.domain.dates import DUE_FORMS, in_the_past, parse_date

    while True:
        raw = prompter.text(
            question, required=True, check=date_check(today), instruction=f"({DUE_FORMS})"
        )
        day = parse_date(raw, today)
        past = in_the_past(day, today)
        if past is None or prompter.confirm(past, default=False):
            return day


def ask(
    prompter: Prompter,
    given: QuickAnswers,
    *,
    user: str,
    today: date,
    categories: Callable[[], Sequence[str]],
    coach: Coach | None = None,
) -> QuickAnswers:
    """Ask only what ``given`` lacks; raises :class:`~pmtui.prompts.ask.Cancelled` on Ctrl-C.

    Ctrl-C after what happened was typed asks once whether to keep it as a
    draft review (``draft`` is then set; the rest is finished in the app).
    The domain model and the category list are loaded only after the first
    question is on screen, so the prompt appears as fast as a bare one.
    """
    a = replace(given, set_aside={k: list(v) for k, v in given.set_aside.items()})
    asking: list[str] = []
    try:
        return _ask_missing(
            prompter, a, asking, user=user, today=today, categories=categories, coach=coach
        )
    except Cancelled as stopped:
        if asking:
            _half_typed(a, asking[-1], stopped.typed)
            a.stopped_at = asking[-1] if asking[-1] in RESUMED else ""
        if not a.what or _answers(a) == _answers(given) or not _keep(prompter):
            raise
        a.draft = True
        return a


def _answers(a: QuickAnswers) -> tuple[object, ...]:
    return (a.what, a.title, a.cause, a.category, a.commitment, a.owner, a.due)


def _half_typed(a: QuickAnswers, asking: str, typed: str) -> None:
    """Keep the answer being typed when Ctrl-C stopped the flow (a date only once read)."""
    if not typed:
        return
    if asking == "more":
        a.what = f"{a.what}\n{typed}"
    elif asking in ("what", "title", "cause", "commitment", "owner"):
        setattr(a, asking, typed)


def _keep(prompter: Prompter) -> bool:
    """After Ctrl-C: keep what was typed as a draft? A second Ctrl-C means no."""
    try:
        return prompter.confirm(
            "Stopped. Keep what you typed as a draft review, to finish in the app?",
            default=True,
        )
    except Cancelled:
        return False


def _ask_missing(
    prompter: Prompter,
    a: QuickAnswers,
    asking: list[str],
    *,
    user: str,
    today: date,
    categories: Callable[[], Sequence[str]],
    coach: Coach | None,
) -> QuickAnswers:
    """Ask what ``a`` lacks, filling it in as each answer comes; ``asking`` ends with the
    answer being asked (a Ctrl-C keeps what was typed of it). The answer a stopped
    draft was stopped at is asked again, what was typed of it offered to finish."""
    again, a.stopped_at = a.stopped_at, ""
    if not a.what or again == "what":
        aside = a.set_aside.setdefault("facts", [])
        asking.append("what")
        lines = [
            ask_with_hints(
                prompter,
                coach,
                "facts",
                "What happened?",
                default=a.what,
                aside=aside,
                raised=a.raised.setdefault("facts", []),
            )
        ]
        a.what = lines[0]  # kept as each line comes: a Ctrl-C may keep it
        asking.append("more")
        for _ in range(MORE_LINES):
            more = ask_with_hints(
                prompter,
                coach,
                "facts",
                "Anything else that happened? (Enter to go on)",
                required=False,
                aside=aside,
                raised=a.raised.setdefault("facts", []),
            )
            if not more:
                break
            lines.append(more)
            a.what = "\n".join(lines)
    if not a.title or again == "title":
        default = a.title or first_line(a.what, TITLE_LENGTH, more="")
        asking.append("title")
        a.title = prompter.text("A short title", default=default, required=True)
    if not a.cause or again == "cause":
        asking.append("cause")
        a.cause = ask_with_hints(
            prompter,
            coach,
            "causes",
            "What in the system made it likely? (a process, a tool, missing information...)",
            default=a.cause,
            aside=a.set_aside.setdefault("causes", []),
            raised=a.raised.setdefault("causes", []),
        )
    if not a.category:
        asking.append("category")
        names = categories()
        a.category = prompter.select(
            "Which kind of cause is it?", [(c, c) for c in names], default=names[0]
        )
    if not a.commitment or again == "commitment":
        asking.append("commitment")
        a.commitment = ask_with_hints(
            prompter,
            coach,
            "commitments",
            "One commitment: what will be delivered, so that anyone can check it was?",
            default=a.commitment,
            aside=a.set_aside.setdefault("commitments", []),
            raised=a.raised.setdefault("commitments", []),
        )
    if not a.owner or again == "owner":
        asking.append("owner")
        a.owner = prompter.text(
            "Who owns it? (one person)", default=a.owner or user, required=True, check=owner_check
        )
    asking.append("due")
    if a.due is not None:
        from pmtui.domain.dates import in_the_past

        past = in_the_past(a.due, today)  # --due given in the past: asked once, as typed ones
        if past is not None and not prompter.confirm(past, default=False):
            a.due = None
    if a.due is None:
        a.due = ask_date(prompter, "Due when?", today)
    return a


def build_review(a: QuickAnswers, *, user: str, now: datetime) -> Review:
    """The quick review: one fact, one cause explaining it, one commitment addressing the cause."""
    from pmtui.domain.ideas import IDEAS
    from pmtui.domain.model import (
        CAUSE_CATEGORIES,
        Cause,
        Commitment,
        Entry,
        Fact,
        HintDismissal,
        Kind,
        Review,
        Status,
    )

    fact = Fact(what=a.what, at=a.happened, approx=a.approx, author=user)
    # A draft's cause stopped before its category has the one a new cause starts with.
    category = a.category or CAUSE_CATEGORIES[0]
    cause = Cause(statement=a.cause, category=category, fact_ids=[fact.id], author=user)
    owner = a.owner or user
    commitment = Commitment(
        deliverable=a.commitment, owner=owner, due=a.due, cause_ids=[cause.id], author=user
    )
    # A draft keeps what was typed: a commitment not whole yet is kept as a parked idea
    # (promoted in the app's commitments stage, where its owner and date are asked).
    causes = [cause] if not a.draft or a.cause else []
    commitments = [] if a.draft and commitment.missing() else [commitment]
    ideas = [] if commitments or not a.commitment else [Entry(IDEAS, a.commitment, author=user)]
    if a.draft and not causes:
        commitment.cause_ids = []
    people = [user] if not commitments or owner.casefold() == user.casefold() else [user, owner]
    item_of = {"facts": fact.id, "causes": cause.id, "commitments": commitment.id}
    dismissed = [
        HintDismissal(item_id=item_of[stage], rule=rule, reason=SET_ASIDE, by=user)
        for stage, rules in a.set_aside.items()
        for rule in rules
        if stage in item_of
    ]
    review = Review(
        title=a.title or first_line(a.what, TITLE_LENGTH, more=""),
        kind=Kind.QUICK,
        happened=a.happened or now.date().isoformat(),
        created=now,
        updated=now,
        status=Status.DRAFT if a.draft else Status.REVIEWED,
        participants=people,
        facilitator=user,
        facts=[fact],
        causes=causes,
        commitments=commitments,
        entries=ideas,
        dismissed_hints=dismissed,
        template=Kind.QUICK.value,
        author=user,
    )
    from pmtui.domain.verdicts import raised_before

    for stage, rules in a.raised.items():
        if stage in item_of:
            raised_before(review, item_of[stage], rules)
    return review


def summary_lines(review: Review) -> tuple[str, str]:
    """Two lines that say what was saved."""
    if not review.commitments:
        from pmtui.domain.ideas import parked

        idea = " (what you typed of it is kept as an idea: p in Commitments makes it one)"
        return (
            f"Quick review kept as a draft: {review.title}",
            "Finish it in the app (pmtui, then open it): "
            + ("the commitment" if review.causes else "the cause and the commitment")
            + " still to write"
            + (idea if parked(review) else "")
            + ".",
        )
    cause = review.causes[0]
    com = review.commitments[0]
    due = com.due.isoformat() if com.due else "no date"
    return (
        f"Quick review saved: {review.title} "
        f"(cause: {first_line(cause.statement, TITLE_LENGTH)}, {cause.category})",
        f"Commitment: {first_line(com.deliverable, TITLE_LENGTH)} (owner {com.owner}, due {due})",
    )
