"""The app with one stage pane on a review in a tmp_path store, and nothing else.

The pane tests drive a pane directly through it, so each test checks one
stage quickly; the review-screen tests cover the same panes inside the app.
It is pmtui's app (the shell every pane reaches through), showing only the pane.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from textual import events
from textual.app import App, ComposeResult
from textual.screen import Screen
from textual.widgets import Footer, Input, TextArea

from pmtui.domain.model import Review
from pmtui.domain.templates import Template, load_templates
from pmtui.editing.session import ReviewSession
from pmtui.store.repository import Store
from pmtui.tui.app import PmtuiApp
from pmtui.tui.stages._table import ItemTable
from pmtui.tui.stages.base import StagePane
from pmtui.tui.styles import stylesheets

PaneClass = Callable[..., StagePane]


class PaneApp(PmtuiApp, inherit_bindings=False):
    """One pane and a footer, on the pane's store and user, with the test's clock.

    Only Textual's own keys and title: the snapshots show the pane alone.
    """

    TITLE = None  # type: ignore[assignment]  # no title: the snapshots show the pane alone
    CSS_PATH = [str(p) for p in stylesheets()]
    BINDINGS = App.BINDINGS

    def __init__(self, pane: StagePane, clock: Callable[[], datetime]) -> None:
        super().__init__(pane.session.store, clock, pane.session.user)
        self.pane = pane

    def get_default_screen(self) -> Screen[Any]:
        return Screen(id="_default")  # Textual's empty screen, not the app's home screen

    def compose(self) -> ComposeResult:
        yield self.pane
        yield Footer()

    # Textual hands the Mount event to a handler that takes one; the app's takes none.
    def on_mount(self, event: events.Mount) -> None:  # type: ignore[override]
        event.prevent_default()  # not the app's home screen: only the pane
        self.pane.focus_first()


def template(name: str) -> Template:
    return load_templates()[name]


def open_session(store: Store, review: Review, user: str = "ana") -> ReviewSession:
    store.add(review)
    return ReviewSession(store, store.get(review.id), user=user)


def saved_review(store: Store, session: ReviewSession) -> Review:
    """The review as stored, once the session has saved every pending edit."""
    assert session.flush()
    return store.get(session.review_id)


async def set_form_values(pilot: Any, **values: str) -> None:
    """Type ``values`` (widget id: text) into the open form's inputs and text areas."""
    for widget_id, value in values.items():
        widget = pilot.app.screen.query_one(f"#{widget_id}")
        if isinstance(widget, TextArea):
            widget.text = value
        else:
            assert isinstance(widget, Input)
            widget.value = value
    await pilot.pause()


def column_cells(app: PaneApp, column: str) -> list[str]:
    """The plain text of one column of the pane's item table, top to bottom."""
    table = app.query_one(ItemTable)
    return [table.get_cell(row_id, column).plain for row_id in table.ids()]
