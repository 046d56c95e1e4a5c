"""The review's own prose a reader of a postmortem looks for, and where each is written.

Readers who know the SRE, PagerDuty or Atlassian postmortem templates look
for a summary, the impact, the trigger, how it was detected and how it was
mitigated and resolved. This registry says, once, what each field is
called, which stage asks for it (trigger, detection and resolution beside
the timeline; summary and impact in the Summary stage, written last) and
what it asks. Which fields a review asks for is template data
(``[document] fields``); a field that holds text is always shown, whatever
the template says, so nothing written is ever hidden.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from pmtui.domain.model import DOCUMENT_TEXTS, Review
from pmtui.domain.moments import impact_minutes, key_times, minutes_text

if TYPE_CHECKING:
    from pmtui.domain.templates import Template


@dataclass(frozen=True)
class DocField:
    name: str
    """The review's attribute (and the JSON key)."""
    title: str
    """The heading in the document and the label in the app."""
    stage: str
    """The stage whose pane holds the field."""
    question: str
    """What the field asks, in the app and the guide."""


FIELDS: tuple[DocField, ...] = (
    DocField(
        "trigger",
        "Trigger",
        "facts",
        "What set it off? (a deploy, a config change, a traffic spike...)",
    ),
    DocField(
        "detection",
        "Detection",
        "facts",
        "How was it noticed, and by what or whom? Could it have been noticed sooner?",
    ),
    DocField(
        "resolution",
        "Resolution and mitigation",
        "facts",
        "What limited the damage, and what finally ended it?",
    ),
    DocField(
        "summary",
        "Summary",
        "summary",
        "In three or four lines: what happened, what it did, what will change. Write it last.",
    ),
    DocField(
        "impact",
        "Impact",
        "summary",
        "Who or what was affected, and how badly? The numbers go below, where you have them.",
    ),
)
"""Every document field, in the order a stage shows them."""

BY_NAME = {f.name: f for f in FIELDS}
assert set(BY_NAME) == set(DOCUMENT_TEXTS), "every prose field of the review has a row here"


def asked(review: Review, template: Template | None, stage: str) -> tuple[DocField, ...]:
    """The document fields a stage shows for this review: the template's, and any with text."""
    wanted = set(template.document_fields) if template is not None else set()
    return tuple(
        f
        for f in FIELDS
        if f.stage == stage and (f.name in wanted or getattr(review, f.name).strip())
    )


def asks_figures(review: Review, template: Template | None) -> bool:
    """Whether the Summary stage asks for the impact in numbers (or some are stated)."""
    return (template is not None and template.impact_figures) or not review.impact_figures.empty


def asks_moments(review: Review, template: Template | None) -> bool:
    """Whether facts can be marked as key moments here (or some already are)."""
    return (template is not None and template.key_moments) or any(f.moment for f in review.facts)


def exported(review: Review, template: Template | None) -> tuple[DocField, ...]:
    """The document fields a written document shows, in the order of the SRE template.

    Summary and impact always (a reader looks for them first, and a missing
    one should show as missing); the others when the review's template asks
    for them or they hold text, so a quick review's document stays short.
    """
    wanted = set(template.document_fields) if template is not None else set()
    order = ("summary", "impact", "trigger", "detection", "resolution")
    return tuple(
        BY_NAME[name]
        for name in order
        if name in ("summary", "impact") or name in wanted or getattr(review, name).strip()
    )


def impact_lines(review: Review) -> list[tuple[str, str]]:
    """The impact in numbers and the key times, as ``(label, value)``: only what is known.

    The duration is the typed one, else the time from the *started* to the
    *resolved* moment of the timeline; times to detect, mitigate and resolve
    always come from the timeline, never typed twice.
    """
    figures = review.impact_figures
    times = key_times(review)
    out: list[tuple[str, str]] = []
    lasted = impact_minutes(review, times)
    if lasted is not None:
        minutes, from_timeline = lasted
        out.append(
            ("Duration", minutes_text(minutes) + (" (from the timeline)" if from_timeline else ""))
        )
    for label, count in (
        ("Users affected", figures.users),
        ("Requests affected", figures.requests),
    ):
        if count is not None:
            out.append((label, f"{count:,}"))
    if figures.data_lost:
        out.append(("Data lost", figures.data_lost))
    if figures.revenue:
        out.append(("Revenue", figures.revenue))
    if figures.error_budget is not None:
        out.append(("Error budget consumed", f"{figures.error_budget:g}%"))
    for span in times.spans:
        out.append((f"Time to {span.verb}", span.text()))
    return out
