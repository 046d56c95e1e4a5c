"""Where a review lives: one of 64 shard files picked by its id, opened once and kept.

A save rewrites one shard and then the derived files, so a store of ten
thousand reviews never rewrites them all; :class:`Shards` opens each shard's
storage on first use and reads a stored document back into a
:class:`~pmtui.domain.model.Review`, reporting a malformed one as damage
with the file it came from.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from pmtui.domain.model import Review, ValidationError
from pmtui.domain.serial import review_from_dict
from pmtui.store.errors import StoreDamagedError
from pmtui.store.layout import Layout
from pmtui.store.storage import AtomicJSONStorage, StoreDB, UUIDTable, open_db, table

SHARD_TABLE = "reviews"


class Shards:
    """The shard files of one store, each opened on first use."""

    def __init__(
        self,
        layout: Layout,
        storage: Callable[[Path], AtomicJSONStorage],
        damaged: Callable[[Path, str], StoreDamagedError],
    ) -> None:
        self._layout = layout
        self._storage = storage
        self._damaged = damaged
        self._open: dict[str, tuple[AtomicJSONStorage, StoreDB]] = {}

    def __call__(self, key: str) -> tuple[AtomicJSONStorage, StoreDB]:
        """The storage and database of shard ``key``."""
        got = self._open.get(key)
        if got is None:
            storage = self._storage(self._layout.shard_path(key))
            got = self._open[key] = (storage, open_db(storage))
        return got

    def storages(self) -> Iterator[AtomicJSONStorage]:
        """Every shard storage opened so far."""
        return (storage for storage, _db in self._open.values())

    def table_of(self, review_id: str) -> UUIDTable:
        """The table holding review ``review_id``."""
        _storage, db = self(Layout.shard_of(review_id))
        return table(db, SHARD_TABLE)

    def docs(self, key: str) -> dict[str, Any]:
        """The stored documents of shard ``key``, by review id."""
        storage, _db = self(key)
        docs: dict[str, Any] = (storage.read() or {}).get(SHARD_TABLE, {})
        return docs

    def decode(self, review_id: str, doc: dict[str, Any], path: Path | None = None) -> Review:
        """A stored document as a review; a malformed one is damage in its shard file."""
        where = path or self._layout.shard_path(Layout.shard_of(review_id))
        try:
            review = review_from_dict({"id": review_id, **doc})
        except (ValidationError, TypeError, KeyError, ValueError) as exc:
            raise self._damaged(where, f"review {review_id} is malformed ({exc})") from None
        if review.id != review_id:
            raise self._damaged(where, f"review {review_id} is stored under another id")
        return review
