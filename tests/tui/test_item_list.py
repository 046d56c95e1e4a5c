"""The line-API list home shows its reviews and carry-over in: keys, mouse, columns, paint."""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from rich.cells import cell_len
from textual import events, on
from textual.app import App, ComposeResult

from pmtui.tui.widgets.item_list import Cell, Column, ItemList

COLUMNS = (
    Column("kind", 10, fold=True),
    Column("title", 30, flex=True, least=8),
    Column("n", 3),
)


class Lists(App[None]):
    """One list of ``count`` items named ``item 0``, ``item 1``..., counting what is painted."""

    CSS = "ItemList { height: 1fr; }"

    def __init__(self, count: int, columns: Sequence[Column] = COLUMNS) -> None:
        super().__init__()
        self.names = [f"item {i}" for i in range(count)]
        self.columns = columns
        self.painted: list[str] = []
        self.chosen: list[tuple[str, int]] = []

    def cells(self, name: str) -> Sequence[Cell]:
        self.painted.append(name)
        return ("postmortem", name, ("7", "bold red"))

    def compose(self) -> ComposeResult:
        yield ItemList(self.columns, cells=self.cells, key=str, id="list")

    def on_mount(self) -> None:
        self.query_one(ItemList).show(self.names)

    @on(ItemList.Selected)
    def _chosen(self, event: ItemList.Selected) -> None:
        self.chosen.append((event.key, event.index))

    def lines(self) -> list[str]:
        item_list = self.query_one(ItemList)
        return [item_list.render_line(y).text for y in range(item_list.size.height)]


async def test_the_keys_move_the_cursor_and_keep_it_in_sight_and_enter_opens() -> None:
    app = Lists(100)
    async with app.run_test(size=(60, 12)) as pilot:
        item_list = app.query_one(ItemList)
        assert item_list.has_focus and item_list.cursor_row == 0
        await pilot.press("down", "down", "up")
        assert item_list.cursor_row == 1
        await pilot.press("enter")
        await pilot.pause()
        assert app.chosen == [("item 1", 1)]
        rows = item_list.size.height - 1  # under the labels
        await pilot.press("pagedown")
        assert item_list.cursor_row == 1 + rows
        assert item_list.scroll_y <= item_list.cursor_row < item_list.scroll_y + rows
        await pilot.press("pageup")
        assert item_list.cursor_row == 1
        await pilot.press("end")
        assert item_list.cursor_row == 99 and item_list.current_key == "item 99"
        assert "item 99" in app.lines()[-1]
        await pilot.press("down")  # past the last: stays
        assert item_list.cursor_row == 99
        await pilot.press("home")
        assert item_list.cursor_row == 0 and item_list.scroll_y == 0
        await pilot.press("ctrl+end")
        assert item_list.cursor_row == 99
        await pilot.press("ctrl+home", "up")
        assert item_list.cursor_row == 0
        await pilot.press("enter")
        await pilot.pause()
        assert app.chosen[-1] == ("item 0", 0)


async def test_a_click_moves_the_cursor_and_a_click_on_it_opens_the_row() -> None:
    app = Lists(30)
    async with app.run_test(size=(60, 12)) as pilot:
        item_list = app.query_one(ItemList)
        await pilot.click(ItemList, offset=(20, 0))  # the labels: nothing
        await pilot.click(ItemList, offset=(20, 4))  # the fourth row
        assert item_list.cursor_row == 3 and app.chosen == []
        await pilot.click(ItemList, offset=(20, 4))
        await pilot.pause()
        assert app.chosen == [("item 3", 3)]
        await pilot.click(ItemList, offset=(20, 1))
        assert item_list.cursor_row == 0


async def test_the_wheel_scrolls_the_rows_without_moving_the_cursor() -> None:
    app = Lists(100)
    async with app.run_test(size=(60, 12)) as pilot:
        item_list = app.query_one(ItemList)
        for _ in range(3):
            item_list.post_message(
                events.MouseScrollDown(item_list, 5, 5, 0, 0, 0, False, False, False)
            )
            await pilot.pause()
        assert item_list.scroll_y > 0 and item_list.cursor_row == 0
        top = int(item_list.scroll_y)
        assert f"item {top}" in app.lines()[1]
        await pilot.press("down")  # the cursor comes back into sight
        assert item_list.cursor_row == 1 and item_list.scroll_y <= 1


async def test_only_the_rows_on_screen_are_painted_and_rows_added_leave_them_be() -> None:
    app = Lists(1000)
    async with app.run_test(size=(60, 12)) as pilot:
        item_list = app.query_one(ItemList)
        await pilot.pause()
        rows = item_list.size.height - 1
        assert set(app.painted) <= {f"item {i}" for i in range(rows)}
        app.painted.clear()
        item_list.extend([f"more {i}" for i in range(500)])
        await pilot.pause()
        assert app.painted == [] and item_list.row_count == 1500
        await pilot.press("end")
        await pilot.pause()
        assert "more 499" in app.painted and len(set(app.painted)) <= rows


async def test_a_few_rows_added_below_are_painted() -> None:
    app = Lists(2)
    async with app.run_test(size=(60, 12)) as pilot:
        item_list = app.query_one(ItemList)
        item_list.extend(["item 2"])
        await pilot.pause()
        assert "item 2" in app.lines()[3]


async def test_shown_again_the_cursor_stays_on_its_item_or_its_line() -> None:
    app = Lists(10)
    async with app.run_test(size=(60, 12)) as pilot:
        item_list = app.query_one(ItemList)
        await pilot.press("down", "down", "down")
        assert item_list.current_key == "item 3"
        item_list.show(["new", *app.names])  # a teammate's review above it
        assert item_list.current_key == "item 3" and item_list.cursor_row == 4
        item_list.show(["item 0", "item 1", "item 2", "item 4", "item 5"])  # it went
        assert item_list.cursor_row == 4 and item_list.current_key == "item 5"
        item_list.show(["item 0"])
        assert item_list.cursor_row == 0
        item_list.show([])
        assert item_list.current_key is None
        await pilot.press("down", "enter", "end", "pagedown")  # nothing to move to or open
        await pilot.pause()
        assert app.chosen == []
        assert app.lines()[0].split() == ["kind", "title", "n"]


@pytest.mark.parametrize(("width", "kind_shown"), [(60, True), (40, False)])
async def test_narrow_the_kind_gives_the_title_its_room_and_long_text_ends_in_an_ellipsis(
    width: int, kind_shown: bool
) -> None:
    app = Lists(0)
    title = "A title long enough to be cut at forty columns and shown at sixty"
    async with app.run_test(size=(width, 8)) as pilot:
        item_list = app.query_one(ItemList)
        item_list.show([title])
        await pilot.pause()
        header, row = app.lines()[:2]
        assert ("kind" in header) is kind_shown and "title" in header
        assert len(header) == len(row) == width
        assert ("postmortem" in row) is kind_shown
        shown = row.split("  ")[1].strip() if kind_shown else row.split("  ")[0].strip()
        assert shown.endswith("…") and title.startswith(shown[:-1])


async def test_text_is_shown_as_typed_never_as_markup_and_wide_characters_fit() -> None:
    app = Lists(0, (Column("title", 13), Column("who", 10, fit=True)))

    def cells(name: str) -> Sequence[Cell]:
        return (name, "漢字 ana")

    async with app.run_test(size=(40, 8)) as pilot:
        item_list = app.query_one(ItemList)
        item_list._cells = cells
        item_list.show(["[bold]x[/] 🎉", "漢字漢字漢字漢字"])
        await pilot.pause()
        header, first, second = app.lines()[:3]
        assert "[bold]x[/] 🎉" in first
        assert "漢字漢字漢字…" in second  # cut within its thirteen columns
        assert "漢字 ana" in first  # the fitted column is as wide as its widest cell
        at = header.index("who")
        assert cell_len(header[:at]) == cell_len(first[: first.index("漢字 ana")])  # in line


async def test_the_cursor_reads_in_reverse_without_colour(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = Lists(3)
    async with app.run_test(size=(40, 8)) as pilot:
        await pilot.pause()
        item_list = app.query_one(ItemList)
        cursor_line = item_list.render_line(1)
        other_line = item_list.render_line(2)
        assert all(s.style is not None and s.style.reverse for s in cursor_line if s.text.strip())
        assert not any(s.style is not None and s.style.reverse for s in other_line)
