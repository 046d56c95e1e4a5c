"""The document form: the review's own prose a reader looks for, and the impact in numbers.

Which fields it shows is template data (:mod:`pmtui.domain.document`): the
facts stage asks for the trigger, the detection and the resolution beside
the timeline; the summary stage for the summary and the impact, written
last, with the impact's figures where people have them. Every figure is
optional; times to detect, mitigate and resolve are never asked: they come
from the timeline's key moments.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from textual.app import ComposeResult

from pmtui.domain.dates import SPAN_FORMS, DateError, parse_minutes
from pmtui.domain.document import DocField
from pmtui.domain.model import MAX_BUDGET, ImpactFigures, Review
from pmtui.domain.moments import minutes_text
from pmtui.domain.text import SHORT_LIMIT
from pmtui.tui.forms.base import FormError, ItemForm, text_area, text_input

FIGURES = (
    ("duration", "How long it lasted, if not as the timeline says", SPAN_FORMS),
    ("users", "Users or customers affected", "a number, such as 12,000"),
    ("requests", "Requests, jobs or orders affected", "a number"),
    ("data-lost", "Data lost", "what and how much, or none"),
    ("revenue", "Revenue lost or at risk", "with its currency: EUR 12,000"),
    ("budget", "Error budget consumed (percent of the SLO's budget)", "a number, such as 35"),
)


class DocumentForm(ItemForm[dict[str, Any]]):
    """Some of the review's document fields, and (in the summary) the impact's figures."""

    def __init__(
        self, review: Review, fields: tuple[DocField, ...], *, figures: bool, title: str
    ) -> None:
        super().__init__()
        self.review = review
        self.fields = fields
        self.figures = figures
        self.form_title = title

    def compose_fields(self) -> ComposeResult:
        for f in self.fields:
            yield self.label(f.title)
            yield self.note(f.question)
            yield text_area(getattr(self.review, f.name), f"doc-{f.name}")
        if not self.figures:
            return
        yield self.note("The impact in numbers, where you have them (each one optional):")
        fig = self.review.impact_figures
        values = {
            "duration": minutes_text(fig.duration_minutes) if fig.duration_minutes else "",
            "users": f"{fig.users:,}" if fig.users is not None else "",
            "requests": f"{fig.requests:,}" if fig.requests is not None else "",
            "data-lost": fig.data_lost,
            "revenue": fig.revenue,
            "budget": f"{fig.error_budget:g}" if fig.error_budget is not None else "",
        }
        for key, label, hint in FIGURES:
            yield self.label(label)
            yield text_input(values[key], id=f"fig-{key}", placeholder=hint, max_length=SHORT_LIMIT)

    def collect(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            f.name: self.text(f"doc-{f.name}", multiline=True) for f in self.fields
        }
        if self.figures:
            out["impact_figures"] = self._figures()
        return out

    def _figures(self) -> ImpactFigures:
        duration = self.text("fig-duration")
        try:
            minutes = parse_minutes(duration) if duration else None
        except DateError as exc:
            raise FormError("fig-duration", f"{exc}.") from None
        budget = self._number("fig-budget", "a percentage such as 35", fraction=True)
        if budget is not None and not 0 <= budget <= MAX_BUDGET:
            raise FormError("fig-budget", f"A percentage from 0 to {MAX_BUDGET:,.0f}.")
        figures = replace(
            self.review.impact_figures,
            duration_minutes=minutes,
            users=_whole(self._number("fig-users", "a whole number such as 12,000")),
            requests=_whole(self._number("fig-requests", "a whole number")),
            data_lost=self.text("fig-data-lost"),
            revenue=self.text("fig-revenue"),
            error_budget=budget,
        )
        try:
            figures.validate()
        except ValueError as exc:
            raise FormError("fig-users", f"{exc}.") from None
        return figures

    def _number(self, widget_id: str, what: str, *, fraction: bool = False) -> float | None:
        raw = self.text(widget_id).replace(",", "").replace("_", "").removesuffix("%").strip()
        if not raw:
            return None
        try:
            value = float(raw) if fraction else int(raw)
        except ValueError:
            raise FormError(widget_id, f"Write {what}, or leave it empty.") from None
        if value < 0 or value != value:
            raise FormError(widget_id, f"Write {what}, or leave it empty.")
        return value


def _whole(value: float | None) -> int | None:
    return None if value is None else int(value)
