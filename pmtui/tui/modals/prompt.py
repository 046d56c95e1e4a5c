"""Ask for one line of text, with OK and Cancel buttons."""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label

from pmtui.domain.text import shown
from pmtui.tui.widgets.fields import TextField


class TextPromptModal(ModalScreen[str | None]):
    """Dismisses with the text typed, or ``None`` when cancelled.

    ``check`` may return an error message; the dialog then stays open with the
    text as typed and the message shown under it.
    """

    DEFAULT_CSS = """
    TextPromptModal {
        align: center middle;
    }
    TextPromptModal > Vertical {
        width: 70;
        max-width: 95%;
        height: auto;
        border: thick $primary;
        background: $surface;
        padding: 1 2;
    }
    TextPromptModal Label {
        width: 100%;
    }
    TextPromptModal .error {
        color: $error;
        height: auto;
    }
    TextPromptModal Horizontal {
        height: auto;
        align-horizontal: right;
        margin-top: 1;
    }
    TextPromptModal Button {
        margin-left: 2;
    }
    """

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(
        self,
        question: str,
        value: str = "",
        *,
        placeholder: str = "",
        check: Callable[[str], str | None] | None = None,
        ok_label: str = "OK",
    ) -> None:
        super().__init__()
        self.question = question
        self.value = value
        self.placeholder = placeholder
        self.check = check
        self.ok_label = ok_label

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(shown(self.question, multiline=True), markup=False)
            yield TextField(shown(self.value), self.placeholder, hint=True, id="answer")
            yield Label("", classes="error", id="error", markup=False)
            with Horizontal():
                yield Button("Cancel", id="cancel")
                yield Button(self.ok_label, id="ok", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#answer", Input).focus()

    def unsaved_work(self) -> str | None:
        """What quitting now would lose (see :meth:`PmtuiApp.action_quit`), or None."""
        typed = self.query_one("#answer", Input).value
        return None if typed == shown(self.value) else "what you typed in this box"

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._submit()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "ok":
            self._submit()
        else:
            self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)

    def _submit(self) -> None:
        text = self.query_one("#answer", Input).value
        problem = self.check(text) if self.check else None
        if problem:
            self.query_one("#error", Label).update(shown(problem, multiline=True))
            return
        self.dismiss(text)
