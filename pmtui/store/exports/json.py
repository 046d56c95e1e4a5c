"""JSON: the whole store or some reviews as one versioned, lossless document.

The format is documented field by field in docs/json-format.md; `pmtui
import` reads it back (:mod:`pmtui.store.exports.importer`). Each review and
each incident carries a ``digest`` of its content as exported, so an import
can tell a file someone edited from a plain old export.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from datetime import date
from typing import Any

from pmtui import __version__
from pmtui.domain.incidents import Incident, incident_to_dict
from pmtui.domain.model import Review
from pmtui.domain.serial import review_to_dict
from pmtui.domain.text import json_shown
from pmtui.store.exports import prepared

FORMAT = "pmtui-export"
VERSION = 4
"""Bumped on any change an older pmtui could not read correctly.

2: incidents, and the ``incident_id`` of a review started from one (version 1
had neither; an older pmtui would have dropped them without a word).
3: the postmortem document (trigger, detection, resolution, the impact in
numbers, key moments of facts), action items' type, priority and ticket, and
follow-up answers kept in a commitment's history; a commitment's status is
open, kept or dropped. Older files are read, their partly or not kept
commitments reopened.
4: the coach's verdicts on fact and cause statements as they were written
(``coach_verdicts``), which practice health counts."""

VOLATILE = ("rev", "updated", "digest")
"""Keys the store sets on every save (or the export adds): not part of the content."""
LEFT_OUT_EMPTY: dict[str, Any] = {
    "incident_id": None,
    "coach_verdicts": {},
    "last_sessions": {},
    "deleted_sessions": {},
}
"""Review keys added since version 1, left out while they hold nothing: a review
without them is written, and fingerprinted, exactly as version 1 did."""
KEPT_LEFT_OUT_EMPTY = ("by_session", "replaced_by_session")
"""Keys of a kept text added since, left out while empty (as :data:`LEFT_OUT_EMPTY`)."""


def review_data(review: Review) -> dict[str, Any]:
    """A review as the export writes it (and as its digest is computed)."""
    data = review_to_dict(review)
    for key, empty in LEFT_OUT_EMPTY.items():
        if key in data and data[key] == empty:
            del data[key]
    data["kept"] = [_kept_data(k) for k in data.get("kept") or []]
    return data


def _kept_data(kept: Any) -> Any:
    if not isinstance(kept, dict):
        return kept
    return {k: v for k, v in kept.items() if not (k in KEPT_LEFT_OUT_EMPTY and v == "")}


def version_of(data: dict[str, Any]) -> int:
    """The lowest format version that holds a review's data (what a one-review file says).

    A pmtui that reads only version 1 can then still read every review that
    names no incident; one that does is refused by it, rather than read with
    its incident dropped.
    """
    if data.get("coach_verdicts"):
        return 4
    if _holds_the_document(data):
        return 3
    return 2 if "incident_id" in data else 1


def _holds_the_document(data: dict[str, Any]) -> bool:
    """Whether a review holds what version 3 added: an older pmtui would drop it."""
    if any(data.get(key) for key in ("trigger", "detection", "resolution")):
        return True
    figures = data.get("impact_figures")
    if isinstance(figures, dict) and any(v not in (None, "") for v in figures.values()):
        return True
    if any(isinstance(f, dict) and f.get("moment") for f in data.get("facts") or []):
        return True
    for c in data.get("commitments") or []:
        if not isinstance(c, dict):
            continue
        if c.get("type") or c.get("priority") or c.get("link"):
            return True
        if any(isinstance(h, dict) and h.get("outcome") for h in c.get("history") or []):
            return True
    return False


def incident_data(incident: Incident) -> dict[str, Any]:
    return incident_to_dict(incident)


def document(
    reviews: Sequence[Review],
    *,
    anonymize: bool = False,
    today: date,
    incidents: Sequence[Incident] = (),
) -> dict[str, Any]:
    """The export document; an anonymized one leaves the incidents out (they name people)."""
    items = []
    for review in prepared(reviews, anonymize, shown=False):
        data = review_data(review)
        data["digest"] = digest(data)
        items.append(data)
    logged = []
    for incident in () if anonymize else incidents:
        data = incident_data(incident)
        data["digest"] = digest(data)
        logged.append(data)
    return {
        "format": FORMAT,
        "version": VERSION,
        "pmtui": __version__,
        "exported": today.isoformat(),
        "anonymized": anonymize,
        "reviews": items,
        "incidents": logged,
    }


def render(
    reviews: Sequence[Review],
    *,
    anonymize: bool = False,
    today: date,
    incidents: Sequence[Incident] = (),
) -> str:
    doc = document(reviews, anonymize=anonymize, today=today, incidents=incidents)
    return json_shown(json.dumps(doc, ensure_ascii=False, indent=2)) + "\n"


def content(data: dict[str, Any]) -> dict[str, Any]:
    """A review's or an incident's dict without the keys that change on every save."""
    return {
        k: v
        for k, v in data.items()
        if k not in VOLATILE and not (k in LEFT_OUT_EMPTY and v == LEFT_OUT_EMPTY[k])
    }


def digest(data: dict[str, Any]) -> str:
    """A fingerprint of a review's (or an incident's) content: equal content, equal digest."""
    canonical = json.dumps(content(data), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return "sha256:" + hashlib.sha256(canonical.encode("utf-8", "surrogatepass")).hexdigest()
