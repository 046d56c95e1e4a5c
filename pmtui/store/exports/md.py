"""Markdown: one document per review, in the shape of the SRE postmortem template.

YAML front matter (id, title, kind, severity, status, happened, tags) lets the
file live in git and diff cleanly. User text is data: every character that
Markdown or HTML would act on is backslash-escaped, pipes are escaped in
table cells and line breaks inside a cell become ``<br>``, the only HTML
pmtui itself writes.

The summary stage reads the review back as Markdown too (:func:`read_back`,
in the order the review was held); it is built here, from the same pieces
and the same escaping, so what the app shows and what leaves it agree.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from datetime import date
from typing import TYPE_CHECKING

from pmtui.domain import document as doc
from pmtui.domain.document import exported, impact_lines
from pmtui.domain.ideas import parked
from pmtui.domain.incidents import Incident
from pmtui.domain.model import Cause, Commitment, Outcome, Review
from pmtui.domain.serial import shown_copy
from pmtui.domain.templates import packaged_template
from pmtui.domain.text import first_line
from pmtui.domain.timeline import timeline
from pmtui.store.exports import prepared

if TYPE_CHECKING:
    from pmtui.domain.templates import Template

SECTION_TITLES = {
    "went_well": "What went well",
    "went_wrong": "What went wrong",
    "lucky": "Where we got lucky",
}
"""The reflection sections every document shows, in this order."""

_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&#])")
"""Characters Markdown or HTML act on anywhere in a line (emphasis, code, links, HTML,
entities, table cells, strikethrough, headings)."""
_NOT_YAML = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
"""Characters outside YAML's printable set (they must be written as escapes)."""
_LINE_START = re.compile(r"^([-+=])|^(\d{1,9})([.)])")
"""What starts a list, a thematic break or a setext underline at the start of a line."""


def render(
    reviews: Sequence[Review],
    *,
    anonymize: bool = False,
    today: date,
    incidents: Sequence[Incident] = (),
) -> str:
    """Every review as its own document, separated by a blank line."""
    return "\n".join(document(r, today=today) for r in prepared(reviews, anonymize))


def files(reviews: Sequence[Review], *, anonymize: bool = False, today: date) -> dict[str, str]:
    """One ``YYYY-MM-DD-title-id8.md`` file per review, for exporting to a directory."""
    out = {}
    for review in prepared(reviews, anonymize):
        name = file_name(review)
        if name in out:  # two ids that share their first eight characters
            name = name.removesuffix(f"-{review.id[:8]}.md") + f"-{review.id}.md"
        out[name] = document(review, today=today)
    return out


def file_name(review: Review) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", review.title.lower()).strip("-")[:40].strip("-")
    day = review.event_date or review.review_date
    return f"{day.isoformat()}-{slug or 'review'}-{review.id[:8]}.md"


def document(review: Review, *, today: date) -> str:
    """One review as a Markdown document with YAML front matter."""
    out: list[str] = [
        *_front_matter(review),
        "",
        f"# {inline(review.title or 'Untitled review')}",
        "",
    ]
    out += _facts_list(review)
    for doc_field in exported(review, packaged_template(review.template)):
        out += _prose(doc_field.title, getattr(review, doc_field.name))
        if doc_field.name == "impact":
            out += _impact_figures(review)
    if review.facilitator_part.strip():
        out += _prose("The facilitator's own part", review.facilitator_part)
    out += _timeline(review)
    out += _causes(review)
    for section, heading in SECTION_TITLES.items():
        out += _entries(heading, [e.text for e in review.section(section) if not e.hidden])
    others = sorted({e.section for e in review.entries} - set(SECTION_TITLES))
    for section in others:
        texts = [e.text for e in review.section(section) if not e.hidden]
        if texts:
            out += _entries(section.replace("_", " ").capitalize(), texts)
    out += _commitments(review, today)
    out += _follow_up(review)
    return "\n".join(out).rstrip("\n") + "\n"


# == pieces ====================================================================


def _front_matter(review: Review) -> list[str]:
    def q(value: str | None) -> str:
        # A JSON string is a valid YAML double-quoted scalar once the few
        # characters YAML will not carry literally are escaped.
        if value is None:
            return "null"
        return _NOT_YAML.sub(lambda m: f"\\u{ord(m[0]):04x}", json.dumps(value, ensure_ascii=False))

    tags = ", ".join(q(t) for t in review.tags)
    return [
        "---",
        f"id: {q(review.id)}",
        f"title: {q(review.title)}",
        f"kind: {q(review.kind.value)}",
        f"severity: {q(review.severity)}",
        f"status: {q(review.status.value)}",
        f"happened: {q(review.happened)}",
        f"tags: [{tags}]",
        "---",
    ]


def _facts_list(review: Review) -> list[str]:
    people = ", ".join(inline(p) for p in review.participants) or "—"
    rows = [
        ("Date", inline(review.happened) or "not recorded"),
        ("Reviewed on", review.review_date.isoformat()),
        ("Kind", review.kind.label),
        ("Severity", review.severity or "none"),
        ("Status", review.status.label),
        ("Facilitator", inline(review.facilitator) or "—"),
        ("Participants", people),
    ]
    if review.tags:
        rows.append(("Tags", ", ".join(inline(t) for t in review.tags)))
    return [f"- **{label}:** {value}" for label, value in rows] + [""]


def _prose(heading: str, text: str) -> list[str]:
    return [f"## {heading}", "", block(text) or "_Not recorded._", ""]


def _impact_figures(review: Review) -> list[str]:
    lines = impact_lines(review)
    return [*(f"- **{label}:** {inline(value)}" for label, value in lines), ""] if lines else []


def _timeline(review: Review) -> list[str]:
    out = ["## Timeline", ""]
    if not review.facts:
        return [*out, "_No facts recorded._", ""]
    out += ["| When | What happened | Evidence | Decision point |", "| --- | --- | --- | --- |"]
    for f in review.facts:
        when = cell(f.at) + (" (approx.)" if f.approx and f.at else "")
        if f.moment:
            when += f" · {cell(f.moment)}"
        decision = ""
        if f.decision:
            parts = [
                ("Known then", f.known_then),
                ("Options", f.options),
                ("Pressures", f.pressures),
            ]
            decision = "<br>".join(["yes", *(f"{k}: {cell(v)}" for k, v in parts if v.strip())])
        out.append(f"| {when} | {cell(f.what)} | {cell(f.evidence)} | {decision} |")
    return [*out, ""]


def _causes(review: Review) -> list[str]:
    out = ["## Causes", ""]
    if not review.causes:
        return [*out, "_No causes recorded._", ""]
    for cause, depth in cause_tree(review):
        indent = "  " * depth
        lead = f"{cause.question}? " if depth else ""
        text = block(cause.statement, indent=indent + "  ") or "_(empty)_"
        out.append(f"{indent}- {lead}**{inline(cause.category)}:** {text}")
    return [*out, ""]


def cause_tree(review: Review) -> Iterator[tuple[Cause, int]]:
    """Every cause once, each below the one it answers, with its depth.

    A hand-made cycle has no root: its causes follow at the top level.
    """
    ids = {c.id for c in review.causes}
    roots = [c for c in review.causes if c.parent_id is None or c.parent_id not in ids]
    seen: set[str] = set()

    def walk(cause: Cause, depth: int) -> Iterator[tuple[Cause, int]]:
        if cause.id in seen:
            return
        seen.add(cause.id)
        yield cause, depth
        for child in review.children(cause.id):
            yield from walk(child, depth + 1)

    for root in [*roots, *review.causes]:
        yield from walk(root, 0)


def _entries(heading: str, texts: list[str]) -> list[str]:
    out = [f"## {heading}", ""]
    if not texts:
        return [*out, "_Nothing recorded._", ""]
    out += [f"- {block(t, indent='  ') or '_(empty)_'}" for t in texts]
    return [*out, ""]


def _commitments(review: Review, today: date) -> list[str]:
    out = ["## Commitments", "", *_parked(review)]
    if not review.commitments:
        return [*out, "_No commitments recorded._", ""]
    out += [
        "| Owner | Deliverable | Done when | Due | Type | Priority | Ticket | Addresses | Status |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for c in review.commitments:
        due = c.due.isoformat() if c.due else "no date"
        addresses = "<br>".join(cell(first_line(x.statement, 80)) for x in review.addressed(c))
        out.append(
            f"| {cell(c.owner) or '—'} | {cell(c.deliverable)} | {cell(c.done_when)} "
            f"| {due} | {cell(c.type)} | {cell(c.priority)} | {cell(c.link)} | {addresses} "
            f"| {_status(c, today)} |"
        )
    return [*out, ""]


def _parked(review: Review) -> list[str]:
    """How many ideas were left parked, when any were (a line and a blank one)."""
    n = len(parked(review))
    if not n:
        return []
    return [f"{n} {'idea' if n == 1 else 'ideas'} parked, not committed to (see Ideas).", ""]


def _status(c: Commitment, today: date) -> str:
    label = "overdue" if c.is_overdue(today) else c.status.label
    if c.is_open and c.last_answer is not None:
        label += f" ({c.outcome_label()})"
    if c.status is Outcome.DROPPED and c.dropped_reason:
        label += f": {cell(c.dropped_reason)}"
    return label


def _follow_up(review: Review) -> list[str]:
    out = ["## Follow-up", ""]
    record = review.follow_up
    if record is None or record.held_on is None:
        out.append(f"Follow-up review planned for {review.follow_up_due().isoformat()}.")
    else:
        by = f" by {inline(record.by)}" if record.by else ""
        out.append(f"Follow-up review held on {record.held_on.isoformat()}{by}.")
        if record.notes.strip():
            out += ["", block(record.notes)]
    reviewed = [c for c in review.commitments if c.outcome_label()]
    if reviewed:
        out.append("")
        for c in reviewed:
            line = f"- **{c.outcome_label()}:** {inline(c.deliverable)}"
            answer = c.last_answer
            way, category = (
                (answer.in_the_way, answer.in_the_way_category)
                if answer is not None
                else (c.in_the_way, c.in_the_way_category)
            )
            if way.strip():
                kind = f" ({inline(category)})" if category else ""
                line += f". In the way{kind}: {block(way, indent='  ')}"
            out.append(line)
    return [*out, ""]


# == the read-back =============================================================


def read_back(review: Review, template: Template | None, *, today: date) -> str:
    """The review as the summary stage shows it: the stages in order, user text escaped."""
    r = shown_copy(review)
    lines = [f"# {inline(r.title) or '(untitled)'}", ""]
    meta = [
        f"**{inline(template.title if template else r.kind.label)}**",
        f"status: {r.status.label}",
    ]
    if r.happened:
        meta.append(f"happened: {inline(r.happened)}")
    if r.severity:
        meta.append(f"severity: {inline(r.severity)}")
    lines += [" · ".join(meta), ""]
    lines.append(f"Facilitator: {inline(r.facilitator) or '—'}  ")
    lines.append(f"Participants: {', '.join(inline(p) for p in r.participants) or '—'}  ")
    if r.tags:
        lines.append(f"Tags: {', '.join(inline(t) for t in r.tags)}  ")
    lines.append(
        "Ground rule: " + ("read and agreed" if r.ground_rule_ack else "**not acknowledged yet**")
    )
    if r.facilitator_part.strip():
        lines += ["", "## The facilitator's part", "", block(r.facilitator_part)]
    if r.facts:
        lines += ["", "## What happened", ""]
        for f in timeline(r.facts):
            when = (("approx. " if f.approx else "") + f.at) or "time unknown"
            moment = f" *({inline(f.moment)})*" if f.moment else ""
            line = f"- **{inline(when)}**{moment} {block(f.what, indent='  ') or '(empty)'}"
            if f.evidence:
                line += f" (evidence: {inline(f.evidence)})"
            lines.append(line)
            if f.decision:
                for label, value in (
                    ("known then", f.known_then),
                    ("options", f.options),
                    ("pressures", f.pressures),
                ):
                    if value:
                        lines.append(f"  - *{label}*: {block(value, indent='    ')}")
    for doc_field in doc.asked(r, template, "facts"):
        lines += ["", f"## {doc_field.title}", "", block(getattr(r, doc_field.name)) or "—"]
    if r.causes:
        lines += ["", "## What made it likely", ""]
        for cause, depth in cause_tree(r):
            asked = f"*{inline(cause.question)}?* " if depth else ""
            text = block(cause.statement, indent="  " * depth + "  ") or "(empty)"
            lines.append(f"{'  ' * depth}- {asked}{text} — *{inline(cause.category)}*")
    sections = template.sections if template else ()
    keys = [s.key for s in sections] + sorted(
        {e.section for e in r.entries} - {s.key for s in sections}
    )
    for key in keys:
        entries = [e for e in r.section(key) if not e.hidden]
        if not entries:
            continue
        section = template.section(key) if template else None
        title = section.title if section else key.replace("_", " ").capitalize()
        lines += ["", f"## {inline(title)}", ""]
        for e in entries:
            cat = f" *({inline(e.category)})*" if e.category else ""
            lines.append(f"- {block(e.text, indent='  ')}{cat}")
    lines += ["", "## Commitments", "", *_parked(r)]
    if not r.commitments:
        lines.append("None yet.")
    for c in r.commitments:
        due = c.due.isoformat() if c.due else "no due date"
        late = " **overdue**" if c.is_overdue(today) else ""
        what = block(c.deliverable, indent="  ") or "(empty)"
        who = inline(c.owner) or "no owner"
        lines.append(f"- {what} — {who}, due {due}{late} · {c.status.label}")
        if c.done_when:
            lines.append(f"  - *done when*: {block(c.done_when, indent='    ')}")
    for doc_field in doc.asked(r, template, "summary"):
        lines += ["", f"## {doc_field.title}", "", block(getattr(r, doc_field.name)) or "—"]
        if doc_field.name == "impact":
            figures = impact_lines(r)
            lines += ["", *(f"- **{label}:** {inline(value)}" for label, value in figures)]
    lines += [
        "",
        "## Follow-up",
        "",
        f"The team reviews every commitment on **{r.follow_up_due().isoformat()}**"
        + (" (the default, six weeks after the review)." if r.follow_up_on is None else "."),
    ]
    return "\n".join(lines) + "\n"


# == escaping ==================================================================


def inline(text: str) -> str:
    """One line of user text, safe anywhere inline: nothing in it acts as Markdown."""
    text = " ".join(text.split())
    return _escape_line(text)


def cell(text: str) -> str:
    """User text for a table cell: escaped, pipes included, line breaks as ``<br>``."""
    lines = [_escape_line(" ".join(line.split())) for line in text.strip().splitlines()]
    return "<br>".join(line for line in lines if line)


def block(text: str, *, indent: str = "") -> str:
    """Multi-line user text as paragraphs (hard line breaks inside, blank lines between).

    Continuation lines are indented by ``indent`` so the text stays inside a
    list item.
    """
    paragraphs = [p for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]
    rendered = []
    for p in paragraphs:
        lines = [_escape_line(line.strip()) for line in p.splitlines() if line.strip()]
        rendered.append(("\\\n" + indent).join(lines))
    return ("\n\n" + indent).join(rendered)


def _escape_line(line: str) -> str:
    """Backslash-escape every Markdown-active character; also list markers at the start."""
    line = _SPECIAL.sub(r"\\\1", line)
    return _LINE_START.sub(lambda m: f"\\{m[1]}" if m[1] else f"{m[2]}\\{m[3]}", line)
