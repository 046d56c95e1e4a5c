"""Help for the screen that was open when ``?`` was pressed."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Markdown

GLOBAL_HELP = """\
## Everywhere

| key | does |
|---|---|
| `?` or `f1` | this help (`f1` also works while typing in a field) |
| `ctrl+p` | the command palette: every action, searchable |
| `tab` / `shift+tab` | move between fields and lists |
| `ctrl+q` | quit (what is typed is saved as you go; asks first if something would be lost) |

Every change is saved as you make it; the indicator at the top right of a
review says *saved*, *saving* or *not saved* (with the reason and what to do).
Escape closes dialogs and this help, and so do their buttons.
"""


class HelpScreen(ModalScreen[None]):
    """Markdown help; closed with Escape, ``q``, ``?`` or the Close button."""

    DEFAULT_CSS = """
    HelpScreen {
        align: center middle;
    }
    HelpScreen > Vertical {
        width: 90%;
        max-width: 100;
        height: 90%;
        border: thick $primary;
        background: $surface;
    }
    HelpScreen VerticalScroll {
        height: 1fr;
        padding: 0 1;
    }
    HelpScreen Horizontal {
        height: auto;
        align-horizontal: right;
        padding: 0 1;
    }
    """

    BINDINGS = [
        Binding("escape,q,question_mark", "close", "Close help"),
    ]

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def compose(self) -> ComposeResult:
        with Vertical():
            with VerticalScroll():
                yield Markdown(self.text + "\n\n" + GLOBAL_HELP, id="help-text")
            with Horizontal():
                yield Button("Close (q)", id="close", variant="primary")

    def on_mount(self) -> None:
        self.query_one(VerticalScroll).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(None)

    def action_close(self) -> None:
        self.dismiss(None)
