"""What a screen may ask of the app, as one typed Protocol: the store, the clock, the user...

Screens and panes reach the app's services through :func:`shell` and
nothing else: no cast to the app class, no ``getattr`` on it. The app
(:class:`pmtui.tui.app.PmtuiApp`) provides them, and so may a test's
harness; a screen never imports the app module, so the app can import
every screen without a cycle.
"""

from __future__ import annotations

import inspect
import weakref
from collections.abc import Callable
from datetime import date, datetime
from typing import TYPE_CHECKING, Protocol, TypeGuard

if TYPE_CHECKING:
    from textual.dom import DOMNode

    from pmtui.domain.model import Review
    from pmtui.domain.policy import IncidentLists, Logged, Policy
    from pmtui.domain.summary import ListedReview, OpenDigest
    from pmtui.domain.templates import Template
    from pmtui.store.keys import KeyRing
    from pmtui.store.layout import Layout
    from pmtui.store.repository import Store
    from pmtui.tui.sync import AppSync


class Shell(Protocol):
    """The app's services, as screens see them."""

    clock: Callable[[], datetime]
    user: str
    via: str
    """How this person reached pmtui when not a terminal: ``browser`` (``pmtui serve``)."""
    VIEWS: dict[str, tuple[str, str, str]]
    """Other views by name: ``(module, screen class, palette title)``."""
    sync: AppSync
    """The store's sync through git, when it is set up (see :mod:`pmtui.tui.sync`)."""

    @property
    def store(self) -> Store:
        """The store (opened on first use: it may wait for it to be opened)."""
        ...

    @property
    def store_layout(self) -> Layout:
        """Where the store's files are, known without opening it."""
        ...

    @property
    def today(self) -> date: ...

    @property
    def templates(self) -> dict[str, Template]: ...

    @property
    def ground_rule(self) -> str: ...

    @property
    def keys(self) -> KeyRing: ...

    @property
    def policy(self) -> Policy:
        """The team's review policy (see :mod:`pmtui.domain.policy`)."""
        ...

    def template_for(self, review: Review) -> Template: ...

    def take_read_ahead(
        self,
    ) -> tuple[list[ListedReview], OpenDigest, IncidentLists[Logged] | None, int | None] | None: ...

    def mark_ready(self) -> None: ...

    def show_store_error(self, exc: Exception, consequence: str = "") -> None: ...


MEMBERS = frozenset(
    name for name in (*Shell.__annotations__, *vars(Shell)) if not name.startswith("_")
)
"""Every name a shell provides (read from the Protocol itself)."""

_CHECKED: weakref.WeakSet[object] = weakref.WeakSet()


def provides(app: object) -> TypeGuard[Shell]:
    """Whether ``app`` has every member of :class:`Shell` (looked up without running any)."""
    if app in _CHECKED:
        return True
    for name in MEMBERS:
        try:
            inspect.getattr_static(app, name)
        except AttributeError:
            return False
    _CHECKED.add(app)
    return True


def shell(node: DOMNode) -> Shell:
    """The app's services for a widget or screen in it."""
    app = node.app
    if not provides(app):
        raise TypeError(f"{type(app).__name__} does not provide pmtui's services (Shell)")
    return app
