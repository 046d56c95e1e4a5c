"""The base of the item forms: fields in a scrolling body, an error line, two buttons.

A form is a modal so the pane behind it can be refreshed with other
participants' edits while someone types, without touching their input. Every
form has visible Cancel and Save buttons next to ``ctrl+s`` and Escape, and a
bad value (a time, a date, an empty required field) is reported under the
form with the input left as typed and the focus put back on it. One form per
module beside this one: :mod:`.fact`, :mod:`.cause`, :mod:`.commitment`,
:mod:`.entry`; what a form needs to show the coach's hints is :mod:`.coach`.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from typing import Any, Generic, TypeVar

from rich.text import Text
from textual import events
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
    Select,
    SelectionList,
    Static,
    TextArea,
)

from pmtui.domain.text import LONG_LIMIT, SHORT_LIMIT, check_text, clean, shown
from pmtui.tui import styles
from pmtui.tui.forms.coach import Coach
from pmtui.tui.modals.confirm import ConfirmModal
from pmtui.tui.widgets.fields import TextField
from pmtui.tui.widgets.hints import HintsWidget
from pmtui.tui.widgets.text_box import TextBox

T = TypeVar("T")


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

    CSS_PATH = styles.sheets("forms")

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+t", "set_aside_hint", "Set hint aside", show=False),
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
        self._opened_with = self._typed()
        for widget in self.query_one("#form-body").query("*"):
            if widget.focusable:
                widget.focus()
                break
        for hints in self.query(HintsWidget):
            hints.check_now(self.query_one(f"#{self.coach_field}", TextArea).text)
        self.call_after_refresh(self._fit_body)
        for choice in self.query(Select):
            self.watch(choice, "expanded", partial(self._fit_list, choice), init=False)

    def _fit_list(self, choice: Select[Any], opened: bool) -> None:
        """Keep a choice list inside the frame: it opens below its field and Textual only
        keeps it on the screen, so near the buttons it was drawn over the frame's border
        and past it. The rows below the frame, as its margin, make it move up to fit, and
        it is as wide as the frame so nothing it covers shows beside it."""
        if not opened:
            return
        inside = self.query_one("#form-frame").content_region
        overlay = choice.query_one("SelectOverlay")
        overlay.styles.margin = (0, 0, self.size.height - inside.bottom, 0)
        overlay.styles.width = inside.right - choice.region.x  # over the fields' scrollbar too

    def on_resize(self, event: events.Resize) -> None:
        self.call_after_refresh(self._fit_body)

    def _fit_body(self) -> None:
        """Let the fields scroll in what the screen leaves beside the title, the error
        line and the buttons, so the buttons stay in sight at any height, and keep the
        focused field in sight (a field shown or an error line grown may push it out)."""
        frame = self.query_one("#form-frame")
        body = self.query_one("#form-body")
        around = frame.styles.gutter.height + sum(
            child.outer_size.height for child in frame.children if child is not body
        )
        body.styles.max_height = max(3, self.size.height - around)
        focused = self.focused
        if focused is not None and body in focused.ancestors:
            self.call_after_refresh(focused.scroll_visible, animate=False)

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

    def action_set_aside_hint(self) -> None:
        """The coach's first hint, set aside after saying why (its button takes no focus)."""
        if not any(hints.set_aside() for hints in self.query(HintsWidget)):
            self.notify("The coach has no hint here to set aside.")

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
        asked = self.ask_first(result)
        if asked is None:
            self.dismiss(result)
            return
        question, widget_id = asked

        def answered(keep: bool | None) -> None:
            if keep:
                self.dismiss(result)
            else:
                self.query_one(f"#{widget_id}").focus()

        self.app.push_screen(ConfirmModal(question, yes="Keep it", no="Change it"), answered)

    def ask_first(self, result: T) -> tuple[str, str] | None:
        """A question to confirm before saving ``result`` and the field to go back to, or None."""
        return None

    def unsaved_work(self) -> str | None:
        """What quitting now would lose (see :meth:`PmtuiApp.action_quit`), or None."""
        return None if self._typed() == self._opened_with else "what you typed in this form"

    def action_cancel(self) -> None:
        """Leave without saving; what was typed is only dropped when the person says so."""
        if self.unsaved_work() is None:
            self.dismiss(None)
            return

        def answered(drop: bool | None) -> None:
            if drop:
                self.dismiss(None)

        self.app.push_screen(
            ConfirmModal("Drop what you typed in this form?", yes="Drop it", no="Keep editing"),
            answered,
        )

    def _typed(self) -> list[object]:
        """What the form's fields hold now, to tell whether anything was typed."""
        body = self.query_one("#form-body")
        values: list[object] = [w.value for w in body.query(Input)]
        values += [w.text for w in body.query(TextArea)]
        values += [w.value for w in body.query(Checkbox)]
        values += [tuple(w.selected) for w in body.query(SelectionList)]
        return values

    def show_error(self, message: str) -> None:
        self.query_one("#form-error", Static).update(Text(shown(message, multiline=True)))
        self.call_after_refresh(self._fit_body)

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


def text_area(value: str, widget_id: str) -> TextArea:
    """A multi-line field showing stored text (control characters as visible stand-ins)."""
    return TextBox(
        shown(value, multiline=True),
        id=widget_id,
        soft_wrap=True,
        tab_behavior="focus",
        compact=True,
    )


def text_input(value: str, **kwargs: Any) -> Input:
    """A one-line field showing stored text (control characters as visible stand-ins).

    The cursor lands at the end of the text, never on a selection a first key would replace.
    """
    return TextField(shown(value), **kwargs)


def suggest(words: Sequence[str]) -> SuggestFromList:
    return SuggestFromList(list(dict.fromkeys(shown(w) for w in words)), case_sensitive=False)


def with_current(choices: Sequence[str], current: str) -> tuple[str, ...]:
    """The choices a field offers, and the stored value when it is not one of them.

    A value a team's template no longer lists, or a store file edited by
    hand, stays selectable, so opening the form never fails nor drops it.
    """
    return (*choices, current) if current and current not in choices else tuple(choices)
