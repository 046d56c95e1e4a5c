"""The item forms the stage panes open: one modal per fact, cause, commitment or entry.

A form is a modal so the pane behind it can be refreshed with other
participants' edits while someone types, without touching their input. Every
form has visible Cancel and Save buttons next to ``ctrl+s`` and Escape, and a
bad value (a time, a date, an empty required field) is reported under the
form with the input left as typed and the focus put back on it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any, Generic, TypeVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import (
    Button,
    Checkbox,
    Input,
    Label,
    RadioButton,
    RadioSet,
    SelectionList,
    Static,
    TextArea,
)

from pmtui.domain.coach import coached_section, owner_problem
from pmtui.domain.dates import DUE_FORMS, DateError, parse_date, parse_fact_time
from pmtui.domain.model import Cause, Commitment, Entry, Fact, HintDismissal, cause_level
from pmtui.domain.templates import Section
from pmtui.domain.text import LONG_LIMIT, SHORT_LIMIT, check_text, clean, first_line, shown
from pmtui.editing import changes
from pmtui.editing.session import ReviewSession
from pmtui.tui.widgets.hints import HintsWidget

T = TypeVar("T")

FACT_TIME_FORMS = "14:02, 2026-11-20, 2026-11-20 14:02, approx. 14:00"


@dataclass(frozen=True)
class Coach:
    """What a form needs to show the coach's hints beside its main text field."""

    names: tuple[str, ...] = ()
    """People in the review, so a name used as a cause is noticed."""
    dismissed: tuple[HintDismissal, ...] = ()
    on_dismiss: Callable[[str | None, str, str], None] | None = None
    """Called with (item id, rule, reason) when someone sets a hint aside."""

    def dismissed_for(self, item_id: str) -> list[str]:
        return [d.rule for d in self.dismissed if d.item_id == item_id]

    @classmethod
    def for_session(cls, session: ReviewSession) -> Coach:
        """The coach settings for a form opened on the session's review."""

        def dismissed(item_id: str | None, rule: str, reason: str) -> None:
            changes.dismiss_hint(session, item_id, rule, reason)

        return cls(
            names=changes.people(session),
            dismissed=tuple(session.review.dismissed_hints),
            on_dismiss=dismissed,
        )


class FormError(Exception):
    """A field holds something the form cannot save; names the widget to focus."""

    def __init__(self, widget_id: str, message: str) -> None:
        super().__init__(message)
        self.widget_id = widget_id
        self.message = message


def literal(text: str) -> Content:
    """User text as content that is never read as markup, nor acts on the terminal."""
    return Content(shown(text))


class ItemForm(ModalScreen[T | None], Generic[T]):
    """Base of the item forms: fields in a scrolling body, an error line, two buttons.

    Subclasses yield their fields from :meth:`compose_fields` and build the
    result in :meth:`collect`, raising :class:`FormError` for a bad value.
    """

    DEFAULT_CSS = """
    ItemForm {
        align: center middle;
    }
    ItemForm > #form-frame {
        width: 78;
        max-width: 100%;
        height: auto;
        max-height: 100%;
        border: round $primary;
        background: $surface;
        padding: 0 1;
    }
    ItemForm #form-title {
        text-style: bold;
        width: 100%;
    }
    ItemForm #form-body {
        height: auto;
        max-height: 70vh;
    }
    ItemForm .form-label {
        margin-top: 1;
        color: $text-muted;
    }
    ItemForm .form-note {
        color: $text-muted;
        text-style: italic;
    }
    ItemForm Input, ItemForm Checkbox, ItemForm RadioSet {
        width: 100%;
    }
    ItemForm TextArea {
        height: 3;
    }
    ItemForm SelectionList {
        height: auto;
        max-height: 7;
    }
    ItemForm #form-error {
        color: $error;
        height: auto;
        width: 100%;
    }
    ItemForm #form-buttons {
        height: auto;
        align-horizontal: right;
    }
    ItemForm #form-buttons Button {
        margin-left: 2;
    }
    """

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("escape", "cancel", "Cancel"),
    ]

    form_title: str = ""
    coach: Coach | None = None
    coach_stage: str = ""
    """The coach's stage for the main text field; empty: no hints."""
    coach_field: str = ""
    """The id of the TextArea the hints read."""

    def compose(self) -> ComposeResult:
        with Vertical(id="form-frame"):
            yield Label(shown(self.form_title), id="form-title", markup=False)
            with VerticalScroll(id="form-body"):
                yield from self.compose_fields()
            yield Static("", id="form-error", markup=False)
            with Horizontal(id="form-buttons"):
                yield Button("Cancel (esc)", id="form-cancel", compact=True)
                yield Button("Save (ctrl+s)", id="form-save", variant="primary", compact=True)

    def compose_fields(self) -> ComposeResult:
        raise NotImplementedError

    def collect(self) -> T:
        raise NotImplementedError

    def on_mount(self) -> None:
        for widget in self.query_one("#form-body").query("*"):
            if widget.focusable:
                widget.focus()
                break
        for hints in self.query(HintsWidget):
            hints.check_now(self.query_one(f"#{self.coach_field}", TextArea).text)

    def hints(self, item_id: str) -> ComposeResult:
        """The coach's hints for the main text field, when this form has a coach."""
        if self.coach is None or not self.coach_stage:
            return
        yield HintsWidget(
            self.coach_stage,
            item_id=item_id,
            names=self.coach.names,
            dismissed=self.coach.dismissed_for(item_id),
            id="form-hints",
        )

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        if event.text_area.id == self.coach_field:
            for hints in self.query(HintsWidget):
                hints.update_text(event.text_area.text)

    def on_hints_widget_dismissed(self, event: HintsWidget.Dismissed) -> None:
        event.stop()
        if self.coach is not None and self.coach.on_dismiss is not None:
            self.coach.on_dismiss(event.item_id, event.rule, event.reason)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "form-save":
            self.action_save()
        elif event.button.id == "form-cancel":
            self.action_cancel()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def action_save(self) -> None:
        try:
            result = self.collect()
        except FormError as exc:
            self.show_error(exc.message)
            self.query_one(f"#{exc.widget_id}").focus()
            return
        self.dismiss(result)

    def action_cancel(self) -> None:
        self.dismiss(None)

    def show_error(self, message: str) -> None:
        self.query_one("#form-error", Static).update(Text(shown(message, multiline=True)))

    # -- helpers for subclasses ------------------------------------------------

    def label(self, text: str) -> Label:
        return Label(shown(text), classes="form-label", markup=False)

    def note(self, text: str) -> Static:
        return Static(Text(shown(text, multiline=True)), classes="form-note")

    def text(self, widget_id: str, *, multiline: bool = False) -> str:
        """The cleaned text of an Input or TextArea."""
        widget = self.query_one(f"#{widget_id}")
        raw = (
            widget.text
            if isinstance(widget, TextArea)
            else self.query_one(f"#{widget_id}", Input).value
        )
        value = clean(raw, multiline=multiline)
        problem = check_text(value, LONG_LIMIT if multiline else SHORT_LIMIT)
        if problem is not None:
            raise FormError(widget_id, f"{problem[0].upper()}{problem[1:]}.")
        return value

    def required(self, widget_id: str, what: str, *, multiline: bool = False) -> str:
        value = self.text(widget_id, multiline=multiline)
        if not value.strip():
            raise FormError(widget_id, f"Write {what} before saving.")
        return value


def _text_area(value: str, widget_id: str) -> TextArea:
    """A multi-line field showing stored text (control characters as visible stand-ins)."""
    return TextArea(
        shown(value, multiline=True),
        id=widget_id,
        soft_wrap=True,
        tab_behavior="focus",
        compact=True,
    )


def _input(value: str, **kwargs: Any) -> Input:
    """A one-line field showing stored text (control characters as visible stand-ins)."""
    return Input(shown(value), compact=True, **kwargs)


def _suggest(words: Sequence[str]) -> SuggestFromList:
    return SuggestFromList(list(dict.fromkeys(shown(w) for w in words)), case_sensitive=False)


class FactForm(ItemForm[Fact]):
    """A fact on the timeline: when, what happened, evidence, and a decision point."""

    coach_stage = "facts"
    coach_field = "fact-what"

    def __init__(
        self, fact: Fact | None = None, *, author: str = "", coach: Coach | None = None
    ) -> None:
        super().__init__()
        self.coach = coach
        self.fact = fact or Fact(author=author)
        self.form_title = "Edit fact" if fact else "New fact"

    def compose_fields(self) -> ComposeResult:
        f = self.fact
        shown_at = (f"approx. {f.at}" if f.at else "approx.") if f.approx else f.at
        yield self.label("When")
        yield _input(shown_at, id="fact-at", max_length=SHORT_LIMIT, placeholder="14:02")
        yield self.note(f"Forms: {FACT_TIME_FORMS}")
        yield self.label("What happened (what anyone could have observed)")
        yield _text_area(f.what, "fact-what")
        yield from self.hints(f.id)
        yield self.label("Evidence (log, chat, ticket, graph)")
        yield _input(f.evidence, id="fact-evidence", max_length=LONG_LIMIT)
        yield Checkbox("A decision point", f.decision, id="fact-decision", compact=True)
        with Vertical(id="fact-decision-fields"):
            yield self.label("What was known then")
            yield _input(f.known_then, id="fact-known-then", max_length=LONG_LIMIT)
            yield self.label("What options there were")
            yield _input(f.options, id="fact-options", max_length=LONG_LIMIT)
            yield self.label("What pressures people were under")
            yield _input(f.pressures, id="fact-pressures", max_length=LONG_LIMIT)

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
        )


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
        if parent is not None:
            self.form_title = ("New answer to " if is_new else "Edit answer to ") + (
                f"{cause.question}? {first_line(parent.statement, 40)}"
            )
        else:
            self.form_title = "New cause" if is_new else "Edit cause"

    def compose_fields(self) -> ComposeResult:
        c = self.cause
        yield self.label("What in the system made this likely")
        yield _text_area(c.statement, "cause-statement")
        yield from self.hints(c.id)
        if self.parent_cause is not None:
            yield self.label("Asked")
            with RadioSet(id="cause-question", compact=True):
                yield RadioButton("why?", c.question == "why", id="question-why")
                yield RadioButton("how?", c.question == "how", id="question-how")
        yield self.label("Category")
        yield _input(
            c.category,
            id="cause-category",
            max_length=40,
            suggester=_suggest(self.categories),
        )
        yield self.note("For example: " + ", ".join(self.categories) + "; or your own word")
        if self.facts:
            yield self.label("Facts it explains (space to tick)")
            yield SelectionList[str](*_fact_choices(self.facts, c.fact_ids), id="cause-facts")

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
    ) -> None:
        super().__init__()
        self.coach = coach
        self.commitment = commitment
        self.today = today
        self.people = list(people)
        self.causes = list(causes)
        self.form_title = "New commitment" if is_new else "Edit commitment"

    def compose_fields(self) -> ComposeResult:
        c = self.commitment
        yield self.label("Owner (one person)")
        yield _input(
            c.owner, id="commitment-owner", max_length=SHORT_LIMIT, suggester=_suggest(self.people)
        )
        yield self.label("Deliverable (something anyone can check)")
        yield _text_area(c.deliverable, "commitment-deliverable")
        yield from self.hints(c.id)
        yield self.label("Done when")
        yield _input(c.done_when, id="commitment-done-when", max_length=LONG_LIMIT)
        yield self.label("Due")
        yield _input(
            c.due.isoformat() if c.due else "",
            id="commitment-due",
            max_length=40,
            placeholder="+2w",
        )
        yield self.note(f"Forms: {DUE_FORMS}")
        if self.causes:
            yield self.label("Causes it addresses (space to tick)")
            yield SelectionList[str](
                *_cause_choices(self.causes, c.cause_ids), id="commitment-causes"
            )

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
        cause_ids: list[str] = []
        if self.causes:
            cause_ids = list(self.query_one("#commitment-causes", SelectionList).selected)
        return replace(
            self.commitment,
            owner=owner,
            deliverable=deliverable,
            done_when=self.text("commitment-done-when", multiline=True),
            due=due,
            cause_ids=cause_ids,
        )


class EntryForm(ItemForm[Entry]):
    """One entry of a reflection section (went well, glad, start...)."""

    coach_field = "entry-text"

    def __init__(
        self, entry: Entry, *, is_new: bool, section: Section, coach: Coach | None = None
    ) -> None:
        super().__init__()
        self.coach = coach
        if coached_section(section.key):
            self.coach_stage = "causes"
        self.entry = entry
        self.section = section
        self.form_title = f"{'New' if is_new else 'Edit'}: {section.title}"

    def compose_fields(self) -> ComposeResult:
        yield self.note(self.section.prompt)
        yield _text_area(self.entry.text, "entry-text")
        yield from self.hints(self.entry.id)
        if self.section.categories:
            yield self.label("Category")
            yield _input(
                self.entry.category,
                id="entry-category",
                max_length=40,
                suggester=_suggest(self.section.categories),
            )
            yield self.note(
                "For example: " + ", ".join(self.section.categories) + "; or your own word"
            )

    def collect(self) -> Entry:
        text = self.required("entry-text", "the entry", multiline=True)
        category = (
            self.text("entry-category").lower() if self.section.categories else self.entry.category
        )
        return replace(self.entry, text=text, category=category)
