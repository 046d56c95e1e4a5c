"""A DataTable of review items that can be refreshed without losing its place."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.geometry import Region, Size
from textual.strip import Strip
from textual.widgets import DataTable
from textual.widgets.data_table import ColumnKey, RowKey


def clipped(text: str, style: str = "") -> Text:
    """A cell that ends in ``…`` where its column is too narrow, rather than stopping short.

    The item's whole text is in the line under the table and in its form.
    """
    return Text(text, style=style, overflow="ellipsis", no_wrap=True)


class ItemTable(DataTable[Text]):
    """Rows keyed by item id; :meth:`show` keeps the cursor on the same item.

    When the rows are the same items as before only the cells change, so
    the cursor and scroll stay exactly where the user left them; when items
    come or go the cursor follows its item (or stays on the same line).
    """

    def __init__(
        self,
        columns: Sequence[tuple[str, str, int | None]],
        *,
        flex: str | None = None,
        fold: Sequence[str] = (),
        least: int | None = None,
        fit: Sequence[str] = (),
        id: str | None = None,
    ) -> None:
        """``flex`` names the column that takes the width the others leave (its own width
        when there is room). While it would be narrower than that, the ``fold`` columns
        give it theirs, in order (a narrow terminal shows the title rather than the kind),
        and it never gets less than ``least`` (its own width by default). The ``fit``
        columns are as wide as their widest cell or their label, their own width at most:
        a column with nothing in it leaves its room to the flexible one."""
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self._columns = list(columns)
        self._flex = flex
        self._fold = tuple(fold)
        self._least = least
        self._fit = {key: width or 0 for key, _, width in columns if key in fit}
        """The fitted columns' widths at most."""
        self._painted_widths: set[int] = set()
        """The widths rows were painted at since Textual's row cache was last emptied."""

    def on_mount(self) -> None:
        for key, label, width in self._columns:
            # As text, not markup (which Textual would parse, loading Rich's emoji table).
            self.add_column(Text(label), key=key, width=width)

    def _size_updated(
        self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True
    ) -> bool:
        """Fit the columns as soon as the size is known, before the rows are painted at it."""
        resized = super()._size_updated(size, virtual_size, container_size, layout)
        if resized and self.columns:
            self._fit_columns()
        return resized

    def _update_dimensions(self, new_rows: Iterable[RowKey]) -> None:
        """Textual's, measuring only what a width is taken from, and plain text plainly.

        Textual measures every cell of every new row through Rich (a few hundred
        calls a cell), though a column with a set width never uses the measure;
        home's first frame spent about a tenth of its calls there, when its lists
        were these tables. A
        one-line row of :class:`Text` cells is measured here only in the columns
        that fit their content, as Rich measures text (its widest line); any
        other row (a label, an automatic height, another kind of cell) goes the
        whole way.
        """
        auto = [column for column in self.ordered_columns if column.auto_width]
        whole_way = []
        for key in new_rows:
            row = self.rows.get(key)
            if row is None:
                continue  # removed before it was measured, as Textual skips it
            cells = self._data.get(key, {})
            if (
                row.label is not None
                or row.auto_height
                or not all(isinstance(cells.get(column.key), Text) for column in auto)
            ):
                whole_way.append(key)
                continue
            for column in auto:
                lines = cells[column.key].plain.splitlines()
                widest = max((cell_len(line) for line in lines), default=0)
                column.content_width = max(column.content_width, widest)
        super()._update_dimensions(whole_way)

    def render_lines(self, crop: Region) -> list[Strip]:
        self._painted_widths.add(self.size.width)
        return super().render_lines(crop)

    def _render_cell(
        self,
        row_index: int,
        column_index: int,
        base_style: Style,
        width: int,
        cursor: bool = False,
        hover: bool = False,
    ) -> list[list[Segment]]:
        """Textual's, with a one-line cell of plain text laid out here rather than by Rich.

        Textual renders each cell through Rich (padding, a styled wrapper, the
        text's wrapping and cropping: a few hundred calls a cell), and a stage
        paints a screenful of rows as it opens. A cell of one
        line of unstyled-span :class:`Text` that fits (or is ASCII, cut at the
        column's width) is the same segments built directly: the padding, the
        text in its style, the space after it, each under the cell's styles (a
        test compares both ways cell by cell). Anything else goes Rich's way.
        """
        lines = self._plain_cell(row_index, column_index, base_style, width, cursor, hover)
        if lines is None:
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        return lines

    def _plain_cell(
        self,
        row_index: int,
        column_index: int,
        base_style: Style,
        width: int,
        cursor: bool,
        hover: bool,
    ) -> list[list[Segment]] | None:
        if row_index < 0 or column_index < 0 or row_index < self.fixed_rows:
            return None
        if column_index < self.fixed_columns:
            return None
        row_key = self._row_locations.get_key(row_index)
        column_key = self._column_locations.get_key(column_index)
        row = self.rows.get(row_key) if row_key is not None else None
        padding = self.cell_padding
        room = width - 2 * padding
        if row_key is None or column_key is None or row is None or row.height != 1 or room <= 0:
            return None
        cache_key = (
            row_key,
            column_key,
            base_style,
            cursor,
            hover,
            self._show_hover_cursor,
            self._update_count,
            self._pseudo_class_state,
        )
        cached = self._cell_render_cache.get(cache_key)
        if cached is not None:
            return cached
        cell = self._data.get(row_key, {}).get(column_key)
        if type(cell) is not Text or cell.spans or cell.justify:
            return None
        ellipsis = cell.overflow == "ellipsis" and cell.no_wrap
        if cell.overflow and not ellipsis:
            return None
        text = cell.plain
        if not text.isprintable() and text:
            return None
        used = cell_len(text)
        if used > room:
            if ellipsis:  # as Rich truncates it
                text, used = set_cell_size(text, room - 1) + "…", room
            elif not text.isascii():
                return None  # cutting wide characters is Rich's to do
            else:
                text, used = text[:room], room
        component_style, post_style = self._get_styles_to_render_cell(
            False,
            False,
            False,
            hover,
            cursor,
            self.show_cursor,
            self._show_hover_cursor,
            self.cursor_foreground_priority == "css",
            self.cursor_background_priority == "css",
        )
        pre = base_style + Style.from_meta({"row": row_index, "column": column_index})
        pre = pre + component_style
        plain_style = pre + post_style if post_style else pre
        own = self.app.console.get_style(cell.style) if cell.style else None
        text_style = plain_style if own is None else (pre + own) + post_style
        line = [Segment(" " * padding, plain_style)]
        if text:
            line.append(Segment(text, text_style))
        line.append(Segment(" " * (room - used + padding), plain_style))
        lines = [line]
        self._cell_render_cache[cache_key] = lines
        return lines

    def on_resize(self, event: events.Resize) -> None:
        """Fit the columns; paint the rows again only if their width or the columns changed.

        Textual's table forgets every painted row on any resize, and the first
        resize event comes just after the first frame was painted at that very
        size: the whole list would be painted twice before anyone sees it. A
        row is painted to the table's width (its cache does not know the
        width), so the cache is kept only while every row in it was painted at
        the new width.
        """
        self._fit_columns()
        if self._painted_widths <= {self.size.width}:
            event.prevent_default()  # Textual's own handler would empty the cache
        else:
            self._painted_widths.clear()

    def _fit_columns(self) -> bool:
        """Give the flexible column the room there is: long text is cut only when it must be."""
        if self._flex is None:
            return False
        widths = {k: w or 0 for k, _, w in self._columns}
        wanted = widths.pop(self._flex)
        padding = 2 * self.cell_padding * len(self._columns)
        space = self.scrollable_content_region.width - padding
        folded: set[str] = set()
        for key in self._fold:
            if space - sum(widths.values()) >= wanted:
                break
            widths[key] = 0
            folded.add(key)
        room = space - sum(widths.values())
        changed = self._set_width(self._flex, max(self._least or wanted, room))
        for key, _, width in self._columns:
            if key in self._fold:
                changed |= self._set_width(key, 0 if key in folded else width or 0)
        if changed:
            self._repaint()
        return changed

    def _repaint(self) -> None:
        """Paint the rows again at the columns' new widths."""
        # Rows painted with the old widths are stale (Textual's row cache is keyed
        # by this count, not by the columns' widths).
        self._update_count += 1
        self._painted_widths.clear()
        # A row as high as its text needs is measured again at the new widths.
        for key, row in self.rows.items():
            if row.auto_height:
                row.height = 0
                self._new_rows.add(key)
        self._require_update_dimensions = True
        self.refresh()

    def fit_column(self, key: str, cells: Sequence[str], most: int) -> None:
        """Make the column ``key`` as wide as the widest of ``cells`` (and its label), at
        most ``most``; the flexible column takes what is left."""
        label = next(label for k, label, _ in self._columns if k == key)
        width = min(most, max((len(c) for c in (label, *cells)), default=0))
        self._columns = [(k, lb, width if k == key else w) for k, lb, w in self._columns]
        if self.columns and self._set_width(key, width) and not self._fit_columns():
            self._repaint()

    def _fit_to(self, rows: Sequence[tuple[str, Sequence[Text]]], keys: list[str]) -> None:
        """Make each ``fit`` column as wide as its widest cell in ``rows`` (or its label)."""
        if not self._fit:
            return
        labels = {key: label for key, label, _ in self._columns}
        wanted = {
            key: min(
                most,
                max(
                    [cell_len(labels[key])]
                    + [cell_len(cells[keys.index(key)].plain) for _, cells in rows]
                ),
            )
            for key, most in self._fit.items()
        }
        self._columns = [(k, lb, wanted.get(k, w)) for k, lb, w in self._columns]
        if not self.columns:
            return  # added as wide as this when mounted
        changed = False
        for key, width in wanted.items():
            changed |= self._set_width(key, width)
        if changed and not self._fit_columns():
            self._repaint()

    def _set_width(self, key: str, width: int) -> bool:
        column = self.columns[ColumnKey(key)]
        if column.width == width and not column.auto_width:
            return False
        column.width = width
        column.auto_width = False  # a column added as wide as its cells is set from now on
        return True

    @property
    def current_id(self) -> str | None:
        """The id of the item under the cursor, if any."""
        if not self.row_count:
            return None
        key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key
        return key.value

    def ids(self) -> list[str]:
        return [str(row.key.value) for row in self.ordered_rows]

    def show(
        self, rows: Sequence[tuple[str, Sequence[Text]]], *, focus_id: str | None = None
    ) -> None:
        """Show ``rows`` (item id, cells); ``focus_id`` moves the cursor to that item."""
        new_ids = [item_id for item_id, _ in rows]
        keys = [key for key, _, _ in self._columns]
        self._fit_to(rows, keys)
        if new_ids == self.ids():
            for item_id, cells in rows:
                for key, cell in zip(keys, cells, strict=True):
                    self.update_cell(item_id, key, cell)
            if focus_id in new_ids:
                self.move_cursor(row=new_ids.index(focus_id))
            return
        current, line = self.current_id, self.cursor_row
        scroll_y = self.scroll_y
        self.clear()
        for item_id, cells in rows:
            self.add_row(*cells, key=item_id)
        target = focus_id if focus_id in new_ids else current
        row = new_ids.index(target) if target in new_ids else min(line, len(new_ids) - 1)
        self.scroll_y = scroll_y
        if row >= 0:
            self.move_cursor(row=row, scroll=focus_id is not None)
