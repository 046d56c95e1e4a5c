"""The stages of a review, in one table: name, title, purpose, stylesheet, completeness.

Templates, the app's stepper and help, the command palette and ``pmtui
guide`` all read this table, so a stage is described once. Adding a stage
means a row here, its pane module (``pmtui/tui/stages/<name>.py``), its
stylesheet (``styles/<name>.tcss``) and the docs.

How complete a stage is lives here too, computed from the review alone,
so the app's stepper, the prompts and any report agree on it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pmtui.domain.kinds import Kind, Status

if TYPE_CHECKING:
    from pmtui.domain.model import Commitment, Review
    from pmtui.domain.templates import Section, Template

ENOUGH_DEPTH = 3
"""Levels of "why?" below a top-level cause that count as a complete chain."""
QUICK_DEPTH = 1
"""The same for a quick review, which is meant to take minutes."""


def enough_depth(kind: Kind) -> int:
    """How many levels of "why?" below a top-level cause make the chain deep enough."""
    return QUICK_DEPTH if kind is Kind.QUICK else ENOUGH_DEPTH


def has_cause_tree(template: Template | None) -> bool:
    """Whether the causes stage shows a tree of causes (without a template: it does)."""
    return template.cause_tree if template is not None else True


def cause_sections(template: Template | None) -> tuple[Section, ...]:
    """The reflection sections of the causes stage (without a template: went well, lucky)."""
    if template is not None:
        return template.sections
    from pmtui.domain.templates import DEFAULT_SECTIONS

    return DEFAULT_SECTIONS


def frame_completeness(review: Review, template: Template | None = None) -> float:
    checks = (
        bool(review.title),
        bool(review.happened),
        bool(review.participants),
        bool(review.facilitator),
        review.ground_rule_ack,
        bool(review.facilitator_part.strip()),
    )
    return sum(checks) / len(checks)


def facts_completeness(review: Review, template: Template | None = None) -> float:
    facts = review.facts
    if not facts:
        return 0.0
    enough = 2 if review.kind is Kind.QUICK else 3
    filled = sum((bool(f.what.strip()) + bool(f.at) + bool(f.evidence.strip())) / 3 for f in facts)
    return round(0.5 * min(1.0, len(facts) / enough) + 0.5 * filled / len(facts), 3)


def causes_completeness(review: Review, template: Template | None = None) -> float:
    sections = cause_sections(template)
    filled = sum(1 for s in sections if review.section(s.key)) / len(sections) if sections else 1.0
    if not has_cause_tree(template):
        return round(filled, 3)
    if not review.causes:
        return 0.0
    ids = {c.id for c in review.causes}
    tops = [c for c in review.causes if c.parent_id not in ids]
    enough = enough_depth(review.kind)
    depth = sum(min(review.levels_below(c.id), enough) for c in tops) / (enough * len(tops))
    if review.facts:
        linked = sum(1 for c in review.causes if c.fact_ids) / len(review.causes)
        score = 0.2 + 0.4 * depth + 0.2 * linked + 0.2 * filled
    else:
        score = 0.2 + 0.5 * depth + 0.3 * filled
    return round(min(score, 1.0), 3)


def commitments_completeness(review: Review, template: Template | None = None) -> float:
    commitments = review.commitments
    if not commitments:
        return 0.0
    with_causes = bool(review.causes)
    parts = 5 if with_causes else 4

    def score(c: Commitment) -> int:
        filled: list[object] = [c.owner.strip(), c.deliverable.strip(), c.done_when.strip(), c.due]
        if with_causes:
            filled.append(c.cause_ids)
        return sum(1 for f in filled if f)

    return round(sum(score(c) for c in commitments) / (parts * len(commitments)), 3)


SUMMARY_PROGRESS = {
    Status.DRAFT: 0.0,
    Status.IN_REVIEW: 0.5,
    Status.REVIEWED: 1.0,
    Status.CLOSED: 1.0,
}


def summary_completeness(review: Review, template: Template | None = None) -> float:
    return SUMMARY_PROGRESS[review.status]


Completeness = Callable[["Review", "Template | None"], float]


@dataclass(frozen=True)
class Stage:
    """One stage of a review, as everything that lists stages shows it."""

    name: str
    title: str
    """The short name in the stepper, the palette and the guide."""
    purpose: str
    """What the stage is for, in a sentence or three (the guide's process)."""
    stylesheet: str
    """The app's stylesheet for the stage's pane (``styles/<stylesheet>.tcss``)."""
    completeness: Completeness
    """How complete the stage is, 0.0 to 1.0; cheap: the stepper asks after every change."""


STAGES: tuple[Stage, ...] = (
    Stage(
        "frame",
        "Frame",
        "Name what is reviewed, when it happened and who takes part; read the ground "
        "rule aloud. The facilitator names their own part first.",
        "frame",
        frame_completeness,
    ),
    Stage(
        "facts",
        "Facts",
        "Build the timeline of observable events, in order, each with a time and where "
        "it is recorded. Mark decision points: what was known then and which options "
        "existed. No causes yet.",
        "facts",
        facts_completeness,
    ),
    Stage(
        "causes",
        "Causes",
        "Explain the outcome through the system: process, tooling, information, "
        "incentives, communication, resourcing, scope, external factors. Link each cause "
        "to the facts it explains and ask why again until you reach something that can "
        "be changed.",
        "causes",
        causes_completeness,
    ),
    Stage(
        "commitments",
        "Commitments",
        "Agree on changes. Each has one named owner, a deliverable anyone can check, a "
        "date before the follow-up, and the cause it addresses.",
        "commitments",
        commitments_completeness,
    ),
    Stage(
        "summary",
        "Summary",
        "Read the review back, note the coach's open hints, and set the follow-up date "
        "(four to eight weeks out; six by default).",
        "summary",
        summary_completeness,
    ),
)
"""Every stage a review can have, in the order they are walked."""

BY_NAME = {stage.name: stage for stage in STAGES}
NAMES = tuple(BY_NAME)


def stage(name: str) -> Stage:
    """The stage called ``name``; raises ``KeyError`` for an unknown one."""
    return BY_NAME[name]


def progress(review: Review, template: Template | None) -> dict[str, float]:
    """How complete each of the template's stages is (every stage without a template)."""
    names = template.stages if template is not None else NAMES
    return {name: BY_NAME[name].completeness(review, template) for name in names}
