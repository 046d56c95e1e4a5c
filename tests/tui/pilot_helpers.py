"""Helpers for the app's Pilot tests: sample reviews and waiting for the app."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from textual import events
from textual.css.query import NoMatches
from textual.css.scalar import Unit
from textual.errors import NoWidget
from textual.keys import _character_to_key
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import DataTable
from textual.widgets._footer import FooterKey

from pmtui.domain.model import Commitment, Kind, Review, Status
from pmtui.tui.app import PmtuiApp
from pmtui.tui.screens.home import HomeScreen
from pmtui.tui.screens.review import ReviewScreen
from pmtui.tui.widgets.item_list import ItemList

SIZE = (100, 30)

SnapCompare = Callable[..., bool]
"""The ``snap_compare`` fixture of pytest-textual-snapshot: an app or path, then options."""


def make_review(
    title: str,
    *,
    created: datetime,
    kind: Kind = Kind.POSTMORTEM,
    status: Status = Status.DRAFT,
    tags: tuple[str, ...] = (),
    due: tuple[date | None, ...] = (),
    owner: str = "ana",
) -> Review:
    """A review with one open commitment per entry of ``due``."""
    return Review(
        title=title,
        kind=kind,
        template=kind.value,
        created=created,
        updated=created,
        status=status,
        tags=list(tags),
        facilitator="ana",
        participants=["ana", "ben"],
        commitments=[
            Commitment(deliverable=f"{title}: fix {i}", owner=owner, due=d)
            for i, d in enumerate(due)
        ],
    )


async def hints_counted(app: PmtuiApp, pilot: Pilot[None]) -> None:
    """Wait until every open review's stepper shows its open hints as they are now (they
    are counted a moment after the last change: a picture taken before would differ)."""
    await pilot.pause()
    reviews = [s for s in app.screen_stack if isinstance(s, ReviewScreen)]
    await wait_for(pilot, lambda: not any(review.hints_pending for review in reviews))
    await pilot.pause()


async def wait_saved(app: PmtuiApp, pilot: Pilot[None]) -> None:
    """Let the open review's saving thread finish, then let the UI catch up.

    The first pause lets the app handle what the test just did (a value set
    in code posts its Changed message for later), so the edit is queued
    before the flush waits for it.
    """
    await pilot.pause()
    for screen in app.screen_stack:
        if isinstance(screen, ReviewScreen):
            await asyncio.get_running_loop().run_in_executor(None, screen.session.flush, 10.0)
    await pilot.pause()


async def wait_for(
    pilot: Pilot[None], predicate: Callable[[], object], timeout: float = 10.0
) -> None:
    """Pause until ``predicate()`` is true (workers and threads finish in their own time)."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(
                f"timed out waiting for the app: {pilot.app.screen_stack} {pilot.app.focused}"
            )
        await pilot.pause(0.02)


CHARACTERS = {"tab": "\t", "enter": "\r", "escape": "\x1b"}
"""The character of each named key ``burst`` sends that has one."""
NAMED = frozenset({*CHARACTERS, "end", "home", "backspace", "delete"})
"""The keys ``burst`` sends by name rather than as the characters of the name."""


async def burst(pilot: Pilot[None], *keys: str) -> None:
    """Send keys as they arrive typed ahead over a slow link: all queued before the app
    handles the first (``pilot.press`` waits for the app after each key). A key is a
    name (``tab``, ``shift+tab``, ``ctrl+n``) or a string of characters typed."""
    driver = pilot.app._driver  # where a terminal's keys come in (pilot.press sends them so)
    assert driver is not None
    pressed: list[tuple[str, str | None]] = []
    for key in keys:
        if key in NAMED or ("+" in key and len(key) > 1):
            pressed.append((key, CHARACTERS.get(key)))
        else:  # the key names a terminal gives characters ("-" is "minus"), as pilot.press
            pressed.extend((_character_to_key(char), char) for char in key)
    for name, character in pressed:
        event = events.Key(name, character)
        event.set_sender(pilot.app)
        driver.send_message(event)
    await pilot.pause()
    app = pilot.app
    assert isinstance(app, PmtuiApp)
    await wait_for(pilot, lambda: not app.holding_keys)  # the keys after one moving the focus
    await pilot.pause()


async def click_when_shown(pilot: Pilot[None], selector: str, within: Widget | None = None) -> None:
    """Click the widget ``selector`` names once it is laid out and on top where it shows.

    A widget that was just composed (a hint's "Set aside" button appears when
    the coach's findings change) has no place on screen until the next layout;
    a click before then lands nowhere and nothing opens.
    """

    def shown() -> Widget | None:
        try:
            widget = (within or pilot.app.screen).query_one(selector)
            under, _ = pilot.app.screen.get_widget_at(*widget.region.offset)
        except (NoMatches, NoWidget):
            return None
        return widget if under is widget and widget.region.area else None

    await wait_for(pilot, shown)
    assert await pilot.click(shown()), f"the click on {selector} landed elsewhere"


async def on_home(app: PmtuiApp, pilot: Pilot[None]) -> HomeScreen:
    """Wait for the home screen to show the store's data."""
    await wait_for(
        pilot, lambda: isinstance(app.screen, HomeScreen) and app.screen.data is not None
    )
    assert isinstance(app.screen, HomeScreen)
    return app.screen


async def home_painted(app: PmtuiApp, pilot: Pilot[None]) -> HomeScreen:
    """Wait for the home screen to be painted as a person sees it once it has settled.

    A picture taken when the app merely looked idle could come a layout early:
    the carry-over's box grows to its rows one layout after they are in, a
    layout the screen's refresh timer runs (under load, after the picture). So
    this waits for what the picture shows: the key line has its keys, and a
    carry-over list shown is as high as its rows ask (up to its own maximum).
    """
    home = await on_home(app, pilot)
    await wait_for(pilot, lambda: _key_line_shown(home) and _as_high_as_it_asks(home))
    return home


def _key_line_shown(screen: Screen[Any]) -> bool:
    return bool(screen.query(FooterKey))


def _as_high_as_it_asks(home: HomeScreen) -> bool:
    table = home.query_one("#carry-over-table", ItemList)
    if not home.query_one("#carry-over").display:
        return True
    asked = table.virtual_size.height + table.scrollbar_size_horizontal
    most = table.styles.max_height
    if most is not None and most.unit is Unit.CELLS:
        asked = min(asked, int(most.value))
    return table.region.height == asked


async def on_review(app: PmtuiApp, pilot: Pilot[None]) -> ReviewScreen:
    await wait_for(pilot, lambda: isinstance(app.screen, ReviewScreen))
    await pilot.pause()
    assert isinstance(app.screen, ReviewScreen)
    return app.screen


async def open_from_home(app: PmtuiApp, pilot: Pilot[None]) -> ReviewScreen:
    """Open the review under the cursor on home with enter, as a person does."""
    await on_home(app, pilot)
    await pilot.press("enter")
    review = await on_review(app, pilot)
    await wait_for(pilot, lambda: review.panes[review.current].has_focus)
    return review


async def into_title(pilot: Pilot[None], review: ReviewScreen) -> Widget:
    """Put the cursor in the frame's title as a person does: the stage opens focused, enter."""
    pane = review.panes["frame"]
    await wait_for(pilot, lambda: pane.has_focus)
    await pilot.press("enter")
    title = review.query_one("#title")
    assert title.has_focus
    return title


async def new_review_at(app: PmtuiApp, pilot: Pilot[None], stage: str) -> ReviewScreen:
    """Start a new review from the home screen (the default kind) and open ``stage``."""
    await on_home(app, pilot)
    await pilot.press("n", "enter")
    screen = await on_review(app, pilot)
    screen.open_stage(stage)
    await pilot.pause()
    return screen


def list_texts(item_list: ItemList[Any]) -> list[list[str]]:
    """The text of every row of an ItemList (home's lists), in display order."""
    return [item_list.cells_at(i) for i in range(item_list.row_count)]


def cell_texts(table: DataTable[object]) -> list[list[str]]:
    """The plain text of every row of a DataTable, in display order."""
    return [
        [str(getattr(c, "plain", c)) for c in table.get_row_at(i)] for i in range(table.row_count)
    ]
