"""How incidents and their reviews are kept on disk, beside the reviews.

Incidents live whole in one TinyDB file, ``pmtui.incidents.json`` (table
``incidents``, keyed by id): they are a few fields each, so ten thousand of
them are a file ``pmtui log`` rewrites in milliseconds. The file is primary
data like the review shards: backed up, restored per incident, never rebuilt.

Which review was started from which incident is not stored twice: a review
carries its ``incident_id``, and the open-commitments file (derived from the
review shards, rebuilt with them) keeps one row per such review in table
``incident_reviews``, so ``pmtui due`` and the home screen learn every
incident's state from two small files without reading the index or any
review.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

from pmtui.domain.incidents import Incident, incident_from_dict
from pmtui.domain.model import Review, ValidationError
from pmtui.domain.policy import ReviewLink

INCIDENTS = "incidents"
"""The table of the incidents file."""
LINKS = "incident_reviews"
"""The table of the open-commitments file: review id -> its incident and start day."""


def link_row(review: Review) -> dict[str, Any] | None:
    """The row a review started from an incident leaves in the open-commitments file."""
    if not review.incident_id:
        return None
    return {"incident": review.incident_id, "created": review.created.date().isoformat()}


def links_from_rows(rows: Mapping[str, Any]) -> dict[str, ReviewLink]:
    """Incident id -> the first review started from it (the earliest, then by id).

    A store normally holds one review per incident (starting a second one
    is refused), but two synced or imported stores may bring two: the
    earliest counts.
    """
    out: dict[str, ReviewLink] = {}
    for rid in sorted(rows):
        row = rows[rid]
        incident, created = row["incident"], date.fromisoformat(row["created"])
        known = out.get(incident)
        if known is None or created < known.created:
            out[incident] = ReviewLink(rid, created)
    return out


def decode(incident_id: str, doc: dict[str, Any]) -> Incident:
    """An incident from its stored document; raises ``ValueError`` naming what is wrong."""
    incident = incident_from_dict({**doc, "id": incident_id}, f"incidents[{incident_id}]")
    try:
        incident.validate()
    except ValidationError as exc:
        raise ValueError(f"incident {incident_id}: {exc}") from None
    if incident.id != incident_id:
        raise ValueError(f"incident {incident_id} is stored under another id")
    return incident


def readable(docs: Mapping[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """The documents that decode, and the ids of those that do not (for a restore)."""
    good: dict[str, Any] = {}
    bad: list[str] = []
    for iid, doc in docs.items():
        try:
            decode(iid, dict(doc))
        except (ValidationError, TypeError, KeyError, ValueError):
            bad.append(iid)
        else:
            good[iid] = doc
    return good, bad


def file_name(layout_incidents: Path) -> str:
    return layout_incidents.name
