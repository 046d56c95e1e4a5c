"""The incidents: every one logged, where its review stands, and the way to start it.

Those still waiting for the review the team's policy asks for come first,
overdue before due, then the rest, newest first. ``enter`` turns an incident
into its review in one step (or opens the review it already has). The list
comes from two small files (the incidents, and which review closed which),
read in a worker and again whenever anyone saves.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Header, Static

from pmtui.domain.incidents import Incident
from pmtui.domain.policy import IncidentStatus, ReviewState, backlog
from pmtui.domain.text import folded, plural, shown
from pmtui.store.errors import StoreError
from pmtui.store.watch import StoreWatch
from pmtui.tui import messages, styles
from pmtui.tui.commands import PaletteCommand
from pmtui.tui.screens._services import AppServices
from pmtui.tui.shell import shell
from pmtui.tui.widgets.footer import KeyFooter

if TYPE_CHECKING:
    from pmtui.store.repository import Store

HELP = """\
# Incidents

Every incident logged (with `l` here or on home, or `pmtui log` anywhere),
and where its review stands under the team's policy: **overdue** (past the
policy's last day), **due** (still in time), **started** (its review is under
way), **reviewed**, **waived** (with the reason someone gave), or **optional**
(the policy asks for no review). Those waiting come first.

`enter` turns the incident under the cursor into its review, in one step:
its title, time, severity and tags are carried over and the template is the
one the policy names for its severity. The incident counts as reviewed once
that review is held: its status set to reviewed in its Summary stage (or
closed at its follow-up). On an incident that has its review, `enter` opens it.

| key | does |
|---|---|
| `enter` | start its review (or open the one it has) |
| `l` | log an incident |
| `e` | correct the incident under the cursor |
| `w` | waive its review, with a reason (again: take the waiver back) |
| `d` | delete it (logged by mistake); `u` brings it back |
| `u` | undo the last change made here |
| `o` | only those waiting for a review, or all again |
| `b` / `escape` | back |

`pmtui guide` shows the policy; a team changes it in `policy.toml`.
"""


class IncidentsScreen(AppServices):
    """The incidents table, the details of the one under the cursor, and their actions."""

    CSS_PATH = styles.sheets("incidents")
    BACK_NAME = "Incidents"
    """What a review opened from here calls it: ``◀ Incidents (b)`` goes back here."""
    HELP = HELP
    BINDINGS = [
        Binding("enter", "review", "Review it", show=False),
        Binding("l", "log", "Log"),
        Binding("e", "edit", "Edit"),
        Binding("w", "waive", "Waive"),
        Binding("d", "delete", "Delete"),
        Binding("u", "undo", "Undo", show=False),
        Binding("o", "only_waiting", "Waiting"),
        Binding("b,escape", "back", "Back"),
    ]

    def __init__(
        self,
        *,
        store: Store | None = None,
        clock: Callable[[], datetime] | None = None,
        user: str | None = None,
    ) -> None:
        super().__init__()
        self._use_services(store, clock, user)
        self.items: list[IncidentStatus[Incident]] = []
        self.only_waiting = False
        self._undo: list[tuple[str, Callable[[Store], object]]] = []
        self._watch: StoreWatch | None = None
        self._token: object = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Reading the incidents...", id="incidents-summary", markup=False)
        yield DataTable(id="incidents", cursor_type="row", zebra_stripes=True)
        yield Static("", id="incident-detail")
        yield KeyFooter()

    def on_mount(self) -> None:
        table = self.query_one("#incidents", DataTable)
        for key, label in (
            ("started", "started"),
            ("sev", "sev"),
            ("review", "review"),
            ("title", "what went wrong"),
        ):
            table.add_column(label, key=key)
        table.focus()
        self.policy  # noqa: B018 (read on the screen's thread: it may notify)
        self._token = self.store.token()
        self._watch = StoreWatch(self.store.path, self._watch_store)
        self._watch.start()
        self.load()

    def on_unmount(self) -> None:
        if self._watch is not None:
            self._watch.stop()

    def _watch_store(self) -> None:
        token = self.store.token()
        if token != self._token:
            self._token = token
            self.app.call_from_thread(self.load)

    def on_screen_resume(self) -> None:
        self.load()

    # -- loading ---------------------------------------------------------------

    @work(thread=True, exclusive=True, group="incidents-load")
    def load(self) -> None:
        lists = self.store.incident_lists()
        items = lists.statuses(self.policy, self.today)
        self.app.call_from_thread(self._show, items, lists.problem)

    def _show(self, items: list[IncidentStatus[Incident]], problem: str = "") -> None:
        self.items = items
        summary = self.query_one("#incidents-summary", Static)
        waiting = backlog(items)
        if problem:
            summary.update(shown(f"pmtui cannot read the incidents.\n\n{problem}", multiline=True))
        elif not items:
            summary.update(
                "No incident logged yet. Press l to log one the moment something goes wrong; "
                "its review comes later, as the team's policy says."
            )
        else:
            line = waiting.line() or "Every incident has what the policy asks for"
            count = f"{plural(len(items), 'incident')}"
            summary.update(f"{count}. {line}.")
        table = self.query_one("#incidents", DataTable)
        keep = self.current_id()
        table.clear()
        for s in self.shown_items():
            table.add_row(*self._row(s), key=s.incident.id)
        if keep is not None:
            ids = [s.incident.id for s in self.shown_items()]
            if keep in ids:
                table.move_cursor(row=ids.index(keep))
        self._show_detail()

    def shown_items(self) -> list[IncidentStatus[Incident]]:
        return [s for s in self.items if s.state.open] if self.only_waiting else self.items

    @staticmethod
    def _row(s: IncidentStatus[Incident]) -> Iterable[Text]:
        style = {
            ReviewState.OVERDUE: "bold red",
            ReviewState.DUE: "yellow",
            ReviewState.STARTED: "yellow",
        }.get(s.state, "")
        i = s.incident
        return (
            Text(shown(i.started[:16])),
            Text(i.severity or "-"),
            Text(s.describe(), style=style),
            Text(folded(i.title, 60)),
        )

    def current(self) -> IncidentStatus[Incident] | None:
        key = self.current_id()
        return next((s for s in self.items if s.incident.id == key), None)

    def current_id(self) -> str | None:
        table = self.query_one("#incidents", DataTable)
        if table.row_count == 0:
            return None
        row_key, _col = table.coordinate_to_cell_key(table.cursor_coordinate)
        return row_key.value

    @on(DataTable.RowHighlighted, "#incidents")
    def _highlighted(self) -> None:
        self._show_detail()

    def _show_detail(self) -> None:
        s = self.current()
        detail = self.query_one("#incident-detail", Static)
        if s is None:
            detail.update("")
            return
        i = s.incident
        text = Text()
        text.append(shown(i.title), style="bold")
        if i.tags:
            text.append(shown(f"  [{', '.join(i.tags)}]"))
        text.append(f"\nLogged by {shown(i.author) or 'someone'} at {i.logged:%Y-%m-%d %H:%M}")
        if i.source:
            text.append(
                shown(f", from {i.source}" + (f" ({i.external_id})" if i.external_id else ""))
            )
        text.append(f". The policy asks for {s.rule.describe()}")
        text.append(f" (by {s.due.isoformat()})." if s.due else ".")
        if s.state is ReviewState.WAIVED:
            text.append(f"\nWaived by {shown(i.waived_by)}: ", style="bold")
            text.append(shown(i.waived, multiline=True))
        if s.review is not None:
            days = s.days_to_review
            on = s.review.created.isoformat() + (
                f" ({plural(days, 'day')} on)" if days is not None else ""
            )
            if s.review.held:
                text.append(f"\nReviewed: review {s.review.review_id[:8]}, started {on}.")
            else:
                text.append(
                    f"\nReview {s.review.review_id[:8]} started {on}, not held yet: it "
                    "reviews the incident once its status is reviewed (Summary stage)."
                )
        text.append("\nenter: " + ("open its review" if s.review else "start its review now"))
        detail.update(text)

    # -- actions ---------------------------------------------------------------

    def action_review(self) -> None:
        s = self.current()
        if s is None:
            self.notify("No incident here yet; press l to log one.")
            return
        self.post_message(messages.ReviewIncident(s.incident.id))

    @on(DataTable.RowSelected, "#incidents")
    def _selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_review()

    def action_log(self) -> None:
        self.post_message(messages.LogIncident())

    def action_edit(self) -> None:
        from pmtui.tui.forms.incident import IncidentForm

        s = self.current()
        if s is None:
            return
        before = s.incident

        def done(changed: Incident | None) -> None:
            if changed is not None:
                self._write(
                    "edit",
                    lambda st: st.update_incident(before.id, lambda i: i.take_details(changed)),
                    lambda st: st.update_incident(before.id, lambda i: i.take_details(before)),
                )

        self.app.push_screen(IncidentForm(now=self.now, user=self.user, incident=before), done)

    def action_waive(self) -> None:
        s = self.current()
        if s is None:
            return
        i = s.incident
        if i.is_waived:
            reason, by, on = i.waived, i.waived_by, i.waived_on or self.today
            self._write(
                "take back the waiver",
                lambda st: st.update_incident(i.id, lambda x: x.unwaive()),
                lambda st: st.update_incident(i.id, lambda x: x.waive(reason, by, on)),
            )
            return
        from pmtui.tui.modals.prompt import TextPromptModal

        def done(reason: str | None) -> None:
            if reason is not None:
                self._write(
                    "waive",
                    lambda st: st.update_incident(
                        i.id, lambda x: x.waive(reason, self.user, self.today)
                    ),
                    lambda st: st.update_incident(i.id, lambda x: x.unwaive()),
                )

        self.app.push_screen(
            TextPromptModal(
                f"Why does “{folded(i.title, 60)}” need no review?",
                placeholder="a drill; the test alert nobody saw...",
                check=lambda text: None if text.strip() else "A waiver needs a reason.",
                ok_label="Waive",
            ),
            done,
        )

    def action_delete(self) -> None:
        s = self.current()
        if s is None:
            return
        gone = s.incident
        self._write(
            "delete",
            lambda st: st.delete_incident(gone.id),
            lambda st: st.add_incident(gone),
        )

    def action_undo(self) -> None:
        if not self._undo:
            self.notify("Nothing to undo here.")
            return
        what, undo = self._undo.pop()
        self._run(what, undo, undo=None, undoing=True)

    def action_only_waiting(self) -> None:
        self.only_waiting = not self.only_waiting
        self._show(self.items)

    def action_back(self) -> None:
        self.dismiss(None)

    def _write(
        self, what: str, do: Callable[[Store], object], undo: Callable[[Store], object]
    ) -> None:
        self._run(what, do, undo=undo, undoing=False)

    @work(thread=True, group="incidents-write")
    def _run(
        self,
        what: str,
        do: Callable[[Store], object],
        *,
        undo: Callable[[Store], object] | None,
        undoing: bool,
    ) -> None:
        try:
            do(self.store)
        except (StoreError, ValueError) as exc:
            self.app.call_from_thread(
                shell(self).show_store_error, exc, f"Could not {what} the incident."
            )
            return
        if undo is not None:
            self._undo.append((what, undo))
        said = f"Undone: {what}." if undoing else f"Done: {what}. Press u to undo."
        self.app.call_from_thread(self.notify, said)
        self.app.call_from_thread(self.load)
        self.app.call_from_thread(self.app.post_message, messages.StoreChanged())

    def palette_commands(self) -> Iterable[PaletteCommand]:
        yield PaletteCommand(
            "Start the review", "of the incident under the cursor", self.action_review
        )
        yield PaletteCommand(
            "Waive the review", "with a reason; again to take it back", self.action_waive
        )
        yield PaletteCommand("Only incidents waiting", "or all of them", self.action_only_waiting)
