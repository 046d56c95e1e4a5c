"""A store's files known at once, the store itself opened on first use.

``pmtui`` paints its first frame from the first-screen file
(:func:`pmtui.store.first_screen.home_lists`) while the
:class:`~pmtui.store.repository.Store`, with TinyDB and the whole model of a
review, is opened only when something first needs it, after that frame:
about 50 ms of imports a bare Textual app does not pay. Whatever needs only
where the files are (the watch on the index, whether the store syncs) asks
:attr:`StoreOpener.layout` and opens nothing.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from pmtui.store.layout import Layout

if TYPE_CHECKING:
    from pmtui.store.repository import Store


class StoreOpener:
    """The store at ``path``, opened by ``open`` the first time it is asked for."""

    def __init__(self, path: Path, open: Callable[[], Store]) -> None:
        self.layout = Layout.for_store(path)
        self._open = open
        self._store: Store | None = None
        self._lock = threading.Lock()

    @classmethod
    def of(cls, store: Store) -> StoreOpener:
        """One for a store already open (the app built on it by a test)."""
        opener = cls(store.path, lambda: store)
        opener._store = store
        return opener

    def __call__(self) -> Store:
        """The store, opened once whatever thread asks first (the others wait for it)."""
        store = self._store
        if store is None:
            with self._lock:
                store = self._store
                if store is None:
                    store = self._store = self._open()
        return store
