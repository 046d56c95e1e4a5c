"""The commitment form: one owner, a checkable deliverable, a due date, the causes it addresses."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date

from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Input, Select, SelectionList

from pmtui.domain.actions import ACTION_TYPE_HELP, LINK_FORMS, LINK_LIMIT, link_problem
from pmtui.domain.coach import owner_problem
from pmtui.domain.dates import DUE_FORMS, DateError, in_the_past, parse_date
from pmtui.domain.model import Cause, Commitment, cause_level, incomplete
from pmtui.domain.text import LONG_LIMIT, SHORT_LIMIT, clean, first_line
from pmtui.tui.forms.base import (
    FormError,
    ItemForm,
    literal,
    suggest,
    text_area,
    text_input,
    with_current,
)
from pmtui.tui.forms.coach import Coach
from pmtui.tui.widgets.fields import TickList


def _cause_choices(
    causes: Sequence[Cause], chosen: Sequence[str]
) -> list[tuple[Content, str, bool]]:
    return [
        (literal("  " * cause_level(causes, c) + first_line(c.statement, 64)), c.id, c.id in chosen)
        for c in causes
    ]


class CommitmentForm(ItemForm[Commitment]):
    """A commitment: one owner, a checkable deliverable, a due date, the causes it addresses."""

    coach_stage = "commitments"
    coach_field = "commitment-deliverable"

    def __init__(
        self,
        commitment: Commitment,
        *,
        is_new: bool,
        today: date,
        people: Sequence[str],
        causes: Sequence[Cause],
        coach: Coach | None = None,
        types: Sequence[str] = (),
        priorities: Sequence[str] = (),
        link: bool = False,
    ) -> None:
        super().__init__()
        self.coach = coach
        # A value already set is offered even when the template does not ask for it.
        self.types = with_current(types, commitment.type)
        self.priorities = with_current(priorities, commitment.priority)
        self.link = link or bool(commitment.link)
        self.commitment = commitment
        self.today = today
        self.people = list(people)
        self.causes = list(causes)
        self.form_title = "New commitment" if is_new else "Edit commitment"

    def compose_fields(self) -> ComposeResult:
        c = self.commitment
        yield self.label("Owner (one person)")
        yield text_input(
            c.owner, id="commitment-owner", max_length=SHORT_LIMIT, suggester=suggest(self.people)
        )
        yield self.label("Deliverable (something anyone can check)")
        yield text_area(c.deliverable, "commitment-deliverable")
        yield from self.hints(c.id)
        yield self.label("Done when")
        yield text_input(c.done_when, id="commitment-done-when", max_length=LONG_LIMIT)
        yield self.label("Due (required)")
        yield text_input(
            c.due.isoformat() if c.due else "",
            id="commitment-due",
            max_length=40,
            placeholder="+2w",
        )
        yield self.note(f"Forms: {DUE_FORMS}")
        if self.types:
            yield self.label("Type: what the change does to the next incident")
            yield Select(
                [
                    (literal(f"{t}: {ACTION_TYPE_HELP[t]}" if t in ACTION_TYPE_HELP else t), t)
                    for t in self.types
                ],
                value=c.type or Select.NULL,
                prompt="no type",
                id="commitment-type",
                compact=True,
            )
        if self.priorities:
            yield self.label("Priority")
            yield Select(
                [(literal(p), p) for p in self.priorities],
                value=c.priority or Select.NULL,
                prompt="no priority",
                id="commitment-priority",
                compact=True,
            )
        if self.link:
            yield self.label("Tracked in (a ticket)")
            yield text_input(
                c.link,
                id="commitment-link",
                max_length=LINK_LIMIT,
                placeholder="OPS-123, #42, https://...",
            )
        if self.causes:
            yield self.label("Causes it addresses (space to tick)")
            yield TickList(*_cause_choices(self.causes, c.cause_ids), id="commitment-causes")

    def collect(self) -> Commitment:
        owner = self.required("commitment-owner", "who owns it (one person)")
        problem = owner_problem(owner)
        if problem is not None:
            raise FormError("commitment-owner", problem)
        deliverable = self.required(
            "commitment-deliverable", "what will be delivered", multiline=True
        )
        raw_due = self.text("commitment-due")
        due: date | None = None
        if raw_due:
            try:
                due = parse_date(raw_due, self.today)
            except DateError as exc:
                raise FormError("commitment-due", f"{exc}.") from None
        link = clean(self.query_one("#commitment-link", Input).value) if self.link else ""
        problem = link_problem(link)
        if problem is not None:
            raise FormError("commitment-link", f"Write {LINK_FORMS}, or leave it empty.")
        cause_ids: list[str] = []
        if self.causes:
            cause_ids = list(self.query_one("#commitment-causes", SelectionList).selected)
        result = replace(
            self.commitment,
            owner=owner,
            deliverable=deliverable,
            done_when=self.text("commitment-done-when", multiline=True),
            due=due,
            cause_ids=cause_ids,
            type=self._choice("commitment-type") if self.types else "",
            priority=self._choice("commitment-priority") if self.priorities else "",
            link=link,
        )
        problem = incomplete(result)
        if problem is not None:
            raise FormError(f"commitment-{result.missing()[0]}", f"{problem}: {DUE_FORMS}.")
        return result

    def ask_first(self, result: Commitment) -> tuple[str, str] | None:
        """A due date already past is asked about once (not again when it did not change)."""
        if result.due is None or result.due == self.commitment.due:
            return None
        question = in_the_past(result.due, self.today)
        return None if question is None else (question, "commitment-due")

    def _choice(self, widget_id: str) -> str:
        value = self.query_one(f"#{widget_id}", Select).value
        return value if isinstance(value, str) else ""
