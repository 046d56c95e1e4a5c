"""CSV: one row per commitment, in columns issue trackers and spreadsheets import.

RFC 4180 (comma separated, CRLF line ends, quotes where needed). A cell that
starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a
leading apostrophe, so a spreadsheet shows it as text instead of running it
as a formula.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import date

from pmtui.domain.incidents import Incident
from pmtui.domain.model import Commitment, Outcome, Review
from pmtui.store.exports import prepared

COLUMNS = (
    "review",
    "owner",
    "deliverable",
    "done_when",
    "due",
    "status",
    "outcome",
    "review_id",
    "commitment_id",
    "type",
    "priority",
    "link",
    "addresses",
)
"""New columns go last, so a spreadsheet or script reading the older ones keeps working."""

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def render(
    reviews: Sequence[Review],
    *,
    anonymize: bool = False,
    today: date,
    incidents: Sequence[Incident] = (),
) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for review in prepared(reviews, anonymize):
        for c in review.commitments:
            writer.writerow(
                [
                    _safe(review.title),
                    _safe(c.owner),
                    _safe(c.deliverable),
                    _safe(c.done_when),
                    c.due.isoformat() if c.due else "",
                    status(c, today),
                    c.outcome_label(),
                    review.id,
                    c.id,
                    _safe(c.type),
                    _safe(c.priority),
                    _safe(c.link),
                    _safe("; ".join(" ".join(x.statement.split()) for x in review.addressed(c))),
                ]
            )
    return buffer.getvalue()


def status(c: Commitment, today: date) -> str:
    """``open``, ``overdue`` or ``closed`` (its outcome is in the next column)."""
    if c.status is not Outcome.OPEN:
        return "closed"
    return "overdue" if c.is_overdue(today) else "open"


def _safe(text: str) -> str:
    return "'" + text if text.startswith(_FORMULA_START) else text
