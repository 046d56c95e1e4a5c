"""The quiet indicator saying whether the open review is saved."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from pmtui.editing.session import SaveState

LABELS = {
    SaveState.SAVED: "saved",
    SaveState.SAVING: "saving…",
    SaveState.FAILED: "NOT SAVED",
}


class SaveIndicator(Static):
    """Words, not only colour, so it reads the same with NO_COLOR.

    It never says *saved* while a field holds text that is not saved (a date
    pmtui cannot read yet): then it names that field.
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(Text(LABELS[SaveState.SAVED]), id=id)
        self.state = SaveState.SAVED
        self.held: tuple[str, ...] = ()

    def show(self, state: SaveState) -> None:
        if state is self.state and self.has_class(f"-{state.value}"):
            return  # unchanged: restyling on every keypress is what made typing slow
        self.state = state
        for s in SaveState:
            self.set_class(s is state, f"-{s.value}")
        self._say()

    def hold(self, fields: tuple[str, ...]) -> None:
        """Fields whose typed text is not saved (empty: none)."""
        if fields == self.held:
            return
        self.held = fields
        self.set_class(bool(fields), "-held")
        self._say()

    def _say(self) -> None:
        if self.held and self.state is not SaveState.FAILED:
            self.update(Text(f"not saved: {', '.join(self.held)}"))
        else:
            self.update(Text(LABELS[self.state]))
