"""The contract every stage pane of the review screen follows.

The review screen owns one :class:`ReviewSession` (the open review's local
copy, saved in the background) and one pane per stage of the review's
template. Panes never touch the store: they read ``session.review`` and
change it only by handing edits to the session, which applies them at once
and saves them in order.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import events, on, work
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import ContentSwitcher

from pmtui.domain import stages
from pmtui.domain.text import shown
from pmtui.tui.focus import focus_now
from pmtui.tui.keys import CommandKeys, in_field
from pmtui.tui.shell import shell

if TYPE_CHECKING:
    from datetime import date

    from pmtui.domain.coach import Finding
    from pmtui.domain.model import Review
    from pmtui.domain.templates import Template
    from pmtui.editing.session import ReviewSession


HINT_MARK = "!"
"""Beside an item the coach has an open hint about: plain text, read without colour."""


class StagePane(CommandKeys, VerticalScroll):
    """One stage of a review, shown inside the review screen.

    The contract (the review screen relies on it):

    - ``stage``: the stage name this pane shows, a row of the stage
      registry (:mod:`pmtui.domain.stages`), which holds its title, its
      purpose, its stylesheet and how complete it is.
    - ``HELP``: Markdown shown by ``?`` while this pane is open: what the
      stage is for and its keys. Plain text is fine.
    - ``__init__(session, template, **widget_kwargs)``: the pane keeps the
      session and the template; it builds its widgets from
      ``session.review`` in ``compose``. Pass ``**widget_kwargs`` (``id``,
      ``classes``) on to ``super().__init__``.
    - ``completeness() -> float``: how complete the stage is, from 0.0 to
      1.0: the registry's rule on ``self.session.review``.
    - A pane is mounted the first time its stage is opened, and built from
      the session's review as it is then; until then it gets no
      ``refresh_from`` or ``show_field``.
    - ``refresh_from(review)``: called when the review changed under the
      pane (a save came back with another participant's edits, or the
      review was reloaded). Update what is shown without moving the cursor,
      the scroll position or the focus, and never overwrite an input the
      user is typing in (keep its value; the session already holds the
      user's pending edits).
    - ``focus_first()``: put the focus where keys are commands when the
      pane is opened (its list, or the pane itself), never in a text field:
      a key pressed on arrival must not replace text. The default focuses
      the pane.
    - Text typed in a field that cannot be saved as it is (a date pmtui
      cannot read) is kept in the field, and the pane posts :class:`Held`
      naming the fields that hold such text; the review screen's save
      indicator says so and leaving asks first.
    - User text is shown as data, never markup: ``Static(Text(value))``,
      ``Label(..., markup=False)``, ``Content(value)``.
    - In any of its fields, ``escape`` leaves the field for the stage (and the
      key line says so); on the stage it goes back, as the review's.
    - ``BINDINGS`` of a pane appear in the footer while it has the focus;
      give every action a key a terminal over SSH can send, and name the
      pane's actions in ``COMMANDS`` (``(title, help, action name)``) so the
      command palette lists them while the pane is open.
    - A pane that lists items marks those the coach has an open hint about
      with :data:`HINT_MARK` and says the hints under the list
      (:meth:`read_hints`, then :meth:`hints_read` with ``self.hints``). A pane that
      shows the coach's hints sets :attr:`SHOWS_HINTS`.
    """

    stage: ClassVar[str] = ""
    HELP: ClassVar[str] = ""
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "leave_field", "Leave the field"),
    ]
    COMMANDS: ClassVar[tuple[tuple[str, str, str], ...]] = ()
    """``(title, help, action)`` triples; the action runs on the pane."""
    SHOWS_HINTS: ClassVar[bool] = False
    """The pane has the coach read the review as it opens, to show its hints: the review's
    stepper counts each stage's open hints once such a pane has been opened, never sooner
    (the coach's model and word lists are not loaded for the count alone)."""

    @dataclass
    class Held(Message):
        """The fields holding typed text that is not saved changed (what they are called)."""

        pane: StagePane
        fields: tuple[str, ...]

    DEFAULT_CSS = """
    StagePane {
        height: 1fr;
        padding: 0 1 0 0;
        border-left: blank;
    }
    StagePane:focus {
        border-left: heavy $accent;
    }
    """

    focus_when_mounted = False
    """Put the focus on the pane once it is built (it was mounted when first opened)."""

    def __init__(
        self,
        session: ReviewSession,
        template: Template | None = None,
        *,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.session = session
        self.template = template
        self.held: dict[str, str] = {}
        """Field id -> the text typed there that is not saved (it cannot be, as typed)."""
        self.hints: dict[str, list[Finding]] = {}
        """The open review's coach hints by the id of the item each is about, as last read."""

    @property
    def review(self) -> Review:
        """The session's local copy of the review (already holds pending edits)."""
        return self.session.review

    @property
    def prompt(self) -> str:
        """The template's guiding question for this stage, or ``""``."""
        return self.template.prompt(self.stage) if self.template else ""

    def completeness(self) -> float:
        """How complete this stage is, 0.0 to 1.0."""
        return stages.stage(self.stage).completeness(self.review, self.template)

    def refresh_from(self, review: Review) -> None:
        """Show ``review`` without moving the cursor or clobbering typing."""
        raise NotImplementedError

    def show_field(self, target: str, item_id: str | None, field: str) -> None:
        """This user's text in a field lost to a later save: show the text that won.

        Unlike :meth:`refresh_from`, this replaces the field's value even while
        it has the focus (the user's text is kept with the review). Panes with
        no field edited as typed have nothing to do.
        """

    @on(events.Mount)
    def _mounted(self) -> None:
        if self.focus_when_mounted:
            self.focus_when_mounted = False
            self.call_after_refresh(self.focus_on_arrival)

    def focus_on_arrival(self) -> None:
        """:meth:`focus_first`, called a moment after the stage opened, unless the person
        already went into one of its fields: under load a quick ``enter`` and a title
        typed come first, and the focus taken back then sent the next ``tab``'s text
        into the title again. Nor when the stage is no longer the one shown: stages passed
        through quickly (``ctrl+n`` three times on a slow link) are built after the person
        moved on, and the focus they took left the next ``a`` to a hidden stage."""
        switcher = self.parent
        if isinstance(switcher, ContentSwitcher) and switcher.current != self.id:
            return
        focused = self.screen.focused if self.is_attached else None
        if focused is not None and focused is not self and self in focused.ancestors:
            return
        self.focus_first()

    def read_hints(self) -> None:
        """Read the coach's hints on the review as it is now, off the UI thread.

        Only the open review is read (not the store's other reviews: a cause
        recurring elsewhere is the summary's to list), then :meth:`hints_read`.
        """
        self._check_hints(copy.deepcopy(self.review), shell(self).today)

    @work(thread=True, exclusive=True, group="stage-hints")
    def _check_hints(self, review: Review, today: date) -> None:
        from pmtui.domain.coach import RulesError, check_review

        try:
            found = check_review(review, today=today)
        except RulesError:
            return  # a form's hints say the team's word file is broken
        by_item: dict[str, list[Finding]] = {}
        for finding in found:
            if finding.item_id is not None:
                by_item.setdefault(finding.item_id, []).append(finding)
        self.app.call_from_thread(self._hints_arrived, by_item)

    def _hints_arrived(self, by_item: dict[str, list[Finding]]) -> None:
        if by_item != self.hints and self.is_attached:
            self.hints = by_item
            self.hints_read()

    def hints_read(self) -> None:
        """Show :attr:`hints` (they changed): mark the items, say them under the list."""

    def hint_mark(self, item_id: str) -> str:
        """:data:`HINT_MARK` when the coach has an open hint about the item, else ``""``."""
        return HINT_MARK if self.hints.get(item_id) else ""

    def hint_lines(self, item_id: str) -> Text:
        """The coach's open hints about one item, a line each, marked as its row is."""
        text = Text()
        for finding in self.hints.get(item_id, []):
            text.append(f"\n{HINT_MARK} Coach: ", style="bold")
            text.append(shown(finding.message, multiline=True))
        return text

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Escape leaves a field; off a field it is the review's (back where it came from).

        Where the focus is, not ``has_focus``: that says so only once the focus
        event is handled, after the keys typed ahead of it.
        """
        if not super().check_action(action, parameters):
            return False
        if action == "leave_field":
            return in_field(self.screen.focused)
        return True

    def action_leave_field(self) -> None:
        focus_now(self)

    def held_names(self) -> tuple[str, ...]:
        """What the fields holding text that is not saved are called (none by default)."""
        return ()

    def focus_held(self) -> None:
        """Put the cursor in the first field holding text that is not saved, as typed."""

    def undo_and_show(self, show: Callable[[], object]) -> None:
        """Undo the session's last change, ``show`` the review again and say what was undone."""
        what = self.session.undo()
        if what is None:
            self.notify("Nothing to undo.")
            return
        show()
        self.notify(f"Undone: {what}.")

    def focus_first(self) -> None:
        """Focus the pane itself: keys are commands there, and tab goes into its fields.

        At once, not after the keys already waiting (``Widget.focus``): an ``enter``
        arriving meanwhile put the cursor in a field, and the deferred focus then took
        it back to the stage, so the first enter after opening a stage seemed lost.
        """
        focus_now(self)
