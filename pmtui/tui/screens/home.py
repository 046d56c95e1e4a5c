"""Home: the carry-over first, then every review, newest first, with filters and search.

Follow-through comes before anything new: incidents still waiting for the
review the team's policy asks for, then open commitments that are overdue
or due within a week, sit above the list. The list is built from the store's
summaries only (no timelines are read), in a worker, so a store with ten
thousand reviews never delays the first frame. It follows the store: when
anyone saves, the list is read again.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, NamedTuple

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Header, Input, Select, Static

from pmtui.domain.kinds import Kind, Status
from pmtui.domain.summary import (
    CARRY_OVER_ROWS,
    CARRY_OVER_WITHIN,
    HOME_FIRST_ROWS,
    ListedReview,
    OpenCommitment,
    OpenDigest,
)
from pmtui.domain.text import first_line, shown
from pmtui.store.errors import ListingStopped, StoreError
from pmtui.store.watch import StoreWatch
from pmtui.tui import messages
from pmtui.tui.commands import PaletteCommand
from pmtui.tui.focus import focus_now
from pmtui.tui.shell import shell
from pmtui.tui.widgets.filter_select import FilterSelect
from pmtui.tui.widgets.footer import KeyFooter
from pmtui.tui.widgets.item_list import Cell, Column, ItemList
from pmtui.tui.widgets.sync_mark import SyncMark
from pmtui.tui.widgets.text_field import TextField

if TYPE_CHECKING:
    from textual.app import App

    from pmtui.domain.policy import Backlog, IncidentLists, Logged
    from pmtui.tui.sync import AppSync

ROW_LIMIT = 1000
"""Rows shown at once; a search or filter narrows a bigger store."""
RELOAD_QUIET = 0.3
"""After a save seen, the list is read again once the store has been quiet this long."""

REVIEW_COLUMNS = (
    Column("kind", 10, fold=True),
    Column("title", 40, flex=True, least=10),
    Column("date", 10),
    Column("status", 9),
    Column("open", 4),
    Column("overdue", 7),
)
"""The list's columns: the title takes the width the others leave (at 200 columns, all of
it); below 40 the kind gives it its width (it is in the filter), and at 60 columns the
date, status and counts still show."""
CARRY_OVER_COLUMNS = (
    Column("due", 10, fit=True),
    Column("owner", 16, fit=True),
    Column("commitment", 30, flex=True, least=12),
    Column("review", 24, fit=True),
)
"""The carry-over's columns: the commitment takes the width the others leave, and each of
the others is as wide as its widest cell, up to a width that leaves the commitment room at
80 columns."""
FIRST_ROWS = HOME_FIRST_ROWS
"""Rows in the first-screen file: the first frame's list, until the whole list is read."""

EMPTY_TEXT = """\
pmtui helps a team look back at something that went wrong, or a project that \
ended, without looking for someone to blame, and then keeps the commitments \
made in the review in sight until they are kept.

There are no reviews yet. To start:

  n   new review: pick a blameless postmortem, a lessons-learned session,
      a team check-in, a personal review or another template
  q   quick review: five minutes after a small incident or a near miss
  l   log an incident now, review it later (x lists them)

Press ? for help, ctrl+p for every action.
"""

HELP = """\
# Home

Above everything, a line counts the **incidents without a review** the team's
policy asks for (and how old the oldest is): `x` lists them, and `enter` there
turns one into its review. The **carry-over** lists open commitments that are
overdue or due within a week: follow-through comes before starting something
new. Select one and press `enter` to open its review.

Below it, every review, newest first, with how many of its commitments are
still open and how many are overdue.

| key | does |
|---|---|
| `n` | start a new review (pick its kind) |
| `q` | start a quick review |
| `l` | log an incident: what broke, how bad, when (its review comes later) |
| `x` | the incidents, and where each review stands |
| `↑` `↓`, `pgup` `pgdn`, `home` `end` | move in the list |
| `enter` / click | open the selected review (a click selects, a second opens) |
| `/` | search titles, tags, people |
| `k` / `s` | filter by kind / by status |
| `t` | filter by tag |
| `esc` | in the search or tag field: clear it; when it is empty, back to the list |
| `r` | reload the list |

When the store syncs with the team's git remote (`pmtui sync --init`), a
mark at the right of the line above the list says how many reviews changed
here wait to be sent (`3 unsynced`), or `synced`. *Sync now* in the palette
(`ctrl+p`) syncs without leaving the app; you can keep typing meanwhile.
"""


class HomeData(NamedTuple):
    """What the list shows (a named tuple: built before the first frame, where a dataclass
    costs building its methods as the module loads)."""

    summaries: list[ListedReview]
    carry_over: OpenDigest
    backlog: Backlog | None = None
    incident_problem: str = ""
    total: int | None = None
    """With only the first rows read (the first-screen file): how many reviews there are."""

    @property
    def partial(self) -> bool:
        return self.total is not None

    @property
    def overdue_by_review(self) -> Mapping[str, int]:
        return self.carry_over.overdue_by_review


def matches(s: ListedReview, text: str, kind: Kind | None, status: Status | None, tag: str) -> bool:
    """Whether a review summary passes the home screen's filters."""
    if kind is not None and s.kind is not kind:
        return False
    if status is not None and s.status is not status:
        return False
    if tag and tag.casefold() not in (t.casefold() for t in s.tags):
        return False
    if not text:
        return True
    needle = text.casefold()
    haystack = " ".join(
        (s.title, s.kind.label, s.status.label, s.severity or "", s.facilitator, s.happened,
         *s.tags, *s.participants, s.id[:8])
    ).casefold()  # fmt: skip
    return all(word in haystack for word in needle.split())


def _shown_fields(s: ListedReview) -> tuple[object, ...]:
    """What a row of the list shows of a review (the overdue count aside)."""
    return (s.id, s.kind, s.title, s.happened, s.created, s.status, len(s.open_ids))


class HomeScreen(Screen[None]):
    """The list of reviews and the carry-over of open commitments."""

    HELP = HELP
    AUTO_FOCUS = "#reviews"
    """The list has the focus from the first frame (not the carry-over first, then the list:
    every move of the focus paints both tables again)."""
    BINDINGS = [
        Binding("n", "new_review", "New review"),
        Binding("q", "quick_review", "Quick review"),
        # l and x stay out of the key line: at 80 columns it has 3 columns to spare, and
        # the empty home screen, `?` and the palette name them.
        Binding("l", "log_incident", "Log incident", show=False),
        Binding("x", "view('incidents')", "Incidents", show=False),
        Binding("slash", "search", "Search", show=False),
        Binding("k", "cycle_kind", "Kind", show=False),
        Binding("s", "cycle_status", "Status", show=False),
        Binding("t", "tag", "Tag", show=False),
        Binding("r", "reload", "Reload", show=False),
        Binding("f", "view('followup')", "Follow-up"),
        Binding("i", "view('insights')", "Insights"),
        # In the search or tag field (the key line says which one escape does now): with
        # text, clear it; empty (so a second escape), back to the list.
        Binding("escape", "clear_filter", "Clear the filter"),
        Binding("escape", "leave_filter", "Back to the list"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.data: HomeData | None = None
        """What the list shows, once it is shown."""
        self._latest: HomeData | None = None
        """What the list is being filled from."""
        self._resumed = False
        self._watch: StoreWatch | None = None
        self._token: object = None
        self._health_counted = False
        """Whether practice health was asked to count once the whole list was first in."""
        self._behind = False
        """A read not shown (another screen was in front): read again when shown."""
        self._typed_filters: set[str | None] = set()
        """The text filters holding text (escape clears them; in an empty one it leaves)."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="incident-backlog", markup=False)
        with Vertical(id="carry-over"):
            yield Static("", id="carry-over-title", markup=False)
            yield ItemList(
                CARRY_OVER_COLUMNS, cells=self._carried, key=_carried_key, id="carry-over-table"
            )
        with Horizontal(id="filters"):
            yield TextField(placeholder="search  (/)", hint=True, id="search")
            yield FilterSelect(
                [(k.label, k) for k in Kind], prompt="any kind", id="kind-filter", compact=True
            )
            yield FilterSelect(
                [(s.label, s) for s in Status],
                prompt="any status",
                id="status-filter",
                compact=True,
            )
            yield TextField(placeholder="tag", hint=True, id="tag-filter")
        yield Static("", id="problem", markup=False)
        yield Static(EMPTY_TEXT, id="empty", markup=False)
        with Horizontal(id="list-bar"):
            yield Static("", id="list-note", markup=False)
            yield SyncMark(id="sync-mark")
        yield ItemList(REVIEW_COLUMNS, cells=self._row, key=_review_key, id="reviews")
        yield KeyFooter()

    def on_mount(self) -> None:
        reviews = self.query_one("#reviews", ItemList)
        self.query_one("#empty").display = False
        self.query_one("#problem").display = False
        self.query_one("#carry-over").display = False
        self.query_one("#incident-backlog").display = False
        reviews.focus()
        ahead = shell(self).take_read_ahead()
        data = None if ahead is None else self._data(*ahead)
        if data is None or not data.partial:
            self._start_watch()
            self._token = shell(self).store.token()
        if data is None:
            self.load()
        elif data.partial:  # the first rows, from the first-screen file
            self._show(data)
            self.app.call_after_refresh(self._read_all)
        else:  # read while the app started: the first frame is painted with the data
            self._show(data)
            # The next start paints its first frame from the first-screen file.
            self.app.call_after_refresh(self._keep_first_screen)

    def _read_all(self) -> None:
        """After a first frame painted from the first-screen file: read the whole list.

        The store is opened here, in the worker that reads the list (``pmtui``
        paints the first frame without it), and its token is taken there, right
        before the list is read, rather than before the frame: the file may be
        older than the last save anyway, and the whole list read next holds every
        save made before the token (the watch reports the later ones). Its first
        look decides how the store's filesystem is checked, with a probe file
        written in the store's directory: a write that has no place before the
        first frame. The watch on the store starts here, before the token is
        taken: a save after the token wakes it, one before is in the list read.
        """
        self._start_watch()
        self.load()

    def _start_watch(self) -> None:
        if self._watch is None and self.is_attached:
            self._watch = StoreWatch(shell(self).store_layout.index, self._watch_store)
            self._watch.start()

    def on_unmount(self) -> None:
        if self._watch is not None:
            self._watch.stop()

    def _watch_store(self) -> None:
        """Reload the list when anyone saves (on the watching thread: one ``stat`` a wake)."""
        token = shell(self).store.token()
        if token != self._token:
            self._token = token
            self._count_health()
            self.app.call_from_thread(self._store_saved)

    def _count_health(self, after: float | None = None) -> None:
        """Practice health's recurring causes counted again in the background if a change to
        causes left them to count (on a worker or the watching thread), so the insights view
        finds them counted: after each save seen, and once the whole list is first in (a
        change made while pmtui was closed)."""
        from pmtui.store.health_recount import recount_for  # off the first frame's path

        recount_for(shell(self).store).changed(after=after)

    def _store_saved(self) -> None:
        """A save seen: the list is read again once the store has been quiet a moment (a
        key pressed right as a teammate's save lands, such as ``i``, does not share the
        interpreter with a read of the whole index it would not see)."""
        if not self._in_front():
            self._behind = True
            return
        self.set_timer(RELOAD_QUIET, self._reload_if_shown)

    def _reload_if_shown(self) -> None:
        if not self._in_front():
            self._behind = True  # read again when the screen is shown
        elif self.data is not None:
            self.load()

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        """Read the list again when back from another screen; shown the first time, have
        Textual not style every widget again.

        Textual styles each widget as it is mounted, then once more when the
        screen is shown (a screen coming back may have missed a theme change):
        its own handler runs after this one. Shown the first time, a moment after
        it was mounted, that second pass changes nothing and was the largest part
        of styling the first frame (every widget of the home screen twice).
        """
        if not self._resumed:
            event.refresh_styles = False
        elif self.data is not None or self._behind:  # back from another screen: read again
            self._behind = False
            self.load()
        self._resumed = True

    # -- loading ---------------------------------------------------------------

    @work(thread=True, exclusive=True, group="home-load")
    def load(self) -> None:
        self.read_and_show()

    def read_and_show(self) -> None:
        """Read the store and show it (in a thread).

        The app may close while this reads the store: the screen is then
        detached and has no app to reach, and what was read is not needed.
        """
        try:
            self._load(self.app)
        except RuntimeError:  # Textual's NoActiveAppError, or an app no longer running
            if self.is_attached:
                raise

    def _load(self, app: App[None]) -> None:
        store = shell(self).store  # opened here after a frame painted without it
        today = shell(self).today  # read here: the clock belongs to the app
        if self._token is None:  # the first read after such a frame: see _read_all
            self._token = store.token()
        try:
            summaries = store.listing(stop=lambda: not self._in_front())
            digest = store.open_digest(today, within=CARRY_OVER_WITHIN, top=CARRY_OVER_ROWS)
        except StoreError as exc:
            app.call_from_thread(self._show_problem, exc)
            return
        except ListingStopped:  # another screen opened: its work first, read again on return
            self._behind = True
            self._whole_list_in()
            return
        data = self._data(summaries, digest, store.incident_lists())
        if data is not None:
            if self._in_front():
                app.call_from_thread(self._show, data)
            else:  # another screen opened meanwhile: its work comes first, read again on return
                self._behind = True
            self._write_first_screen()
            self._whole_list_in()

    def _in_front(self) -> bool:
        """Whether home is the screen in front (not behind another, even a dialog), or has
        shown nothing yet (its first read is always shown: it marks the app ready)."""
        return self._latest is None or self.app.screen is self

    @work(thread=True, exclusive=True, group="first-screen")
    def _keep_first_screen(self) -> None:
        self._write_first_screen()
        self._whole_list_in()

    def _whole_list_in(self) -> None:
        if not self._health_counted:
            from pmtui.store.health_recount import STARTED_SECONDS

            self._health_counted = True
            self._count_health(after=STARTED_SECONDS)

    def _write_first_screen(self) -> None:
        """Leave the first-screen file for the next start (a cache: failures are quiet)."""
        with contextlib.suppress(StoreError, OSError, RuntimeError):
            shell(self).store.keep_first_screen(shell(self).today, FIRST_ROWS)

    def _data(
        self,
        summaries: list[ListedReview],
        digest: OpenDigest,
        incidents: IncidentLists[Logged] | None,
        total: int | None = None,
    ) -> HomeData | None:
        """What was read (ahead), if it still holds today (the app may start past midnight).

        ``incidents`` is None when none was logged (read without the store). The team's
        policy is read only to weigh incidents, on whichever thread reads first (a policy
        file that cannot be read is said in a notification, which any thread may post).
        """
        if digest.today != shell(self).today:
            return None
        if incidents is None or not incidents.incidents:  # no policy to read, nothing waits
            return HomeData(summaries, digest, None, incidents.problem if incidents else "", total)
        from pmtui.domain.policy import backlog

        waiting = backlog(incidents.statuses(shell(self).policy, digest.today))
        return HomeData(summaries, digest, waiting, incidents.problem, total)

    def _show_problem(self, exc: Exception) -> None:
        if not self.is_attached:  # read while the app was closing: nothing to show it on
            return
        problem = self.query_one("#problem", Static)
        problem.update(
            shown(f"pmtui cannot read the store.\n\n{exc}\n\nPress r to try again.", multiline=True)
        )
        problem.display = True
        self.query_one("#reviews").display = False
        self.app.call_after_refresh(shell(self).mark_ready)

    def _show(self, data: HomeData) -> None:
        if not self.is_attached:  # read while the app was closing: its widgets may be gone
            return
        previous, self._latest = self._latest, data
        if previous is not None and self._continues(previous, data):
            # The whole list after the first rows the first frame showed: only the rest
            # is added, nothing painted is painted again (over SSH that is bytes saved).
            reviews = self.query_one("#reviews", ItemList)
            reviews.extend(self.shown_summaries()[reviews.row_count : ROW_LIMIT])
            self.data = data
            return
        self.query_one("#problem").display = False
        self.query_one("#reviews").display = True
        self.app.call_after_refresh(shell(self).mark_ready)  # before the rows that follow it
        # Whether the store syncs is asked after the frame (the mark is counted in a worker).
        self.app.call_after_refresh(self.refresh_sync_mark)
        self._fill_backlog(data)
        self._fill_carry_over(data.carry_over)
        self.refilter()

    def _continues(self, first: HomeData, whole: HomeData) -> bool:
        """Whether ``whole`` is the list ``first`` began, with the same carry-over, unfiltered."""
        if not first.partial or whole.partial or not self._unfiltered():
            return False
        rows = whole.summaries[: len(first.summaries)]
        return (
            [_shown_fields(s) for s in rows] == [_shown_fields(s) for s in first.summaries]
            and all(
                whole.overdue_by_review.get(s.id, 0) == first.overdue_by_review.get(s.id, 0)
                for s in rows
            )
            and len(whole.summaries) == first.total
            and whole.carry_over.overdue == first.carry_over.overdue
            and whole.carry_over.due_soon == first.carry_over.due_soon
            and [c.id for c in whole.carry_over.most_urgent]
            == [c.id for c in first.carry_over.most_urgent]
            and whole.backlog == first.backlog
            and whole.incident_problem == first.incident_problem
        )

    def _unfiltered(self) -> bool:
        text, kind, status, tag = self._filters()
        return not text and kind is None and status is None and not tag

    def _fill_backlog(self, data: HomeData) -> None:
        """``3 incidents without a review, oldest 9 days``: skipped reviews are seen here."""
        line = self.query_one("#incident-backlog", Static)
        text = data.backlog.line() if data.backlog is not None else ""
        if data.incident_problem:
            line.update(shown(f"Incidents: {data.incident_problem}", multiline=True))
        elif text:
            line.update(f"{text}; x lists them.")
        line.display = bool(text or data.incident_problem)
        line.set_class(bool(data.backlog and data.backlog.overdue), "overdue")

    def _fill_carry_over(self, digest: OpenDigest) -> None:
        box = self.query_one("#carry-over")
        items = digest.most_urgent
        box.display = bool(items)
        if not items:
            return
        self.query_one("#carry-over-title", Static).update(
            f"Carry-over: {digest.overdue} overdue, {digest.due_soon} due within a week"
        )
        self.query_one("#carry-over-table", ItemList).show(items)

    def _carried(self, c: OpenCommitment) -> tuple[Cell, ...]:
        """A row of the carry-over (painted when on screen)."""
        assert self._latest is not None and c.due is not None
        overdue = c.is_overdue(self._latest.carry_over.today)
        return (
            (c.due.isoformat(), "bold red" if overdue else ""),
            shown(c.owner),
            first_line(c.deliverable, more=""),
            shown(c.review_title or "(untitled)"),
        )

    def refresh_sync_mark(self, *, syncing: bool = False) -> None:
        """Show how many reviews wait to be synced (read off the event loop)."""
        sync = shell(self).sync
        if syncing:
            for mark in self.query(SyncMark):
                mark.show(0, syncing=True)
        elif sync.configured():
            self._count_unsynced(sync, self.app)

    @work(thread=True, exclusive=True, group="sync-mark")
    def _count_unsynced(self, sync: AppSync, app: App[None]) -> None:
        status = sync.unsynced()
        if status is None:
            return
        offline = status.last_problem is not None

        def show() -> None:
            for mark in self.query(SyncMark):  # none once the screen is closing
                if not sync.running:
                    mark.show(status.count, offline=offline)

        with contextlib.suppress(RuntimeError):  # the app closed while the count was read
            app.call_from_thread(show)

    # -- filtering -------------------------------------------------------------

    def _filters(self) -> tuple[str, Kind | None, Status | None, str]:
        kind = self.query_one("#kind-filter", Select).value
        status = self.query_one("#status-filter", Select).value
        return (
            self.query_one("#search", Input).value.strip(),
            kind if isinstance(kind, Kind) else None,
            status if isinstance(status, Status) else None,
            self.query_one("#tag-filter", Input).value.strip(),
        )

    def shown_summaries(self) -> list[ListedReview]:
        """The summaries passing the current filters, newest first."""
        if self._latest is None:
            return []
        text, kind, status, tag = self._filters()
        return [s for s in self._latest.summaries if matches(s, text, kind, status, tag)]

    def refilter(self) -> None:
        data = self._latest
        if data is None:
            return
        empty_store = not data.summaries
        self.query_one("#empty").display = empty_store
        self.query_one("#filters").display = not empty_store
        reviews = self.query_one("#reviews", ItemList)
        reviews.display = not empty_store
        shown = self.shown_summaries()
        note = self.query_one("#list-note", Static)
        # With only the first rows read, the counts are the store's while nothing is filtered.
        whole = data.total is not None and self._unfiltered()
        matching = data.total if data.total is not None and whole else len(shown)
        every = data.total if data.total is not None else len(data.summaries)
        if empty_store:
            note.update("")
        elif not shown:
            note.update("No review matches these filters.")
        elif matching > ROW_LIMIT:
            note.update(f"Showing the newest {ROW_LIMIT:,} of {matching:,}; search to narrow.")
        else:
            note.update(f"{matching:,} of {every:,} reviews")
        # Only the rows on screen are painted: the rest are data until scrolled to.
        reviews.show(shown[:ROW_LIMIT])
        self.data = data

    def _row(self, s: ListedReview) -> tuple[Cell, ...]:
        """A row of the list (painted when on screen)."""
        assert self._latest is not None
        overdue = self._latest.overdue_by_review.get(s.id, 0)
        open_count = len(s.open_ids)
        when = shown(s.happened[:10]) if s.happened else s.created.date().isoformat()
        return (
            s.kind.value,
            shown(s.title) if s.title else ("(untitled)", "dim"),
            when,
            s.status.label,
            str(open_count) if open_count else "-",
            (str(overdue), "bold red") if overdue else "-",
        )

    @on(Input.Changed, "#search, #tag-filter")
    def _text_filter_changed(self, event: Input.Changed) -> None:
        self.refilter()
        if bool(event.value) != (event.input.id in self._typed_filters):
            self._typed_filters ^= {event.input.id}
            self.refresh_bindings()  # what escape does there changed: the key line says it

    @on(Select.Changed)
    def _filter_changed(self) -> None:
        self.refilter()

    @on(Input.Submitted, "#search, #tag-filter")
    def _search_done(self) -> None:
        self.query_one("#reviews").focus()

    # -- opening ---------------------------------------------------------------

    @on(ItemList.Selected, "#reviews")
    def _open_selected(self, event: ItemList.Selected) -> None:
        self.post_message(messages.OpenReview(event.key))

    @on(ItemList.Selected, "#carry-over-table")
    def _open_carried(self, event: ItemList.Selected) -> None:
        review_id = event.key.split(":", 1)[0]
        self.post_message(messages.OpenReview(review_id, stage="commitments"))

    # -- actions ---------------------------------------------------------------

    def action_new_review(self) -> None:
        self.post_message(messages.ChooseTemplate())

    def action_quick_review(self) -> None:
        self.post_message(messages.StartReview("quick"))

    def action_log_incident(self) -> None:
        self.post_message(messages.LogIncident())

    def action_search(self) -> None:
        focus_now(self.query_one("#search", Input))

    def action_tag(self) -> None:
        focus_now(self.query_one("#tag-filter", Input))

    def action_reload(self) -> None:
        self.load()

    def action_clear_filter(self) -> None:
        field = self._text_filter()
        if field is not None:
            field.value = ""

    def action_leave_filter(self) -> None:
        focus_now(self.query_one("#reviews", ItemList))

    def _text_filter(self) -> Input | None:
        """The search or tag field when it has the focus (where escape is the filter's)."""
        focused = self.focused
        if isinstance(focused, Input) and focused.id in ("search", "tag-filter"):
            return focused
        return None

    def action_cycle_kind(self) -> None:
        _cycle(self.query_one("#kind-filter", Select), list(Kind))

    def action_cycle_status(self) -> None:
        _cycle(self.query_one("#status-filter", Select), list(Status))

    def action_view(self, name: str) -> None:
        self.post_message(messages.ShowView(name))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "view":
            return parameters[0] in shell(self).VIEWS
        if action in ("clear_filter", "leave_filter"):
            field = self._text_filter()
            return field is not None and bool(field.value) == (action == "clear_filter")
        return True

    def palette_commands(self) -> Iterable[PaletteCommand]:
        yield PaletteCommand("Search reviews", "type to filter the list", self.action_search)
        yield PaletteCommand("Filter by kind", "cycle through the kinds", self.action_cycle_kind)
        yield PaletteCommand(
            "Filter by status", "cycle through the statuses", self.action_cycle_status
        )
        yield PaletteCommand("Filter by tag", "show reviews with one tag", self.action_tag)
        yield PaletteCommand("Clear filters", "show every review", self.clear_filters)
        yield PaletteCommand("Reload", "read the store again", self.action_reload)

    def clear_filters(self) -> None:
        self.query_one("#search", Input).value = ""
        self.query_one("#tag-filter", Input).value = ""
        self.query_one("#kind-filter", Select).clear()
        self.query_one("#status-filter", Select).clear()
        self.refilter()


def _review_key(s: ListedReview) -> str:
    return s.id


def _carried_key(c: OpenCommitment) -> str:
    return c.review_id + ":" + c.id


def _cycle(select: Select[object], values: list[object]) -> None:
    """Move a filter to its next value; after the last comes "any"."""
    current = select.value
    if current not in values:
        select.value = values[0]
    elif current == values[-1]:
        select.clear()
    else:
        select.value = values[values.index(current) + 1]
