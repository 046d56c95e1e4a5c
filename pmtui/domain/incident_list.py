"""Reading a list of incidents another tool exported: a CSV with a header, or JSON.

Pagers and incident tools export incidents with an id, a title, a severity
(or priority, or urgency) and a start time, under many names. Columns and
keys are matched by name (``id``/``incident_id``/``number``, ``title``/
``summary``/``name``, ``severity``/``priority``/``urgency``, ``started``/
``created_at``/``triggered_at``...); JSON may be a list of objects or
``{"incidents": [...]}`` and may nest a value as ``{"summary": "P1"}``.

The whole list is checked before anything is saved: one row pmtui cannot
read refuses the file with the row and the reason, so a second run after a
fix never finds half an import. Times with an offset are converted to local
time, as everywhere in pmtui.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import Any

from pmtui.domain.dates import DateError
from pmtui.domain.incidents import Incident, parse_severity, parse_started
from pmtui.domain.model import ValidationError
from pmtui.domain.text import clean

NAMES: Mapping[str, tuple[str, ...]] = {
    "id": ("id", "incidentid", "number", "incidentnumber", "key", "ref", "reference"),
    "title": ("title", "summary", "name", "description", "subject", "incident"),
    "severity": ("severity", "sev", "priority", "urgency", "level"),
    "started": (
        "started", "start", "startedat", "starttime", "createdat", "created", "opened",
        "openedat", "triggeredat", "detectedat", "time", "timestamp", "date",
    ),
    "tags": ("tags", "labels", "tag"),
}  # fmt: skip
"""The names each field may go by, lower-case, without spaces, ``_`` or ``-``."""


class ListProblem(ValueError):
    """The file cannot be read as a list of incidents; the message names the row."""


@dataclass(frozen=True)
class Row:
    """One incident of the file, checked, with where it came from."""

    incident: Incident
    where: str


def _key(name: str) -> str:
    return re.sub(r"[\s_\-]", "", name.strip().lower())


def _field_of(keys: Sequence[str]) -> dict[str, str]:
    """Field -> the key or column holding it (the first name in :data:`NAMES` found)."""
    present = {_key(k): k for k in keys}
    found: dict[str, str] = {}
    for fieldname, names in NAMES.items():
        for name in names:
            if name in present:
                found[fieldname] = present[name]
                break
    return found


def read_list(
    text: str,
    *,
    source: str,
    author: str,
    now: datetime,
    local: tzinfo | None = None,
) -> list[Row]:
    """Every incident in ``text`` (JSON if it looks like JSON, else CSV); raises ListProblem."""
    stripped = text.lstrip()
    records = _json_records(stripped) if stripped[:1] in ("[", "{") else _csv_records(text)
    rows: list[Row] = []
    seen: dict[str, str] = {}
    for where, record in records:
        row = _row(record, where, source=source, author=author, now=now, local=local)
        key = row.incident.external_id
        if key and key in seen:
            raise ListProblem(f"{where}: id {key!r} appears twice (also {seen[key]})")
        if key:
            seen[key] = where
        rows.append(row)
    if not rows:
        raise ListProblem("it holds no incidents")
    return rows


def _json_records(text: str) -> list[tuple[str, dict[str, Any]]]:
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise ListProblem(f"it is not valid JSON ({exc})") from None
    if isinstance(data, dict):
        for key in ("incidents", "data", "items", "results"):
            if isinstance(data.get(key), list):
                data = data[key]
                break
    if not isinstance(data, list):
        raise ListProblem('expected a JSON list of incidents (or {"incidents": [...]})')
    out = []
    for i, item in enumerate(data):
        if not isinstance(item, dict):
            raise ListProblem(f"incidents[{i}]: an object, not {type(item).__name__}")
        out.append((f"incidents[{i}]", item))
    return out


def _csv_records(text: str) -> list[tuple[str, dict[str, Any]]]:
    sample = text[:16_384]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    out = []
    try:
        for n, row in enumerate(reader, start=2):
            if not any((v or "").strip() for v in row.values() if isinstance(v, str)):
                continue
            out.append((f"row {n}", {k: v for k, v in row.items() if isinstance(k, str)}))
    except csv.Error as exc:
        raise ListProblem(f"row {reader.line_num} is not valid CSV ({exc})") from None
    if reader.fieldnames is None:
        raise ListProblem("it is empty; the first row should name the columns")
    return out


def _text(value: Any) -> str:
    """A value as text; a nested ``{"summary": ...}`` (or name, title) gives its text."""
    if isinstance(value, dict):
        for key in ("summary", "name", "title", "value", "label"):
            if isinstance(value.get(key), str | int):
                return str(value[key])
        return ""
    if value is None or isinstance(value, bool):
        return ""
    if isinstance(value, list):
        return ",".join(_text(v) for v in value)
    return str(value)


def _row(
    record: dict[str, Any],
    where: str,
    *,
    source: str,
    author: str,
    now: datetime,
    local: tzinfo | None,
) -> Row:
    fields = _field_of(list(record))
    for needed in ("title", "started"):
        if needed not in fields:
            names = ", ".join(NAMES[needed][:5])
            have = ", ".join(repr(k) for k in record) or "none"
            raise ListProblem(f"{where}: no {needed} (a key such as {names}; it has {have})")
    title = clean(_text(record[fields["title"]])).strip()
    if not title:
        raise ListProblem(f"{where}: the title is empty")
    try:
        severity = parse_severity(_text(record.get(fields.get("severity", ""), "")))
    except ValidationError as exc:
        raise ListProblem(f"{where}: {exc}") from None
    raw_start = _text(record[fields["started"]]).strip()
    if not raw_start:
        raise ListProblem(f"{where}: the start time is empty")
    try:
        started = parse_started(raw_start, now, local=local)
    except DateError as exc:
        raise ListProblem(f"{where}: {exc}") from None
    tags = [t.strip().lower() for t in _text(record.get(fields.get("tags", ""), "")).split(",")]
    incident = Incident(
        title=title[:300],
        severity=severity,
        started=started,
        tags=[t for t in tags if t],
        source=source,
        external_id=clean(_text(record.get(fields.get("id", ""), ""))).strip(),
        logged=now,
        updated=now,
        author=author,
    )
    incident.clean()
    try:
        incident.validate()
    except ValidationError as exc:
        raise ListProblem(f"{where}: {exc}") from None
    return Row(incident, where)


def same_incident(a: Incident, b: Incident) -> bool:
    """Whether two incidents without an outside id are one: same title and start."""
    return a.title.casefold() == b.title.casefold() and a.started == b.started


def carried(incoming: Incident, known: Incident) -> bool:
    """Copy what the other tool says (title, severity, start, tags) onto ``known``.

    Returns whether anything changed. A waiver, and the review started from
    it, are pmtui's own and stay.
    """
    changed = False
    for name in ("title", "severity", "started"):
        if getattr(known, name) != getattr(incoming, name):
            setattr(known, name, getattr(incoming, name))
            changed = True
    tags = list(dict.fromkeys([*known.tags, *incoming.tags]))
    if tags != known.tags:
        known.tags = tags
        changed = True
    return changed
