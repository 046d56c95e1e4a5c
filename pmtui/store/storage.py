"""A TinyDB storage that writes atomically and never serves stale data.

Stock ``JSONStorage`` rewrites the file in place (a crash mid-write leaves
half a file) and every process trusts what it read last. This storage:

* replaces the file atomically (:func:`atomic_write`);
* remembers the file's signature (and, where signatures cannot be trusted,
  the store's save generation, :mod:`pmtui.store.generation`) with the data
  it parsed, and re-reads only when either changed, so another process's
  write is always seen and an unchanged file costs one ``stat``;
* can defer writes until :meth:`flush`, so one logical save touching several
  tables writes the file once;
* refuses a file it cannot parse with :class:`StoreDamagedError` and never
  writes over it.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, cast

import orjson
from tinydb import TinyDB
from tinydb.storages import Storage
from tinydb.table import Document, Table

from pmtui.store.atomic import (
    Payload,
    Signature,
    SymlinkError,
    atomic_write,
    read_file,
    stat_signature,
)
from pmtui.store.errors import StoreDamagedError, StoreError, StoreWriteError
from pmtui.store.generation import Generation

Tables = dict[str, dict[str, Any]]


FREEZE_BYTES = 1 << 20
"""Files at least this big are set aside from the cycle collector once parsed."""


@contextmanager
def gc_paused(*, freeze: bool = False) -> Iterator[None]:
    """Hold off the cycle collector while building many objects that live on.

    Parsing a 16 MB index creates over a million containers; the collector,
    triggered every few hundred allocations, re-scanned the growing tree and
    doubled the parse time. With ``freeze``, everything alive afterwards is
    moved out of the collector's sight (``gc.freeze``), so the parsed tree is
    not re-scanned by the collections that follow either: parsed JSON holds
    no reference cycles, and plain reference counting still frees it when
    the next read replaces it.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if freeze:
            gc.freeze()
        if was_enabled:
            gc.enable()


class AtomicJSONStorage(Storage):
    def __init__(
        self,
        path: Path,
        *,
        mode: int,
        damaged: Callable[[Path, str], StoreDamagedError],
        generation: Generation | None = None,
        dump: Callable[[Tables], bytes | None] | None = None,
    ):
        """``dump`` writes the file in a layout of its own (None from it: plain JSON)."""
        self.path = path
        self._dump = dump
        self.mode = mode
        self._damaged = damaged
        self._generation = generation
        self._data: Tables | None = None
        self._sig: Signature | None = None
        self._key: object = None
        self._written = False
        self._deferred = False
        self._dirty = False

    # -- TinyDB's Storage interface -------------------------------------------

    def read(self) -> Tables | None:
        if self._dirty:
            return self._data
        # The generation is read before the file: a save that changes the
        # file after this point also changes the generation.
        key = self._generation.key() if self._generation is not None else None
        current = stat_signature(self.path)
        if current is None:
            self._data, self._sig = None, None
            return None
        if self._data is not None and current == self._sig and key == self._key:
            return self._data
        try:
            got = read_file(self.path)
        except (SymlinkError, IsADirectoryError) as exc:
            raise self._damaged(self.path, exc.strerror or str(exc)) from None
        if got is None:
            self._data, self._sig = None, None
            return None
        raw, sig = got
        self._data = self._parse(raw)
        self._sig, self._key = sig, key
        return self._data

    def peek(self) -> Tables | None:
        """The file's tables as they are now, parsed but not kept for a later :meth:`read`.

        No save generation is read, as nothing parsed here is served again: a
        store's first look at its generation decides how its filesystem is
        checked, with a probe file written in its directory (the first frame
        reads without it).
        """
        if self._dirty:
            return self._data
        try:
            got = read_file(self.path)
        except (SymlinkError, IsADirectoryError) as exc:
            raise self._damaged(self.path, exc.strerror or str(exc)) from None
        return None if got is None else self._parse(got[0])

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        self._data = data
        self._dirty = True
        if not self._deferred:
            self.flush()

    def close(self) -> None:
        pass

    # -- transactions ----------------------------------------------------------

    def defer(self) -> None:
        """Hold writes in memory until :meth:`flush` or :meth:`discard`."""
        self._deferred = True

    def flush(self) -> Signature | None:
        """Write held changes to disk; returns the new file signature."""
        self._deferred = False
        if not self._dirty:
            return self._sig
        data = self._data or {}
        try:
            payload = (self._dump(data) if self._dump is not None else None) or orjson.dumps(data)
            self._sig = atomic_write(self.path, payload, self.mode)
        except orjson.JSONEncodeError as exc:
            self.discard()
            raise StoreError(
                f"could not save to {self.path}: a value cannot be stored as JSON ({exc}). "
                "Nothing was written."
            ) from exc
        except OSError as exc:
            self.discard()
            raise StoreWriteError(self.path, exc) from exc
        except BaseException:
            self.discard()
            raise
        self._dirty = False
        self._written = True
        return self._sig

    def replace(self, payload: Payload, *, keep: Tables | None = None) -> Signature:
        """Write ``payload``, a whole file built without parsing it (or its pieces, in order).

        ``keep`` is the same content parsed, if the caller has it (a copy it
        patched as it patched the bytes): it is served until the file changes.
        Without it the next read parses the file.
        """
        self.discard()
        try:
            sig = atomic_write(self.path, payload, self.mode)
        except OSError as exc:
            raise StoreWriteError(self.path, exc) from exc
        if keep is not None:
            self._data, self._sig = keep, sig
        self._written = True
        return sig

    def settle(self, before: object, after: object) -> None:
        """Key what is kept to the generation this process's own save left (``after``).

        What was read under ``before`` (the generation found when the save
        took the lock) is still current, and so is what this process wrote.
        """
        if self._written or self._key == before:
            self._key = after
        self._written = False

    def discard(self) -> None:
        """Forget held changes and the cache, so the next read comes from disk."""
        self._deferred = False
        self._dirty = False
        self._written = False
        self._data = None
        self._sig = None
        self._key = None

    @property
    def dirty(self) -> bool:
        """Changes are held that the next :meth:`flush` will write."""
        return self._dirty

    @property
    def parsed(self) -> bool:
        """This process holds the file parsed (it read or wrote it and nobody replaced it since)."""
        return self._data is not None

    @property
    def current(self) -> bool:
        """What this process holds parsed is still the file on disk (one ``stat``)."""
        key = self._generation.key() if self._generation is not None else None
        return (
            self._data is not None and stat_signature(self.path) == self._sig and key == self._key
        )

    @property
    def signature(self) -> Signature | None:
        return self._sig

    @property
    def version(self) -> object:
        """What lists built from this file are kept under: its signature and generation key."""
        return (self._sig, self._key)

    # -- parsing ---------------------------------------------------------------

    def _parse(self, raw: bytes) -> Tables:
        if not raw.strip():
            raise self._damaged(self.path, "the file is empty")
        try:
            with gc_paused(freeze=len(raw) >= FREEZE_BYTES):
                data = orjson.loads(raw)
        except orjson.JSONDecodeError as exc:
            raise self._damaged(self.path, f"it is not valid JSON ({exc})") from None
        if not isinstance(data, dict):
            raise self._damaged(self.path, "it does not hold a JSON object of tables")
        for name, table in data.items():
            if not isinstance(table, dict):
                raise self._damaged(self.path, f"table {name!r} is not a JSON object")
            for doc_id, doc in table.items():
                if not isinstance(doc, dict):
                    raise self._damaged(
                        self.path, f"entry {doc_id!r} of table {name!r} is not a JSON object"
                    )
        return data


class UUIDTable(Table):
    """A table keyed by the UUIDs pmtui assigns, never by TinyDB's counters."""

    document_id_class = str  # type: ignore[assignment]

    def _get_next_id(self) -> str:
        raise TypeError("pmtui tables need an explicit document id")

    # TinyDB's hints say document ids are ints; these say what pmtui passes.

    def get_id(self, doc_id: str) -> Document | None:
        found = self.get(doc_id=cast(int, doc_id))
        return found if isinstance(found, Document) else None

    def put_id(self, doc_id: str, data: dict[str, Any]) -> None:
        self.upsert(Document(data, doc_id=cast(int, doc_id)))

    def remove_id(self, doc_id: str) -> None:
        if self.contains(doc_id=cast(int, doc_id)):
            self.remove(doc_ids=[cast(int, doc_id)])


class StoreDB(TinyDB):
    table_class = UUIDTable


def open_db(storage: AtomicJSONStorage) -> StoreDB:
    """A TinyDB on ``storage`` with query caching off (other processes write too)."""
    db = StoreDB(storage=lambda: storage)
    return db


def table(db: StoreDB, name: str) -> UUIDTable:
    return db.table(name, cache_size=0)  # type: ignore[return-value]
