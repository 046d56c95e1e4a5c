"""Which section to hold a private round in."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, OptionList
from textual.widgets.option_list import Option


class RoundPicker(ModalScreen[tuple[str, str] | None]):
    """Which section to hold a private round in; dismisses with ``(key, title)``."""

    DEFAULT_CSS = """
    RoundPicker { align: center middle; }
    RoundPicker > Vertical {
        width: 60; max-width: 95%; height: auto; border: thick $primary;
        background: $surface; padding: 1 2;
    }
    RoundPicker OptionList { height: auto; max-height: 12; }
    """

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, choices: list[tuple[str, str]]) -> None:
        super().__init__()
        self.choices = choices

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label("Hold a private round for:")
            yield OptionList(
                *(Option(Text(title), id=key) for key, title in self.choices),
                id="round-choices",
                markup=False,
            )
            yield Button("Cancel", id="cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        key = event.option.id
        self.dismiss(next(((k, t) for k, t in self.choices if k == key), None))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
