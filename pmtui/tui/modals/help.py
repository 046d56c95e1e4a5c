"""Help for the screen that was open when ``?`` or ``f1`` was pressed.

A screen says what it is for in its ``HELP``. A dialog (a confirmation, a
form, a picker, the palette) gets its help from :func:`dialog_help`, which
reads the keys it binds and the buttons it shows, so the help of every
dialog says its own keys and stays true when they change.
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Markdown, OptionList

GLOBAL_HELP = """\
## Everywhere

| key | does |
|---|---|
| `?` or `f1` | this help (`f1` also works while typing in a field, and in a dialog) |
| `ctrl+p` | the command palette: every action, searchable |
| `tab` / `shift+tab` | move between fields and lists |
| `ctrl+q` | quit (what is typed is saved as you go; asks first if something would be lost) |

Every change is saved as you make it; the indicator at the top right of a
review says *saved*, *saving* or *not saved* (with the reason and what to do).
Escape closes dialogs and this help, and so do their buttons.
"""


EVERY_SCREEN = frozenset(b.action for b in Screen.BINDINGS if isinstance(b, Binding))
"""Textual's keys on every screen (tab, shift+tab, copy): the help says them once."""
KEY_NAMES = {"escape": "esc", "question_mark": "?", "pagedown": "page down", "pageup": "page up"}


def key_name(key: str) -> str:
    """A bound key as the help writes it: ``esc``, ``ctrl+s``, ``y``."""
    return KEY_NAMES.get(key, key.replace("_", " "))


def dialog_help(dialog: Screen[Any]) -> str:
    """What a dialog's keys and buttons do, read from the dialog itself (Markdown)."""
    rows: dict[tuple[str, str], list[str]] = {}
    for key, bindings in dialog._bindings.key_to_bindings.items():
        for binding in bindings:
            if binding.description and binding.action not in EVERY_SCREEN:
                rows.setdefault((binding.action, binding.description), []).append(key)
    lines = ["# Keys in this dialog", "", "| key | does |", "|---|---|"]
    lines += [
        f"| {' / '.join(f'`{key_name(k)}`' for k in keys)} | {description} |"
        for (_action, description), keys in rows.items()
    ]
    if dialog.query(OptionList):
        lines.append("| `up` / `down`, `enter` | move in the list; choose what the cursor is on |")
    lines.append("| `tab` / `shift+tab` | move between its fields, lists and buttons |")
    buttons = list(dict.fromkeys(_plain(b.label) for b in dialog.query(Button)))
    if buttons:
        lines.append("| `enter` / `space` | press the focused button (so does a click) |")
        lines += ["", "Its buttons: " + ", ".join(f"**{label}**" for label in buttons) + "."]
    return "\n".join(lines) + "\n"


def _plain(label: object) -> str:
    """A button's label as plain text."""
    return str(getattr(label, "plain", label))


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
    /* Keys get a column of their own width: shrunk to fit, Textual made it as narrow
       as its longest word, so `tab / shift+tab` took three lines. */
    HelpScreen MarkdownTableContent {
        grid-columns: 18 1fr;
    }
    /* One blank line around headings (two above was Markdown's), so a dialog's
       keys and buttons fit at 80x24 without scrolling. */
    HelpScreen MarkdownHeader {
        margin: 1 0 1 0;
    }
    HelpScreen MarkdownHeader:first-child {
        margin-top: 0;
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
