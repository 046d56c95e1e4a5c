"""A bar chart of one practice-health figure per month, drawn by plotext, with a chosen month.

Bars are the month's share (the y axis in percent, the x axis the months),
each labelled with its count (``2/5``). The chosen month's bar is drawn with
a solid block and the others shaded, and its name is bracketed (``[Oct]``),
so it reads without colour (NO_COLOR) too. Left and right (or a click on a
bar) choose a month; enter asks for the reviews behind it.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import events
from textual.app import RenderResult
from textual.binding import Binding
from textual.message import Message
from textual.reactive import reactive
from textual_plotext import PlotextPlot

from pmtui.domain.text import shown

SHADED = "▒"
CHOSEN = "█"
Y_TICKS = [0.0, 25.0, 50.0, 75.0, 100.0]
SHORT_Y_TICKS = [0.0, 50.0, 100.0]
"""The y ticks of a chart under :data:`TALL` rows (a list of reviews open under it): with
three or four rows plotext puts two ticks on one row and shows either, and the bottom row,
where a 3% bar is drawn, read ``25``."""
TALL = 11
"""Rows from which every quarter gets a row of its own."""
Y_AXIS_WIDTH = 4
"""Columns plotext gives the y tick labels and the frame on the left (``100┤``)."""


@dataclass(frozen=True)
class Bar:
    """One month's bar: its label on the x axis, its share and its count."""

    month: str
    """``YYYY-MM``"""
    label: str
    """What the x axis shows under it (``Oct``)."""
    percent: float | None
    """``None`` when there was nothing to count: no bar, the count says ``none``."""
    part: int
    whole: int


class HealthChart(PlotextPlot, can_focus=True):
    """One figure's bars; the chosen month is :attr:`chosen`."""

    BINDINGS = [
        Binding("left", "move(-1)", "Month before", show=False),
        Binding("right", "move(1)", "Month after", show=False),
        Binding("home", "first", show=False),
        Binding("end", "last", show=False),
        Binding("enter", "open", "Its reviews"),
    ]

    chosen: reactive[int] = reactive(-1)

    class Chosen(Message):
        """A month was chosen (moved onto)."""

        def __init__(self, chart: HealthChart, index: int) -> None:
            super().__init__()
            self.chart = chart
            self.index = index

    class Opened(Message):
        """Enter, or a click, on a month: list the reviews behind it."""

        def __init__(self, chart: HealthChart, index: int) -> None:
            super().__init__()
            self.chart = chart
            self.index = index

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.bars: list[Bar] = []
        self.title = ""
        self.y_label = "%"
        self.x_label = "month"

    def show_bars(self, bars: list[Bar], title: str, y_label: str, x_label: str) -> None:
        """Draw ``bars`` (oldest first); the last month is chosen unless one already is.

        The same bars under the same words are not drawn again (a count the chart does
        not show arrived, say)."""
        words = (shown(title), shown(y_label), shown(x_label))
        drawn = (self.bars, (self.title, self.y_label, self.x_label))
        if (bars, words) == drawn and 0 <= self.chosen < len(bars):
            return
        self.bars = bars
        self.title, self.y_label, self.x_label = words
        keep = self.chosen if 0 <= self.chosen < len(bars) else len(bars) - 1
        if keep == self.chosen:
            self.replot()
        else:
            self.chosen = keep

    def watch_chosen(self, index: int) -> None:
        self.replot()
        if 0 <= index < len(self.bars):
            self.post_message(self.Chosen(self, index))

    def replot(self) -> None:
        plt = self.plt
        plt.clear_data()
        plt.clear_figure()
        plt.title(self.title)
        n = len(self.bars)
        if n:
            xs = [float(i) for i in range(1, n + 1)]
            heights = [b.percent or 0.0 for b in self.bars]
            plt.bar(xs, heights, marker=SHADED, width=0.5)
            if 0 <= self.chosen < n:
                plt.bar([xs[self.chosen]], [heights[self.chosen]], marker=CHOSEN, width=0.5)
            for x, b in zip(xs, self.bars, strict=True):
                count = f"{b.part}/{b.whole}" if b.whole else "none"
                plt.text(count, x, min(b.percent or 0.0, 100.0) + 14, alignment="center")
            labels = [
                f"[{b.label}]" if i == self.chosen else b.label for i, b in enumerate(self.bars)
            ]
            plt.xticks(xs, labels)
            plt.xlim(0.5, n + 0.5)
        plt.ylim(0, 118)
        plt.ylabel(self.y_label)
        plt.xlabel(self.x_label)
        self.refresh()

    def render(self) -> RenderResult:
        """The chart at the size it is drawn, its y ticks chosen for that height."""
        self.plt.yticks(Y_TICKS if self.size.height >= TALL else SHORT_Y_TICKS)
        return super().render()

    def action_move(self, step: int) -> None:
        if self.bars:
            self.chosen = max(0, min(len(self.bars) - 1, self.chosen + step))

    def action_first(self) -> None:
        if self.bars:
            self.chosen = 0

    def action_last(self) -> None:
        if self.bars:
            self.chosen = len(self.bars) - 1

    def action_open(self) -> None:
        if 0 <= self.chosen < len(self.bars):
            self.post_message(self.Opened(self, self.chosen))

    def on_click(self, event: events.Click) -> None:
        """A click on a bar (or the space above it) chooses that month and opens it."""
        index = self.bar_at(event.x)
        if index is not None:
            self.chosen = index
            self.post_message(self.Opened(self, index))

    def bar_at(self, x: int) -> int | None:
        """The bar under column ``x`` of the widget, if any."""
        n = len(self.bars)
        inner = self.size.width - Y_AXIS_WIDTH - 1
        if not n or inner <= 0 or x < Y_AXIS_WIDTH:
            return None
        index = int((x - Y_AXIS_WIDTH) * n / inner)
        return index if 0 <= index < n else None
