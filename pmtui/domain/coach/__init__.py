"""The coach: notices blame, hindsight, shallow causes and vague commitments.

It never blocks anything. Every finding names its rule, says briefly what it
noticed and suggests a better question or wording; people may set a finding
aside with a reason (:class:`pmtui.domain.model.HintDismissal`). False
alarms teach people to ignore the coach, so the rules stay quiet unless the
wording clearly points at a person, a judgement or an intention.

``check_text`` reads one statement (what ``pmtui coach`` and the live hints
use); ``check_review`` adds the rules about fields and about other reviews
(time and evidence of facts, a "why?" below a cause, owner, due date and
done-when of commitments, causes that recur across reviews).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from pmtui.domain.actions import MANY_COMMITMENTS
from pmtui.domain.coach.commitments import commitment_signals, read_commitments
from pmtui.domain.coach.model import Model, features
from pmtui.domain.coach.model import load as load_model
from pmtui.domain.coach.people import is_group, known_people
from pmtui.domain.coach.rules import RULES, Rules, RulesError, load_rules
from pmtui.domain.coach.wording import (
    Hit,
    Reader,
    cause_signals,
    fact_signals,
    read_causes,
    read_facts,
)
from pmtui.domain.model import Cause, Commitment, Kind, Review
from pmtui.domain.similarity import Index
from pmtui.domain.summary import ReviewSummary

__all__ = [
    "RULES",
    "Finding",
    "Rules",
    "RulesError",
    "check_review",
    "check_text",
    "coached_section",
    "default_rules",
    "is_group",
    "is_group_owner",
    "known_people",
    "load_rules",
    "open_hints_by_stage",
    "owner_problem",
    "review_names",
    "usable_rules",
]

TEXT_STAGES = ("facts", "causes", "commitments")
PRAISE_SECTIONS = frozenset({"went_well", "lucky", "glad", "liked", "learned", "continue", "mood"})
"""Reflection sections about what went well or how people feel: the blame checks stay
out of them. Every other section (went wrong, sad, stop, a team's own...) is read like
a cause, since blame can creep into any of them."""

RESTATES_THRESHOLD = 0.6
MATCH_LIMIT = 50
"""At most this many earlier causes are read per cause; the hint names the closest."""


@dataclass(frozen=True)
class Finding:
    """One thing the coach noticed, with a way to say it better."""

    rule: str
    message: str
    suggestion: str
    stage: str
    item_id: str | None = None
    field: str | None = None


def default_rules(config_dir: Path | None = None, language: str = "en") -> Rules:
    """The rules for the config dir, re-read only when the team's file changes."""
    if config_dir is None:
        from pmtui import locations

        config_dir = locations.config_dir()
    team = config_dir / "coach.toml"
    try:
        stamp = team.stat().st_mtime_ns
    except OSError:
        stamp = 0
    return _cached_rules(config_dir, language, stamp)


@functools.lru_cache(maxsize=8)
def _cached_rules(config_dir: Path, language: str, stamp: int) -> Rules:
    return load_rules(config_dir, language)


@functools.lru_cache(maxsize=2)
def _packaged_rules(language: str) -> Rules:
    return load_rules(language=language, with_team=False)


def usable_rules(config_dir: Path | None = None, language: str = "en") -> Rules:
    """The team's rules, or the packaged ones when the team's file cannot be read.

    For rules that must hold whatever a team's file says (is this owner a
    group, which statements are alike); the hints report a broken file where
    they are shown.
    """
    try:
        return default_rules(config_dir, language)
    except RulesError:
        return _packaged_rules(language)


def coached_section(key: str) -> bool:
    """Whether the coach reads the entries of a reflection section (as it reads causes)."""
    return key not in PRAISE_SECTIONS


def is_group_owner(owner: str, rules: Rules | None = None) -> bool:
    """Whether a commitment's owner names a group rather than one person.

    The one rule for the commitment form, the quick review and the coach,
    with the coach's words (``commitments.group_owners``, a team's included).
    """
    rules = rules or usable_rules()
    return is_group(owner, rules.words("commitments.group_owners"))


def owner_problem(owner: str, rules: Rules | None = None) -> str | None:
    """What to say when ``owner`` is a group (form and prompts alike), or ``None``."""
    if not is_group_owner(owner, rules):
        return None
    return (
        f"{owner.strip()!r} is not one person. Name the one person who makes sure it "
        "happens; they can ask others for help."
    )


def check_text(
    stage: str, text: str, *, names: Iterable[str] = (), rules: Rules | None = None
) -> list[Finding]:
    """The wording findings for one statement of ``stage`` (facts, causes, commitments)."""
    if stage not in TEXT_STAGES:
        raise ValueError(f"stage: one of {', '.join(TEXT_STAGES)} (got {stage!r})")
    rules = rules or default_rules()
    hits = _read(stage, text, names, rules)
    return [_finding(rules, h) for h in hits if h.rule not in rules.disabled]


def _read(stage: str, text: str, names: Iterable[str], rules: Rules) -> list[Hit]:
    if not text.strip():
        return []
    return _reading(stage, Reader(text, rules, names))


_READERS = {"facts": read_facts, "causes": read_causes, "commitments": read_commitments}
_SIGNALS = {"facts": fact_signals, "causes": cause_signals, "commitments": commitment_signals}
_MODEL_HIT = {
    "facts": ("fact-cause", "model"),
    "causes": ("cause-hindsight", "model"),
    "commitments": ("commitment-vague", "model"),
}
"""The finding a statement gets when only the model flags it (its own wording, under an
existing rule id, so that ``pmtui coach --json`` keeps its rules)."""
_JUDGED = frozenset(
    {"u:not", "u:never", "u:nobody", "b:no_one"}
    | {f"sig:{s}" for s in ("judgement", "judging", "hindsight", "hindsight-person", "blame")}
    | {f"sig:{s}" for s in ("omission", "person-omits", "passive", "modal", "state")}
)
"""A fact the model flags reads as judging what people did when one of these is in it."""
MODEL_MIN_WORDS = 3
"""The model gives a finding of its own only to a statement of at least this many words."""


def _reading(stage: str, reader: Reader) -> list[Hit]:
    """The rules' hits, as the model judges them.

    Where the model is confident the statement needs a finding, the rules'
    hits stay (they quote their trigger best) or, when the rules passed
    over it, the model gives one of its own; where it is confident the
    wording is fine, the rules' hits are taken back.
    """
    hits = _READERS[stage](reader)
    model = load_model(reader.rules.language)
    if model is None or stage not in model.thresholds:
        return hits
    feats = model_features(stage, reader, hits)
    if (model.probability(stage, feats) or 0.0) <= model.thresholds[stage]:
        return []
    return hits or model_hit(stage, reader, model, feats)


def model_hit(stage: str, reader: Reader, model: Model, feats: list[str]) -> list[Hit]:
    """The model's own finding for a statement the rules passed over (``feats`` are its
    features): it quotes the words that weighed most (none for a statement too short to
    judge, or with no word that weighed towards a finding)."""
    words = model.strongest(stage, feats, reader.original, reader.rules.lexicon)
    if not words or len(reader.original.split()) < MODEL_MIN_WORDS:
        return []  # nothing to quote, or a statement still being typed
    rule, variant = _MODEL_HIT[stage]
    if stage == "facts" and not _JUDGED.isdisjoint(feats):
        rule = "fact-judgement"  # what people did or missed, not an explanation
    return [Hit(rule, words, variant)]


def model_features(stage: str, reader: Reader, hits: list[Hit] | None = None) -> list[str]:
    """What the model reads of a statement: its words, the rules' hits and the detectors'."""
    if hits is None:
        hits = _READERS[stage](reader)
    signals = _SIGNALS[stage](reader)
    return features(reader.original, reader.rules.lexicon, _hit_names(hits), signals)


def _hit_names(hits: list[Hit]) -> list[str]:
    return [f"{h.rule}.{h.variant}" if h.variant else h.rule for h in hits]


def _rule_hits(stage: str, text: str, rules: Rules) -> list[str]:
    """What the rules alone say of ``text`` (before the model judges it)."""
    if not text.strip():
        return []
    return _hit_names(_READERS[stage](Reader(text, rules)))


def _finding(
    rules: Rules, hit: Hit, item_id: str | None = None, field: str | None = None
) -> Finding:
    message, suggestion = rules.message(hit.rule, hit.variant)
    if hit.span:
        message = f"{message} (“{hit.span.strip()}”)"
    return Finding(hit.rule, message, suggestion, RULES[hit.rule], item_id, field)


def check_review(
    review: Review,
    *,
    history: Sequence[ReviewSummary] = (),
    today: date | None = None,
    rules: Rules | None = None,
    names: Iterable[str] = (),
) -> list[Finding]:
    """Every open finding of a review, minus the ones people set aside.

    ``history`` holds the summaries of other reviews (the store's index),
    used to notice causes that keep coming back. ``today`` is accepted so
    that date rules stay testable; the follow-up date is the review's own.
    ``names`` adds people known elsewhere (:func:`known_people`) to the review's own.
    """
    rules = rules or default_rules()
    names = [*review_names(review), *names]
    found: list[Finding] = []
    for fact in review.facts:
        found += _fact_findings(review, fact.id, fact.what, fact.at, fact.evidence, names, rules)
    found += _cause_findings(review, history, names, rules)
    for entry in review.entries:
        if coached_section(entry.section) and entry.text.strip():
            for hit in _reading("causes", Reader(entry.text, rules, names)):
                found.append(_finding(rules, hit, entry.id, "text"))
    for com in review.commitments:
        if com.is_open and com.deliverable.strip():
            found += _commitment_findings(review, com, names, rules)
    many = len(review.open_commitments())
    if many > MANY_COMMITMENTS:
        found.append(_finding(rules, Hit("commitments-too-many", f"{many} open"), None, None))
    dismissed = {(d.item_id, d.rule) for d in review.dismissed_hints}
    return [
        f for f in found if f.rule not in rules.disabled and (f.item_id, f.rule) not in dismissed
    ]


def open_hints_by_stage(
    review: Review,
    *,
    history: Sequence[ReviewSummary] = (),
    today: date | None = None,
    rules: Rules | None = None,
    names: Iterable[str] = (),
) -> dict[str, list[Finding]]:
    """The hints still open in each stage of ``review``: :func:`check_review`'s findings
    (what people set aside is not open) by the stage they belong to, in the order found;
    a stage with none is absent. The review's summary lists them and its stepper counts
    them, so both say the same.

    Without ``history`` these are the hints about what is written, read from the review
    alone: every rule but ``cause-recurs``, which compares each cause with every other
    review's. The stepper counts those (reading every review's causes held 262 MiB at
    10,000 reviews); the summary passes the other reviews and also lists the causes seen
    in earlier ones."""
    by_stage: dict[str, list[Finding]] = {}
    found = check_review(review, history=history, today=today, rules=rules, names=names)
    for finding in found:
        by_stage.setdefault(finding.stage, []).append(finding)
    return by_stage


def review_names(review: Review) -> list[str]:
    """Everyone the review names: participants, facilitator, authors and owners."""
    names = [*review.participants, review.facilitator, review.author]
    names += [c.owner for c in review.commitments]
    names += [f.author for f in review.facts] + [c.author for c in review.causes]
    names += [e.author for e in review.entries]
    return [n for n in names if n]


def _fact_findings(
    review: Review,
    item_id: str,
    what: str,
    at: str,
    evidence: str,
    names: list[str],
    rules: Rules,
) -> list[Finding]:
    if not what.strip():
        return []
    out = [
        _finding(rules, h, item_id, "what") for h in _reading("facts", Reader(what, rules, names))
    ]
    if not at.strip():
        out.append(_finding(rules, Hit("fact-no-time", ""), item_id, "at"))
    if not evidence.strip() and review.kind is not Kind.QUICK:
        out.append(_finding(rules, Hit("fact-no-evidence", ""), item_id, "evidence"))
    return out


def _cause_findings(
    review: Review, history: Sequence[ReviewSummary], names: list[str], rules: Rules
) -> list[Finding]:
    stop = rules.words("stop_words.words")
    facts: Index[str] = Index(stop)
    for fact in review.facts:
        facts.add(fact.what, fact.id)
    for symptom in (review.title, review.impact):
        facts.add(symptom, "")
    earlier = _history_index(history, stop)
    with_children = {c.parent_id for c in review.causes if c.parent_id}
    out: list[Finding] = []
    for cause in review.causes:
        text = cause.statement
        if not text.strip():
            continue
        reader = Reader(text, rules, names)
        hits = _reading("causes", reader)
        out += [_finding(rules, h, cause.id, "statement") for h in hits]
        if cause.id not in with_children and not _is_systemic(reader, hits):
            out.append(_finding(rules, Hit("cause-no-why", ""), cause.id, "statement"))
        if any(True for _ in facts.similar(text, RESTATES_THRESHOLD)):
            out.append(_finding(rules, Hit("cause-restates-fact", ""), cause.id, "statement"))
        out += _recurrence(rules, review.id, cause, earlier)
    return out


def _is_systemic(reader: Reader, hits: list[Hit]) -> bool:
    """A cause that names a condition of the system is deep enough to act on."""
    if any(h.rule in ("cause-person", "cause-blame") for h in hits):
        return False
    return reader.find("causes.systemic") is not None


def _history_index(
    history: Sequence[ReviewSummary], stop: frozenset[str]
) -> Index[tuple[ReviewSummary, str]]:
    """The causes of every other review, indexed; reused while the history is unchanged.

    The app checks the open review again after every edit against the same
    store index, so the last index built is kept (keyed by ids and revisions).
    """
    key = (stop, tuple((s.id, s.rev) for s in history))
    cached = _LAST_INDEX.get("history")
    if cached is not None and cached[0] == key:
        return cached[1]
    index: Index[tuple[ReviewSummary, str]] = Index(stop)
    for summary in history:
        for brief in summary.causes:
            index.add(brief.statement, (summary, brief.statement))
    _LAST_INDEX["history"] = (key, index)
    return index


_LAST_INDEX: dict[str, tuple[object, Index[tuple[ReviewSummary, str]]]] = {}


def _recurrence(
    rules: Rules, review_id: str, cause: Cause, earlier: Index[tuple[ReviewSummary, str]]
) -> list[Finding]:
    found = earlier.similar(cause.statement, limit=MATCH_LIMIT)
    matches = [m for m in found if m[1][0].id != review_id]
    if not matches:
        return []
    reviews = {summary.id for _score, (summary, _statement) in matches}
    message, suggestion = rules.message("cause-recurs")
    first, first_statement = matches[0][1]
    where = f"“{first.title or 'untitled'}” ({first.created.date().isoformat()}, {first.id[:8]})"
    more = f" and {len(reviews) - 1} more" if len(reviews) > 1 else ""
    if len(found) == MATCH_LIMIT:
        more = " and others"
    text = f"{message} In {where}{more}: “{first_statement}”"
    return [Finding("cause-recurs", text, suggestion, "causes", cause.id, "statement")]


def _commitment_findings(
    review: Review, com: Commitment, names: list[str], rules: Rules
) -> list[Finding]:
    reader = Reader(com.deliverable, rules, names)
    out = [_finding(rules, h, com.id, "deliverable") for h in _reading("commitments", reader)]
    owner = com.owner.strip()
    if not owner:
        out.append(_finding(rules, Hit("commitment-no-owner", ""), com.id, "owner"))
    elif is_group_owner(owner, rules) and not any(f.rule == "commitment-group-owner" for f in out):
        out.append(_finding(rules, Hit("commitment-group-owner", owner), com.id, "owner"))
    if com.due is None:
        out.append(_finding(rules, Hit("commitment-no-due", ""), com.id, "due"))
    elif com.due > review.follow_up_due():
        hit = Hit("commitment-after-follow-up", f"follow-up {review.follow_up_due().isoformat()}")
        out.append(_finding(rules, hit, com.id, "due"))
    if not com.done_when.strip():
        out.append(_finding(rules, Hit("commitment-no-done-when", ""), com.id, "done_when"))
    return out
