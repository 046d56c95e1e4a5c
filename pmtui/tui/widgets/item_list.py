"""A list of rows in columns, drawn with Textual's line API: only the rows on screen are painted.

Home's two lists (the carry-over and the reviews) were DataTables. Measured
before the change (docs/benchmarks.md, the first frame, round seven), the
two cost the first frame 14-19 ms of CPU: the table's module, its default
stylesheet, nine component classes each styled for both tables, and every
row added (measured, keyed, laid out) before a screenful of them was
painted. This list keeps the rows as the data they are (a summary, a
commitment) and turns a row into text only when it is on screen, with one
small stylesheet and two component classes (the header and the cursor).

What people rely on is kept: a row cursor (up, down, page up and down,
home and end), ``enter`` or a click on the row under the cursor to open it,
the mouse wheel, the column labels, text cut with ``…`` where its column is
too narrow, the cursor in reverse without colour. Cells are plain text,
never markup: a title such as ``[bold]`` is shown as typed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, ClassVar, Generic, NamedTuple, TypeVar

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

T = TypeVar("T")

Cell = str | tuple[str, str]
"""A cell's text, or its text and a Rich style (``"bold red"``, ``"dim"``)."""


class Column(NamedTuple):
    """One column of an :class:`ItemList`.

    ``width`` is the column's width; with ``fit``, at most that (the column is
    as wide as its widest cell or its label); with ``flex``, the width it
    would like (it takes whatever the others leave, never less than
    ``least``). A ``fold`` column gives its room to the flexible one while
    that would be narrower than it would like (a narrow terminal shows the
    title rather than the kind).
    """

    label: str
    width: int = 0
    fit: bool = False
    flex: bool = False
    fold: bool = False
    least: int = 0


PADDING = 1
"""Blank columns on each side of a cell."""


class ItemList(ScrollView, Generic[T], can_focus=True):
    """Items shown one a row under a line of column labels, with a row cursor.

    ``cells`` turns an item into its row's cells (called only for the rows
    painted); ``key`` names an item, so the cursor stays on its item when the
    items are shown again (a teammate's save, a filter) and
    :class:`Selected` says which item was chosen.
    """

    ALLOW_SELECT = False
    """A drag does not select text: a click is the cursor's."""
    COMPONENT_CLASSES: ClassVar[set[str]] = {"item-list--header", "item-list--cursor"}

    DEFAULT_CSS = """
    ItemList {
        background: $surface;
        color: $foreground;
        height: auto;
        max-height: 100%;
        overflow-x: hidden;
        & > .item-list--header {
            text-style: bold;
            background: $panel;
        }
        & > .item-list--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
        &:focus > .item-list--cursor {
            background: $block-cursor-background;
            color: $block-cursor-foreground;
            text-style: $block-cursor-text-style;
        }
        &:nocolor > .item-list--cursor {
            text-style: reverse;
        }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select", "Open", show=False),
        Binding("up", "move(-1)", "Up", show=False),
        Binding("down", "move(1)", "Down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("home,ctrl+home", "first", "First", show=False),
        Binding("end,ctrl+end", "last", "Last", show=False),
    ]

    class Selected(Message):
        """``enter``, or a click on the row under the cursor: the item ``key`` was chosen."""

        def __init__(self, item_list: ItemList[Any], key: str, index: int) -> None:
            super().__init__()
            self.item_list = item_list
            self.key = key
            self.index = index

        @property
        def control(self) -> ItemList[Any]:
            return self.item_list

    def __init__(
        self,
        columns: Sequence[Column],
        *,
        cells: Callable[[T], Sequence[Cell]],
        key: Callable[[T], str],
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.columns = tuple(columns)
        self._cells = cells
        self._key = key
        self._items: list[T] = []
        self.cursor_row = 0
        self._widths: tuple[int, tuple[int, ...]] | None = None
        """The columns' widths and the room they were laid out in (0: folded)."""
        self._style: Style | None = None
        """The list's own style while it is painted."""

    def on_mount(self) -> None:
        self._set_virtual_size()  # the labels' line, before any item

    # -- the items -------------------------------------------------------------

    @property
    def items(self) -> Sequence[T]:
        """The items shown, in their order."""
        return self._items

    @property
    def row_count(self) -> int:
        return len(self._items)

    @property
    def current_key(self) -> str | None:
        """The key of the item under the cursor, if there is one."""
        if not self._items:
            return None
        return self._key(self._items[self.cursor_row])

    def cells_at(self, index: int) -> list[str]:
        """The text of each cell of row ``index``, whole (as :attr:`cells` gives it)."""
        return [cell if isinstance(cell, str) else cell[0] for cell in self._row(index)]

    def show(self, items: Sequence[T]) -> None:
        """Show ``items``: the cursor stays on its item, or on its line if the item went."""
        current, line = self.current_key, self.cursor_row
        count = len(self._items)
        self._items = list(items)
        self._widths = None
        row = line
        if current is not None:
            row = next(
                (i for i, item in enumerate(self._items) if self._key(item) == current), line
            )
        self.cursor_row = max(0, min(row, len(self._items) - 1))
        self._set_virtual_size()
        self.refresh(layout=count != len(self._items))
        self._scroll_to_cursor()

    def extend(self, items: Sequence[T]) -> None:
        """Add ``items`` after the rows shown; the rows painted are not painted again (over
        SSH, bytes saved), unless the list grows to fit them or a fitted column may widen."""
        start = len(self._items)
        self._items.extend(items)
        height = self.styles.height
        if any(column.fit for column in self.columns) or height is None or height.is_auto:
            self._widths = None
            self._set_virtual_size()
            self.refresh()
            return
        # A new virtual size would paint the whole list again (Textual refreshes a widget
        # whole when it changes): only the scrollbar and the new rows in sight are.
        size = Size(0, len(self._items) + 1)
        self.set_reactive(ItemList.virtual_size, size)
        self._scroll_update(size)
        top = int(self.scroll_y)
        for index in range(start, min(len(self._items), top + self.size.height)):
            self._refresh_row(index, top)

    def _set_virtual_size(self) -> None:
        self.virtual_size = Size(0, len(self._items) + 1)  # the labels' line and a line an item

    # -- the cursor ------------------------------------------------------------

    def move_cursor(self, row: int) -> None:
        """Put the cursor on row ``row`` (within the rows there are) and scroll to it."""
        row = max(0, min(row, len(self._items) - 1))
        if row == self.cursor_row:
            self._scroll_to_cursor()
            return
        top = int(self.scroll_y)
        self._refresh_row(self.cursor_row, top)
        self.cursor_row = row
        self._refresh_row(row, top)
        self._scroll_to_cursor()

    def _visible_rows(self) -> int:
        """Rows that fit under the labels."""
        return max(self.scrollable_content_region.height - 1, 1)

    def _scroll_to_cursor(self) -> None:
        top, rows = int(self.scroll_y), self._visible_rows()
        if self.cursor_row < top:
            self.scroll_to(y=self.cursor_row, animate=False, immediate=True)
        elif self.cursor_row >= top + rows:
            self.scroll_to(y=self.cursor_row - rows + 1, animate=False, immediate=True)

    def _refresh_row(self, index: int, top: int) -> None:
        y = index - top + 1
        if 1 <= y < self.size.height:
            self.refresh(Region(0, y, self.size.width, 1))

    def action_move(self, rows: int) -> None:
        self.move_cursor(self.cursor_row + rows)

    def action_page(self, pages: int) -> None:
        self.move_cursor(self.cursor_row + pages * self._visible_rows())

    def action_first(self) -> None:
        self.move_cursor(0)

    def action_last(self) -> None:
        self.move_cursor(len(self._items) - 1)

    def action_select(self) -> None:
        if self._items:
            self.post_message(
                self.Selected(self, self._key(self._items[self.cursor_row]), self.cursor_row)
            )

    def on_click(self, event: events.Click) -> None:
        """A click moves the cursor to its row; a click on the row under the cursor opens it."""
        offset = event.get_content_offset(self)
        if offset is None or offset.y < 1:
            return  # the labels, or a scrollbar
        row = int(self.scroll_y) + offset.y - 1
        if row >= len(self._items):
            return
        event.stop()
        if row == self.cursor_row:
            self.action_select()
        else:
            self.move_cursor(row)

    # -- painting --------------------------------------------------------------

    def _row(self, index: int) -> Sequence[Cell]:
        return self._cells(self._items[index])

    def _layout(self, room: int) -> tuple[int, ...]:
        """Each column's width in ``room`` columns (0: folded away)."""
        if self._widths is not None and self._widths[0] == room:
            return self._widths[1]
        widths = self._wanted()
        flex = next((i for i, column in enumerate(self.columns) if column.flex), None)
        if flex is not None:
            column = self.columns[flex]

            def left() -> int:
                shown = [w for i, w in enumerate(widths) if w and i != flex]
                return room - sum(shown) - 2 * PADDING * (len(shown) + 1)

            for i, other in enumerate(self.columns):
                if other.fold and left() < column.width:
                    widths[i] = 0
            short = (column.least or column.width) - left()
            for i in reversed(range(len(widths))):  # narrow: fitted columns give room, cut
                if short <= 0:
                    break
                if self.columns[i].fit:
                    give = min(short, widths[i] - cell_len(self.columns[i].label))
                    widths[i] -= max(give, 0)
                    short -= max(give, 0)
            widths[flex] = max(column.least or column.width, left())
        laid_out = tuple(widths)
        self._widths = (room, laid_out)
        return laid_out

    def _wanted(self) -> list[int]:
        """The columns' own widths; a ``fit`` column's from its widest cell (every row's)."""
        fits = [i for i, column in enumerate(self.columns) if column.fit]
        widths = [cell_len(c.label) if c.fit else c.width for c in self.columns]
        for row in range(len(self._items) if fits else 0):
            cells = self._row(row)
            for i in fits:
                cell = cells[i]
                widths[i] = max(widths[i], cell_len(cell if isinstance(cell, str) else cell[0]))
        for i in fits:
            if self.columns[i].width:
                widths[i] = min(widths[i], self.columns[i].width)
        return widths

    def _line(
        self,
        cells: Sequence[Cell],
        widths: Sequence[int],
        room: int,
        style: Style,
        cursor: Style | None,
    ) -> Strip:
        """A row ``room`` columns wide: each cell padded, cut with ``…`` where its column
        ends (the item's own view shows it whole), in its own style under the cursor's."""
        segments = []
        pad = " " * PADDING
        plain = style if cursor is None else style + cursor
        used_all = 0
        for cell, width in zip(cells, widths, strict=True):
            if not width:
                continue
            text, own = (cell, "") if isinstance(cell, str) else cell
            used = cell_len(text)
            if used > width:
                text = set_cell_size(text, width - 1) + "…" if width > 1 else ""
                used = cell_len(text)
            text_style = plain
            if own:
                text_style = style + Style.parse(own)
                if cursor is not None:
                    text_style += cursor
            segments.append(Segment(pad, plain))
            segments.append(Segment(text, text_style))
            segments.append(Segment(" " * (width - used) + pad, plain))
            used_all += width + 2 * PADDING
        if used_all > room:
            return Strip(segments, used_all).crop(0, room)
        segments.append(Segment(" " * (room - used_all), plain))
        return Strip(segments, room)

    def render_lines(self, crop: Region) -> list[Strip]:
        """Textual's, with the list's style worked out once a paint rather than once a line
        (it walks every ancestor's styles)."""
        self._style = self.rich_style
        try:
            return super().render_lines(crop)
        finally:
            self._style = None

    def render_line(self, y: int) -> Strip:
        room = self.scrollable_content_region.width
        base = self._style or self.rich_style
        widths = self._layout(room)
        if y == 0:
            style = base + self.get_component_rich_style("item-list--header")
            labels = [column.label for column in self.columns]
            return self._line(labels, widths, room, style, None)
        index = int(self.scroll_y) + y - 1
        if index >= len(self._items):
            return Strip.blank(room, base)
        cursor = None
        if index == self.cursor_row:
            cursor = self.get_component_rich_style("item-list--cursor")
        return self._line(self._row(index), widths, room, base, cursor)
