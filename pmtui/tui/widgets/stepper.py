"""The row of stages at the top of a review: where you are, how complete each stage is, and
how many coach hints are still open in it."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.events import Click
from textual.message import Message
from textual.widgets import Static


def step_label(number: int, title: str, done: float, current: bool, hints: int = 0) -> Text:
    """``1 Frame 40%``; a finished stage shows a check mark instead of 100%, and a stage
    with coach hints still open says how many after its title: ``3 Causes !2 40%`` (a
    mark that reads without colour; the summary lists them)."""
    text = Text()
    text.append(f"{number} ", style="bold")
    text.append(title, style="bold underline" if current else "")
    if hints:
        text.append(f" !{hints}", style="bold")
    text.append(" ✓" if done >= 1.0 else f" {round(done * 100)}%", style="" if done >= 1 else "dim")
    return text


class Step(Static):
    """One stage in the stepper; click it to open the stage."""

    def __init__(self, stage: str, number: int, title: str) -> None:
        super().__init__(id=f"step-{stage}", classes="step")
        self.stage = stage
        self.number = number
        self.title = title
        self.done = 0.0
        self.current = False
        self.hints = 0
        self.label = Text()
        self._shown = False

    def show(self, done: float, current: bool, hints: int = 0) -> None:
        if self._shown and (done, current, hints) == (self.done, self.current, self.hints):
            return  # nothing new: updating would lay the screen out again on every keypress
        self._shown = True
        self.done = done
        self.current = current
        self.hints = hints
        self.set_class(current, "-current")
        self.set_class(done >= 1.0, "-done")
        self.set_class(bool(hints), "-hints")
        self.label = step_label(self.number, self.title, done, current, hints)
        self.update(self.label)

    def on_click(self, event: Click) -> None:
        event.stop()
        self.post_message(Stepper.StageChosen(self.stage))


class Stepper(Horizontal):
    """Stages in order; posts :class:`Stepper.StageChosen` when one is clicked."""

    @dataclass
    class StageChosen(Message):
        """A stage was clicked: open it."""

        stage: str

    def __init__(self, stages: list[tuple[str, str]], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.stages = stages

    def compose(self) -> ComposeResult:
        for number, (stage, title) in enumerate(self.stages, start=1):
            yield Step(stage, number, title)

    def show(
        self, progress: dict[str, float], current: str, hints: dict[str, int] | None = None
    ) -> None:
        """Each stage's completeness, the one open, and how many hints each has open
        (``hints`` None: as last shown)."""
        for step in self.query(Step):
            open_hints = step.hints if hints is None else hints.get(step.stage, 0)
            step.show(progress.get(step.stage, 0.0), step.stage == current, open_hints)
        self._fit()

    def _fit(self) -> None:
        """One space between the stages instead of two where two would not leave room
        for every stage (five stages with hints open are 83 columns wide): no stage is
        cut at 80 columns."""
        wide = sum(step.label.cell_len + 2 for step in self.query(Step))
        self.set_class(0 < self.size.width < wide, "-tight")

    def on_resize(self) -> None:
        self._fit()
