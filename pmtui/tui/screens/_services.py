"""The store, clock and user of a screen: the app's, unless its constructor was given others."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import TYPE_CHECKING

from textual.screen import Screen

from pmtui.tui.shell import shell

if TYPE_CHECKING:
    from pmtui.domain.policy import Policy
    from pmtui.store.repository import Store


class AppServices(Screen[None]):
    """A screen with ``store``, ``now``, ``today``, ``user`` and ``policy``, from the app's shell.

    Tests (and screens opening other screens) may pass their own through
    :meth:`_use_services`; anything not passed comes from the app.
    """

    _store: Store | None = None
    _clock: Callable[[], datetime] | None = None
    _user: str | None = None

    def _use_services(
        self,
        store: Store | None = None,
        clock: Callable[[], datetime] | None = None,
        user: str | None = None,
    ) -> None:
        self._store = store
        self._clock = clock
        self._user = user

    @property
    def store(self) -> Store:
        return self._store or shell(self).store

    @property
    def now(self) -> datetime:
        clock = self._clock or shell(self).clock
        return clock()

    @property
    def today(self) -> date:
        return self.now.date()

    @property
    def user(self) -> str:
        return self._user or shell(self).user

    @property
    def policy(self) -> Policy:
        """The team's review policy (read once by the app)."""
        return shell(self).policy
