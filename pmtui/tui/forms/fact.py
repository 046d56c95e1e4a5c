"""The fact form: when, what happened, evidence, and a decision point."""

from __future__ import annotations

from dataclasses import replace

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Checkbox, Select

from pmtui.domain.dates import DateError, parse_fact_time
from pmtui.domain.model import MOMENTS, Fact
from pmtui.domain.moments import LABELS
from pmtui.domain.text import LONG_LIMIT, SHORT_LIMIT
from pmtui.tui.forms.base import (
    FormError,
    ItemForm,
    literal,
    text_area,
    text_input,
    with_current,
)
from pmtui.tui.forms.coach import Coach
from pmtui.tui.widgets.fields import Tick

FACT_TIME_FORMS = (
    "14:02, 2026-11-20, 2026-11-20 14:02 (a zone such as UTC may follow), approx. 14:00"
)


class FactForm(ItemForm[Fact]):
    """A fact on the timeline: when, what happened, evidence, and a decision point."""

    coach_stage = "facts"
    coach_field = "fact-what"

    def __init__(
        self,
        fact: Fact | None = None,
        *,
        author: str = "",
        coach: Coach | None = None,
        moments: bool = False,
    ) -> None:
        super().__init__()
        self.coach = coach
        self.fact = fact or Fact(author=author)
        self.moments = moments or bool(self.fact.moment)
        """Ask which key moment it marks (the template's ``key_moments``, or one is set)."""
        self.form_title = "Edit fact" if fact else "New fact"

    def compose_fields(self) -> ComposeResult:
        f = self.fact
        shown_at = (f"approx. {f.at}" if f.at else "approx.") if f.approx else f.at
        yield self.label("When")
        yield text_input(shown_at, id="fact-at", max_length=SHORT_LIMIT, placeholder="14:02")
        yield self.note(f"Forms: {FACT_TIME_FORMS}")
        yield self.label("What happened (what anyone could have observed)")
        yield text_area(f.what, "fact-what")
        yield from self.hints(f.id)
        yield self.label("Evidence (log, chat, ticket, graph)")
        yield text_input(f.evidence, id="fact-evidence", max_length=LONG_LIMIT)
        if self.moments:
            yield self.label("Key moment (times to detect, mitigate, resolve count from these)")
            yield Select(
                [(literal(LABELS.get(m, m)), m) for m in with_current(MOMENTS, f.moment)],
                value=f.moment or Select.NULL,
                prompt="none",
                id="fact-moment",
                compact=True,
            )
        yield Tick("A decision point", f.decision, id="fact-decision")
        with Vertical(id="fact-decision-fields"):
            yield self.label("What was known then")
            yield text_input(f.known_then, id="fact-known-then", max_length=LONG_LIMIT)
            yield self.label("What options there were")
            yield text_input(f.options, id="fact-options", max_length=LONG_LIMIT)
            yield self.label("What pressures people were under")
            yield text_input(f.pressures, id="fact-pressures", max_length=LONG_LIMIT)

    def on_mount(self) -> None:
        super().on_mount()
        self._show_decision(self.fact.decision)

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        self._show_decision(event.value)

    def _show_decision(self, shown: bool) -> None:
        self.query_one("#fact-decision-fields").display = shown

    def collect(self) -> Fact:
        raw_at = self.text("fact-at")
        try:
            at, approx = parse_fact_time(raw_at)
        except DateError as exc:
            raise FormError("fact-at", f"{exc}.") from None
        what = self.required("fact-what", "what happened", multiline=True)
        decision = self.query_one("#fact-decision", Checkbox).value
        moment = self.query_one("#fact-moment", Select).value if self.moments else ""
        return replace(
            self.fact,
            at=at,
            approx=approx,
            what=what,
            evidence=self.text("fact-evidence", multiline=True),
            decision=decision,
            known_then=self.text("fact-known-then", multiline=True),
            options=self.text("fact-options", multiline=True),
            pressures=self.text("fact-pressures", multiline=True),
            moment=moment if isinstance(moment, str) else "",
        )
