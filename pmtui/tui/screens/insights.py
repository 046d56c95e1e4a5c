"""Insights: practice health as charts, the other figures, and the reviews behind any of them.

The four practice-health figures (blame, skipped, shallow, follow-through:
:mod:`pmtui.domain.health`) are bar charts, one at a time, with the month's
count on each bar and a sentence saying what changed since the month before;
choosing a month and pressing enter (or clicking its bar) lists the reviews
behind it. The other figures (key times, cause categories, recurring causes,
coverage...) are one tab further. The charts come from the sums per month
kept beside the index and the incidents file (:func:`pmtui.store.health.kept_sums`),
so they cost the same at any size; the index is read, never every review,
the first time a list of reviews or the other figures are asked for.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import DataTable, Header, Static, Tab, Tabs

from pmtui.domain.health import (
    FIGURES,
    TITLES,
    WORDS,
    Health,
    MonthHealth,
    Skipped,
    change,
    figures,
    headline,
    since_month,
)
from pmtui.domain.incidents import Incident
from pmtui.domain.insights import Figure, Insights, held_order
from pmtui.domain.insights import compute as compute_insights
from pmtui.domain.policy import IncidentStatus
from pmtui.domain.summary import ReviewSummary
from pmtui.domain.text import plural, shown
from pmtui.store.errors import StoreError
from pmtui.store.health import fill, indexed, kept_sums, practice_health
from pmtui.store.health_recount import SOURCES, recount_for, with_recurring
from pmtui.tui import messages, styles
from pmtui.tui.commands import PaletteCommand
from pmtui.tui.screens._services import AppServices
from pmtui.tui.stages._table import ItemTable
from pmtui.tui.widgets.footer import KeyFooter
from pmtui.tui.widgets.health_chart import Bar, HealthChart

if TYPE_CHECKING:
    from pmtui.store.repository import Store

MONTHS_SHOWN = "6m"
"""The charts show this month and the five before it, as ``pmtui health`` does."""
MORE = "more"
"""The tab of the other figures."""
FIGURE_COLUMNS = (("figure", "figure", 18), ("what", "what", None), ("value", "value", None))
"""The other figures' columns: the figure's name, what it counts (a month, a category, a
cause) and its value; what it counts takes the width the others leave, and a row whose
text does not fit is as many lines high as it needs (at 80 columns a recurring cause's
words pushed the value past the screen's edge)."""
VALUE_WIDTH = 30
"""The value column is as wide as its widest value, up to this; a longer one wraps."""
INCIDENT_KEY = "incident:"
"""Rows of incidents behind a figure are keyed apart from reviews."""
MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
Y_LABELS = {
    "blame": "% of judged statements",
    "skipped": "% of incidents due",
    "shallow": "% of top causes",
    "follow-through": "% of commitments due",
}

HELP = """\
# Insights

Practice health, month by month: the four ways reviews fail, as numbers.

* **blame**: of the fact and cause statements the coach judged when they
  were written, the share it flagged for blame or hindsight; how many were
  rewritten and how many set aside with a reason. The verdicts are the ones
  people saw: a later, better coach does not rewrite them
  (`c` asks today's coach instead, after a question: the blame chart's title
  and the status line under every chart then say *recomputed* until `r`
  reads the stored verdicts again).
* **skipped**: of the incidents whose review time has come, the share past
  the team's policy without a held review; reviews held late and the median
  days from incident to review.
* **shallow**: of the top causes, the share with no "why" below them; how
  deep the cause trees go; causes that recur from earlier reviews (after
  someone changed causes, *being counted* until they are counted again).
* **follow-through**: of the commitments first due in the month, the share
  kept by that date; kept late, still open past it, re-planned (its date
  moved), dropped; follow-up reviews held on time. One kept early counts
  once its month has come.

Each chart shows the last six months, with the month's count on each bar
and a sentence on what changed since the month before. **more figures**
lists the rest: times to detect, mitigate and resolve, cause categories,
recurring causes, time to review, small incidents and review coverage.

| key | does |
|---|---|
| `1` `2` `3` `4` | blame, skipped, shallow, follow-through |
| `5` | more figures |
| `left` / `right` | the month before / after |
| `enter`, or a click on a bar | the reviews behind the month or figure / open a review |
| `tab` | move between the tabs, the chart and the reviews |
| `c` | recompute blame with today's coach (asks first; nothing is stored) |
| `r` | read again (the verdicts as written) |
| `b` / `escape` | back |
"""


def month_label(month: str) -> str:
    """``Oct`` for ``2026-10``."""
    return MONTH_NAMES[int(month[5:7]) - 1]


def bars(health: Health, name: str) -> list[Bar]:
    """One bar per month of figure ``name``."""
    out = []
    for m in health.months:
        fig = m.figure(name)
        share = fig.share
        out.append(
            Bar(
                m.month,
                month_label(m.month),
                None if share is None else round(share * 100, 1),
                fig.part,
                fig.whole,
            )
        )
    return out


COUNTING = "(being counted)"
"""Shown for the recurring causes while they are counted again (never a stale number)."""


def month_line(name: str, month: MonthHealth) -> str:
    """The chosen month's share and every count behind it, in one or two lines."""
    fig = month.figure(name)
    counts = ", ".join(f"{k.replace('_', ' ')} {_count(k, v)}" for k, v in fig.counts().items())
    return f"{month.month}: {headline(fig)}. {counts}."


def _count(name: str, value: object) -> str:
    if value is None:
        return COUNTING if name == "recurring" else "-"
    return str(value)


class InsightsScreen(AppServices):
    """The practice-health charts, the other figures, and the reviews behind the chosen one."""

    CSS_PATH = styles.sheets("insights")
    BACK_NAME = "Insights"
    """What a review opened from here calls it: ``◀ Insights (b)`` goes back here."""

    HELP = HELP
    BINDINGS = [
        Binding("1", "figure('blame')", "Blame", show=False),
        Binding("2", "figure('skipped')", "Skipped", show=False),
        Binding("3", "figure('shallow')", "Shallow", show=False),
        Binding("4", "figure('follow-through')", "Follow-through", show=False),
        Binding("5", f"figure('{MORE}')", "More figures", show=False),
        Binding("r", "reload", "Read again"),
        Binding("question_mark", "app.help", "Help"),
        Binding("b,escape", "back", "Back"),
        Binding("c", "recompute", "Recompute"),  # after back: dropped first where narrow
    ]

    def __init__(
        self,
        *,
        store: Store | None = None,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        super().__init__()
        self._use_services(store, clock)
        self.health: Health | None = None
        self.total = 0
        """Reviews in the store."""
        self.insights: Insights | None = None
        """The other figures: read from the index the first time they are asked for."""
        self.figures: list[Figure] = []
        self.summaries: dict[str, ReviewSummary] | None = None
        """Every review's summary, read with the other figures (for the lists behind)."""
        self.reading = False
        self.wanted: Figure | None = None
        """A list of reviews asked for while the index is read: shown once it is."""
        self.incidents: dict[str, Incident] = {}
        self.incidents_problem = ""
        """Why the incidents file cannot be read: the skipped figure is not drawn, never
        drawn as none."""
        self.shown_figure = FIGURES[0]
        self.selected: Figure | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Tabs(
            *(Tab(name, id=f"tab-{name}") for name in FIGURES),
            Tab("more figures", id=f"tab-{MORE}"),
            id="figure-tabs",
        )
        with Vertical(id="health-pane"):
            yield HealthChart(id="health-chart")
            yield Static("", id="health-month", markup=False)
            yield Static("", id="health-change", markup=False)
        yield ItemTable(FIGURE_COLUMNS, flex="what", least=16, id="figures")
        yield Static("Reading practice health...", id="insights-status", markup=False)
        yield Static("", id="behind-title", markup=False)
        yield DataTable(id="behind", cursor_type="row", zebra_stripes=True)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#figures").display = False
        behind = self.query_one("#behind", DataTable)
        for name in ("date", "kind", "review"):
            behind.add_column(name, key=name)
        behind.display = False
        self.query_one("#behind-title").display = False
        self.query_one(HealthChart).focus()
        self.policy  # noqa: B018 (read on the screen's thread: it may notify)
        self.load()

    # -- loading ---------------------------------------------------------------

    @work(thread=True, exclusive=True, group="insights-load")
    def load(self) -> None:
        """The charts: the sums per month beside the index and the incidents file.

        After a save that changed causes the kept sums hold for everything but
        the recurring causes: the charts are drawn at once, and the recurring
        count follows when :meth:`_count_recurring` has it.
        """
        store, today = self.store, self.today
        try:
            lists = store.incident_lists()
            statuses = lists.statuses(self.policy, today)
            sums = kept_sums(store, count=False)
            first = since_month(today, MONTHS_SHOWN)
            health = figures(sums, statuses, today, first_month=first)
        except StoreError as exc:
            self.app.call_from_thread(self._problem, str(exc))
            return
        incidents = {i.id: i for i in lists.incidents}
        self.app.call_from_thread(self._show, health, int(sums["total"]), incidents, lists.problem)
        if not health.recurring_counted:  # once the charts are on screen
            self.app.call_from_thread(
                self.call_after_refresh, self._count_recurring, sums, statuses, today, first
            )

    @work(thread=True, exclusive=True, group="insights-count")
    def _count_recurring(
        self,
        sums: dict[str, Any],
        statuses: list[IncidentStatus[Incident]],
        today: date,
        first: str,
    ) -> None:
        """The figures again with the recurring causes counted: by the store's background
        count, finished or waited for, for the very files ``sums`` were read from (the sums
        are not read again); else here (from the cause terms kept beside the sums, or the
        index when they do not hold)."""
        try:
            months = recount_for(self.store).counted(sums[SOURCES])
            counted = kept_sums(self.store) if months is None else with_recurring(sums, months)
            health = figures(counted, statuses, today, first_month=first)
        except StoreError as exc:
            self.app.call_from_thread(self._problem, str(exc))
            return
        self.app.call_from_thread(self._counted, health)

    def _counted(self, health: Health) -> None:
        if not self.is_attached:  # counted after the view was left: nothing to show it on
            return
        if self.health is not None and not self.health.recurring_counted:
            self.health = health
            self._draw()

    def read_index(self) -> None:
        """Read the index for the other figures and the lists behind, once."""
        if self.summaries is not None:
            return
        self.query_one("#insights-status", Static).update("Reading the index...")
        if not self.reading:
            self.reading = True
            self._read_index()

    @work(thread=True, exclusive=True, group="insights-index")
    def _read_index(self) -> None:
        store, today = self.store, self.today
        try:
            rows = indexed(store)
            statuses = store.incident_lists().statuses(self.policy, today)
            held = held_order(rows)
            insights = compute_insights(held, today, incidents=statuses, fill=fill(store))
        except StoreError as exc:
            self.app.call_from_thread(self._problem, str(exc))
            return
        self.app.call_from_thread(self._show_index, insights, {s.id: s for s in rows})

    def _problem(self, message: str) -> None:
        self.reading = False
        self.query_one("#insights-status", Static).update(
            f"pmtui cannot read the store: {message}\nPress r to try again."
        )

    def _show(
        self, health: Health, total: int, incidents: dict[str, Incident], problem: str
    ) -> None:
        self.health, self.total, self.incidents = health, total, incidents
        self.incidents_problem = problem
        self._draw()

    def _show_index(self, insights: Insights, summaries: dict[str, ReviewSummary]) -> None:
        self.reading = False
        self.insights, self.summaries = insights, summaries
        self.figures = insights.figures()
        table = self.query_one("#figures", ItemTable)
        table.clear()
        table.fit_column("value", [f.value for f in self.figures], VALUE_WIDTH)
        for i, f in enumerate(self.figures):
            table.add_row(*self._figure_row(f), key=str(i), height=None)
        self._draw()
        wanted, self.wanted = self.wanted, None
        if wanted is not None:
            self.show_behind(wanted)

    def _draw(self) -> None:
        """Show the chosen tab: a figure's chart and its sentences, or the other figures."""
        more = self.shown_figure == MORE
        self.query_one("#health-pane").display = not more
        self.query_one("#figures").display = more
        status = self.query_one("#insights-status", Static)
        if self.health is None:
            return
        count = f"{plural(self.total, 'review')}"
        if more:
            if self.insights is None:
                self.read_index()
            else:
                unread = (
                    " The incidents file cannot be read: review coverage is left out."
                    if self.incidents_problem
                    else ""
                )
                status.update(f"{count}. Enter lists the reviews behind a figure.{unread}")
            return
        name = self.shown_figure
        months = self.health.months
        span = f"{months[0].month} to {months[-1].month}" if months else "no month"
        if self.health.recomputed:
            status.update(
                f"{count}, {span}. Blame RECOMPUTED with today's coach, not as shown when "
                "written; r reads the stored verdicts."
            )
        elif self._unread(name):
            status.update(f"{count}, {span}. 1-5 the tabs.")
        elif self.health.recurring_counted:
            status.update(f"{count}, {span}. ←/→ a month, enter its reviews, 1-5 the tabs.")
        else:
            status.update(f"{count}, {span}. Counting recurring causes over every review...")
        chart = self.query_one(HealthChart)
        chart.display = not self._unread(name)  # no chart of zeros for unread incidents
        recomputed = self.health.recomputed and name == "blame"
        chart.show_bars(
            bars(self.health, name),
            TITLES[name] + (" - recomputed" if recomputed else ""),
            Y_LABELS[name],
            f"month, {span}",
        )
        self._describe(chart.chosen)

    def _describe(self, index: int) -> None:
        """The chosen month's counts and what changed since the month before it."""
        if self.health is None or self.shown_figure == MORE:
            return
        months = self.health.months
        if not 0 <= index < len(months):
            self.query_one("#health-month", Static).update("No month to show yet.")
            self.query_one("#health-change", Static).update("")
            return
        name = self.shown_figure
        if self._unread(name):
            self.query_one("#health-month", Static).update(
                shown(f"Incidents: {self.incidents_problem}", multiline=True)
            )
            self.query_one("#health-change", Static).update(
                "Skipped reviews cannot be counted until the incidents file is repaired; "
                "the other figures do not read it."
            )
            return
        month = months[index]
        self.query_one("#health-month", Static).update(month_line(name, month))
        before = months[index - 1] if index > 0 else None
        self.query_one("#health-change", Static).update(change(name, before, month))

    def _unread(self, name: str) -> bool:
        """Figure ``name`` needs the incidents, and their file cannot be read."""
        return name == "skipped" and bool(self.incidents_problem)

    def _figure_row(self, f: Figure) -> Iterable[Text]:
        return (Text(shown(f.section), style="bold"), Text(shown(f.label)), Text(shown(f.value)))

    # -- choosing --------------------------------------------------------------

    @on(Tabs.TabActivated, "#figure-tabs")
    def _tab(self, event: Tabs.TabActivated) -> None:
        event.stop()
        tab_id = event.tab.id or ""
        self.shown_figure = tab_id.removeprefix("tab-")
        self._hide_behind()
        self._draw()

    def action_figure(self, name: str) -> None:
        self.query_one("#figure-tabs", Tabs).active = f"tab-{name}"
        target = "#figures" if name == MORE else "#health-chart"
        self.query_one(target).focus()

    @on(HealthChart.Chosen)
    def _month_chosen(self, event: HealthChart.Chosen) -> None:
        event.stop()
        self._describe(event.index)

    @on(HealthChart.Opened)
    def _month_opened(self, event: HealthChart.Opened) -> None:
        event.stop()
        if self.health is None or not 0 <= event.index < len(self.health.months):
            return
        name = self.shown_figure
        if self._unread(name):
            return
        month = self.health.months[event.index]
        fig = month.figure(name)
        # skipped incidents have no review to open: they are listed as incidents
        incident_ids = fig.incident_ids if isinstance(fig, Skipped) else ()
        self.show_behind(Figure(name, month.month, headline(fig), fig.review_ids, incident_ids))

    @on(DataTable.RowSelected, "#figures")
    def _figure_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if event.row_key.value is None:
            return
        self.show_behind(self.figures[int(event.row_key.value)])

    def show_behind(self, figure: Figure) -> None:
        """List the reviews a figure was computed from, then its incidents: the reviews in
        the home list's order, by the day each happened (the date shown), newest first."""
        self.selected = figure
        summaries = self.summaries
        if summaries is None:  # the index is read first, then the list is shown
            self.wanted = figure
            self.read_index()
            return
        behind = set(figure.review_ids)
        known = [s for s in summaries.values() if s.id in behind]  # read in list_order
        logged = [self.incidents[i] for i in figure.incident_ids if i in self.incidents]
        count = len(known) + len(logged)
        title = self.query_one("#behind-title", Static)
        title.display = True
        title.update(
            shown(
                f"Behind {figure.section} {figure.label}: {plural(len(known), 'review')}"
                + (f", {plural(len(logged), 'incident')} without one" if logged else "")
                + ". Enter opens one, escape goes back."
                if count
                else f"No review stands behind {figure.section} {figure.label}."
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
        # under a chart the list takes the rows the chart and its sentences leave
        self.set_class(self.shown_figure != MORE, "-list-under-chart")
        if count:
            table.focus()

    def _hide_behind(self) -> None:
        self.query_one("#behind").display = False
        self.query_one("#behind-title").display = False
        self.remove_class("-list-under-chart")

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

    def action_recompute(self) -> None:
        """Blame with every statement judged again by today's coach, once asked: it reads
        every review, and the charts say so until the store's verdicts are read again."""
        from pmtui.tui.modals.confirm import ConfirmModal

        def answered(yes: bool | None) -> None:
            if yes:
                self.query_one("#insights-status", Static).update(
                    "Recomputing blame with today's coach over every review..."
                )
                self._recompute()

        self.app.push_screen(
            ConfirmModal(
                "Recompute blame with today's coach? Every review is read (slower at "
                "thousands of reviews) and nothing is stored: blame is labelled recomputed "
                "until r reads the verdicts people saw when writing.",
                yes="Recompute",
                no="Keep",
            ),
            answered,
        )

    @work(thread=True, exclusive=True, group="insights-load")
    def _recompute(self) -> None:
        from pmtui.domain.verdicts import coach_judge

        store, today = self.store, self.today
        try:
            first = since_month(today, MONTHS_SHOWN)
            health = practice_health(
                store, today, self.policy, first_month=first, recompute=coach_judge()
            )
            incidents = {i.id: i for i in store.incidents()}
            total = len(store.summaries())
        except StoreError as exc:
            self.app.call_from_thread(self._problem, str(exc))
            return
        self.app.call_from_thread(self._show, health, total, incidents, "")

    def action_reload(self) -> None:
        self.query_one("#insights-status", Static).update("Reading practice health...")
        self.summaries = self.insights = None
        self.reading = False
        self.load()

    def action_back(self) -> None:
        behind = self.query_one("#behind", DataTable)
        if behind.display:
            self._hide_behind()
            target = "#figures" if self.shown_figure == MORE else "#health-chart"
            self.query_one(target).focus()
            return
        self.dismiss(None)

    def palette_commands(self) -> Iterable[PaletteCommand]:
        yield PaletteCommand("Insights: read again", "read the index again", self.action_reload)
        yield PaletteCommand(
            "Insights: recompute blame (c)",
            "judge every statement again with today's coach, labelled recomputed",
            self.action_recompute,
        )
        for i, name in enumerate((*FIGURES, MORE), start=1):
            what = WORDS[name][0] if name in WORDS else "the other figures"
            yield PaletteCommand(
                f"Insights: {name if name != MORE else 'more figures'} ({i})",
                what,
                functools.partial(self.action_figure, name),
            )
