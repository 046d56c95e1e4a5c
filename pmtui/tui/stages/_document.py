"""Writing the review's document fields from a stage pane: which ones, what is left, the form.

The facts pane writes the trigger, the detection and the resolution; the
summary pane the summary and the impact with its figures. Which fields a
pane asks for is the domain's rule (:func:`pmtui.domain.document.asked`);
this module is the one place that turns it into a line and a form.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pmtui.domain import document
from pmtui.editing import changes
from pmtui.tui.forms.document import DocumentForm
from pmtui.tui.stages.base import StagePane

WRITE_ACTION = "write_document"


def fields(pane: StagePane) -> tuple[document.DocField, ...]:
    """The document fields ``pane``'s stage asks for in this review."""
    return document.asked(pane.review, pane.template, pane.stage)


def status(pane: StagePane, key: str) -> str:
    """``Written: trigger. To write: detection (press t).``, or ``""`` when none is asked."""
    asked = fields(pane)
    written = [f.name for f in asked if getattr(pane.review, f.name).strip()]
    missing = [f.name for f in asked if f.name not in written]
    if not asked:
        return ""
    said = f"Written: {', '.join(written)}. " if written else ""
    return said + (
        f"To write: {', '.join(missing)} (press {key})."
        if missing
        else f"Press {key} to edit them."
    )


def write(pane: StagePane, title: str, done: Callable[[], object]) -> None:
    """Open the form for the pane's fields; save what changed as one undoable step."""
    asked = fields(pane)
    if not asked:
        return
    figures = pane.stage == "summary" and document.asks_figures(pane.review, pane.template)

    def saved(values: dict[str, Any] | None) -> None:
        if values is not None and changes.save_review_fields(pane.session, values, title.lower()):
            done()

    pane.app.push_screen(DocumentForm(pane.review, asked, figures=figures, title=title), saved)
