"""Stage 4, Summary: the review read back as a document, its follow-up date and status.

The document is the Markdown read-back of :mod:`pmtui.store.exports.md`,
with every piece of user text escaped as the export escapes it, so a title
like ``[bold]`` or ``# not a heading`` shows exactly as typed.
"""

from __future__ import annotations

import copy
from datetime import date
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Markdown, Select, Static

from pmtui.domain.coach import Finding
from pmtui.domain.dates import DateError, parse_date
from pmtui.domain.edits import Change
from pmtui.domain.model import Review, Status, ValidationError
from pmtui.domain.text import folded, plural, shown
from pmtui.store.exports.md import read_back
from pmtui.tui.coach_hints import open_hints, written_hints
from pmtui.tui.focus import focus_now
from pmtui.tui.modals.confirm import ConfirmModal
from pmtui.tui.shell import shell
from pmtui.tui.stages import _document as doc_fields
from pmtui.tui.stages.base import HINT_MARK, StagePane
from pmtui.tui.widgets.fields import TextField

HELP = """\
# Summary

The review read back as one document: does it say what happened, why it was
likely, and what will change? Below the document's controls:

- **Status**: draft while it is written, *in review* while the participants
  read it back, *reviewed* when everyone agrees, *closed* after the follow-up.
- **Follow-up**: when the team looks at every commitment again. Six weeks after
  the review by default; pick a day four to eight weeks out (`2026-12-01`,
  `+6w`, `friday`...). A day outside that range asks for confirmation.

A postmortem asks for a **summary** and the **impact** here, written last,
with the impact in numbers where you have them (how long, users and requests
affected, data lost, revenue, error budget). Times to detect, mitigate and
resolve are counted from the timeline's key moments, never typed.

| key | does |
|---|---|
| `tab` | move between status, follow-up date and the document |
| `enter` in the date | set the follow-up date |
| `s` | write the summary and the impact |
"""


WHERE_HINTS = (
    f"in Facts, Causes and Commitments each item with one is marked {HINT_MARK} "
    "and the line under its list says it"
)
"""Where the stages show the coach's open hints (the summary lists them all)."""


def _hint_place(review: Review, item_id: str | None) -> str:
    """`` "short item text"`` for a hint about one item, so equal hints can be told apart."""
    text = review.item_text(item_id) if item_id is not None else None
    return "" if text is None else f' "{folded(text, 41)}"'


class SummaryPane(StagePane):
    """The document, the status and the follow-up date."""

    stage = "summary"
    SHOWS_HINTS = True
    HELP = HELP
    COMMANDS: ClassVar[tuple[tuple[str, str, str], ...]] = (
        ("Set the follow-up date", "when the team reviews the commitments", "focus_follow_up"),
        ("Set the status", "draft, in review, reviewed, closed", "focus_status"),
        ("Write the summary and impact", "for readers who were not there", "write_document"),
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("s", "write_document", "Summary & impact"),
    ]

    _shown = ""
    """The document last put on screen, so an unchanged one is not drawn again."""
    _follow_up_held = False
    """Whether the follow-up date field holds text that was not Set (the header was told)."""
    _follow_up_shown = ""
    """The stored follow-up date last put in its field: text other than it was typed there."""
    _open_hints: list[Finding] | None = None
    """The coach's hints still open, as last found (``None``: not found yet)."""

    def compose(self) -> ComposeResult:
        r = self.review
        if self.prompt:
            yield Static(self.prompt, classes="stage-prompt", markup=False)
        with Horizontal(id="summary-controls"):
            with Vertical(classes="summary-control"):
                yield Label("Status")
                yield Select(
                    [(s.label, s) for s in Status],
                    value=r.status,
                    allow_blank=False,
                    id="status",
                    compact=True,
                )
            with Vertical(classes="summary-control"):
                yield Label("Follow-up on (4-8 weeks out)")
                with Horizontal(id="follow-up-row"):
                    yield TextField(r.follow_up_due().isoformat(), id="follow-up")
                    yield Button("Set", id="set-follow-up", compact=True)
        yield Static("", id="follow-up-error", markup=False)
        yield Static("", id="summary-write", markup=False)
        yield Markdown("", id="summary-doc")
        yield Static("", id="coach-hints", markup=False)

    def on_mount(self) -> None:
        self.query_one("#follow-up-error").display = False
        self._follow_up_shown = self.query_one("#follow-up", Input).value
        self.query_one("#coach-hints").display = False
        self.rebuild()

    def on_show(self) -> None:
        self.rebuild()

    def rebuild(self) -> None:
        """Render the document again if the review changed since it was shown."""
        said = doc_fields.status(self, "s")
        write = self.query_one("#summary-write", Static)
        write.display = bool(said)
        write.update(said)
        text = read_back(self.review, self.template, today=shell(self).today)
        if text != self._shown:
            self._shown = text
            self.query_one("#summary-doc", Markdown).update(text)
        self._show_hints()

    def _show_hints(self) -> None:
        self._find_hints(copy.deepcopy(self.review))

    @work(thread=True, exclusive=True, group="summary-hints")
    def _find_hints(self, review: Review) -> None:
        """Check the review off the UI thread: recurrence compares it with every other review."""
        hints = [hint for stage in open_hints(self, review).values() for hint in stage]
        self.app.call_from_thread(self._put_hints, review, hints)

    def _put_hints(self, review: Review, hints: list[Finding]) -> None:
        self._open_hints = hints
        box = self.query_one("#coach-hints", Static)
        box.display = bool(hints)
        if hints:
            lines = [f"Coach hints still open ({len(hints)}); {WHERE_HINTS}:"]
            for hint in hints:
                where = _hint_place(review, hint.item_id)
                lines.append(f"- {hint.stage}{where}: {hint.message}")
            box.update(Text(shown("\n".join(lines), multiline=True)))

    # -- the contract ----------------------------------------------------------

    def refresh_from(self, review: Review) -> None:
        if not self.is_mounted:
            return
        focused = self.screen.focused if self.screen else None
        status = self.query_one("#status", Select)
        if status is not focused and status.value != review.status:
            status.value = review.status
        follow = self.query_one("#follow-up", Input)
        typed = follow.value.strip() != self._follow_up_shown  # not Set: it stays until it is
        if follow is not focused and not typed:
            follow.value = self._follow_up_shown = review.follow_up_due().isoformat()
        if self.display:
            self.rebuild()

    # -- changes ---------------------------------------------------------------

    @on(Select.Changed, "#status")
    def _status_changed(self, event: Select.Changed) -> None:
        event.stop()
        status = event.value
        if not isinstance(status, Status) or status is self.review.status:
            return
        hints = self._hints_now() if status is Status.REVIEWED else []
        if not hints:
            self._set_status(status)
            return
        self.app.push_screen(
            ConfirmModal(
                f"{plural(len(hints), 'coach hint')} still open, listed under the document "
                f"in this stage; {WHERE_HINTS}. Mark the review reviewed anyway?",
                yes="Mark reviewed",
                no="Go back to the hints",
            ),
            lambda ok: self._set_status(status) if ok else self._keep_status(),
        )

    def _hints_now(self) -> list[Finding]:
        """The open hints as last found, or found now on this review alone (not yet found)."""
        if self._open_hints is not None:
            return self._open_hints
        found = written_hints(self, self.review) or {}
        return [hint for stage in found.values() for hint in stage]

    def _set_status(self, status: Status) -> None:
        self.session.set("review", None, "status", status)
        self.rebuild()

    def _keep_status(self) -> None:
        """Back from the warning: the status stays as it was, the hints in sight."""
        self.query_one("#status", Select).value = self.review.status
        self.query_one("#coach-hints", Static).scroll_visible(animate=False)

    @on(Input.Changed, "#follow-up")
    def _follow_up_typed(self, event: Input.Changed) -> None:
        """A date typed but not Set is not saved: the header says so until it is."""
        event.stop()
        held = bool(self.held_names())
        if held != self._follow_up_held:
            self._follow_up_held = held
            self.post_message(self.Held(self, self.held_names()))

    def focus_held(self) -> None:
        if self.held_names():
            focus_now(self.query_one("#follow-up", Input))

    def held_names(self) -> tuple[str, ...]:
        if not self.is_mounted:
            return ()
        typed = self.query_one("#follow-up", Input).value.strip()
        return () if typed == self.review.follow_up_due().isoformat() else ("follow-up date",)

    @on(Input.Submitted, "#follow-up")
    @on(Button.Pressed, "#set-follow-up")
    def _set_follow_up(self, event: Input.Submitted | Button.Pressed) -> None:
        event.stop()
        text = self.query_one("#follow-up", Input).value
        error = self.query_one("#follow-up-error", Static)
        try:
            when = parse_date(text, shell(self).today)
        except DateError as exc:
            error.update(shown(str(exc), multiline=True))
            error.display = True
            return
        trial = copy.deepcopy(self.review)
        try:
            trial.set_follow_up(when)
        except ValidationError:
            low, high = self.review.follow_up_window()
            how = "less than four" if when < low else "more than eight"
            self.app.push_screen(
                ConfirmModal(
                    f"{when.isoformat()} is {how} weeks after the review. A follow-up "
                    f"between {low.isoformat()} and {high.isoformat()} catches commitments "
                    "while they still matter. Set it anyway?",
                    yes="Set anyway",
                    no="Pick another day",
                ),
                lambda ok: self._apply_follow_up(when) if ok else None,
            )
            return
        self._apply_follow_up(when)

    def _apply_follow_up(self, when: date) -> None:
        error = self.query_one("#follow-up-error", Static)
        error.display = False
        self.session.apply(
            Change(lambda r: r.set_follow_up(when, override=True), description="follow-up date")
        )
        self.query_one("#follow-up", Input).value = self._follow_up_shown = when.isoformat()
        self.rebuild()
        self._follow_up_held = False
        self.post_message(self.Held(self, ()))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if not super().check_action(action, parameters):
            return False
        return bool(doc_fields.fields(self)) if action == doc_fields.WRITE_ACTION else True

    def action_write_document(self) -> None:
        doc_fields.write(self, "Summary and impact", self.rebuild)

    def action_focus_follow_up(self) -> None:
        focus_now(self.query_one("#follow-up", Input))

    def action_focus_status(self) -> None:
        focus_now(self.query_one("#status", Select))
