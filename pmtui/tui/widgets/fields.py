"""Text fields and ticks: one line high, no selection on focus, hints that look like hints.

Textual's ``Input`` selects its whole text when it gets the focus, so the
first key typed replaces it: opening a review with the title focused and
pressing ``3`` once made the title "3". A :class:`TextField` puts the
cursor at the end instead, is one line high (a form fits 80x24), and shows
its placeholder as an example (``e.g. +2w``, dim and italic), never as a
value. A :class:`Tick` says whether it is ticked in its text (``[x]`` or
``[ ]``) and a :class:`Choice` whether it is chosen (``(•)`` or ``( )``), not
only in colour, so they read the same with ``NO_COLOR``.
"""

from __future__ import annotations

from typing import Any

from rich.segment import Segment
from textual.content import Content
from textual.strip import Strip
from textual.widgets import Checkbox, RadioButton, SelectionList
from textual.widgets.option_list import OptionDoesNotExist

from pmtui.tui.widgets.text_field import EXAMPLE, TextField, example

__all__ = ["EXAMPLE", "Choice", "TextField", "Tick", "TickList", "example"]


class Tick(Checkbox):
    """A checkbox whose state is in its text: ``[x]`` ticked, ``[ ]`` not."""

    def __init__(self, label: str, value: bool = False, **kwargs: Any) -> None:
        kwargs.setdefault("compact", True)
        super().__init__(label, value, **kwargs)

    @property
    def _button(self) -> Content:
        style = self.get_visual_style("toggle--button")
        return Content.assemble("[", ("x" if self.value else " ", style), "]")


class Choice(RadioButton):
    """A radio button whose state is in its text: ``(•)`` chosen, ``( )`` not."""

    @property
    def _button(self) -> Content:
        style = self.get_visual_style("toggle--button")
        return Content.assemble("(", ("•" if self.value else " ", style), ")")


class TickList(SelectionList[str]):
    """A list of tick boxes whose states are in their text: ``[x]`` ticked, ``[ ]`` not.

    Textual draws every box of a selection list as the same ``▐X▌``, told apart
    by colour alone; with NO_COLOR or in a monochrome capture nobody could see
    which facts a cause explains.
    """

    def render_line(self, y: int) -> Strip:
        line = super().render_line(y)
        try:
            selection = self.get_option_at_index(self.scroll_offset.y + y)
        except OptionDoesNotExist:
            return line
        segments = list(line)
        if len(segments) < 4:
            return line
        mark = "x" if selection.value in self.selected else " "
        side = segments[3].style
        box = [Segment("[", side), Segment(mark, segments[1].style), Segment("]", side)]
        return Strip([*box, *segments[3:]])
