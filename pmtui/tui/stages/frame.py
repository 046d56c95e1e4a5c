"""Stage 0, Frame: what is reviewed, when it happened, who is here, and the ground rule.

The facilitator is asked to name their own part first: when the person
running the review does that honestly, the others feel safe to name theirs.
Each field is saved as it is typed; a field that cannot be saved as typed
(a date pmtui cannot read, text over the limit) says why under it and keeps
what was typed. The fields show the stored text through the output
boundary (:func:`shown`): a control character someone put in the store
appears as a visible stand-in, and is saved that way only once the field is
edited.
"""

from __future__ import annotations

from typing import ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widget import Widget
from textual.widgets import Checkbox, Input, Label, Select, Static, TextArea

from pmtui.domain.dates import DateError, parse_happened
from pmtui.domain.model import SEVERITIES, Review
from pmtui.domain.text import LONG_LIMIT, SHORT_LIMIT, check_text, clean, shown
from pmtui.tui.focus import focus_now
from pmtui.tui.shell import shell
from pmtui.tui.stages.base import StagePane
from pmtui.tui.widgets.fields import TextField, Tick
from pmtui.tui.widgets.text_box import TextBox

TAG_LIMIT = 60

HELP = """\
# Frame

Say what is being reviewed, when it happened and who takes part. Then read the
ground rule aloud and tick it: everyone acted reasonably given what they knew
and the pressures they had; the review looks for what in the system made the
outcome likely, not for someone to blame.

The facilitator writes their own part first. When the person running the
review names their part honestly, the others feel safe to name theirs.

| field | accepts |
|---|---|
| When it happened | 2026-11-20, 2026-11-20 14:02 (a zone such as UTC may follow), yesterday 14:02 |
| Participants, tags | names or words separated by commas |
| Severity | SEV1 (worst) to SEV5, or none |

Every field is saved as you type. `tab` moves to the next field.
"""


def split_list(text: str) -> list[str]:
    """``"ana, ben ,, chloé"`` -> ``["ana", "ben", "chloé"]``."""
    return [p for p in (clean(part) for part in text.split(",")) if p]


def join_list(items: list[str]) -> str:
    """A stored list as the one-line text its field shows."""
    return ", ".join(shown(i) for i in items)


FIELDS: dict[str, str] = {
    "title": "title",
    "happened": "when it happened",
    "severity": "severity",
    "participants": "participants",
    "facilitator": "facilitator",
    "tags": "tags",
    "ground-rule-ack": "ground rule",
    "facilitator-part": "facilitator's own part",
}
"""Each field's widget id and what it is called in undo and save messages."""

_STORED = {"ground-rule-ack": "ground_rule_ack", "facilitator-part": "facilitator_part"}


def stored_name(field_id: str) -> str:
    """The review's attribute a field widget edits."""
    return _STORED.get(field_id, field_id)


class FrameField(Vertical):
    """A label and its field on one line, and the line that says what is wrong with it."""

    def __init__(self, label: str, field: Widget, *, id: str, stacked: bool = False) -> None:
        super().__init__(id=id, classes="frame-field" + (" -stacked" if stacked else ""))
        self.label = label
        self.field = field
        self.stacked = stacked
        self._error = ""
        self.problem = ""
        """Why the field's text is not saved (shown once the field is left or submitted)."""

    def compose(self) -> ComposeResult:
        if self.stacked:
            yield Label(self.label, classes="frame-label")
            yield self.field
        else:
            with Horizontal(classes="frame-line"):
                yield Label(self.label, classes="frame-label")
                yield self.field
        yield Static("", classes="frame-error", markup=False)

    def on_mount(self) -> None:
        self.query_one(".frame-error").display = False

    def show_error(self, message: str) -> None:
        if message == self._error:
            return  # most keystrokes clear an error that is not there: no relayout for that
        self._error = message
        error = self.query_one(".frame-error", Static)
        error.update(shown(message, multiline=True))
        error.display = bool(message)
        self.set_class(bool(message), "-invalid")


def _stale(event: Input.Changed) -> bool:
    """The field no longer holds what ``event`` says: a later change is on its way (keys
    that came together), or the field was set since. Saving it would save text that is
    no longer on screen, over the newer text."""
    return event.value != event.input.value


class FramePane(StagePane):
    """Title, date, severity, people, the ground rule and the facilitator's part.

    The pane opens with the focus on itself, not in a field, so a key
    pressed on arrival is a command (a stage number, ``?``), never text that
    replaces the title; ``tab`` or ``enter`` goes to the first field. A
    field's text that cannot be saved yet (a date pmtui cannot read) is held
    as typed: the save indicator says so, and leaving asks first.
    """

    stage = "frame"
    HELP = HELP
    COMMANDS: ClassVar[tuple[tuple[str, str, str], ...]] = (
        ("Edit the fields", "put the cursor in the title", "edit_fields"),
        ("Acknowledge the ground rule", "tick: everyone acted reasonably", "acknowledge"),
        ("Write the facilitator's part", "go to the facilitator's own part", "focus_part"),
        ("Undo in this stage", "undo the last change of the field you are in", "undo_field"),
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        # Both give the focus at once (pmtui.tui.focus): enter and a sentence arriving
        # together put the sentence in the title.
        Binding("enter", "edit_fields", "Edit fields"),
        *StagePane.BINDINGS,  # escape leaves a field: named before undo in the key line
        Binding("ctrl+z", "undo_field", "Undo", key_display="^z"),
    ]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Enter goes into the fields from the stage (escape leaves them: the stage's).

        Where the focus is, not ``has_focus``: that says so only once the focus event
        is handled, after the keys typed ahead of it (``1`` and ``enter`` sent together
        reached a stage that did not know yet that it was focused).
        """
        if not super().check_action(action, parameters):
            return False
        if action == "edit_fields":
            return self.screen.focused is self
        return True

    def compose(self) -> ComposeResult:
        r = self.review
        self._seen = {f: getattr(r, stored_name(f)) for f in FIELDS}
        """Field id -> the stored value the field last showed or saved: its next save's base.
        A field being typed in is not refreshed by others' saves, so a save over a text it
        never showed (another session's) is told apart from this session's own typing."""
        if self.prompt:
            yield Static(self.prompt, classes="stage-prompt", markup=False)
        yield FrameField(
            "Title",
            TextField(
                shown(r.title), placeholder="Checkout errors after the 14:00 deploy", id="title"
            ),
            id="field-title",
        )
        with Horizontal(classes="frame-row"):
            yield FrameField(
                "When",
                TextField(shown(r.happened), placeholder="2026-11-20 14:02", id="happened"),
                id="field-happened",
            )
            yield FrameField(
                "Severity",
                Select(
                    [(s, s) for s in SEVERITIES],
                    prompt="none",
                    value=r.severity if r.severity in SEVERITIES else Select.NULL,
                    id="severity",
                    compact=True,
                ),
                id="field-severity",
            )
        with Horizontal(classes="frame-row"):
            yield FrameField(
                "Participants",
                TextField(join_list(r.participants), placeholder="ana, ben", id="participants"),
                id="field-participants",
            )
            yield FrameField(
                "Facilitator",
                TextField(shown(r.facilitator), placeholder="ana", id="facilitator"),
                id="field-facilitator",
            )
        yield FrameField(
            "Tags",
            TextField(join_list(r.tags), placeholder="payments, deploys", id="tags"),
            id="field-tags",
        )
        with Vertical(id="ground-rule-box") as box:
            box.border_title = "The ground rule"
            yield Static(shell(self).ground_rule, id="ground-rule", markup=False)
            yield Tick(
                "Read aloud, and we agree to work this way",
                r.ground_rule_ack,
                id="ground-rule-ack",
            )
        yield FrameField(
            "Facilitator, first: what was your own part in it?",
            TextBox(
                shown(r.facilitator_part, multiline=True),
                id="facilitator-part",
                soft_wrap=True,
                compact=True,
                tab_behavior="focus",
            ),
            id="field-facilitator-part",
            stacked=True,
        )

    # -- completeness and refresh ----------------------------------------------

    def refresh_from(self, review: Review) -> None:
        if not self.is_mounted:
            return
        focused = self.screen.focused if self.screen else None
        self._show(review, keep=self._held_widgets() | {focused})

    def _show(self, review: Review, keep: frozenset[object] = frozenset()) -> None:
        """Show ``review`` in every field but those in ``keep`` (being typed in, or held)."""
        for input_id in ("title", "happened", "participants", "facilitator", "tags"):
            widget = self.query_one(f"#{input_id}", Input)
            value = self._shown(input_id, review)
            if widget in keep:
                continue
            self._seen[input_id] = getattr(review, input_id)
            if widget.value == value:
                continue
            if input_id in ("participants", "tags"):
                if split_list(widget.value) == split_list(value):
                    continue
            elif clean(widget.value) == clean(value):
                continue
            with widget.prevent(Input.Changed):
                widget.value = value
                widget.cursor_position = len(value)
        severity = self.query_one("#severity", Select)
        wanted = review.severity if review.severity in SEVERITIES else Select.NULL
        if severity not in keep:
            self._seen["severity"] = review.severity
        if severity not in keep and severity.value != wanted:
            with severity.prevent(Select.Changed):
                severity.value = wanted
        ack = self.query_one("#ground-rule-ack", Checkbox)
        self._seen["ground-rule-ack"] = review.ground_rule_ack
        if ack.value != review.ground_rule_ack:
            with ack.prevent(Checkbox.Changed):
                ack.value = review.ground_rule_ack
        part = self.query_one("#facilitator-part", TextArea)
        value = self._shown("facilitator-part", review)
        if part not in keep:
            self._seen["facilitator-part"] = review.facilitator_part
        if part not in keep and part.text.rstrip() != value.rstrip():
            with part.prevent(TextArea.Changed):
                part.load_text(value)

    def show_field(self, target: str, item_id: str | None, field: str) -> None:
        if target != "review" or not self.is_mounted:
            return
        field_id = "facilitator-part" if field == "facilitator_part" else field
        if field_id in FIELDS:
            self._release(field_id)
            self._show(self.review)

    # -- saving ----------------------------------------------------------------

    def _field_box(self, widget: Widget) -> FrameField:
        box = next(a for a in widget.ancestors if isinstance(a, FrameField))
        return box

    def _set(self, field_id: str, value: object) -> None:
        self._release(field_id)
        self.session.set(
            "review",
            None,
            stored_name(field_id),
            value,
            undo=f"edit the {FIELDS[field_id]}",
            seen=self._seen[field_id],
        )
        self._seen[field_id] = value

    def _hold(self, widget: Widget, typed: str, problem: str) -> None:
        """Keep what was typed unsaved; say why at once if the field already says so."""
        field_id = str(widget.id)
        box = self._field_box(widget)
        if box.has_class("-invalid") or not widget.has_focus:
            box.show_error(problem)
        box.problem = problem
        if self.held.get(field_id) != typed:
            fresh = field_id not in self.held
            self.held[field_id] = typed
            if fresh:
                self.post_message(self.Held(self, self.held_names()))

    def _release(self, field_id: str) -> None:
        """The field's text is saved (or put back): nothing held there any more."""
        if self.held.pop(field_id, None) is not None:
            self._field_box(self.query_one(f"#{field_id}")).show_error("")
            self.post_message(self.Held(self, self.held_names()))

    def held_names(self) -> tuple[str, ...]:
        """What the fields holding unsaved text are called, in the order they are shown."""
        return tuple(FIELDS[f] for f in FIELDS if f in self.held)

    def focus_held(self) -> None:
        held = [f for f in FIELDS if f in self.held]
        if held:
            focus_now(self.query_one(f"#{held[0]}"))

    def _held_widgets(self) -> frozenset[object]:
        return frozenset(self.query_one(f"#{f}") for f in self.held)

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        """Leaving a field ends its undo step, and says why its text is not saved, if it is not."""
        self.session.seal_undo()
        field_id = str(event.widget.id)
        if field_id in self.held:
            box = self._field_box(event.widget)
            box.show_error(box.problem)

    @staticmethod
    def _shown(field_id: str, review: Review) -> str:
        """What the field shows for the stored value (the output boundary, one line or many)."""
        if field_id in ("participants", "tags"):
            return join_list(getattr(review, field_id))
        if field_id == "facilitator-part":
            return shown(review.facilitator_part, multiline=True)
        return shown(getattr(review, field_id))

    def _untouched(self, widget: Input | TextArea, typed: str) -> bool:
        """The field still shows the stored value as it was drawn: nothing was typed.

        Setting a field to the visible form of stored text (a live update, a
        reload) must not save that form over the stored text.
        """
        if typed == self._shown(str(widget.id), self.review):
            self._release(str(widget.id))
            return True
        return False

    @on(Input.Changed, "#title, #facilitator")
    def _text_changed(self, event: Input.Changed) -> None:
        event.stop()
        if _stale(event) or self._untouched(event.input, event.value):
            return
        value = clean(event.value)
        problem = check_text(value, SHORT_LIMIT)
        if problem is not None:
            self._hold(event.input, event.value, f"{problem}; it is not saved until then")
            return
        self._set(str(event.input.id), value)

    @on(Input.Changed, "#happened")
    def _happened_changed(self, event: Input.Changed) -> None:
        event.stop()
        if _stale(event) or self._untouched(event.input, event.value):
            return
        try:
            value = parse_happened(event.value, shell(self).today)
        except DateError as exc:
            self._hold(event.input, event.value, str(exc))
            return
        self._set("happened", value)

    @on(Input.Changed, "#participants, #tags")
    def _list_changed(self, event: Input.Changed) -> None:
        event.stop()
        if _stale(event) or self._untouched(event.input, event.value):
            return
        name = str(event.input.id)
        items = split_list(event.value)
        if name == "tags":
            items = list(dict.fromkeys(t.lower() for t in items))
        limit = TAG_LIMIT if name == "tags" else SHORT_LIMIT
        problems = [(i, p) for i in items if (p := check_text(i, limit)) is not None]
        if problems:
            entry, problem = problems[0]
            self._hold(event.input, event.value, f"{shown(entry[:20])}…: {problem}")
            return
        self._set(name, items)

    @on(Input.Submitted, "#title, #happened, #participants, #facilitator, #tags")
    def _submitted(self, event: Input.Submitted) -> None:
        """Enter in a field: say at once why it is not saved, if it is not; else move on."""
        event.stop()
        field_id = str(event.input.id)
        if field_id in self.held:
            box = self._field_box(event.input)
            box.show_error(box.problem)
            return
        self.screen.focus_next()

    @on(Select.Changed, "#severity")
    def _severity_changed(self, event: Select.Changed) -> None:
        event.stop()
        value = event.value if isinstance(event.value, str) else None
        self._set("severity", value)
        self.session.seal_undo()

    @on(Checkbox.Changed, "#ground-rule-ack")
    def _ack_changed(self, event: Checkbox.Changed) -> None:
        event.stop()
        self._set("ground-rule-ack", event.value)
        self.session.seal_undo()

    @on(TextArea.Changed, "#facilitator-part")
    def _part_changed(self, event: TextArea.Changed) -> None:
        event.stop()
        if self._untouched(event.text_area, event.text_area.text):
            return
        value = clean(event.text_area.text, multiline=True)
        problem = check_text(value, LONG_LIMIT)
        if problem is not None:
            self._hold(event.text_area, event.text_area.text, problem)
            return
        self._set("facilitator-part", value)

    # -- actions ---------------------------------------------------------------

    def action_edit_fields(self) -> None:
        focus_now(self.query_one("#title", Input))

    def action_acknowledge(self) -> None:
        self.query_one("#ground-rule-ack", Checkbox).value = True

    def action_focus_part(self) -> None:
        focus_now(self.query_one("#facilitator-part", TextArea))

    def action_undo_field(self) -> None:
        """Undo the last change of the field the cursor is in (or of the stage, outside one)."""
        focused = self.screen.focused
        field_id = str(focused.id) if focused is not None and focused.id in FIELDS else None
        key = ("review", None, stored_name(field_id)) if field_id else None
        what = self.session.undo(key)
        if what is None and field_id is not None and field_id in self.held:
            what = f"edit the {FIELDS[field_id]}"  # typed but never saved: show the saved text
        if what is None:
            where = f" in the {FIELDS[field_id]}" if field_id else ""
            self.notify(f"Nothing to undo{where}.")
            return
        if field_id is not None:
            self._release(field_id)
        self._show(self.review, keep=self._held_widgets())  # what is typed but not saved stays
        self.notify(f"Undone: {what}.")
