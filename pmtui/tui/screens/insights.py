"""Insights: is follow-through happening, which causes come back, are small incidents reviewed.

The figures need every review whole (outcomes live on commitments), so they
are computed in a thread worker; selecting a figure lists the reviews behind
it, and selecting one of those opens it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Header, Sparkline, Static

from pmtui.domain.incidents import Incident
from pmtui.domain.insights import Figure, Insights, MonthRate, compute
from pmtui.domain.summary import ReviewSummary
from pmtui.domain.text import shown
from pmtui.store.errors import StoreError
from pmtui.tui import messages, styles
from pmtui.tui.commands import PaletteCommand
from pmtui.tui.screens._services import AppServices

if TYPE_CHECKING:
    from pmtui.store.repository import Store

CHART_MONTHS = 12
INCIDENT_KEY = "incident:"
"""Rows of incidents behind a figure are keyed apart from reviews."""
BAR_WIDTH = 8

HELP = """\
# Insights

How well reviews turn into change, across the whole store:

* **follow-through**: of the commitments due in a month (up to today), how
  many were kept by their due date; dropped ones are left out, since dropping
  is a decision that was talked about. The chart shows the last twelve months.
* **cause categories**: which kinds of cause the reviews name most.
* **recurring causes**: causes that come back in two or more reviews, even
  when they are worded differently. A cause that keeps returning is a sign
  the earlier commitments did not reach it.
* **time to review**: the median number of days from the event to its review.
* **small incidents**: SEV4/SEV5 incidents and quick reviews, and how they
  were reviewed.
* **review coverage**: of the incidents logged in a month, how many were
  reviewed, waived (with a reason), or skipped (the team's policy asked for a
  review, its time is past, and none was held); those still in time are
  waiting, those the policy asks nothing of are optional.
* **incident to review**: per month, the median number of days from an
  incident to the start of its review.

Select a figure to list the reviews (and incidents) behind it; select a
review to open it, or an incident to see it among the incidents.

| key | does |
|---|---|
| `enter` | list the reviews behind a figure / open a review |
| `tab` | move between the figures and the reviews |
| `r` | compute again |
| `b` / `escape` | back |
"""


def bar(rate: float | None, width: int = BAR_WIDTH) -> str:
    """A text bar for a rate between 0 and 1, next to the figure it draws."""
    if rate is None:
        return " " * width
    filled = round(rate * width)
    return "█" * filled + "░" * (width - filled)


def chart_values(months: list[MonthRate], last: int = CHART_MONTHS) -> list[float]:
    """Sparkline percentages, oldest first: the last ``last`` months with anything due."""
    return [round((m.rate or 0.0) * 100, 1) for m in months[-last:]]


class InsightsScreen(AppServices):
    """The figures and, for the selected one, the reviews behind it."""

    CSS_PATH = styles.sheets("insights")

    HELP = HELP
    BINDINGS = [
        Binding("r", "reload", "Recompute"),
        Binding("question_mark", "app.help", "Help"),
        Binding("escape,b", "back", "Back"),
    ]

    def __init__(
        self,
        *,
        store: Store | None = None,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        super().__init__()
        self._use_services(store, clock)
        self.insights: Insights | None = None
        self.figures: list[Figure] = []
        self.summaries: dict[str, ReviewSummary] = {}
        self.incidents: dict[str, Incident] = {}
        self.selected: Figure | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Follow-through per month (kept by due date)", id="insights-chart-title")
        yield Sparkline([], id="insights-chart")
        yield Static("Reading every review...", id="insights-status", markup=False)
        yield DataTable(id="figures", cursor_type="row", zebra_stripes=True)
        yield Static("", id="behind-title", markup=False)
        yield DataTable(id="behind", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        figures = self.query_one("#figures", DataTable)
        for name in ("figure", "", "value"):
            figures.add_column(name or "what", key=name or "what")
        behind = self.query_one("#behind", DataTable)
        for name in ("date", "kind", "review"):
            behind.add_column(name, key=name)
        behind.display = False
        figures.focus()
        self.policy  # noqa: B018 (read on the screen's thread: it may notify)
        self.load()

    # -- loading ---------------------------------------------------------------

    @work(thread=True, exclusive=True, group="insights-load")
    def load(self) -> None:
        store, today = self.store, self.today
        try:
            incidents = store.incident_lists()
            insights = compute(
                store.reviews(), today, incidents=incidents.statuses(self.policy, today)
            )
            self.incidents = {i.id: i for i in incidents.incidents}
            summaries = {s.id: s for s in store.summaries()}
        except StoreError as exc:
            self.app.call_from_thread(self._problem, str(exc))
            return
        self.app.call_from_thread(self._show, insights, summaries)

    def _problem(self, message: str) -> None:
        self.query_one("#insights-status", Static).update(
            f"pmtui cannot read the store: {message}\nPress r to try again."
        )

    def _show(self, insights: Insights, summaries: dict[str, ReviewSummary]) -> None:
        self.insights = insights
        self.summaries = summaries
        self.figures = insights.figures()
        values = chart_values(insights.months)
        chart = self.query_one("#insights-chart", Sparkline)
        chart.data = values
        # A sparkline scales to its own lowest and highest value, so a flat line
        # would draw as full bars whatever the rate; the table's bars show it instead.
        chart.display = len(set(values)) > 1
        self.query_one("#insights-chart-title").display = chart.display
        shown = insights.months[-CHART_MONTHS:]
        status = (
            f"{len(summaries):,} reviews; chart from {shown[0].month} to {shown[-1].month}"
            if shown
            else f"{len(summaries):,} reviews; no commitment has come due yet"
        )
        self.query_one("#insights-status", Static).update(status)
        table = self.query_one("#figures", DataTable)
        table.clear()
        for i, f in enumerate(self.figures):
            table.add_row(*self._figure_row(f), key=str(i))

    def _figure_row(self, f: Figure) -> Iterable[Text]:
        value = Text(shown(f.value))
        if f.section == "follow-through" and self.insights is not None:
            month = next((m for m in self.insights.months if m.month == f.label), None)
            if month is not None:
                value = Text(bar(month.rate) + " " + shown(f.value))
        return (Text(shown(f.section), style="bold"), Text(shown(f.label)), value)

    # -- drilling down ---------------------------------------------------------

    @on(DataTable.RowSelected, "#figures")
    def _figure_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if event.row_key.value is None:
            return
        self.show_behind(self.figures[int(event.row_key.value)])

    def show_behind(self, figure: Figure) -> None:
        """List the reviews a figure was computed from, newest first, then its incidents."""
        self.selected = figure
        known = [self.summaries[i] for i in figure.review_ids if i in self.summaries]
        known.sort(key=lambda s: (s.created, s.id), reverse=True)
        logged = [self.incidents[i] for i in figure.incident_ids if i in self.incidents]
        count = len(known) + len(logged)
        title = self.query_one("#behind-title", Static)
        title.update(
            shown(
                f"Behind '{figure.label}' ({figure.section}): {len(known)} "
                f"review{'s' if len(known) != 1 else ''}"
                + (f", {len(logged)} incident(s) without one" if logged else "")
                + ". Enter opens one."
                if count
                else f"No review stands behind '{figure.label}' yet."
            )
        )
        table = self.query_one("#behind", DataTable)
        table.clear()
        for s in known:
            when = shown(s.happened[:10]) if s.happened else s.created.date().isoformat()
            name = Text(shown(s.title) or "(untitled)")
            table.add_row(Text(when), Text(s.kind.value), name, key=s.id)
        for i in logged:
            table.add_row(
                Text(shown(i.started[:10])),
                Text("incident"),
                Text(shown(i.title)),
                key=INCIDENT_KEY + i.id,
            )
        table.display = bool(count)
        if count:
            table.focus()

    @on(DataTable.RowSelected, "#behind")
    def _review_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        key = event.row_key.value
        if not key:
            return
        if key.startswith(INCIDENT_KEY):
            self.post_message(messages.ShowView("incidents"))
        else:
            self.post_message(messages.OpenReview(key))

    # -- actions ---------------------------------------------------------------

    def action_reload(self) -> None:
        self.query_one("#insights-status", Static).update("Reading every review...")
        self.load()

    def action_back(self) -> None:
        behind = self.query_one("#behind", DataTable)
        if behind.has_focus:
            self.query_one("#figures", DataTable).focus()
            return
        self.dismiss(None)

    def palette_commands(self) -> Iterable[PaletteCommand]:
        yield PaletteCommand(
            "Insights: compute again", "read every review again", self.action_reload
        )
