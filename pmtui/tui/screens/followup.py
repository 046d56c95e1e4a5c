"""The follow-up view: open commitments across reviews by urgency, and reviews due a follow-up.

The board is built from the store's index only (open commitments and
summaries), in a thread worker, and rebuilt when the store's token changes,
so someone else's save shows up without a key press.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from contextlib import suppress
from datetime import datetime
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Header, Static

from pmtui.domain.followup import Board, Filters, build_board
from pmtui.domain.model import Kind
from pmtui.domain.summary import OpenCommitment, ReviewSummary, WaitingReview
from pmtui.domain.text import first_line, plural, shown
from pmtui.store.errors import StoreError
from pmtui.tui import styles
from pmtui.tui.commands import PaletteCommand
from pmtui.tui.screens._services import AppServices
from pmtui.tui.widgets.footer import KeyFooter

if TYPE_CHECKING:
    from pmtui.store.repository import Store

GROUP_LIMIT = 200
"""Rows shown per group; a filter narrows a bigger store."""
POLL_SECONDS = 2.0
COLUMNS = ("when", "due", "owner", "what", "review")
SHARED = ("what", "review")
"""The columns that give up room, cut with an ellipsis, when the board is wider than the
screen (at 80 columns): the review stays in sight beside what was promised."""
LEAST_REVIEW = 12
CELL_PADDING = 1
"""The table's blank columns on each side of a cell (Textual's default)."""


def _cut(text: str) -> Text:
    """A cell of a column that gives up room: cut with an ellipsis where it is narrower."""
    return Text(text, no_wrap=True, overflow="ellipsis")


def fitted_widths(natural: dict[str, int], room: int) -> dict[str, int | None]:
    """Each column's width for a board ``room`` columns wide: ``None`` (as wide as its
    widest cell) while everything fits; else *what* and *review* share what the other
    columns leave, *review* taking two fifths (at least :data:`LEAST_REVIEW`, at most
    what it needs) and *what* the rest."""
    padded = {name: width + 2 * CELL_PADDING for name, width in natural.items()}
    if room <= 0 or sum(padded.values()) <= room:  # (0: not laid out yet)
        return dict.fromkeys(natural)
    left = room - sum(padded[name] for name in natural if name not in SHARED)
    left -= 2 * CELL_PADDING * len(SHARED)
    review = min(natural["review"], max(LEAST_REVIEW, left * 2 // 5))
    widths: dict[str, int | None] = dict.fromkeys(natural)
    widths["review"] = review
    widths["what"] = max(left - review, 1)
    return widths


HELP = """\
# Follow-up

Everything the reviews promised and nobody has closed yet, across every
review: **overdue** first, then **due soon** (today and the next seven days,
as `pmtui due` and `pmtui followup` count it), then **later** (and those
with no date). Below them, the reviews whose
follow-up date has come: time to sit down and look at what became of their
commitments.

Press `enter` on any row to hold the follow-up of that review. Where the
screen is narrow, what was promised and the review share the room, each cut
with `…`; a wider terminal shows more of both.

| key | does |
|---|---|
| `enter` | follow up the selected review |
| `m` | only mine (you, or the name given with `--as`) |
| `o` | only one owner |
| `t` | only one tag |
| `k` | cycle through the kinds of review |
| `c` | clear the filters |
| `r` | read the store again |
| `b` / `escape` | back |
"""

GROUPS = (
    ("overdue", "overdue"),
    ("this_week", "due soon"),
    ("later", "later"),
)


class FollowUpScreen(AppServices):
    """Open commitments by urgency and the reviews waiting for their follow-up."""

    CSS_PATH = styles.sheets("followup")
    BACK_NAME = "Follow-up"
    """What a review opened from here calls it: ``◀ Follow-up (b)`` goes back here."""

    HELP = HELP
    BINDINGS = [
        # Ahead of the table's own enter (which opens the same row), so the key line says it;
        # "Open", as "Follow up" leaves no room for ^q Quit at 80 columns.
        Binding("enter", "open_selected", "Open", priority=True),
        Binding("m", "mine", "Mine"),
        Binding("o", "owner", "Owner"),
        Binding("t", "tag", "Tag"),
        Binding("k", "cycle_kind", "Kind"),
        Binding("c", "clear", "Clear"),
        Binding("r", "reload", "Reload", show=False),
        Binding("question_mark", "app.help", "Help"),
        Binding("b,escape", "back", "Back"),
    ]

    def __init__(
        self,
        *,
        store: Store | None = None,
        clock: Callable[[], datetime] | None = None,
        user: str | None = None,
        filters: Filters | None = None,
    ) -> None:
        super().__init__()
        self._use_services(store, clock, user)
        self.filters = filters or Filters()
        self.board: Board | None = None
        self._token: object = None
        self._rows: list[tuple[str, Sequence[Text]]] = []
        """The rows shown: ``(row key, cells)``, kept to fit the columns again on a resize."""
        self._widths_for = 0
        """The width the columns were fitted to."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="followup-filters", markup=False)
        yield Static("Reading the store...", id="followup-counts", markup=False)
        yield DataTable(id="board", cursor_type="row", zebra_stripes=True)
        yield Static("", id="followup-note", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        table = self.query_one("#board", DataTable)
        for name in COLUMNS:
            table.add_column(name, key=name)
        table.focus()
        self._show_filters()
        self.load()
        self.set_interval(POLL_SECONDS, self._poll)

    def on_screen_resume(self) -> None:
        if self.board is not None:
            self.load()

    # -- loading ---------------------------------------------------------------

    @work(thread=True, exclusive=True, group="followup-load")
    def load(self) -> None:
        store, today, filters = self.store, self.today, self.filters
        try:
            token = store.token()
            commitments, due = store.follow_up_lists(today)
            board = build_board(commitments, (), today, filters, due_reviews=due)
            for group in (board.overdue, board.this_week, board.later, board.reviews_due):
                for _row in group[:GROUP_LIMIT]:
                    pass  # built here, off the screen's thread: the rows it shows
        except StoreError as exc:
            self.app.call_from_thread(self._show_problem, exc)
            return
        self.app.call_from_thread(self._show, board, token)
        with suppress(StoreError, OSError):
            store.keep_follow_up()  # what a fresh start of this view reads (a cache)

    def _poll(self) -> None:
        if self.board is not None and self.store.token() != self._token:
            self.load()

    def _show_problem(self, exc: Exception) -> None:
        self.query_one("#followup-counts", Static).update(
            f"pmtui cannot read the store: {exc}\nPress r to try again."
        )

    def _show(self, board: Board, token: object) -> None:
        self.board = board
        self._token = token
        self.query_one("#followup-counts", Static).update(self._counts(board))
        table = self.query_one("#board", DataTable)
        selected = self._selected_key()
        rows: list[tuple[str, Sequence[Text]]] = []
        cut = False
        for group, label in GROUPS:
            items: Sequence[OpenCommitment] = getattr(board, group)
            cut = cut or len(items) > GROUP_LIMIT
            for c in items[:GROUP_LIMIT]:
                rows.append((f"c:{c.review_id}:{c.id}", tuple(self._commitment_row(c, label))))
        for s in board.reviews_due[:GROUP_LIMIT]:
            rows.append((f"r:{s.id}", tuple(self._review_row(s))))
        cut = cut or len(board.reviews_due) > GROUP_LIMIT
        self._rows = rows
        self._fill(table)
        note = ""
        if board.empty:
            note = (
                "Nothing is waiting here. Commitments made in reviews show up as soon as "
                "they have an owner, and reviews appear when their follow-up date comes."
                if not self.filters.active
                else "Nothing matches these filters; press c to clear them."
            )
        elif cut:
            note = f"Each group shows its first {GROUP_LIMIT}; a filter narrows the rest."
        self.query_one("#followup-note", Static).update(note)
        self._select(table, selected)

    def _fill(self, table: DataTable[Text]) -> None:
        """Put the rows in the table, its columns fitted to its width (see
        :func:`fitted_widths`)."""
        natural = {name: len(name) for name in COLUMNS}
        for _key, cells in self._rows:
            for name, cell in zip(COLUMNS, cells, strict=True):
                natural[name] = max(natural[name], cell.cell_len)
        room = table.size.width
        if len(self._rows) + 1 > table.size.height:  # the rows and the labels' line
            room -= table.styles.scrollbar_size_vertical
        widths = fitted_widths(natural, room)
        self._widths_for = table.size.width
        table.clear(columns=True)
        for name in COLUMNS:
            table.add_column(name, key=name, width=widths[name])
        for key, cells in self._rows:
            table.add_row(*cells, key=key)

    def on_resize(self) -> None:
        self.call_after_refresh(self._refit)  # once the table has its new size

    def _refit(self) -> None:
        table = self.query_one("#board", DataTable)
        if self._rows and table.size.width != self._widths_for:
            selected = self._selected_key()
            self._fill(table)
            self._select(table, selected)

    @staticmethod
    def _select(table: DataTable[Text], key: str | None) -> None:
        """Put the cursor back on row ``key``, if it is still there (else it stays at the top)."""
        if key is not None:
            with suppress(Exception):  # the row is gone
                table.move_cursor(row=table.get_row_index(key))

    def _counts(self, b: Board) -> str:
        return (
            f"{len(b.overdue)} overdue · {len(b.this_week)} due soon · "
            f"{len(b.later)} later · {plural(len(b.reviews_due), 'review')} "
            "ready for a follow-up"
        )

    def _commitment_row(self, c: OpenCommitment, label: str) -> Iterable[Text]:
        late = label == "overdue"
        return (
            Text(label, style="bold red" if late else ""),
            Text(c.due.isoformat() if c.due else "no date", style="bold red" if late else ""),
            Text(shown(c.owner) or "-"),
            _cut(first_line(c.deliverable, more="") or "(no deliverable yet)"),
            _cut(shown(c.review_title) or "(untitled)"),
        )

    def _review_row(self, s: ReviewSummary | WaitingReview) -> Iterable[Text]:
        """A review due for its follow-up: how many of its commitments are still open, and
        the review (in sight at 80 columns, as every row's)."""
        still = f"{len(s.open_ids)} of {s.commitments} still open"
        return (
            Text("follow-up", style="bold"),
            Text(s.follow_up_on.isoformat()),
            Text(shown(s.facilitator) or "-"),
            _cut(still),
            _cut(shown(s.title) or "(untitled)"),
        )

    def _selected_key(self) -> str | None:
        table = self.query_one("#board", DataTable)
        if not table.row_count:
            return None
        try:
            key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        except Exception:  # no row under the cursor
            return None
        return key

    # -- filters ---------------------------------------------------------------

    def _show_filters(self) -> None:
        f = self.filters
        parts = []
        if f.owner:
            parts.append(f"owner {f.owner}")
        if f.tag:
            parts.append(f"tag {f.tag}")
        if f.kind is not None:
            parts.append(f.kind.label)
        text = "Showing: " + (", ".join(parts) if parts else "everyone, every review")
        self.query_one("#followup-filters", Static).update(shown(text))

    def set_filters(self, filters: Filters) -> None:
        self.filters = filters or Filters()
        self._show_filters()
        self.load()

    def _replace(self, **changes: Any) -> None:
        f = self.filters
        values = {"owner": f.owner, "tag": f.tag, "kind": f.kind, **changes}
        self.set_filters(Filters(**values))

    def action_mine(self) -> None:
        mine = self.filters.owner.casefold() == self.user.casefold()
        self._replace(owner="" if mine else self.user)

    def action_owner(self) -> None:
        self._ask("Whose commitments? (empty: everyone's)", self.filters.owner, "owner")

    def action_tag(self) -> None:
        self._ask("Which tag? (empty: any)", self.filters.tag, "tag")

    def _ask(self, question: str, value: str, field_name: str) -> None:
        from pmtui.tui.modals.prompt import TextPromptModal

        def done(answer: str | None) -> None:
            if answer is not None:
                self._replace(**{field_name: answer.strip()})

        self.app.push_screen(TextPromptModal(question, value), done)

    def action_cycle_kind(self) -> None:
        kinds: list[Kind | None] = [*Kind, None]
        current = self.filters.kind
        self._replace(kind=kinds[(kinds.index(current) + 1) % len(kinds)])

    def action_clear(self) -> None:
        self.set_filters(Filters())

    def action_reload(self) -> None:
        self.load()

    # -- leaving ---------------------------------------------------------------

    @on(DataTable.RowSelected, "#board")
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self._open(event.row_key.value)

    def action_open_selected(self) -> None:
        self._open(self._selected_key())

    def _open(self, key: str | None) -> None:
        if not key:
            return
        from pmtui.tui.screens.followup_review import FollowUpReviewScreen

        _kind, review_id, *rest = key.split(":")
        self.app.push_screen(
            FollowUpReviewScreen(
                review_id,
                store=self._store,
                clock=self._clock,
                user=self._user,
                start_at=rest[0] if rest else None,
            )
        )

    def action_back(self) -> None:
        self.dismiss(None)

    def palette_commands(self) -> Iterable[PaletteCommand]:
        yield PaletteCommand("Follow-up: only mine", "your open commitments", self.action_mine)
        yield PaletteCommand(
            "Follow-up: one owner", "someone's open commitments", self.action_owner
        )
        yield PaletteCommand("Follow-up: one tag", "reviews with a tag", self.action_tag)
        yield PaletteCommand("Follow-up: kind", "cycle through the kinds", self.action_cycle_kind)
        yield PaletteCommand("Follow-up: clear filters", "everything", self.action_clear)
        yield PaletteCommand(
            "Follow up the selected review", "walk its commitments", self.action_open_selected
        )
