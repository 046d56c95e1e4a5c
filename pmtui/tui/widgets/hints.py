"""Coach hints shown beside a field, updated as the user types.

The widget never takes focus away and never blocks: it re-reads the text a
moment after typing stops (debounced, so a fast typist is not interrupted by
hints flickering on every key) and lists what the coach noticed. Each hint
can be set aside with a reason; the widget then posts
:class:`HintsWidget.Dismissed`, and the pane that owns the review stores a
:class:`~pmtui.domain.model.HintDismissal` so the hint stays away for
everyone.

Usage in a pane::

    yield HintsWidget("causes", item_id=cause.id, names=review.participants)
    ...
    hints.update_text(new_statement)            # on every change
    hints.set_field_findings(findings_for_item)  # from check_review, if wanted

    @on(HintsWidget.Dismissed)
    def _store(self, event): ...                 # append a HintDismissal
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.reactive import reactive
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Button, Static

from pmtui.domain import text as texts
from pmtui.domain.coach import (
    Finding,
    Rules,
    RulesError,
    check_text,
    default_rules,
    known_people,
)
from pmtui.tui.modals.dismiss_hint import DismissHintModal

SET_ASIDE = "Set aside (ctrl+t)"
"""The label of a hint's button; the buttons take no focus, so the key is the way by keyboard."""

DEBOUNCE = 0.3
"""Seconds of quiet typing before the text is read again."""

TEXT_FIELDS = frozenset({"what", "statement", "deliverable", "text"})
"""Fields whose wording the widget reads itself, live; ``check_review``'s
findings on them would go stale as the user types, so they are not kept."""


class HintsWidget(Widget):
    """The coach's findings for one field or item, beside it."""

    DEFAULT_CSS = """
    HintsWidget {
        height: auto;
        padding: 0 1;
        border-left: wide $warning;
        color: $text-muted;
    }
    HintsWidget.-empty {
        display: none;
    }
    HintsWidget .hint {
        height: auto;
        margin-bottom: 1;
    }
    HintsWidget .hint-text {
        width: 1fr;
        height: auto;
    }
    HintsWidget .hint Button {
        min-width: 12;
        height: 1;
        border: none;
        margin-left: 1;
    }
    """

    findings: reactive[tuple[Finding, ...]] = reactive((), recompose=True)

    @dataclass
    class Dismissed(Message):
        """Someone set a hint aside; the owning pane stores it on the review."""

        item_id: str | None
        rule: str
        reason: str

    @dataclass
    class Changed(Message):
        """The hints shown changed (a pane may update a counter)."""

        hints: HintsWidget
        count: int

        @property
        def control(self) -> HintsWidget:
            return self.hints

    def __init__(
        self,
        stage: str,
        item_id: str | None = None,
        *,
        names: Iterable[str] = (),
        dismissed: Iterable[str] = (),
        rules: Rules | None = None,
        check: Callable[[str], list[Finding]] | None = None,
        delay: float = DEBOUNCE,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        """``dismissed`` holds the rule ids already set aside for this item;
        ``check`` replaces the coach's wording check (a pane may want its own)."""
        super().__init__(id=id, classes=classes)
        self.stage = stage
        self.item_id = item_id
        self.names = tuple(names)
        self.dismissed: set[str] = set(dismissed)
        self.rules = rules
        self.check = check
        self.delay = delay
        self._text_findings: list[Finding] = []
        self._field_findings: list[Finding] = []
        self._timer: Timer | None = None
        self._pending = ""
        self._off = False
        self.add_class("-empty")

    # -- feeding it ------------------------------------------------------------

    def update_text(self, text: str) -> None:
        """Read ``text`` again once typing has paused for the debounce delay."""
        self._pending = text
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(self.delay, self._read_pending)

    def check_now(self, text: str) -> None:
        """Read ``text`` at once (when a field is first shown)."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        self._pending = text
        self._read_pending()

    def set_field_findings(self, findings: Iterable[Finding]) -> None:
        """Findings about other fields (owner, due date, a why below...), from ``check_review``."""
        self._field_findings = [f for f in findings if f.field not in TEXT_FIELDS]
        self._show()

    def _read_pending(self) -> None:
        self._timer = None
        text = self._pending
        if self.check is not None:
            self._text_findings = self.check(text)
        elif not self._off:
            if self.rules is None:
                self._load_rules()
                return
            self._text_findings = check_text(self.stage, text, names=self.names, rules=self.rules)
        self._show()

    @work(thread=True, exclusive=True, group="coach-rules")
    def _load_rules(self) -> None:
        """The coach's words load in a thread: typing goes on while they do (once per app)."""
        try:
            rules = default_rules()
        except RulesError as exc:
            self.app.call_from_thread(self._rules_broken, exc)
            return
        self.app.call_from_thread(self._rules_loaded, rules, known_people())

    def _rules_loaded(self, rules: Rules, people: tuple[str, ...]) -> None:
        self.rules = rules
        self.names = tuple(dict.fromkeys([*self.names, *people]))
        if self._timer is None:  # not waiting for typing to pause already
            self._read_pending()

    def _rules_broken(self, exc: RulesError) -> None:
        # A broken team word file must not break typing: say so once, go quiet.
        self._off = True
        self.notify(f"Coach hints are off: {exc}", severity="warning", timeout=15)
        self._show()

    def _show(self) -> None:
        shown = tuple(
            f for f in (*self._text_findings, *self._field_findings) if f.rule not in self.dismissed
        )
        if shown != self.findings:
            self.findings = shown
            self.post_message(self.Changed(self, len(shown)))
        self.set_class(not shown, "-empty")

    # -- showing it ------------------------------------------------------------

    def compose(self) -> ComposeResult:
        for finding in self.findings:
            with Horizontal(classes="hint"):
                text = Text()
                # Findings quote what was typed (or stored): shown, never run.
                text.append(texts.shown(finding.message, multiline=True), style="bold")
                if finding.suggestion:
                    text.append("\n" + texts.shown(finding.suggestion, multiline=True))
                yield Static(text, classes="hint-text")
                button = Button(SET_ASIDE, name=finding.rule, classes="dismiss")
                button.can_focus = False  # never in the tab chain: typing must not land here
                yield button

    @on(Button.Pressed, ".dismiss")
    def _ask_why(self, event: Button.Pressed) -> None:
        event.stop()
        self.set_aside(event.button.name or "")

    def set_aside(self, rule: str | None = None) -> bool:
        """Ask why, then set the hint of ``rule`` aside (the first one shown by default).

        The form's key (``ctrl+t``) calls this, since the buttons take no focus.
        """
        finding = next((f for f in self.findings if rule in (None, f.rule)), None)
        if finding is None:
            return False
        chosen = finding.rule

        def done(reason: str | None) -> None:
            if reason is None:
                return
            self.dismissed.add(chosen)
            self._show()
            self.post_message(self.Dismissed(self.item_id, chosen, reason.strip()))

        self.app.push_screen(DismissHintModal(finding), done)
        return True
