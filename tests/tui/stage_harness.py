"""A tiny app that mounts one stage pane on a review in a tmp_path store.

The pane tests drive a pane directly through it, so each test checks one
stage quickly; the review-screen tests cover the same panes inside the app.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from textual.app import App, ComposeResult
from textual.widgets import Footer

from pmtui.domain.model import Review
from pmtui.domain.templates import Template, load_templates
from pmtui.store.repository import Store
from pmtui.tui.session import ReviewSession
from pmtui.tui.stages.base import StagePane
from pmtui.tui.styles import stylesheets

PaneClass = Callable[..., StagePane]


class PaneApp(App[None]):
    """One pane and a footer, with the clock the pane reads ``today`` from."""

    def __init__(self, pane: StagePane, clock: Callable[[], datetime]) -> None:
        super().__init__(css_path=[str(p) for p in stylesheets()])
        self.pane = pane
        self.clock = clock

    @property
    def today(self) -> date:
        return self.clock().date()

    def compose(self) -> ComposeResult:
        yield self.pane
        yield Footer()

    def on_mount(self) -> None:
        self.pane.focus_first()


def template(name: str) -> Template:
    return load_templates()[name]


def open_session(store: Store, review: Review, user: str = "ana") -> ReviewSession:
    store.add(review)
    return ReviewSession(store, store.get(review.id), user=user)
