"""Pick one of a few choices (a parked idea to promote, say); dismisses with its key."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, OptionList
from textual.widgets.option_list import Option

from pmtui.domain.text import shown


class PickModal(ModalScreen[str | None]):
    """A question and a list of ``(key, text)`` choices; ``None`` when cancelled."""

    DEFAULT_CSS = """
    PickModal { align: center middle; }
    PickModal > Vertical {
        width: 76; max-width: 95%; height: auto; border: thick $primary;
        background: $surface; padding: 1 2;
    }
    PickModal OptionList { height: auto; max-height: 14; }
    """

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, question: str, choices: list[tuple[str, str]]) -> None:
        super().__init__()
        self.question = question
        self.choices = choices

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(shown(self.question), markup=False)
            yield OptionList(
                *(Option(Text(shown(text)), id=key) for key, text in self.choices),
                id="pick-choices",
                markup=False,
            )
            yield Button("Cancel (esc)", id="cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
