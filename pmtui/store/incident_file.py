"""The incidents file and the reviews started from incidents, read without TinyDB or the model.

The app's first frame shows how many incidents wait for the review the team's
policy asks for (home's backlog line). That needs four facts of each incident
(:class:`~pmtui.domain.incident_facts.IncidentFacts`) and the review started
from it, which the first-screen file keeps (the open file's links): so the
frame reads the incidents file itself, plainly decoded, as it reads the
first-screen file, instead of opening the store (TinyDB, the model of a
review, the coach's judge) before it. The file is read whole at every start,
never kept, so what it shows is never older than the file: a teammate's
incident logged since the last start is counted on the next one.

Only a file exactly as the store writes it is read here: anything else (a
hand edit the store still reads another way, a damaged file, a newer schema)
gives None, and the store reads it, says what is wrong and loses nothing.
The checks an incident is read with live here once: the store decodes each
incident through :func:`stored_fields` too (:mod:`pmtui.store.incidents`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime
from pathlib import Path
from typing import Any

import orjson

from pmtui.domain.incident_facts import IncidentFacts
from pmtui.domain.kinds import ID_PATTERN, SEVERITIES
from pmtui.domain.policy import ReviewLink
from pmtui.store.atomic import read_file
from pmtui.store.layout import META, SCHEMA

INCIDENTS = "incidents"
"""The table of the incidents file."""
LINKS = "incident_reviews"
"""The table of the open-commitments file: review id -> its incident, start day, and if held."""

_TEXT = ("title", "started", "source", "external_id", "waived", "waived_by", "author")
_STARTED = re.compile(r"\d{4}-\d{2}-\d{2}(?: \d{2}:\d{2}(?::\d{2})?)?")


def links_from_rows(rows: Mapping[str, Any]) -> dict[str, ReviewLink]:
    """Incident id -> the review started from it (a held one first, then the earliest, by id).

    A store normally holds one review per incident (starting a second one
    is refused), but two synced or imported stores may bring two: one that
    was held counts before a draft, then the earliest.
    """
    out: dict[str, ReviewLink] = {}
    for rid in sorted(rows):
        row = rows[rid]
        incident = row["incident"]
        link = ReviewLink(rid, date.fromisoformat(row["created"]), held=row.get("held") is True)
        known = out.get(incident)
        if known is None or (not link.held, link.created) < (not known.held, known.created):
            out[incident] = link
    return out


def stored_fields(incident_id: str, doc: Mapping[str, Any]) -> dict[str, Any]:
    """A stored incident's fields, with the checks reading needs (the full ones ran when it
    was saved); raises ``ValueError``, ``TypeError``, ``KeyError`` or ``AttributeError`` for
    what they do not pass (the store then reads it with the model's codec, which names it)."""
    if not ID_PATTERN.fullmatch(incident_id):
        raise ValueError("id")
    texts = {name: doc.get(name, "") for name in _TEXT}
    if not all(type(v) is str for v in texts.values()):
        raise TypeError("text")
    if not texts["title"].strip() or not _STARTED.fullmatch(texts["started"]):
        raise ValueError("title or started")
    date.fromisoformat(texts["started"][:10])
    severity = doc.get("severity")
    if severity is not None and severity not in SEVERITIES:
        raise ValueError("severity")
    tags = doc.get("tags", [])
    if type(tags) is not list or not all(type(t) is str for t in tags):
        raise TypeError("tags")
    rev = doc.get("rev", 0)
    if type(rev) is not int:
        raise TypeError("rev")
    waived_on = doc.get("waived_on")
    return {
        **texts,
        "severity": severity,
        "tags": list(tags),
        "waived_on": date.fromisoformat(waived_on) if waived_on is not None else None,
        "logged": datetime.fromisoformat(doc["logged"]),
        "updated": datetime.fromisoformat(doc["updated"]),
        "rev": rev,
        "id": incident_id,
    }


def read_facts(path: Path) -> list[IncidentFacts] | None:
    """Every logged incident as the policy weighs it, read from the incidents file at
    ``path`` without the store (none when there is no file); None unless the file is
    exactly as this pmtui writes it: then the store reads it, and says what is wrong."""
    try:
        got = read_file(path)
        if got is None:
            return []
        data = orjson.loads(got[0])
        if not isinstance(data, dict) or not all(
            isinstance(table, dict) and all(isinstance(doc, dict) for doc in table.values())
            for table in data.values()
        ):
            return None
        if not data:
            return []
        if data.get(META, {}).get("meta", {}).get("schema") != SCHEMA:
            return None  # another schema, or none: the store migrates, refuses or repairs it
        out = []
        for incident_id, doc in data.get(INCIDENTS, {}).items():
            fields = stored_fields(incident_id, doc)
            out.append(
                IncidentFacts(incident_id, fields["severity"], fields["started"], fields["waived"])
            )
        return out
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return None  # orjson.JSONDecodeError is a ValueError
