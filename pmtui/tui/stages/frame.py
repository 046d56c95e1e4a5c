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

import re
from datetime import date, timedelta
from typing import ClassVar, cast

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widget import Widget
from textual.widgets import Checkbox, Input, Label, Select, Static, TextArea

from pmtui.domain.dates import DateError, parse_fact_time
from pmtui.domain.model import SEVERITIES, Review
from pmtui.domain.text import LONG_LIMIT, SHORT_LIMIT, check_text, clean, shown
from pmtui.tui.shell import shell
from pmtui.tui.stages.base import StagePane

HAPPENED_FORMS = "2026-11-20, 2026-11-20 14:02, today, yesterday, or empty"
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
| When it happened | 2026-11-20, 2026-11-20 14:02, today, yesterday |
| Participants, tags | names or words separated by commas |
| Severity | SEV1 (worst) to SEV5, or none |

Every field is saved as you type. `tab` moves to the next field.
"""

_YESTERDAY = re.compile(r"^yesterday(?:\s+(\d{1,2}:\d{2}))?$", re.IGNORECASE)
_TODAY = re.compile(r"^today(?:\s+(\d{1,2}:\d{2}))?$", re.IGNORECASE)


def parse_happened(text: str, today: date) -> str:
    """Normalise when the reviewed event happened: a date, optionally with a time.

    Raises :class:`DateError` naming the forms that work.
    """
    raw = text.strip()
    if not raw:
        return ""
    for pattern, day in ((_TODAY, today), (_YESTERDAY, today - timedelta(days=1))):
        m = pattern.match(raw)
        if m:
            raw = day.isoformat() + (f" {m.group(1)}" if m.group(1) else "")
    try:
        value, _approx = parse_fact_time(raw)
    except DateError as exc:
        raise DateError(f"{exc}. Use {HAPPENED_FORMS}") from None
    if len(value) < 10:
        raise DateError(f"give the day too: {HAPPENED_FORMS}")
    return value


def split_list(text: str) -> list[str]:
    """``"ana, ben ,, chloé"`` -> ``["ana", "ben", "chloé"]``."""
    return [p for p in (clean(part) for part in text.split(",")) if p]


def join_list(items: list[str]) -> str:
    """A stored list as the one-line text its field shows."""
    return ", ".join(shown(i) for i in items)


class FrameField(Vertical):
    """A label, an input and the line that says what is wrong with it."""

    def __init__(self, label: str, field: Widget, *, id: str) -> None:
        super().__init__(id=id, classes="frame-field")
        self.label = label
        self.field = field
        self._error = ""

    def compose(self) -> ComposeResult:
        yield Label(self.label, classes="frame-label")
        yield self.field
        yield Static("", classes="frame-error", markup=False)

    def show_error(self, message: str) -> None:
        if message == self._error:
            return  # most keystrokes clear an error that is not there: no relayout for that
        self._error = message
        error = self.query_one(".frame-error", Static)
        error.update(shown(message, multiline=True))
        self.set_class(bool(message), "-invalid")


class FramePane(StagePane):
    """Title, date, severity, people, the ground rule and the facilitator's part."""

    stage = "frame"
    HELP = HELP
    COMMANDS: ClassVar[tuple[tuple[str, str, str], ...]] = (
        ("Acknowledge the ground rule", "tick: everyone acted reasonably", "acknowledge"),
        ("Write the facilitator's part", "go to the facilitator's own part", "focus_part"),
    )

    def compose(self) -> ComposeResult:
        r = self.review
        if self.prompt:
            yield Static(self.prompt, classes="stage-prompt", markup=False)
        yield FrameField(
            "Title: what are we reviewing?",
            Input(
                shown(r.title),
                placeholder="e.g. Checkout errors after the 14:00 deploy",
                id="title",
            ),
            id="field-title",
        )
        with Horizontal(classes="frame-row"):
            yield FrameField(
                "When it happened",
                Input(shown(r.happened), placeholder="2026-11-20 14:02", id="happened"),
                id="field-happened",
            )
            yield FrameField(
                "Severity",
                Select(
                    [(s, s) for s in SEVERITIES],
                    prompt="none",
                    value=r.severity if r.severity in SEVERITIES else Select.NULL,
                    id="severity",
                ),
                id="field-severity",
            )
        with Horizontal(classes="frame-row"):
            yield FrameField(
                "Participants (comma separated)",
                Input(join_list(r.participants), placeholder="ana, ben", id="participants"),
                id="field-participants",
            )
            yield FrameField(
                "Facilitator",
                Input(shown(r.facilitator), placeholder="who runs the review", id="facilitator"),
                id="field-facilitator",
            )
        yield FrameField(
            "Tags (comma separated)",
            Input(join_list(r.tags), placeholder="payments, deploys", id="tags"),
            id="field-tags",
        )
        with Vertical(id="ground-rule-box"):
            yield Label("The ground rule", classes="frame-label")
            yield Static(shell(self).ground_rule, id="ground-rule", markup=False)
            yield Checkbox(
                "Read aloud, and we agree to work this way",
                r.ground_rule_ack,
                id="ground-rule-ack",
            )
        yield FrameField(
            "Facilitator, first: what was your own part in it?",
            TextArea(
                shown(r.facilitator_part, multiline=True), id="facilitator-part", soft_wrap=True
            ),
            id="field-facilitator-part",
        )

    # -- completeness and refresh ----------------------------------------------

    def refresh_from(self, review: Review) -> None:
        if not self.is_mounted:
            return
        focused = self.screen.focused if self.screen else None
        invalid = {f.field for f in self.query(FrameField) if f.has_class("-invalid")}
        for input_id in ("title", "happened", "participants", "facilitator", "tags"):
            widget = self.query_one(f"#{input_id}", Input)
            value = self._shown(input_id, review)
            if widget is focused or widget in invalid or widget.value == value:
                continue
            if input_id in ("participants", "tags"):
                if split_list(widget.value) == split_list(value):
                    continue
            elif clean(widget.value) == clean(value):
                continue
            widget.value = value
        severity = self.query_one("#severity", Select)
        wanted = review.severity if review.severity in SEVERITIES else Select.NULL
        if severity is not focused and severity.value != wanted:
            severity.value = wanted
        ack = self.query_one("#ground-rule-ack", Checkbox)
        if ack.value != review.ground_rule_ack:
            with ack.prevent(Checkbox.Changed):
                ack.value = review.ground_rule_ack
        part = self.query_one("#facilitator-part", TextArea)
        value = self._shown("facilitator-part", review)
        if part is not focused and part.text.rstrip() != value.rstrip():
            part.load_text(value)

    def show_field(self, target: str, item_id: str | None, field: str) -> None:
        if target != "review" or not self.is_mounted:
            return
        field_id = "facilitator-part" if field == "facilitator_part" else field
        if field_id not in ("title", "happened", "facilitator", "participants", "tags"):
            if field_id == "facilitator-part":
                part = self.query_one("#facilitator-part", TextArea)
                value = self._shown(field_id, self.review)
                if part.text != value:
                    with part.prevent(TextArea.Changed):
                        part.load_text(value)
            return
        widget = self.query_one(f"#{field_id}", Input)
        value = self._shown(field_id, self.review)
        if widget.value != value:
            with widget.prevent(Input.Changed):
                widget.value = value
                widget.cursor_position = len(value)

    # -- saving ----------------------------------------------------------------

    def _field_box(self, widget: Widget) -> FrameField:
        return cast(FrameField, widget.parent)

    def _set(self, name: str, value: object) -> None:
        self.session.set("review", None, name, value)

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
        return typed == self._shown(str(widget.id), self.review)

    @on(Input.Changed, "#title, #facilitator")
    def _text_changed(self, event: Input.Changed) -> None:
        event.stop()
        if self._untouched(event.input, event.value):
            return
        value = clean(event.value)
        box = self._field_box(event.input)
        problem = check_text(value, SHORT_LIMIT)
        if problem is not None:
            box.show_error(f"{problem}; it is not saved until then")
            return
        box.show_error("")
        self._set(str(event.input.id), value)

    @on(Input.Changed, "#happened")
    def _happened_changed(self, event: Input.Changed) -> None:
        event.stop()
        if self._untouched(event.input, event.value):
            return
        box = self._field_box(event.input)
        try:
            value = parse_happened(event.value, shell(self).today)
        except DateError as exc:
            box.show_error(str(exc))
            return
        box.show_error("")
        self._set("happened", value)

    @on(Input.Changed, "#participants, #tags")
    def _list_changed(self, event: Input.Changed) -> None:
        event.stop()
        if self._untouched(event.input, event.value):
            return
        name = str(event.input.id)
        items = split_list(event.value)
        if name == "tags":
            items = list(dict.fromkeys(t.lower() for t in items))
        limit = TAG_LIMIT if name == "tags" else SHORT_LIMIT
        box = self._field_box(event.input)
        problems = [(i, p) for i in items if (p := check_text(i, limit)) is not None]
        if problems:
            entry, problem = problems[0]
            box.show_error(f"{shown(entry[:20])}…: {problem}")
            return
        box.show_error("")
        self._set(name, items)

    @on(Select.Changed, "#severity")
    def _severity_changed(self, event: Select.Changed) -> None:
        event.stop()
        value = event.value if isinstance(event.value, str) else None
        self._set("severity", value)

    @on(Checkbox.Changed, "#ground-rule-ack")
    def _ack_changed(self, event: Checkbox.Changed) -> None:
        event.stop()
        self._set("ground_rule_ack", event.value)

    @on(TextArea.Changed, "#facilitator-part")
    def _part_changed(self, event: TextArea.Changed) -> None:
        event.stop()
        if self._untouched(event.text_area, event.text_area.text):
            return
        value = clean(event.text_area.text, multiline=True)
        box = self._field_box(event.text_area)
        problem = check_text(value, LONG_LIMIT)
        if problem is not None:
            box.show_error(problem)
            return
        box.show_error("")
        self._set("facilitator_part", value)

    # -- actions ---------------------------------------------------------------

    def action_acknowledge(self) -> None:
        self.query_one("#ground-rule-ack", Checkbox).value = True

    def action_focus_part(self) -> None:
        self.query_one("#facilitator-part", TextArea).focus()

    def focus_first(self) -> None:
        self.query_one("#title", Input).focus()
