"""What the app's first frame costs: only the home screen's modules, the list painted once."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from textual.widgets import DataTable

from pmtui.domain.incidents import new_incident, review_from
from pmtui.domain.model import Kind
from pmtui.domain.summary import CARRY_OVER_ROWS, CARRY_OVER_WITHIN
from pmtui.store.repository import Store
from pmtui.tui import keys
from pmtui.tui.app import PmtuiApp
from pmtui.tui.screens.home import FIRST_ROWS
from pmtui.tui.widgets.item_list import ItemList
from tests.tui.pilot_helpers import make_review, on_home, wait_for

NOT_AT_START = (
    "pmtui.editing",
    "pmtui.domain.coach",
    "pmtui.domain.health",
    "pmtui.domain.insights",
    "pmtui.store.backups",
    "pmtui.store.exports",
    "pmtui.store.health",
    "pmtui.store.health_sums",
    "pmtui.tui.forms",
    "pmtui.tui.modals",
    "pmtui.tui.screens.review",
    "pmtui.tui.screens.new_review",
    "pmtui.tui.screens.followup",
    "pmtui.tui.screens.insights",
    "pmtui.tui.screens.incidents",
    "pmtui.tui.stages.frame",
    "pmtui.tui.stages.facts",
    "pmtui.tui.stages.causes",
    "pmtui.tui.stages.commitments",
    "pmtui.tui.stages.summary",
    "pmtui.tui.widgets.fields",
    "pmtui.tui.stages._table",
    "textual.widgets._data_table",
    "textual.widgets._text_area",
    "textual.widgets._markdown",
    "textual.widgets._selection_list",
    "textual.widgets._checkbox",
    "textual.widgets._radio_set",
    "textual_plotext",
    "plotext",
)
"""Modules (and packages) the home screen does without: each is imported when first used."""

NOT_BEFORE_THE_FRAME = (
    "tinydb",
    "pmtui.store.repository",
    "pmtui.store.storage",
    "pmtui.store.transaction",
    "pmtui.store.migrations",
    "pmtui.store.incidents",
    "pmtui.domain.model",
    "pmtui.domain.incidents",
    "pmtui.domain.verdicts",
    "pmtui.domain.stages",
    "pmtui.store.filesystem",
    "pmtui.store.sync",
    "argparse",
    "gettext",
)
"""What a first frame painted from the first-screen file does without: the store (TinyDB and
the whole model of a review or an incident) is opened once it is painted; whether the store
syncs is asked after the frame; neither the stage registry nor the filesystem checks are
loaded to find the stylesheets or check access; ``--store`` is read without argparse."""
NO_INCIDENT_NO_POLICY = ("pmtui.domain.policy", "pmtui.store.incident_file")
"""With no incident logged, the team's policy is not read before the frame either."""

START_THE_APP = """
import asyncio, json, sys
from datetime import datetime
from pathlib import Path

from pmtui.cli import app_options
from pmtui.commands import app as app_command
from pmtui.context import Context
from pmtui.tui.screens.home import HomeScreen

AT_FIRST_SHOW = []
_show = HomeScreen._show

def backlog_line(screen):
    line = screen.query_one("#incident-backlog")
    return str(line.render()) if line.display else ""

def show_and_note(self, data):
    # the modules as the list is first shown: work started after it (the recurring
    # count's thread) imports what it needs on its own time, off the frame's path
    _show(self, data)
    if not AT_FIRST_SHOW:
        AT_FIRST_SHOW.append((sorted(sys.modules), backlog_line(self)))

HomeScreen._show = show_and_note

async def main():
    store, _user = app_options(["--store", sys.argv[1]])  # as `pmtui --store PATH` reads it
    ctx = Context(Path(store), "ana", lambda: datetime(2026, 12, 1, 9, 0))
    app = app_command.start(ctx)
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(500):  # the whole list, read after the frame
            data = getattr(app.screen, "data", None)
            if data is not None and not data.partial:
                break
            await pilot.pause(0.02)
        await pilot.pause(0.1)
        modules, first_line = AT_FIRST_SHOW[0]
        print(json.dumps({"modules": modules, "focused": app.focused.id,
                          "rows": app.screen.query_one("#reviews").row_count,
                          "first_backlog": first_line, "backlog": backlog_line(app.screen)}))

asyncio.run(main())
"""


def _started(store: Store) -> dict[str, Any]:
    """The modules imported as ``pmtui`` first shows the home screen's list (a fresh process)."""
    out = subprocess.run(
        [sys.executable, "-c", START_THE_APP, str(store.path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    started: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return started


def _among(modules: set[str], names: tuple[str, ...]) -> list[str]:
    return sorted(m for m in modules if any(m == n or m.startswith(n + ".") for n in names))


@pytest.mark.parametrize("first_screen_file", [True, False])
def test_the_home_screen_starts_without_the_editor_the_coach_or_the_charts(
    store: Store, first_screen_file: bool
) -> None:
    """Opening pmtui imports what its home screen shows, nothing more; painted from the
    first-screen file, not even the store (no TinyDB, no model of a whole review)."""
    store.add(
        make_review("overdue promise", created=datetime(2026, 11, 1), due=(date(2026, 11, 20),))
    )
    if first_screen_file:
        store.keep_first_screen(date(2026, 12, 1), FIRST_ROWS)
    started = _started(store)
    modules = set(started["modules"])
    assert "pmtui.tui.screens.home" in modules  # it did start
    assert started["rows"] == 1 and started["focused"] == "reviews"
    assert _among(modules, NOT_AT_START) == [], "imported before they are used"
    if first_screen_file:
        not_yet = NOT_BEFORE_THE_FRAME + NO_INCIDENT_NO_POLICY
        assert _among(modules, not_yet) == [], "imported before the first frame"
    else:  # no file: the whole list is read through the store before the frame
        assert "pmtui.store.repository" in modules


def _log_incidents(store: Store) -> None:
    """Three incidents: one overdue, one with its review started, one needing none."""
    late = datetime(2026, 11, 20, 9, 0)
    store.add_incident(new_incident("queue backed up", now=late, author="ana", severity="SEV3"))
    started = store.add_incident(
        new_incident("checkout 502s", now=datetime(2026, 11, 30, 9), author="ana", severity="SEV2")
    )
    store.review_incident(
        started.id, lambda i: review_from(i, "postmortem", Kind.POSTMORTEM, now=late, user="ana")
    )
    store.add_incident(new_incident("a blip", now=late, author="ana", severity="SEV5"))


BACKLOG = "2 incidents without a review, oldest 11 days (1 overdue, 1 started); x lists them."


def test_a_store_with_incidents_logged_starts_without_the_store(store: Store) -> None:
    """With incidents logged, the first frame counts those without a review from the
    incidents file and the first-screen file's links, by the policy, and loads no TinyDB,
    no model of a review or an incident, no store: the count is the whole read's."""
    store.add(
        make_review("overdue promise", created=datetime(2026, 11, 1), due=(date(2026, 11, 20),))
    )
    _log_incidents(store)
    store.keep_first_screen(date(2026, 12, 1), FIRST_ROWS)
    started = _started(store)
    modules = set(started["modules"])
    assert started["rows"] == 2 and started["focused"] == "reviews"
    assert _among(modules, NOT_AT_START + NOT_BEFORE_THE_FRAME) == [], "imported before"
    assert "pmtui.domain.policy" in modules  # the count is the policy's
    assert started["first_backlog"] == started["backlog"] == BACKLOG


@pytest.mark.parametrize(
    "edit",
    ["severity SEV9", "no logged", "not json", "indented"],
)
def test_an_incidents_file_edited_by_hand_shows_the_right_count(store: Store, edit: str) -> None:
    """An incidents file the store would read another way (or not at all) is read through
    the store before the frame, as before; one as the store writes it is read without it.
    Either way the app starts, lists every review and shows what the store makes of it."""
    store.add(make_review("a review", created=datetime(2026, 11, 1)))
    _log_incidents(store)
    store.keep_first_screen(date(2026, 12, 1), FIRST_ROWS)
    path = store.layout.incidents
    data = json.loads(path.read_bytes())
    docs = data["incidents"]
    overdue = next(d for d in docs.values() if d["title"] == "queue backed up")
    if edit == "severity SEV9":
        overdue["severity"] = "SEV9"
    elif edit == "no logged":
        del overdue["logged"]
    if edit == "not json":
        path.write_bytes(b"{" + path.read_bytes())
    else:
        path.write_text(json.dumps(data, indent=2 if edit == "indented" else None))
    started = _started(store)
    modules = set(started["modules"])
    assert started["rows"] == 2
    assert ("pmtui.store.repository" in modules) is (edit != "indented")
    if edit in ("severity SEV9", "not json"):  # the store says what is wrong, and where
        assert started["first_backlog"].startswith("Incidents: ")
        assert "incidents.json" in started["backlog"]
    else:
        assert started["first_backlog"] == started["backlog"] == BACKLOG


def test_a_new_store_starts_without_the_store(store: Store) -> None:
    """A store nothing was saved to yet (its first launch) has no first-screen file: its
    empty list is painted without opening the store, which is opened after the frame."""
    started = _started(store)
    modules = set(started["modules"])
    assert "pmtui.tui.screens.home" in modules and started["rows"] == 0
    assert _among(modules, NOT_BEFORE_THE_FRAME) == [], "imported before the first frame"
    assert not store.path.parent.exists()  # and nothing was written for it


def test_form_fields_are_recognised_once_their_widgets_exist() -> None:
    """The key rules look widget classes up instead of importing them; the names must hold."""
    from textual.widgets import Input, RadioSet, Select, SelectionList, TextArea
    from textual.widgets._toggle_button import ToggleButton

    assert set(keys.field_types()) == {
        Input,
        TextArea,
        ToggleButton,
        RadioSet,
        Select,
        SelectionList,
    }
    assert keys.is_text_entry(TextArea())
    assert not keys.is_text_entry(TextArea(read_only=True))
    assert keys.is_text_entry(Input())
    assert not keys.is_text_entry(DataTable())


TITLE = "A title long enough to be cut at one hundred columns and shown whole at one hundred fifty"


def _title_cell(table: ItemList[object]) -> str:
    line = "".join(segment.text for segment in table.render_line(1))  # the first row
    return line.split("  ")[1].strip() if "  " in line else line


async def test_the_list_is_painted_at_the_width_it_has_after_each_resize(
    app: PmtuiApp, store: Store
) -> None:
    """Rows painted at one width are kept while it holds, and painted again when it changes."""
    store.add(make_review(TITLE, created=datetime(2026, 11, 1)))
    async with app.run_test(size=(100, 30)) as pilot:
        home = await on_home(app, pilot)
        assert app.focused is home.query_one("#reviews")
        table = home.query_one("#reviews", ItemList)
        await wait_for(pilot, lambda: _title_cell(table).startswith("A title"))
        narrow = _title_cell(table)
        assert narrow != TITLE and TITLE.startswith(narrow.rstrip("…"))
        await pilot.resize_terminal(150, 30)
        await wait_for(pilot, lambda: _title_cell(table) == TITLE)
        await pilot.resize_terminal(100, 30)
        await wait_for(pilot, lambda: _title_cell(table) == narrow)


@pytest.mark.parametrize(("width", "kind_shown"), [(80, False), (100, True)])
async def test_the_columns_fit_the_width_from_the_first_frame(
    app: PmtuiApp, store: Store, width: int, kind_shown: bool
) -> None:
    """The kind gives the title its width below 100 columns (it is in the filter)."""
    store.add(make_review(TITLE, created=datetime(2026, 11, 1)))
    async with app.run_test(size=(width, 24)) as pilot:
        home = await on_home(app, pilot)
        table = home.query_one("#reviews", ItemList)
        await wait_for(pilot, lambda: "A title" in "".join(s.text for s in table.render_line(1)))
        header = "".join(segment.text for segment in table.render_line(0))
        assert ("kind" in header) is kind_shown
        assert "title" in header and "overdue" in header


async def test_the_whole_list_arriving_before_the_first_rows_are_all_added_loses_none(
    app: PmtuiApp, store: Store, clock: Any
) -> None:
    """The first-screen file's rows, then the whole list read after the frame: only the rest
    is added to the rows shown, and every review is listed once."""
    count = FIRST_ROWS + 20
    with store.batch() as txn:
        for i in range(count):
            txn.put(make_review(f"review {i}", created=datetime(2026, 1, 1) + timedelta(hours=i)))
    today = clock().date()
    async with app.run_test(size=(100, 30)) as pilot:
        home = await on_home(app, pilot)
        table = home.query_one("#reviews", ItemList)
        whole = store.listing()
        digest = store.open_digest(today, within=CARRY_OVER_WITHIN, top=CARRY_OVER_ROWS)
        first = home._data(whole[:FIRST_ROWS], digest, store.incident_lists(), count)
        assert first is not None
        home._latest = None  # a home screen just started
        home._show(first)
        assert table.row_count == FIRST_ROWS
        shown = table.items[0]
        everything = home._data(whole, digest, store.incident_lists())
        assert everything is not None
        home._show(everything)
        assert table.items[0] is shown  # added to, not shown again
        await wait_for(pilot, lambda: home.data is everything)
        titles = [table.cells_at(i)[1] for i in range(table.row_count)]
        assert titles == [f"review {i}" for i in reversed(range(count))]


async def test_the_tables_fit_their_columns_as_textual_measures_them() -> None:
    """Rows are measured only where a column takes its width from them, and plain text as
    Rich measures it: the columns come out as wide as Textual's own table makes them."""
    from rich.text import Text
    from textual.app import App, ComposeResult

    from pmtui.tui.stages._table import ItemTable

    columns = (("due", "due", None), ("who", "who", None), ("what", "what", 12))
    rows: list[tuple[object, ...]] = [
        (Text("2026-11-30", style="bold red"), Text("ana"), Text("a short one")),
        (Text("2026-12-01"), Text("漢字 and 🎉 wide"), Text("x" * 40)),
        (Text("2026-12-02"), Text("two\nlines here, longer"), Text("")),
        ("[b]markup[/b] in a string", Text("b"), Text("c")),
    ]

    class Tables(App[None]):
        def compose(self) -> ComposeResult:
            yield ItemTable(columns, id="ours")
            yield DataTable(id="textual")

        def on_mount(self) -> None:
            textual = self.query_one("#textual", DataTable)
            for key, label, width in columns:
                textual.add_column(label, key=key, width=width)

    app = Tables()
    async with app.run_test(size=(120, 20)) as pilot:
        ours, textual = app.query_one("#ours", ItemTable), app.query_one("#textual", DataTable)
        await pilot.pause()
        for i, cells in enumerate(rows):
            ours.add_row(*cells, key=str(i))  # type: ignore[arg-type]  # a string too
            textual.add_row(*cells, key=str(i))
            await pilot.pause()
            assert [c.get_render_width(ours) for c in ours.ordered_columns] == [
                c.get_render_width(textual) for c in textual.ordered_columns
            ]
        assert ours.ordered_columns[1].content_width == len("lines here, longer")  # widest line
        assert ours.virtual_size == textual.virtual_size


async def test_the_home_screen_is_styled_once_and_as_a_second_pass_would_style_it(
    app: PmtuiApp, store: Store
) -> None:
    """Shown the first time, the home screen is not styled a second time: what that pass
    would give is what every widget already has (pictures aside, checked here whole)."""
    store.add(make_review(TITLE, created=datetime(2026, 11, 1), due=(date(2026, 11, 20),)))
    async with app.run_test(size=(100, 30)) as pilot:
        home = await on_home(app, pilot)
        await wait_for(pilot, lambda: home.data is not None)
        await pilot.pause()

        def looks() -> dict[str, object]:
            return {
                f"{i} {type(w).__name__}#{w.id}": (
                    w.rich_style,
                    w.styles.base.css_lines,
                    w.styles.inline.css_lines,
                )
                for i, w in enumerate(home.walk_children(with_self=True))
            }

        before = looks()
        home.update_node_styles(animate=False)
        await pilot.pause()
        assert looks() == before


async def test_the_tables_paint_each_cell_as_textual_paints_it() -> None:
    """A plain one-line cell is laid out without Rich: every line of the table, the cursor
    and the mouse over a row included, is the same segments as Textual's own table paints."""
    from rich.text import Text
    from textual.app import App, ComposeResult

    from pmtui.tui.stages._table import ItemTable, clipped

    columns = (("due", "due", None), ("who", "who", 8), ("what", "what", 12), ("n", "n", 3))
    rows: list[tuple[object, ...]] = [
        (Text("2026-11-30", style="bold red"), Text("ana"), Text("a short one"), Text("-")),
        (Text("2026-12-01"), Text("漢字 and 🎉 wide"), Text("x" * 40), Text("12345")),
        (Text("2026-12-02"), Text("two\nlines"), Text(""), Text("3", style="bold red")),
        ("[b]markup[/b]", Text("tab\there"), Text("trailing   "), Text("(untitled)", style="dim")),
        (Text("a", style="dim"), Text("fits 8 ok"), Text("12345678901"), Text("")),
        (Text("  lead"), Text("é café"), Text("x" * 10 + "     "), Text("1", style="italic")),
        # Cut with an ellipsis, as the review's tables cut long text.
        (clipped("2026-12-03"), clipped("漢字 and 🎉 wide"), clipped("y" * 40), clipped("123")),
        (Text("b"), clipped("12345678", "dim"), clipped("fits"), clipped("1234")),
    ]

    class Tables(App[None]):
        def compose(self) -> ComposeResult:
            yield ItemTable(columns, id="ours")
            yield DataTable(id="textual", cursor_type="row", zebra_stripes=True)

        def on_mount(self) -> None:
            textual = self.query_one("#textual", DataTable)
            for key, label, width in columns:
                textual.add_column(label, key=key, width=width)

    def painted(table: DataTable[Any]) -> list[list[tuple[str, object]]]:
        table._pseudo_class_state = table.get_pseudo_class_state()  # as a paint sets it
        return [[(s.text, s.style) for s in table.render_line(y)] for y in range(table.size.height)]

    app = Tables()
    async with app.run_test(size=(60, 24)) as pilot:
        ours, textual = app.query_one("#ours", ItemTable), app.query_one("#textual", DataTable)
        await pilot.pause()
        for i, cells in enumerate(rows):
            ours.add_row(*cells, key=str(i))  # type: ignore[arg-type]  # a string too
            textual.add_row(*cells, key=str(i))
        await pilot.pause()
        for row in range(len(rows)):
            for table in (ours, textual):
                table.move_cursor(row=row)
                table.hover_coordinate = table.cursor_coordinate.up()
            pictures = []
            for table in (ours, textual):  # each with the focus, as on screen
                table.focus()
                await pilot.pause()
                pictures.append(painted(table))
            assert pictures[0] == pictures[1]
        ours._cell_render_cache.clear()
        style = ours.rich_style
        assert ours._plain_cell(0, 1, style, 10, cursor=False, hover=False) is not None
        assert ours._plain_cell(1, 2, style, 14, cursor=False, hover=False) is not None  # cut
        assert ours._plain_cell(1, 1, style, 10, cursor=False, hover=False) is None  # wide
        assert ours._plain_cell(2, 1, style, 10, cursor=False, hover=False) is None  # two lines
        assert ours._plain_cell(6, 1, style, 10, cursor=False, hover=False) is not None  # …
        assert ours._plain_cell(6, 2, style, 14, cursor=False, hover=False) is not None  # …


async def test_fields_are_styled_when_mounted_and_again_when_their_classes_change() -> None:
    """The home screen's fields and filters are not restyled off screen as they are built
    (mounting styles them), and restyle on a change of classes once they are on a screen."""
    from textual.app import App, ComposeResult

    from pmtui.tui.widgets.filter_select import FilterSelect
    from pmtui.tui.widgets.text_field import TextField

    off_screen: list[str] = []

    class Fields(App[None]):
        CSS = "TextField.-loud, FilterSelect.-loud { background: red; }"

        def compose(self) -> ComposeResult:
            yield TextField(placeholder="search", hint=True, id="search")
            yield FilterSelect([("a", 1), ("b", 2)], prompt="any", id="pick", compact=True)

        def update_styles(self, node: Any, animate: bool = True) -> None:
            if not node.is_attached:
                off_screen.append(str(node.id))
            super().update_styles(node, animate)

    app = Fields()
    async with app.run_test(size=(60, 10)) as pilot:
        await pilot.pause()
        assert off_screen == []  # built, then styled as mounted
        field, pick = app.query_one(TextField), app.query_one(FilterSelect)
        assert field.has_class("-textual-compact") and pick.has_class("-textual-compact")
        for widget in (field, pick):
            before = widget.styles.background
            widget.add_class("-loud")
            await pilot.pause()
            assert widget.styles.background != before
            assert widget.styles.background.rgb == (255, 0, 0)
