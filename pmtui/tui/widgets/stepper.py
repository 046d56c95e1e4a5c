"""The row of stages at the top of a review: where you are and how complete each stage is."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.events import Click
from textual.message import Message
from textual.widgets import Static


def step_label(number: int, title: str, done: float, current: bool) -> Text:
    """``1 Frame 40%``; a finished stage shows a check mark instead of 100%."""
    text = Text()
    text.append(f"{number} ", style="bold")
    text.append(title, style="bold underline" if current else "")
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
        self._shown = False

    def show(self, done: float, current: bool) -> None:
        if self._shown and (done, current) == (self.done, self.current):
            return  # nothing new: updating would lay the screen out again on every keypress
        self._shown = True
        self.done = done
        self.current = current
        self.set_class(current, "-current")
        self.set_class(done >= 1.0, "-done")
        self.update(step_label(self.number, self.title, done, current))

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

    def show(self, progress: dict[str, float], current: str) -> None:
        for step in self.query(Step):
            step.show(progress.get(step.stage, 0.0), step.stage == current)
