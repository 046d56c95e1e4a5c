"""A stage pane built around one table of review items (facts, commitments).

The pane shows the items in an :class:`ItemTable`, a line saying what to do
when there are none, and the details of the item under the cursor; enter or
``e`` edits that item in its form, ``d`` deletes it and ``u`` undoes.
Subclasses say which items, how a row and the details look, and which form
edits an item.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar, Generic, TypeVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Static

from pmtui.domain.edits import Collection
from pmtui.editing import changes
from pmtui.tui.focus import focus_now
from pmtui.tui.forms.base import ItemForm
from pmtui.tui.stages._table import ItemTable
from pmtui.tui.stages.base import HINT_MARK, StagePane

if TYPE_CHECKING:
    from pmtui.domain.model import Review

ItemT = TypeVar("ItemT", bound=changes.Item)


class ItemListPane(StagePane, Generic[ItemT]):
    """The table, empty line and details of one collection of the review.

    Widget ids follow the stage: ``#<stage>-table``, ``#<stage>-empty``,
    ``#<stage>-detail``.
    """

    collection: ClassVar[Collection]
    noun: ClassVar[str]
    """What one item is called in messages and undo descriptions."""
    COLUMNS: ClassVar[Sequence[tuple[str, str, int | None]]]
    """``(key, label, width)`` of each table column (the hint mark's comes before them)."""
    FLEX: ClassVar[str | None] = None
    """The column (its key) that takes the width the others leave, its own width at least."""
    FIT: ClassVar[Sequence[str]] = ()
    """Columns as wide as their widest cell, their width at most: an empty one is narrow."""
    FOLD: ClassVar[Sequence[str]] = ()
    """Columns that give the flexible one their width while it is narrower than its own."""
    LEAST: ClassVar[int | None] = None
    """The flexible column's width at the least (its own width by default)."""
    HINT_COLUMN = ("hint", HINT_MARK, 1)
    """The first column: :data:`HINT_MARK` on an item the coach has an open hint about."""
    EMPTY: ClassVar[str]
    """Shown instead of the details when there are no items."""
    SHOWS_HINTS = True

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "add", "Add"),
        Binding("e", "edit", "Edit"),
        Binding("d", "delete", "Delete"),
        Binding("u", "undo", "Undo"),
        Binding("ctrl+z", "undo", "Undo", show=False),
    ]

    def compose(self) -> ComposeResult:
        if self.prompt:
            yield Static(Text(self.prompt), classes="stage-prompt")
        yield from self._intro()
        yield ItemTable(
            (self.HINT_COLUMN, *self.COLUMNS),
            flex=self.FLEX,
            fold=self.FOLD,
            least=self.LEAST,
            fit=self.FIT,
            id=f"{self.stage}-table",
        )
        yield Static("", id=f"{self.stage}-empty")
        yield Static("", id=f"{self.stage}-detail")

    def on_mount(self) -> None:
        self._show()

    # -- what subclasses say ---------------------------------------------------------

    def _intro(self) -> ComposeResult:
        """Widgets between the prompt and the table (none by default)."""
        return ()

    def _items(self) -> Sequence[ItemT]:
        """The items in the order the table shows them (the stored order by default)."""
        return self._stored()

    def _cells(self, item: ItemT) -> list[Text]:
        """One cell per column of ``COLUMNS`` (text that may not fit: :func:`clipped`)."""
        raise NotImplementedError

    def _detail(self, item: ItemT) -> Text:
        """Everything about the item under the cursor."""
        raise NotImplementedError

    def _edit_form(self, item: ItemT) -> ItemForm[ItemT]:
        """The form that edits ``item``."""
        raise NotImplementedError

    def _delete(self, item: ItemT) -> None:
        """Delete ``item`` as one undoable step."""
        changes.delete_plain(self.session, self.collection, item.id, self.noun)

    def _changed(self, focus_id: str | None = None) -> None:
        """Show the review after a change (``focus_id``: the item to put the cursor on)."""
        self._show(focus_id)

    # -- the contract ------------------------------------------------------------

    def refresh_from(self, review: Review) -> None:
        self._show()

    def focus_first(self) -> None:
        focus_now(self.table, scroll_visible=False)  # the stage opens at its top, prompt first

    # -- showing -----------------------------------------------------------------

    @property
    def table(self) -> ItemTable:
        return self.query_one(f"#{self.stage}-table", ItemTable)

    def _stored(self) -> list[ItemT]:
        items: list[ItemT] = getattr(self.review, self.collection)
        return items

    def _show(self, focus_id: str | None = None) -> None:
        self._show_rows(focus_id)
        self.read_hints()

    def _show_rows(self, focus_id: str | None = None) -> None:
        rows = [
            (item.id, [Text(self.hint_mark(item.id)), *self._cells(item)]) for item in self._items()
        ]
        self.table.show(rows, focus_id=focus_id)
        self.query_one(f"#{self.stage}-empty", Static).update("" if rows else Text(self.EMPTY))
        self._show_detail()

    def hints_read(self) -> None:
        self._show_rows()

    def _show_detail(self) -> None:
        item = self._current()
        detail = Text() if item is None else self._detail(item) + self.hint_lines(item.id)
        self.query_one(f"#{self.stage}-detail", Static).update(detail)

    @on(DataTable.RowHighlighted, "ItemTable")
    def _highlighted(self) -> None:
        self._show_detail()

    @on(DataTable.RowSelected, "ItemTable")
    def _selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_edit()

    def _current(self) -> ItemT | None:
        item_id = self.table.current_id
        return next((item for item in self._stored() if item.id == item_id), None)

    # -- actions -------------------------------------------------------------------

    def action_edit(self) -> None:
        old = self._current()
        if old is None:
            self.notify(f"No {self.noun} to edit yet; press a to add one.")
            return

        def done(new: ItemT | None) -> None:
            if new is not None and changes.save(self.session, self.collection, old, new, self.noun):
                self._changed(old.id)

        self.app.push_screen(self._edit_form(old), done)

    def action_delete(self) -> None:
        item = self._current()
        if item is None:
            return
        self._delete(item)
        self._changed()
        self.notify(f"{self.noun.capitalize()} deleted. Press u to undo.")

    def action_undo(self) -> None:
        self.undo_and_show(self._changed)
