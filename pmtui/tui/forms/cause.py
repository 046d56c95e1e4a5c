"""The cause form: the statement, its category (free text allowed) and the facts it explains."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from textual import on
from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Input, RadioSet, SelectionList

from pmtui.domain.model import Cause, Fact
from pmtui.domain.text import first_line
from pmtui.tui.forms.base import FormError, ItemForm, literal, suggest, text_area, text_input
from pmtui.tui.forms.coach import Coach
from pmtui.tui.widgets.fields import Choice, TickList


def _fact_choices(facts: Sequence[Fact], chosen: Sequence[str]) -> list[tuple[Content, str, bool]]:
    out = []
    for f in facts:
        when = f"{'~' if f.approx else ''}{f.at}" if f.at or f.approx else "—"
        out.append((literal(f"{when}  {first_line(f.what, 60)}"), f.id, f.id in chosen))
    return out


class CauseForm(ItemForm[Cause]):
    """A cause: the statement, its category (free text allowed) and the facts it explains."""

    coach_stage = "causes"
    coach_field = "cause-statement"

    def __init__(
        self,
        cause: Cause,
        *,
        is_new: bool,
        categories: Sequence[str],
        facts: Sequence[Fact],
        parent: Cause | None = None,
        coach: Coach | None = None,
    ) -> None:
        super().__init__()
        self.coach = coach
        self.cause = cause
        self.categories = list(dict.fromkeys(categories))
        self.facts = list(facts)
        self.parent_cause = parent
        self.is_new = is_new
        if parent is not None:
            self.form_title = ("New answer to " if is_new else "Edit answer to ") + (
                f"{cause.question}? {first_line(parent.statement, 40)}"
            )
        else:
            self.form_title = "New cause" if is_new else "Edit cause"

    def compose_fields(self) -> ComposeResult:
        c = self.cause
        yield self.label("What in the system made this likely")
        yield text_area(c.statement, "cause-statement")
        yield from self.hints(c.id)
        if self.parent_cause is not None:
            yield self.label("Asked")
            with RadioSet(id="cause-question", compact=True):
                yield Choice("why?", c.question == "why", id="question-why")
                yield Choice("how?", c.question == "how", id="question-how")
        yield self.label("Category")
        # A new cause's category is a default (the first, or its parent's): selected when
        # the field is entered, so what is typed replaces it, not "systemproc".
        yield text_input(
            c.category,
            id="cause-category",
            max_length=40,
            suggester=suggest(self.categories),
            select_on_focus=self.is_new,
        )
        yield self.note("For example: " + ", ".join(self.categories) + "; or your own word")
        if self.facts:
            yield self.label("Facts it explains (space to tick)")
            yield TickList(*_fact_choices(self.facts, c.fact_ids), id="cause-facts")

    @on(Input.Changed, "#cause-category")
    def _category_typed(self, event: Input.Changed) -> None:
        """Once typed in, the category is the person's own: coming back adds to it."""
        if event.value != self.cause.category:
            event.input.select_on_focus = False

    def collect(self) -> Cause:
        statement = self.required("cause-statement", "the cause", multiline=True)
        category = self.text("cause-category").lower()
        if not category:
            raise FormError(
                "cause-category",
                "Give the cause a category, e.g. " + ", ".join(self.categories[:4]),
            )
        fact_ids: list[str] = []
        if self.facts:
            fact_ids = list(self.query_one("#cause-facts", SelectionList).selected)
        question = self.cause.question
        if self.parent_cause is not None:
            pressed = self.query_one("#cause-question", RadioSet).pressed_button
            question = "how" if pressed is not None and pressed.id == "question-how" else "why"
        return replace(
            self.cause, statement=statement, category=category, fact_ids=fact_ids, question=question
        )
