"""Reviews and the things they hold: facts, causes, commitments, entries.

These are plain dataclasses. Conversion to and from JSON-ready dicts lives in
:mod:`pmtui.domain.serial`; validation lives here, next to the fields it
checks, and names the field and what it expects.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, TypeVar

from pmtui.domain.actions import LINK_LIMIT, VALUE_LIMIT, link_problem
from pmtui.domain.dates import DateError, parse_fact_time
from pmtui.domain.kinds import ID_PATTERN as ID_PATTERN
from pmtui.domain.kinds import KIND_LABELS as KIND_LABELS
from pmtui.domain.kinds import SEVERITIES as SEVERITIES
from pmtui.domain.kinds import Kind as Kind
from pmtui.domain.kinds import Labelled
from pmtui.domain.kinds import Status as Status
from pmtui.domain.text import LONG_LIMIT, SHORT_LIMIT, check_text, clean


class Outcome(Labelled):
    """What became of a commitment."""

    OPEN = "open"
    KEPT = "kept"
    PARTLY_KEPT = "partly_kept"
    NOT_KEPT = "not_kept"
    DROPPED = "dropped"


UNFINISHED = (Outcome.PARTLY_KEPT, Outcome.NOT_KEPT)
"""Follow-up answers that leave work undone. They never close a commitment: it is
re-planned (it stays open, the answer kept in its history) or dropped with a reason."""

MOMENTS = ("started", "detected", "mitigated", "resolved")
"""The key moments a fact of the timeline can mark; times to detect, mitigate and
resolve are counted from them (:mod:`pmtui.domain.moments`)."""

MAIN_TEXT = {
    "facts": "what",
    "causes": "statement",
    "commitments": "deliverable",
    "entries": "text",
}
"""The field that names an item of each collection (in lists, hints and conflicts)."""

CAUSE_CATEGORIES = (
    "system",
    "process",
    "tooling",
    "information",
    "incentives",
    "communication",
    "resourcing",
    "scope/alignment",
    "external",
)
"""The built-in cause categories; a team may add its own (any short word)."""
CATEGORY_ALIASES = {"tools": "tooling"}
"""Older names of a built-in category: the lessons-learned templates filed causes and
obstacles under ``tools`` while every other list says ``tooling``."""


def category_name(category: str) -> str:
    """The one name a category is counted and offered under (``tools`` is ``tooling``)."""
    return CATEGORY_ALIASES.get(category, category)


CATEGORY_LIMIT = 40
"""Characters allowed in a category (of a cause, an obstacle or an entry)."""
TAG_LIMIT = 60
MAX_DOT_VOTES = 20
"""Votes one person may be given for dot voting."""
MAX_REV = 2**53
"""Revisions are counted from 0; anything near this is not a real revision."""

MULTILINE_FIELDS = frozenset(
    {
        "what", "evidence", "known_then", "options", "pressures",  # a fact
        "statement",  # a cause
        "deliverable", "done_when", "dropped_reason", "in_the_way", "reason",  # a commitment
        "text", "notes", "facilitator_part", "summary", "impact",  # entries, the review
        "trigger", "detection", "resolution",  # the review
    }
)  # fmt: skip
"""Text fields that keep their line breaks; every other text field is one line."""


DOCUMENT_TEXTS = ("summary", "impact", "trigger", "detection", "resolution")
"""The review's own prose a reader of the document looks for (see
:mod:`pmtui.domain.document` for where each is written and which templates ask)."""

FOLLOW_UP_DEFAULT = timedelta(weeks=6)
FOLLOW_UP_MIN = timedelta(weeks=4)
FOLLOW_UP_MAX = timedelta(weeks=8)


class ValidationError(ValueError):
    """A field holds something it cannot; the message says which and why."""

    def __init__(self, field_name: str, expected: str) -> None:
        super().__init__(f"{field_name}: {expected}")
        self.field = field_name
        self.expected = expected


def new_id() -> str:
    """A fresh identifier for a review or an item (a UUID4 string)."""
    return str(uuid.uuid4())


def _check_text(name: str, value: str, limit: int) -> None:
    problem = check_text(value, limit)
    if problem is not None:
        raise ValidationError(name, problem)


def _check_texts(where: str, obj: object, names: tuple[str, ...], limit: int) -> None:
    for name in names:
        _check_text(f"{where}.{name}", getattr(obj, name), limit)


def _check_id(name: str, value: str | None, *, optional: bool = False) -> None:
    if optional and value is None:
        return
    if not isinstance(value, str) or not ID_PATTERN.fullmatch(value):
        raise ValidationError(
            name, "an id of letters, digits, '.', '_' or '-' (at most 100 characters)"
        )


def _check_count(name: str, value: int, high: int, low: int = 0) -> None:
    if not low <= value <= high:
        raise ValidationError(name, f"a whole number from {low} to {high:,} (not {value:,})")


def _check_when(name: str, value: str, *, day_needed: bool = False) -> None:
    """A stored time must be one pmtui itself writes: ``14:02``, ``2026-11-20 14:02:05``..."""
    if not value:
        return
    forms = "2026-11-20 or 2026-11-20 14:02" if day_needed else "14:02 or 2026-11-20 14:02"
    try:
        normal, approx = parse_fact_time(value)
    except DateError as exc:
        raise ValidationError(name, f"a time such as {forms} ({exc})") from None
    if approx or normal != value or (day_needed and len(value) < 10):
        raise ValidationError(name, f"a time such as {forms}, not {value!r}")


@dataclass
class Fact:
    """One observable event on the timeline."""

    what: str = ""
    at: str = ""
    """When: ``2026-11-20 14:02``, ``14:02``, ``2026-11-20`` or empty."""
    approx: bool = False
    evidence: str = ""
    decision: bool = False
    known_then: str = ""
    options: str = ""
    pressures: str = ""
    moment: str = ""
    """A key moment this fact marks: ``started``, ``detected``, ``mitigated``, ``resolved``."""
    author: str = ""
    id: str = field(default_factory=new_id)

    def clean(self) -> None:
        self.what = clean(self.what, multiline=True)
        self.moment = clean(self.moment).lower()
        self.at = clean(self.at)
        self.evidence = clean(self.evidence, multiline=True)
        self.known_then = clean(self.known_then, multiline=True)
        self.options = clean(self.options, multiline=True)
        self.pressures = clean(self.pressures, multiline=True)
        self.author = clean(self.author)

    def validate(self, where: str = "fact") -> None:
        _check_id(f"{where}.id", self.id)
        _check_texts(
            where, self, ("what", "evidence", "known_then", "options", "pressures"), LONG_LIMIT
        )
        _check_texts(where, self, ("at", "author"), SHORT_LIMIT)
        _check_when(f"{where}.at", self.at)
        if self.moment and self.moment not in MOMENTS:
            raise ValidationError(f"{where}.moment", "one of " + ", ".join(MOMENTS) + ", or empty")


@dataclass
class Cause:
    """A systemic cause; ``parent_id`` makes repeated whys into a tree."""

    statement: str = ""
    category: str = "system"
    fact_ids: list[str] = field(default_factory=list)
    parent_id: str | None = None
    question: str = "why"
    """How this cause was reached from its parent: ``why`` or ``how``."""
    votes: dict[str, int] = field(default_factory=dict)
    author: str = ""
    id: str = field(default_factory=new_id)

    def clean(self) -> None:
        self.statement = clean(self.statement, multiline=True)
        self.category = clean(self.category).lower()
        self.author = clean(self.author)
        votes: dict[str, int] = {}
        for who, count in self.votes.items():
            key = clean(who)
            votes[key] = votes.get(key, 0) + count
        self.votes = votes

    def validate(self, where: str = "cause") -> None:
        _check_id(f"{where}.id", self.id)
        _check_text(f"{where}.statement", self.statement, LONG_LIMIT)
        if not self.category:
            raise ValidationError(
                f"{where}.category", "a category such as " + ", ".join(CAUSE_CATEGORIES)
            )
        _check_text(f"{where}.category", self.category, CATEGORY_LIMIT)
        _check_text(f"{where}.author", self.author, SHORT_LIMIT)
        if self.question not in ("why", "how"):
            raise ValidationError(f"{where}.question", "'why' or 'how'")
        _check_id(f"{where}.parent_id", self.parent_id, optional=True)
        for i, fact_id in enumerate(self.fact_ids):
            _check_id(f"{where}.fact_ids[{i}]", fact_id)
        for who, count in self.votes.items():
            _check_text(f"{where}.votes", who, SHORT_LIMIT)
            _check_count(f"{where}.votes[{who!r}]", count, MAX_DOT_VOTES)


@dataclass
class Replan:
    """A change of a commitment's due date, kept so history is not rewritten.

    A follow-up that found the commitment partly kept or not kept re-plans it
    and says so here (``outcome``, what got in the way and its category), so
    the answer stays on record while the commitment stays open.
    """

    old_due: date | None
    new_due: date | None
    on: date
    reason: str = ""
    outcome: Outcome | None = None
    """``partly_kept`` or ``not_kept`` when a follow-up answer led to the new date."""
    in_the_way: str = ""
    in_the_way_category: str = ""
    by: str = ""

    def clean(self) -> None:
        self.reason = clean(self.reason, multiline=True)
        self.in_the_way = clean(self.in_the_way, multiline=True)
        self.in_the_way_category = clean(self.in_the_way_category).lower()
        self.by = clean(self.by)

    def validate(self, where: str = "replan") -> None:
        _check_texts(where, self, ("reason", "in_the_way"), LONG_LIMIT)
        _check_text(f"{where}.in_the_way_category", self.in_the_way_category, CATEGORY_LIMIT)
        _check_text(f"{where}.by", self.by, SHORT_LIMIT)
        if self.outcome not in (None, *UNFINISHED):
            raise ValidationError(f"{where}.outcome", "partly_kept, not_kept or null")


COMMITMENT_PARTS: dict[str, str] = {
    "owner": "who owns it (one person)",
    "deliverable": "what will be delivered, so anyone can check it was",
    "due": "when it is due",
}
"""Every commitment has one owner, one deliverable and one due date: the app's form, the
quick review (asked or given as flags) and ``pmtui import`` all refuse one without them."""


def incomplete(commitment: Commitment) -> str | None:
    """What a commitment lacks, in words (``None`` when it has an owner, a deliverable, a date)."""
    lacking = commitment.missing()
    if not lacking:
        return None
    return "a commitment needs " + " and ".join(COMMITMENT_PARTS[p] for p in lacking)


@dataclass
class Commitment:
    """A promise with one owner, a checkable deliverable and a due date."""

    deliverable: str = ""
    owner: str = ""
    done_when: str = ""
    due: date | None = None
    cause_ids: list[str] = field(default_factory=list)
    type: str = ""
    """What the change does: prevent, mitigate, detect, process, other (or a template's own)."""
    priority: str = ""
    """On the team's scale: P0 to P2 unless the template names another."""
    link: str = ""
    """Where the work is tracked: a URL, an issue key (``OPS-123``) or ``#42``."""
    status: Outcome = Outcome.OPEN
    dropped_reason: str = ""
    in_the_way: str = ""
    in_the_way_category: str = ""
    helped: bool | None = None
    reviewed_at: datetime | None = None
    history: list[Replan] = field(default_factory=list)
    author: str = ""
    id: str = field(default_factory=new_id)

    @property
    def is_open(self) -> bool:
        return self.status is Outcome.OPEN

    def missing(self) -> list[str]:
        """The parts of :data:`COMMITMENT_PARTS` it lacks, in that order (none: it is one)."""
        has = {"owner": bool(self.owner.strip()), "deliverable": bool(self.deliverable.strip())}
        has["due"] = self.due is not None
        return [p for p in COMMITMENT_PARTS if not has[p]]

    def is_overdue(self, today: date) -> bool:
        return self.is_open and self.due is not None and self.due < today

    @property
    def last_answer(self) -> Replan | None:
        """The latest follow-up answer (partly / not kept) that re-planned it, while open."""
        if not self.is_open:
            return None
        return next((h for h in reversed(self.history) if h.outcome is not None), None)

    def outcome_label(self) -> str:
        """What the follow-up found: ``kept``, ``dropped``, ``partly kept, re-planned``...

        Empty while nobody has answered for it. The exports' one wording.
        """
        if not self.is_open:
            return self.status.label
        answer = self.last_answer
        return f"{answer.outcome.label}, re-planned" if answer and answer.outcome else ""

    def replan(
        self,
        new_due: date,
        on: date,
        reason: str = "",
        *,
        outcome: Outcome | None = None,
        in_the_way: str = "",
        in_the_way_category: str = "",
        by: str = "",
    ) -> None:
        """Move the due date, remembering the old one (and the follow-up answer, if any)."""
        self.history.append(
            Replan(
                old_due=self.due,
                new_due=new_due,
                on=on,
                reason=reason,
                outcome=outcome,
                in_the_way=in_the_way,
                in_the_way_category=in_the_way_category,
                by=by,
            )
        )
        self.due = new_due

    def clean(self) -> None:
        self.deliverable = clean(self.deliverable, multiline=True)
        self.owner = clean(self.owner)
        self.done_when = clean(self.done_when, multiline=True)
        self.dropped_reason = clean(self.dropped_reason, multiline=True)
        self.in_the_way = clean(self.in_the_way, multiline=True)
        self.in_the_way_category = clean(self.in_the_way_category).lower()
        self.type = clean(self.type).lower()
        self.priority = clean(self.priority)
        self.link = clean(self.link)
        self.author = clean(self.author)
        for replan in self.history:
            replan.clean()

    def validate(self, where: str = "commitment") -> None:
        _check_id(f"{where}.id", self.id)
        _check_texts(where, self, ("owner", "author"), SHORT_LIMIT)
        names = ("deliverable", "done_when", "dropped_reason", "in_the_way")
        _check_texts(where, self, names, LONG_LIMIT)
        _check_text(f"{where}.in_the_way_category", self.in_the_way_category, CATEGORY_LIMIT)
        _check_texts(where, self, ("type", "priority"), VALUE_LIMIT)
        _check_text(f"{where}.link", self.link, LINK_LIMIT)
        problem = link_problem(self.link)
        if problem is not None:
            raise ValidationError(f"{where}.link", problem)
        for i, cause_id in enumerate(self.cause_ids):
            _check_id(f"{where}.cause_ids[{i}]", cause_id)
        for i, replan in enumerate(self.history):
            replan.validate(f"{where}.history[{i}]")
        if self.status in UNFINISHED:
            raise ValidationError(
                f"{where}.status",
                "open, kept or dropped (a commitment found partly kept or not kept is "
                "re-planned, which keeps it open, or dropped)",
            )
        if self.status is Outcome.DROPPED and not self.dropped_reason.strip():
            raise ValidationError(
                f"{where}.dropped_reason", "a reason when a commitment is dropped"
            )


@dataclass
class Entry:
    """A free item in a reflection section: went well, lucky, glad, mood..."""

    section: str = "went_well"
    text: str = ""
    category: str = ""
    author: str = ""
    hidden: bool = False
    """Written in an anonymous round and not yet revealed."""
    anonymous: bool = False
    id: str = field(default_factory=new_id)

    def clean(self) -> None:
        self.section = clean(self.section)
        self.text = clean(self.text, multiline=True)
        self.category = clean(self.category).lower()
        self.author = clean(self.author)

    def validate(self, where: str = "entry") -> None:
        _check_id(f"{where}.id", self.id)
        if not self.section:
            raise ValidationError(f"{where}.section", "a section name such as went_well")
        _check_text(f"{where}.section", self.section, TAG_LIMIT)
        _check_text(f"{where}.text", self.text, LONG_LIMIT)
        _check_text(f"{where}.category", self.category, CATEGORY_LIMIT)
        _check_text(f"{where}.author", self.author, SHORT_LIMIT)


@dataclass
class Round:
    """A private round: items are sealed to ``public_key`` until the round is revealed.

    The private half of the key is kept by the account that opened the round
    (see :mod:`pmtui.store.keys`); nothing in the review can open a sealed item.
    """

    section: str
    public_key: str
    """The round's public key (base64); anyone may seal an item to it."""
    opened_by: str = ""
    revealed: bool = False
    id: str = field(default_factory=new_id)

    def validate(self, where: str = "round") -> None:
        if not self.section:
            raise ValidationError(f"{where}.section", "a section name such as went_well")
        _check_text(f"{where}.public_key", self.public_key, SHORT_LIMIT)


SEALED_LIMIT = 4 * LONG_LIMIT
"""Characters of one sealed item (base64 of an item of at most LONG_LIMIT characters)."""


@dataclass
class SealedItem:
    """An item written in a private round, readable only with the round's private key.

    ``sealed`` opens with the round's key (for the reveal); ``mine`` opens with
    the writer's own key only, so the writer sees their items and nobody can
    tell whose they are. Neither names the writer.
    """

    round_id: str
    sealed: str
    mine: str = ""
    id: str = field(default_factory=new_id)

    def validate(self, where: str = "sealed") -> None:
        _check_text(f"{where}.sealed", self.sealed, SEALED_LIMIT)
        _check_text(f"{where}.mine", self.mine, SEALED_LIMIT)


@dataclass
class KeptText:
    """Text that a later save replaced, or an edit to an item someone deleted.

    Kept with the review until someone puts it back or lets it go, so no
    edit is ever lost in silence, even after leaving the review or a restart.
    """

    target: str
    """``review``, ``facts``, ``causes``, ``commitments`` or ``entries``."""
    item_id: str | None
    field_name: str
    """The field whose text was replaced; ``""`` when the whole item was deleted."""
    text: Any
    """The replaced value, as stored (a text, a list of names, a date as text...)."""
    by: str
    """Whose text it was."""
    replaced_by: str
    """Who saved over it, or deleted the item."""
    at: datetime | None = None
    now: Any = None
    """The value that won (nothing for a deleted item)."""
    item: dict[str, Any] | None = None
    """The whole item as ``by`` last had it, when the item was deleted."""
    by_session: str = ""
    """Which running pmtui of ``by`` wrote it (``""``: not known, as from an older pmtui)."""
    replaced_by_session: str = ""
    """Which running pmtui of ``replaced_by`` saved over it or deleted the item."""
    id: str = field(default_factory=new_id)

    @property
    def deleted(self) -> bool:
        return self.item is not None

    def clean(self) -> None:
        self.by = clean(self.by)
        self.replaced_by = clean(self.replaced_by)

    def validate(self, where: str = "kept") -> None:
        _check_texts(where, self, ("target", "field_name", "by", "replaced_by"), SHORT_LIMIT)
        for name in ("text", "now"):
            value = getattr(self, name)
            if isinstance(value, str):
                _check_text(f"{where}.{name}", value, LONG_LIMIT)
            for i, text in enumerate(value if isinstance(value, list) else []):
                if isinstance(text, str):
                    _check_text(f"{where}.{name}[{i}]", text, LONG_LIMIT)


@dataclass
class HintDismissal:
    """A coach hint someone chose to set aside, and why."""

    item_id: str
    rule: str
    reason: str = ""
    by: str = ""

    def clean(self) -> None:
        self.rule = clean(self.rule)
        self.reason = clean(self.reason, multiline=True)
        self.by = clean(self.by)

    def validate(self, where: str = "dismissed_hint") -> None:
        if self.item_id:  # empty: a hint about the review as a whole
            _check_id(f"{where}.item_id", self.item_id)
        _check_texts(where, self, ("rule", "by"), SHORT_LIMIT)
        _check_text(f"{where}.reason", self.reason, LONG_LIMIT)


@dataclass
class Verdict:
    """What the coach said of a statement's wording when it was written.

    Kept with the review (``Review.coach_verdicts``, by statement id) so that a
    better coach later does not rewrite what people were shown at the time
    (see :mod:`pmtui.domain.health`).
    """

    now: list[str] = field(default_factory=list)
    """The rule ids the coach raised on the wording as last written."""
    ever: list[str] = field(default_factory=list)
    """Every rule id it raised on any wording the statement had: a rewrite keeps them."""
    wording: str = ""
    """A fingerprint of the wording judged: another wording is judged when it is written."""

    def clean(self) -> None:
        self.now = [clean(r) for r in self.now]
        self.ever = [clean(r) for r in self.ever]
        self.wording = clean(self.wording)

    def validate(self, where: str = "verdict") -> None:
        for name in ("now", "ever"):
            rules = getattr(self, name)
            if len(rules) > MAX_VERDICT_RULES:
                raise ValidationError(f"{where}.{name}", f"at most {MAX_VERDICT_RULES} rule ids")
            for i, rule in enumerate(rules):
                _check_text(f"{where}.{name}[{i}]", rule, SHORT_LIMIT)
        _check_text(f"{where}.wording", self.wording, SHORT_LIMIT)


MAX_VERDICT_RULES = 40
"""Rule ids a verdict may hold (the coach has fewer than twenty)."""


@dataclass
class FollowUpRecord:
    """The follow-up review held on the commitments of a review."""

    held_on: date | None = None
    by: str = ""
    notes: str = ""

    def clean(self) -> None:
        self.by = clean(self.by)
        self.notes = clean(self.notes, multiline=True)

    def validate(self, where: str = "follow_up") -> None:
        _check_text(f"{where}.by", self.by, SHORT_LIMIT)
        _check_text(f"{where}.notes", self.notes, LONG_LIMIT)


MAX_FIGURE = 10**15
"""The largest count of users or requests a review may state."""
MAX_MINUTES = 60 * 24 * 366
"""The longest impact a review may state: a year, in minutes."""
MAX_BUDGET = 100_000.0
"""Percent of an error budget consumed (an outage can burn many budgets)."""


@dataclass
class ImpactFigures:
    """The impact in numbers, where people have them; every figure is optional.

    ``duration_minutes`` is typed only when the impact lasted otherwise than
    the timeline says: the time from the *started* to the *resolved* moment
    is shown without it (:mod:`pmtui.domain.moments`).
    """

    duration_minutes: int | None = None
    users: int | None = None
    """Users (or customers) affected."""
    requests: int | None = None
    """Requests (or jobs, orders...) that failed or were delayed."""
    data_lost: str = ""
    """What data was lost, with its unit ("none", "1,204 orders", "3 h of metrics")."""
    revenue: str = ""
    """Revenue lost or at risk, with its currency ("EUR 12,000")."""
    error_budget: float | None = None
    """Percent of the SLO's error budget consumed."""

    @property
    def empty(self) -> bool:
        return self == ImpactFigures()

    def clean(self) -> None:
        self.data_lost = clean(self.data_lost)
        self.revenue = clean(self.revenue)

    def validate(self, where: str = "impact_figures") -> None:
        for name, high in (
            ("duration_minutes", MAX_MINUTES),
            ("users", MAX_FIGURE),
            ("requests", MAX_FIGURE),
        ):
            value = getattr(self, name)
            if value is not None:
                _check_count(f"{where}.{name}", value, high)
        _check_texts(where, self, ("data_lost", "revenue"), SHORT_LIMIT)
        budget = self.error_budget
        if budget is not None and not (0.0 <= budget <= MAX_BUDGET):
            raise ValidationError(
                f"{where}.error_budget", f"a percentage from 0 to {MAX_BUDGET:,.0f}"
            )


def event_day(happened: str) -> date | None:
    """The day in a review's ``happened`` (``2026-11-20 14:02``), or ``None`` when it has none."""
    try:
        return date.fromisoformat(happened[:10])
    except ValueError:
        return None


def cause_level(causes: Sequence[Cause], cause: Cause) -> int:
    """How many of ``causes`` lie above ``cause`` (0: a top-level cause).

    Walks up without recursing: a store edited by hand may hold a cycle.
    """
    by_id = {c.id: c for c in causes}
    seen = {cause.id}
    parent = by_id.get(cause.parent_id or "")
    while parent is not None and parent.id not in seen:
        seen.add(parent.id)
        parent = by_id.get(parent.parent_id or "")
    return len(seen) - 1


@dataclass
class Review:
    """One review of an incident, a project, a week or oneself."""

    title: str = ""
    kind: Kind = Kind.POSTMORTEM
    happened: str = ""
    """When it happened: ``2026-11-20`` or ``2026-11-20 14:02``."""
    created: datetime = field(default_factory=lambda: datetime.now().replace(microsecond=0))
    updated: datetime = field(default_factory=lambda: datetime.now().replace(microsecond=0))
    severity: str | None = None
    status: Status = Status.DRAFT
    participants: list[str] = field(default_factory=list)
    facilitator: str = ""
    facilitator_part: str = ""
    ground_rule_ack: bool = False
    summary: str = ""
    impact: str = ""
    impact_figures: ImpactFigures = field(default_factory=ImpactFigures)
    trigger: str = ""
    """What set the incident off (a deploy, a config push, a traffic spike)."""
    detection: str = ""
    """How it was noticed (an alert, a customer, a person looking)."""
    resolution: str = ""
    """How it was mitigated and resolved."""
    facts: list[Fact] = field(default_factory=list)
    causes: list[Cause] = field(default_factory=list)
    commitments: list[Commitment] = field(default_factory=list)
    entries: list[Entry] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    template: str = ""
    """Name of the template the review was started from (defaults to the kind)."""
    incident_id: str | None = None
    """The logged incident this review reviews (see :mod:`pmtui.domain.incidents`)."""
    follow_up_on: date | None = None
    follow_up: FollowUpRecord | None = None
    dismissed_hints: list[HintDismissal] = field(default_factory=list)
    coach_verdicts: dict[str, Verdict] = field(default_factory=dict)
    """What the coach said of each fact and cause statement when written, by statement id."""
    dot_votes: int = 0
    """Votes each participant may put on causes; 0 while dot voting is not open."""
    rounds: list[Round] = field(default_factory=list)
    sealed: list[SealedItem] = field(default_factory=list)
    """Items of private rounds not yet revealed, sealed (see :class:`Round`)."""
    kept: list[KeptText] = field(default_factory=list)
    """Replaced texts and edits of deleted items, until put back or let go."""
    last_writers: dict[str, str] = field(default_factory=dict)
    """Who last saved each field (``facts/<id>/what``): names the person in a conflict."""
    deleted_by: dict[str, str] = field(default_factory=dict)
    """Who deleted each recently deleted item, by id (the latest :data:`DELETED_KEPT`)."""
    last_sessions: dict[str, str] = field(default_factory=dict)
    """Which running pmtui last saved each field, by the keys of ``last_writers``: one
    person's two sessions are two writers (an older pmtui drops this; it is then unknown)."""
    deleted_sessions: dict[str, str] = field(default_factory=dict)
    """Which running pmtui deleted each item of ``deleted_by``."""
    author: str = ""
    rev: int = 0
    """Bumped by the store on every save; lets a writer notice it is stale."""
    id: str = field(default_factory=new_id)

    # -- reading ---------------------------------------------------------------

    def section(self, name: str) -> list[Entry]:
        """The entries of one reflection section, in the order written."""
        return [e for e in self.entries if e.section == name]

    @property
    def went_well(self) -> list[Entry]:
        return self.section("went_well")

    @property
    def went_wrong(self) -> list[Entry]:
        return self.section("went_wrong")

    @property
    def lucky(self) -> list[Entry]:
        return self.section("lucky")

    def fact(self, fact_id: str) -> Fact:
        return _by_id(self.facts, fact_id, "fact")

    def cause(self, cause_id: str) -> Cause:
        return _by_id(self.causes, cause_id, "cause")

    def commitment(self, commitment_id: str) -> Commitment:
        return _by_id(self.commitments, commitment_id, "commitment")

    def addressed(self, com: Commitment) -> list[Cause]:
        """The causes of this review that ``com`` addresses, in its order (gone ones left out)."""
        by_id = {c.id: c for c in self.causes}
        return [by_id[i] for i in com.cause_ids if i in by_id]

    def children(self, cause_id: str | None) -> list[Cause]:
        """Causes asked "why?" below ``cause_id`` (``None``: the top level)."""
        return [c for c in self.causes if c.parent_id == cause_id]

    def level(self, cause: Cause) -> int:
        """How many causes lie above ``cause`` (0: a top-level cause)."""
        return cause_level(self.causes, cause)

    def levels_below(self, cause_id: str) -> int:
        """How many levels of "why?" were asked below a cause (0: none); a cycle ends a branch."""
        deepest, frontier, seen = 0, [cause_id], {cause_id}
        while True:
            below = [c.id for c in self.causes if c.parent_id in frontier and c.id not in seen]
            if not below:
                return deepest
            deepest += 1
            seen.update(below)
            frontier = below

    def item_text(self, item_id: str) -> str | None:
        """The main text of the fact, cause, commitment or entry ``item_id`` (``None``: none)."""
        for collection, key in MAIN_TEXT.items():
            for item in getattr(self, collection):
                if item.id == item_id:
                    return str(getattr(item, key))
        return None

    def open_commitments(self) -> list[Commitment]:
        return [c for c in self.commitments if c.is_open]

    @property
    def review_date(self) -> date:
        """The day the review was held (its creation day)."""
        return self.created.date()

    @property
    def event_date(self) -> date | None:
        """The day the reviewed event happened, when known."""
        return event_day(self.happened)

    @property
    def cause_categories(self) -> list[str]:
        """The causes' categories (what the insights count)."""
        return [c.category for c in self.causes]

    @property
    def cause_statements(self) -> list[str]:
        """The causes' statements (what similarity compares across reviews)."""
        return [c.statement for c in self.causes]

    def follow_up_due(self) -> date:
        """The follow-up date, or the default six weeks after the review."""
        return self.follow_up_on or self.review_date + FOLLOW_UP_DEFAULT

    # -- changing --------------------------------------------------------------

    def follow_up_window(self) -> tuple[date, date]:
        """The first and last day of a follow-up four to eight weeks after the review."""
        return self.review_date + FOLLOW_UP_MIN, self.review_date + FOLLOW_UP_MAX

    def set_follow_up(self, when: date, *, override: bool = False) -> None:
        """Set the follow-up date, four to eight weeks after the review unless overridden."""
        low, high = self.follow_up_window()
        if not override and not (low <= when <= high):
            raise ValidationError(
                "follow_up_on",
                f"a date from {low.isoformat()} to {high.isoformat()} "
                "(four to eight weeks after the review); override to go outside that",
            )
        self.follow_up_on = when

    def remove_fact(self, fact_id: str) -> Fact:
        """Delete a fact and unlink it from causes; returns it for undo."""
        fact = self.fact(fact_id)
        self.facts.remove(fact)
        for cause in self.causes:
            if fact_id in cause.fact_ids:
                cause.fact_ids.remove(fact_id)
        return fact

    def remove_cause(self, cause_id: str) -> list[Cause]:
        """Delete a cause and the whys below it; returns them for undo."""
        doomed = {cause_id}
        changed = True
        while changed:
            changed = False
            for c in self.causes:
                if c.parent_id in doomed and c.id not in doomed:
                    doomed.add(c.id)
                    changed = True
        removed = [c for c in self.causes if c.id in doomed]
        if not removed:
            raise KeyError(f"no cause {cause_id}")
        self.causes = [c for c in self.causes if c.id not in doomed]
        for com in self.commitments:
            com.cause_ids = [i for i in com.cause_ids if i not in doomed]
        return removed

    def remove_commitment(self, commitment_id: str) -> Commitment:
        com = self.commitment(commitment_id)
        self.commitments.remove(com)
        return com

    def clean(self) -> None:
        """Strip control characters and escape sequences from every text field."""
        self.title = clean(self.title)
        self.happened = clean(self.happened)
        self.facilitator = clean(self.facilitator)
        self.facilitator_part = clean(self.facilitator_part, multiline=True)
        for name in DOCUMENT_TEXTS:
            setattr(self, name, clean(getattr(self, name), multiline=True))
        self.impact_figures.clean()
        self.participants = [p for p in (clean(p) for p in self.participants) if p]
        self.tags = [t for t in (clean(t).lower() for t in self.tags) if t]
        self.template = clean(self.template)
        self.author = clean(self.author)
        items: list[
            Fact | Cause | Commitment | Entry | HintDismissal | Verdict | FollowUpRecord | KeptText
        ] = [
            *self.facts,
            *self.causes,
            *self.commitments,
            *self.entries,
            *self.dismissed_hints,
            *self.coach_verdicts.values(),
            *self.kept,
            *([self.follow_up] if self.follow_up is not None else []),
        ]
        for item in items:
            item.clean()

    def validate(self) -> None:
        """Raise :class:`ValidationError` naming the first field that is wrong.

        Every field is checked, whoever built the review (a form, a prompt, a
        flag, an import file): limits, valid UTF-8, ids, counts and times.
        """
        _check_id("id", self.id)
        _check_id("incident_id", self.incident_id, optional=True)
        for name in ("title", "happened", "facilitator", "template", "author"):
            _check_text(name, getattr(self, name), SHORT_LIMIT)
        _check_when("happened", self.happened, day_needed=True)
        for name in ("facilitator_part", *DOCUMENT_TEXTS):
            _check_text(name, getattr(self, name), LONG_LIMIT)
        self.impact_figures.validate()
        if self.severity is not None and self.severity not in SEVERITIES:
            raise ValidationError("severity", "one of SEV1 to SEV5, or none")
        _check_count("dot_votes", self.dot_votes, MAX_DOT_VOTES)
        _check_count("rev", self.rev, MAX_REV)
        for i, p in enumerate(self.participants):
            _check_text(f"participants[{i}]", p, SHORT_LIMIT)
        for i, t in enumerate(self.tags):
            _check_text(f"tags[{i}]", t, TAG_LIMIT)
        for i, d in enumerate(self.dismissed_hints):
            d.validate(f"dismissed_hints[{i}]")
        for key, verdict in self.coach_verdicts.items():
            _check_id("coach_verdicts", key)
            verdict.validate(f"coach_verdicts[{key!r}]")
        if self.follow_up is not None:
            self.follow_up.validate("follow_up")
        for i, f in enumerate(self.facts):
            f.validate(f"facts[{i}]")
        ids = {c.id for c in self.causes}
        for i, c in enumerate(self.causes):
            c.validate(f"causes[{i}]")
            if c.parent_id is not None and c.parent_id not in ids:
                raise ValidationError(
                    f"causes[{i}].parent_id", "the id of another cause in this review"
                )
        for i, m in enumerate(self.commitments):
            m.validate(f"commitments[{i}]")
        for i, e in enumerate(self.entries):
            e.validate(f"entries[{i}]")
        for i, rnd in enumerate(self.rounds):
            rnd.validate(f"rounds[{i}]")
        for i, s in enumerate(self.sealed):
            s.validate(f"sealed[{i}]")
        for i, k in enumerate(self.kept):
            k.validate(f"kept[{i}]")
        for name in ("last_writers", "deleted_by", "last_sessions", "deleted_sessions"):
            for key, who in getattr(self, name).items():
                _check_text(name, key, SHORT_LIMIT)
                _check_text(f"{name}[{key!r}]", who, SHORT_LIMIT)


_Item = TypeVar("_Item", Fact, Cause, Commitment)


def _by_id(items: list[_Item], item_id: str, what: str) -> _Item:
    for item in items:
        if item.id == item_id:
            return item
    raise KeyError(f"no {what} {item_id}")
