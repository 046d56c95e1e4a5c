"""The store, clock and user of a screen: the app's, unless its constructor was given others."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    from pmtui.store.repository import Store


class AppServices:
    """Mixin for screens: ``store``, ``now``, ``today`` and ``user``, taken from the app.

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
    def _shell(self) -> Any:
        """The app, which holds the store, the clock and the user."""
        return cast(Any, self).app

    @property
    def store(self) -> Store:
        return self._store or self._shell.store

    @property
    def now(self) -> datetime:
        clock = self._clock or self._shell.clock
        return clock()

    @property
    def today(self) -> date:
        return self.now.date()

    @property
    def user(self) -> str:
        return self._user or self._shell.user
