"""Log an incident (or correct one) in a small form: what broke, how bad, when, tags.

Only the title is needed; the rest has defaults (unrated, now, no tags), so
logging from the home screen is a title and ``enter``. The values are read
and checked by the domain's own rules (:mod:`pmtui.domain.incidents`), the
same ones ``pmtui log`` uses.
"""

from __future__ import annotations

import copy
from datetime import datetime

from textual.app import ComposeResult
from textual.widgets import Select

from pmtui.domain.dates import DateError
from pmtui.domain.incidents import (
    STARTED_FORMS,
    Incident,
    new_incident,
    parse_started,
    split_tags,
)
from pmtui.domain.model import SEVERITIES, ValidationError
from pmtui.domain.text import SHORT_LIMIT
from pmtui.tui.forms.base import FormError, ItemForm, text_input


class IncidentForm(ItemForm[Incident]):
    """Dismisses with the incident to save (not saved yet), or ``None``."""

    def __init__(
        self, *, now: datetime, user: str, incident: Incident | None = None, policy_note: str = ""
    ) -> None:
        super().__init__()
        self.now = now
        self.user = user
        self.incident = incident
        self.policy_note = policy_note
        self.form_title = "Edit incident" if incident else "Log an incident"

    def compose_fields(self) -> ComposeResult:
        i = self.incident
        yield self.label("What went wrong (one line)")
        yield text_input(
            i.title if i else "",
            id="incident-title",
            max_length=SHORT_LIMIT,
            placeholder="checkout 502s after deploy",
        )
        yield self.label("Severity")
        yield Select(
            [(s, s) for s in SEVERITIES],
            prompt="not rated yet",
            value=i.severity if i and i.severity in SEVERITIES else Select.NULL,
            id="incident-severity",
            compact=True,
        )
        yield self.label("When it started")
        yield text_input(
            i.started if i else "",
            id="incident-started",
            max_length=SHORT_LIMIT,
            placeholder="now",
        )
        yield self.note(f"Forms: {STARTED_FORMS}; empty is now.")
        yield self.label("Tags (comma separated)")
        yield text_input(", ".join(i.tags) if i else "", id="incident-tags", max_length=SHORT_LIMIT)
        if self.policy_note:
            yield self.note(self.policy_note)

    def collect(self) -> Incident:
        title = self.required("incident-title", "what went wrong")
        severity = self.query_one("#incident-severity", Select).value
        started_text = self.text("incident-started")
        try:
            started = parse_started(started_text, self.now) if started_text else ""
        except DateError as exc:
            raise FormError("incident-started", str(exc)) from None
        tags = split_tags([self.text("incident-tags")])
        sev = severity if isinstance(severity, str) else None
        try:
            if self.incident is None:
                return new_incident(
                    title, now=self.now, author=self.user, severity=sev, started=started, tags=tags
                )
            changed = copy.deepcopy(self.incident)
            changed.title, changed.severity, changed.tags = title, sev, tags
            changed.started = started or changed.started
            changed.clean()
            changed.validate()
            return changed
        except ValidationError as exc:
            widget = {"title": "incident-title", "started": "incident-started"}.get(
                exc.field.split("[")[0], "incident-tags"
            )
            raise FormError(widget, str(exc)) from None
