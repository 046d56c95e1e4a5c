"""The quiet indicator saying whether the open review is saved."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from pmtui.editing.session import SaveState

LABELS = {
    SaveState.SAVED: "saved",
    SaveState.SAVING: "saving…",
    SaveState.FAILED: "NOT SAVED",
}
STEADY_CELLS = 7
"""Room kept for "saved" and "saving…" (styles/review.tcss sets the width to match)."""


class SaveIndicator(Static):
    """Words, not only colour, so it reads the same with NO_COLOR.

    It never says *saved* while a field holds text that is not saved (a date
    pmtui cannot read yet): then it names that field.

    It changes between *saved* and *saving…* on every keystroke, so that change
    costs one cell run: the colour of *saving…* is in the words (no class to
    restyle, which would paint it twice) and both fit the same width (no new
    layout, which would repaint the title beside it). The rare states, a held
    field and a failed save, are classes as before.
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(self._words(SaveState.SAVED, ()), id=id)
        self.state = SaveState.SAVED
        self.held: tuple[str, ...] = ()
        self._cells = STEADY_CELLS

    def show(self, state: SaveState) -> None:
        if state is self.state:
            return  # unchanged: nothing to draw
        self.state = state
        self.set_class(state is SaveState.FAILED, "-failed")
        self._say()

    def hold(self, fields: tuple[str, ...]) -> None:
        """Fields whose typed text is not saved (empty: none)."""
        if fields == self.held:
            return
        self.held = fields
        self.set_class(bool(fields), "-held")
        self._say()

    @staticmethod
    def _words(state: SaveState, held: tuple[str, ...]) -> Content:
        if held and state is not SaveState.FAILED:
            return Content(f"not saved: {', '.join(held)}")
        return Content.styled(LABELS[state], "$warning" if state is SaveState.SAVING else "")

    def _say(self) -> None:
        words = self._words(self.state, self.held)
        cells = max(words.cell_length, STEADY_CELLS)
        self.update(words, layout=cells != self._cells)
        self._cells = cells
