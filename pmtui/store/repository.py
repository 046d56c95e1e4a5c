"""The store of reviews: the only way the rest of pmtui reads and writes disk.

Layout (see docs/store.md): one TinyDB file holds the schema version, a
summary of every review and a table of open commitments; whole reviews live
in 64 TinyDB shard files picked by the review's UUID. A save locks the store,
re-reads whatever another process changed, rewrites one shard and then the
index, each atomically. The index records the signature of every shard it
was built from, so a shard that is newer than the index (a crash between
the two writes, a restore, a hand edit) is noticed and its summaries rebuilt.
"""

from __future__ import annotations

import contextlib
import functools
import heapq
import os
import stat
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar, cast

from pmtui import __version__
from pmtui.domain.model import Review, ValidationError
from pmtui.domain.serial import review_from_dict, review_to_dict
from pmtui.domain.summary import (
    CARRY_OVER_ROWS,
    CARRY_OVER_WITHIN,
    OpenCommitment,
    OpenDigest,
    ReviewSummary,
    created_order,
)
from pmtui.store import backups as backups_mod
from pmtui.store import filesystem, generation
from pmtui.store.atomic import (
    Signature,
    ensure_dir,
    forget_previous,
    keep_previous,
    put_back,
    stat_signature,
    sweep_temps,
)
from pmtui.store.errors import (
    ConflictError,
    NotFoundError,
    StoreDamagedError,
    StoreError,
    StoreTooNewError,
    StoreWriteError,
)
from pmtui.store.generation import Generation
from pmtui.store.layout import Layout
from pmtui.store.lock import StoreLock
from pmtui.store.migrations import CURRENT_SCHEMA, migrate, missing_migrations
from pmtui.store.storage import (
    AtomicJSONStorage,
    StoreDB,
    UUIDTable,
    gc_paused,
    open_db,
    table,
)

META, REVIEWS, OPEN = "_meta", "reviews", "open"
SHARD_TABLE = "reviews"
ALL = (None, None)
"""The key of the unfiltered list among the lists kept from one file."""
FREEZE_ROWS = 1000
"""From this many rows, lists built from a file are set aside from the cycle
collector (see :func:`gc_paused`): they hold no cycles and live until the
file changes, and re-scanning them cost more than building them."""


_F = TypeVar("_F", bound=Callable[..., Any])


def _serialized(method: _F) -> _F:
    """Run ``method`` holding the store's in-process mutex.

    One Store may be shared by threads (the app saves in a worker while the
    screen reads): a reader must never see a half-built transaction, and a
    second writer waits for the first instead of failing.
    """

    @wraps(method)
    def locked(self: Store, *args: Any, **kwargs: Any) -> Any:
        with self._mutex:
            return method(self, *args, **kwargs)

    return cast(_F, locked)


def _now() -> datetime:
    return datetime.now().replace(microsecond=0)


class Store:
    """Reviews on disk, safe for several processes and crash-proof.

    Reads take no lock (files are only ever replaced whole); every write holds
    the store's lock across re-read, change and write.
    """

    def __init__(
        self,
        path: Path | str,
        *,
        clock: Callable[[], datetime] = _now,
        lock_timeout: float = 10.0,
        keep_backups: int = 10,
        backup_every: timedelta = timedelta(hours=24),
        check: str | None = None,
    ) -> None:
        """``check`` forces ``"signature"`` or ``"generation"`` (see :attr:`check`)."""
        self.layout = Layout.for_store(Path(path))
        self.clock = clock
        self.keep_backups = keep_backups
        self.backup_every = backup_every
        self.shared = _is_shared_dir(self.layout.directory)
        self.file_mode = 0o660 if self.shared else 0o600
        self.dir_mode = 0o2770 if self.shared else 0o700
        # Not a bound method: a Store must hold no reference cycle, so one
        # dropped after its files were set aside from the cycle collector
        # (see gc_paused) is still freed, with everything it parsed.
        self._damaged_error = functools.partial(StoreDamagedError, backups=self.layout.backups)
        self._lock = StoreLock(self.layout.lock, timeout=lock_timeout, mode=self.file_mode)
        self._generation = Generation(
            self._lock, functools.partial(filesystem.choose, self.layout.directory, check)
        )
        self._index = self._storage(self.layout.index)
        self._index_db = open_db(self._index)
        self._open = self._storage(self.layout.open_rows)
        self._shards: dict[str, tuple[AtomicJSONStorage, StoreDB]] = {}
        self._checked: tuple[object, ...] | None = None
        self._fresh: dict[Path, tuple[object, ...]] = {}
        self._summaries: dict[str, tuple[object, ReviewSummary]] = {}
        self._views: dict[Path, tuple[object, dict[object, list[Any]]]] = {}
        self._in_txn = False
        self._mutex = threading.RLock()

    @property
    def path(self) -> Path:
        return self.layout.index

    @property
    def check(self) -> filesystem.Check:
        """How this store tells that a file changed under it (decided on first use).

        ``signature`` trusts what it parsed while the file's inode, size and
        nanosecond mtime are unchanged; ``generation``, on network and FUSE
        filesystems and wherever timestamps are coarse, also while the save
        generation in the lock file is unchanged.
        """
        return self._generation.check

    # == reading ===============================================================

    @_serialized
    def summaries(self) -> list[ReviewSummary]:
        """Every review's summary, newest first."""
        rows = self._rows(self._index, REVIEWS)
        got = self._cached_view(ALL, self._index)
        if got is None:
            got = self._keep(ALL, self._index, lambda: self._build_summaries(rows), len(rows))
        return list(got)

    @_serialized
    def summary(self, review_id: str) -> ReviewSummary:
        d = self._rows(self._index, REVIEWS).get(review_id)
        if d is None:
            raise NotFoundError(f"no review with id {review_id}")
        hit = self._summaries.get(review_id)
        if hit is not None and hit[0] == _summary_key(d):
            return hit[1]
        return self._summary_from_raw(d)

    @_serialized
    def open_commitments(
        self, *, owner: str | None = None, due_by: date | None = None
    ) -> list[OpenCommitment]:
        """Open commitments across all reviews, optionally one owner's or due by a day.

        Soonest due first, undated last. Only the small file of open
        commitments is read. While it is unchanged the lists are served from
        memory; a one-off filtered query (``pmtui due``) filters the stored
        rows before building any object.
        """
        want = owner.casefold() if owner else None
        key = (want, due_by)
        rows = self._rows(self._open, OPEN)
        got = self._cached_view(key, self._open)
        if got is None:
            every = self._cached_view((None, None), self._open)
            if every is not None:
                got = self._keep(key, self._open, lambda: _filter_open(every, want, due_by), 0)
            else:
                got = self._keep(
                    key, self._open, lambda: self._build_open(rows, want, due_by), len(rows)
                )
        return list(got)

    @_serialized
    def open_digest(
        self,
        today: date,
        *,
        within: timedelta = CARRY_OVER_WITHIN,
        top: int = CARRY_OVER_ROWS,
    ) -> OpenDigest:
        """Open commitments counted for the home screen: overdue per review and due soon.

        Only the ``top`` most urgent become objects; the rest are counted on
        the stored rows. Kept and served like :meth:`open_commitments` (from
        the kept full list when there is one).
        """
        key = ("digest", today, within, top)
        rows = self._rows(self._open, OPEN)
        got = self._cached_view(key, self._open)
        if got is None:
            every = self._cached_view(ALL, self._open)

            def build() -> list[OpenDigest]:
                if every is not None:
                    return [OpenDigest.of(every, today, within, top)]
                return [self._build_digest(rows, today, within, top)]

            got = self._keep(key, self._open, build, 0)
        return cast(OpenDigest, got[0])

    @_serialized
    def get(self, review_id: str) -> Review:
        """The current version of one review (always re-read if another process saved it)."""
        doc = self._shard_table(review_id).get_id(review_id)
        if doc is None:
            raise NotFoundError(f"no review with id {review_id}")
        return self._decode(review_id, dict(doc))

    @_serialized
    def resolve(self, prefix: str) -> str:
        """The full id of the review whose id starts with ``prefix``."""
        prefix = prefix.strip().lower()
        ids = list(self._rows(self._index, REVIEWS))
        if prefix in ids:
            return prefix
        matches = [i for i in ids if i.startswith(prefix)] if len(prefix) >= 4 else []
        if not matches:
            raise NotFoundError(
                f"no review with id {prefix!r}; the home screen and `pmtui export --all` show ids"
            )
        if len(matches) > 1:
            raise NotFoundError(f"{prefix!r} matches {len(matches)} reviews; give more of the id")
        return matches[0]

    def reviews(self) -> Iterator[Review]:
        """Every review, whole (reads every shard: use summaries where they suffice)."""
        for path in self.layout.shard_files():
            with self._mutex:
                storage, _db = self._shard(path.stem)
                docs = list((storage.read() or {}).get(SHARD_TABLE, {}).items())
            for rid, doc in docs:
                yield self._decode(rid, doc, path)

    def token(self) -> object:
        """Changes whenever anyone saves to this store; cheap enough to poll.

        With the generation check it holds the save generation too (a
        signature may not change), and while no finished save can be
        trusted it never equals an earlier token, so a poller reads again.
        """
        sig = stat_signature(self.layout.index)
        key = self._generation.key()
        return sig if key is None else (sig, key)

    def exists(self) -> bool:
        return self.layout.index.exists() or bool(self.layout.shard_files())

    # == writing ===============================================================

    def add(self, review: Review) -> Review:
        with self.batch() as txn:
            if txn.get(review.id) is not None:
                raise StoreError(f"a review with id {review.id} already exists")
            return txn.put(review)

    def save(self, review: Review, *, expected_rev: int | None = None) -> Review:
        """Replace a review whole; with ``expected_rev``, refuse if someone saved since."""
        with self.batch() as txn:
            current = txn.get(review.id)
            if expected_rev is not None:
                found = current.rev if current else 0
                if found != expected_rev:
                    raise ConflictError(review.id, expected_rev, found)
            return txn.put(review)

    def update(self, review_id: str, change: Callable[[Review], object]) -> Review:
        """Apply ``change`` to the freshest copy of a review, under the lock, and save it.

        This is how concurrent editors merge: each change is applied to what
        is on disk now, never to a copy that may be stale.
        """
        with self.batch() as txn:
            review = txn.get(review_id)
            if review is None:
                raise NotFoundError(f"no review with id {review_id}")
            change(review)
            return txn.put(review)

    def delete(self, review_id: str) -> Review:
        """Remove a review; returns it so the caller can offer undo."""
        with self.batch() as txn:
            review = txn.get(review_id)
            if review is None:
                raise NotFoundError(f"no review with id {review_id}")
            txn.delete(review_id)
            return review

    @contextmanager
    def batch(self) -> Iterator[Transaction]:
        """Hold the lock for several changes, written together at the end."""
        with self._mutex:
            if self._in_txn:
                raise StoreError("batches do not nest")
            with self._writing() as txn:
                yield txn
        self._maybe_backup()

    @contextmanager
    def _writing(self) -> Iterator[Transaction]:
        ensure_dir(self.layout.directory, self.dir_mode)
        with self._locked_for_writing():
            self._in_txn = True
            sweep_temps(self.layout.directory, self.layout.shards)
            txn = Transaction(self)
            try:
                self._index.defer()
                self._open.defer()
                self._tables(repair=txn)
                yield txn
                txn.commit()
            except BaseException:
                self._discard()
                raise
            finally:
                self._in_txn = False

    @contextmanager
    def _locked_for_writing(self) -> Iterator[None]:
        """The store's lock; a lock file the system refuses (read-only disk) fails like a write."""
        try:
            self._lock.acquire()
        except OSError as exc:
            raise StoreWriteError(self.layout.lock, exc) from exc
        try:
            yield
        finally:
            self._lock.release()

    # == backups ===============================================================

    @_serialized
    def backup(self, reason: str = "manual") -> Path:
        ensure_dir(self.layout.directory, self.dir_mode)
        with self._lock:
            return backups_mod.snapshot(
                self.layout, reason, self.clock(), self.keep_backups, self.dir_mode
            )

    def backups(self) -> list[backups_mod.Backup]:
        return backups_mod.list_backups(self.layout)

    @_serialized
    def restore(self, name: str | None = None) -> backups_mod.RestoreReport:
        """Repair damaged files from the newest good copies, or put back backup ``name``.

        Never takes away a review that could be read; what it replaces is
        first kept as a ``replaced`` backup (see :func:`backups_mod.restore`).
        """
        if not self.exists() and not self.backups():
            raise StoreError(f"no backups yet in {self.layout.backups}; nothing to restore")
        try:
            with self._locked_for_writing():
                derived = self._damaged_derived()
                with self._new_generation(before=None):
                    report = backups_mod.restore(
                        self.layout,
                        name,
                        self.clock(),
                        self.file_mode,
                        self.dir_mode,
                        derived=derived,
                    )
        except OSError as exc:
            where = exc.filename or self.layout.directory
            raise StoreError(
                f"the restore stopped: could not write {where}: {exc.strerror or exc}. "
                "Every file it had already replaced is kept in the newest 'replaced' backup "
                f"in {self.layout.backups}."
            ) from exc
        finally:
            self._discard()
            self._summaries = {}
            self._views = {}
        return report

    def _damaged_derived(self) -> list[Path]:
        """The index and open-commitment files that cannot be read as they are."""
        damaged = []
        for source, name in ((self._index, REVIEWS), (self._open, OPEN)):
            try:
                data = source.read() or {}
                self._meta_of(data, source.path)
                rows = data.get(name, {})
                if source is self._index:
                    self._build_summaries(rows)
                else:
                    self._build_open(rows, None, None)
            except StoreDamagedError:
                damaged.append(source.path)
        return damaged

    # == internals =============================================================

    def _storage(self, path: Path) -> AtomicJSONStorage:
        return AtomicJSONStorage(
            path, mode=self.file_mode, damaged=self._damaged_error, generation=self._generation
        )

    @contextmanager
    def _new_generation(self, before: object) -> Iterator[None]:
        """Mark a change to the store's files under way, then finished under a new token.

        Call with the lock held, around any replacement of store files: every
        process keeping a file read under an earlier token reads it again.
        ``before`` is the key found when the lock was taken; what this process
        read under it, or wrote, is kept under the new one.
        """
        self._lock.write(generation.record(busy=True))
        try:
            yield
        finally:
            done = generation.record(busy=False)
            self._lock.write(done)
            after = self._generation.key_of(generation.finished(done))
            for storage in (self._index, self._open, *(st for st, _db in self._shards.values())):
                storage.settle(before, after)

    def _maybe_backup(self) -> None:
        latest = backups_mod.latest_time(self.layout)
        if latest is None or self.clock() - latest >= self.backup_every:
            # A missed daily backup must never fail a save that succeeded.
            with contextlib.suppress(OSError, StoreError):
                self.backup("daily")

    def _cached_view(self, key: object, source: AtomicJSONStorage) -> list[Any] | None:
        """A list built earlier from ``source`` as it was last read, if any.

        Call it right after reading ``source`` (``_rows``),
        which re-reads a file another process replaced: the lists are kept
        under the file's signature, so a save by anyone is seen on the next
        call. Inside a transaction nothing is served or kept: the tables
        there hold changes not yet written.
        """
        if self._in_txn:
            return None
        kept = self._views.get(source.path)
        if kept is None or kept[0] != source.version:
            return None
        return kept[1].get(key)

    def _keep(
        self, key: object, source: AtomicJSONStorage, build: Callable[[], list[Any]], rows: int
    ) -> list[Any]:
        """Build a list from ``source``'s rows and keep it until that file changes."""
        with gc_paused(freeze=rows >= FREEZE_ROWS):
            built = build()
        if not self._in_txn and not source.dirty:
            kept = self._views.get(source.path)
            if kept is None or kept[0] != source.version:
                kept = self._views[source.path] = (source.version, {})
            kept[1][key] = built
        return built

    def _build_summaries(self, raw: dict[str, Any]) -> list[ReviewSummary]:
        cache = self._summaries
        fresh: dict[str, tuple[object, ReviewSummary]] = {}
        order: list[tuple[str, str, ReviewSummary]] = []
        for rid, d in raw.items():
            key = _summary_key(d)
            hit = cache.get(rid)
            s = hit[1] if hit is not None and hit[0] == key else self._summary_from_raw(d)
            fresh[rid] = (key, s)
            try:  # sorted on the stored text: parsing 10,000 timestamps to sort them cost more
                order.append((created_order(d["created"]), rid, s))
            except TypeError as exc:
                raise self._damaged(
                    self.layout.index, f"a review summary is malformed ({exc!r})"
                ) from None
        self._summaries = fresh
        order.sort(reverse=True)  # ids are unique: the summaries are never compared
        return [s for _created, _rid, s in order]

    def _build_open(
        self, rows: dict[str, Any], want: str | None, due_by: date | None
    ) -> list[OpenCommitment]:
        limit = due_by.isoformat() if due_by else None
        out = []
        try:
            for cid, d in rows.items():
                if limit is not None and (d["due"] is None or d["due"] > limit):
                    continue
                if want is not None and d["owner"].casefold() != want:
                    continue
                out.append(OpenCommitment.from_raw(cid, d))
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise self._damaged(
                self.layout.open_rows, f"an open commitment is malformed ({exc!r})"
            ) from None
        out.sort(key=_open_order)
        return out

    def _build_digest(
        self, rows: dict[str, Any], today: date, within: timedelta, top: int
    ) -> OpenDigest:
        # Stored dates are ISO text, which orders as the dates do.
        day, limit = today.isoformat(), (today + within).isoformat()
        late: dict[str, int] = {}
        urgent: list[tuple[str, str, str, dict[str, Any]]] = []
        try:
            for cid, d in rows.items():
                due = d["due"]
                if due is None or due > limit:
                    continue
                urgent.append((due, d["title"], cid, d))
                if due < day:
                    late[d["review"]] = late.get(d["review"], 0) + 1
            # ids are unique: the rows themselves are never compared
            picked = tuple(
                OpenCommitment.from_raw(cid, d) for *_o, cid, d in heapq.nsmallest(top, urgent)
            )
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise self._damaged(
                self.layout.open_rows, f"an open commitment is malformed ({exc!r})"
            ) from None
        overdue = sum(late.values())
        return OpenDigest(today, late, overdue, len(urgent) - overdue, picked)

    def _discard(self) -> None:
        self._index.discard()
        self._open.discard()
        for storage, _db in self._shards.values():
            storage.discard()
        self._checked = None
        self._fresh = {}

    def _damaged(self, path: Path, reason: str) -> StoreDamagedError:
        return self._damaged_error(path, reason)

    def _shard(self, key: str) -> tuple[AtomicJSONStorage, StoreDB]:
        got = self._shards.get(key)
        if got is None:
            storage = self._storage(self.layout.shard_path(key))
            got = self._shards[key] = (storage, open_db(storage))
        return got

    def _shard_table(self, review_id: str) -> UUIDTable:
        _storage, db = self._shard(Layout.shard_of(review_id))
        return table(db, SHARD_TABLE)

    def _decode(self, review_id: str, doc: dict[str, Any], path: Path | None = None) -> Review:
        where = path or self.layout.shard_path(Layout.shard_of(review_id))
        try:
            review = review_from_dict({"id": review_id, **doc})
        except (ValidationError, TypeError, KeyError, ValueError) as exc:
            raise self._damaged(where, f"review {review_id} is malformed ({exc})") from None
        if review.id != review_id:
            raise self._damaged(where, f"review {review_id} is stored under another id")
        return review

    def _summary_from_raw(self, d: dict[str, Any]) -> ReviewSummary:
        try:
            return ReviewSummary.from_raw(d)
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise self._damaged(
                self.layout.index, f"a review summary is malformed ({exc!r})"
            ) from None

    def _shard_signatures(self) -> tuple[tuple[str, Signature | None], ...]:
        return tuple((p.stem, stat_signature(p)) for p in self.layout.shard_files())

    def _tables(self, repair: Transaction | None = None) -> dict[str, dict[str, Any]]:
        """The index and open tables, checked against the schema and the shards on disk."""
        data = self._index.read() or {}
        opened = self._open.read() or {}
        sigs = self._shard_signatures()
        checked = (self._index.version, self._open.version, sigs)
        if self._checked == checked and not self._in_txn:
            return _with_tables(data, opened)  # nothing changed since the last full check
        meta = self._meta_of(data, self.layout.index)
        # Held changes to the open file (a migration rebuilding it) get their
        # record of the shards when the transaction commits.
        open_meta = meta if self._open.dirty else self._meta_of(opened, self.layout.open_rows)
        schema = meta.get("schema", CURRENT_SCHEMA)
        for path, found in (
            (self.layout.index, schema),
            (self.layout.open_rows, open_meta.get("schema", CURRENT_SCHEMA)),
        ):
            if found > CURRENT_SCHEMA:
                raise StoreTooNewError(path, found, CURRENT_SCHEMA)
        if schema < CURRENT_SCHEMA:
            self._migrate(schema, repair)
            return self._tables(repair)
        stale = self._stale(meta, sigs)
        if open_meta.get("schema", CURRENT_SCHEMA) < CURRENT_SCHEMA:
            stale |= {key for key, _sig in sigs}
        stale |= self._stale(open_meta, sigs)
        if stale:
            if repair is not None:
                repair.reconcile(sorted(stale))
                return _with_tables(self._index.read() or {}, self._open.read() or {})
            if not self._in_txn:
                with self.batch():
                    pass  # the batch reconciles the index with the shards
                return self._tables()
        self._checked = checked
        return _with_tables(data, opened)

    def _rows(self, source: AtomicJSONStorage, name: str) -> dict[str, Any]:
        """One derived file's table, read alone while it is up to date with the shards.

        ``pmtui due`` needs only the open commitments and the home screen's
        list only the summaries; each file records the shards it was built
        from, so it can be trusted on its own. Anything else (a stale file, a
        missing one, another schema) goes through the full check, which
        repairs, migrates or reports.
        """
        if self._in_txn:
            return self._tables()[name]
        data = source.read() or {}
        sigs = self._shard_signatures()
        checked = (source.version, sigs)
        if self._fresh.get(source.path) == checked:
            return data.get(name, {})
        meta = self._meta_of(data, source.path)
        if data and meta.get("schema") == CURRENT_SCHEMA and not self._stale(meta, sigs):
            self._fresh[source.path] = checked
            return data.get(name, {})
        return self._tables()[name]

    def _stale(
        self, meta: dict[str, Any], sigs: tuple[tuple[str, Signature | None], ...]
    ) -> set[str]:
        """Shards that changed since the file whose ``meta`` this is was built from them."""
        recorded = meta.get("shards", {})
        stale = {key for key, sig in sigs if sig is None or list(sig) != recorded.get(key)}
        present = {key for key, _sig in sigs}
        return stale | {key for key in recorded if key not in present}

    def _meta_of(self, data: dict[str, dict[str, Any]], path: Path) -> dict[str, Any]:
        """A file's meta record, checked; an empty file means a new store (or a rebuild)."""
        if not data:
            return {}
        meta = data.get(META, {}).get("meta")
        if meta is None:
            raise self._damaged(path, "it has no pmtui schema version")
        schema = meta.get("schema")
        if type(schema) is not int or schema < 1:
            raise self._damaged(path, "its schema version is not a positive number")
        shards = meta.get("shards", {})
        if not isinstance(shards, dict) or not all(
            isinstance(v, list) and len(v) == 3 and all(type(x) is int for x in v)
            for v in shards.values()
        ):
            raise self._damaged(path, "its list of shard files is malformed")
        return meta

    def _migrate(self, schema: int, txn: Transaction | None) -> None:
        """Upgrade every file from ``schema`` to the current one, after a backup.

        The upgraded tables are held in memory and written by the
        transaction's commit, so a failing migration changes nothing on disk.
        """
        if txn is None:
            with self.batch():
                return  # batch() re-enters _tables with a transaction, which migrates
        missing = missing_migrations(schema, CURRENT_SCHEMA)
        if missing:
            raise StoreError(
                f"cannot open {self.layout.index}: it uses store schema {schema} and this "
                f"pmtui has no migration from schema {missing[0]}. Nothing was changed."
            )
        backup = backups_mod.snapshot(
            self.layout,
            f"before-migration-v{schema}",
            self.clock(),
            self.keep_backups,
            self.dir_mode,
        )
        index = self._index.read() or {}
        shards = {p.stem: (self._shard(p.stem)[0].read() or {}) for p in self.layout.shard_files()}
        try:
            migrate(schema, index, shards, CURRENT_SCHEMA)
        except Exception as exc:
            raise StoreError(
                f"upgrading {self.layout.index} from store schema {schema} failed ({exc!r}). "
                f"Nothing was changed; {backup} holds the store as it was."
            ) from exc
        index.setdefault(META, {}).setdefault("meta", {})["schema"] = CURRENT_SCHEMA
        for key, tables in shards.items():
            self._shard(key)[0].defer()
            self._shard(key)[0].write(tables)
            txn.touched.add(key)
        self._index.write(index)
        txn.reconcile(list(shards))


class Transaction:
    """Changes made while the store's lock is held; written on commit."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.touched: set[str] = set()
        self.start = store._generation.key()
        """The save generation found with the lock taken: files read under it are current."""

    def get(self, review_id: str) -> Review | None:
        try:
            return self.store.get(review_id)
        except NotFoundError:
            return None

    def put(self, review: Review) -> Review:
        """Clean, validate and stage a review; bumps its revision."""
        review.clean()
        review.validate()
        current = self.store._shard_table(review.id).get_id(review.id)
        review.rev = int(current.get("rev", 0)) + 1 if current else max(review.rev, 0) + 1
        review.updated = self.store.clock()
        key = Layout.shard_of(review.id)
        self._stage_shard(key)
        table(self.store._shard(key)[1], SHARD_TABLE).put_id(review.id, review_to_dict(review))
        self._index_put(review)
        return review

    def delete(self, review_id: str) -> None:
        key = Layout.shard_of(review_id)
        self._stage_shard(key)
        table(self.store._shard(key)[1], SHARD_TABLE).remove_id(review_id)
        self._index_remove(review_id)

    def reconcile(self, keys: list[str]) -> None:
        """Rebuild the summaries and open rows of shards newer than the files derived from them.

        Every row that came from those shards goes first, whichever review
        the other file lists it under, so the two derived files agree again
        even when only one of them was stale.
        """
        keyset = set(keys)
        _data, reviews, _opened, open_rows = self._derived()
        for rid in [rid for rid in reviews if Layout.shard_of(rid) in keyset]:
            del reviews[rid]
        for cid in [cid for cid, row in open_rows.items() if _shard_of_row(row) in keyset]:
            del open_rows[cid]
        for key in keys:
            storage, _db = self.store._shard(key)
            path = self.store.layout.shard_path(key)
            for rid, doc in ((storage.read() or {}).get(SHARD_TABLE, {})).items():
                self._index_put(self.store._decode(rid, doc, path))
            self.touched.add(key)

    def commit(self) -> None:
        """Write the touched shards, then the open file, then the index.

        The open file and the index each record the signatures of the shards
        they were built from. If either cannot be written (disk full, I/O
        error), the files already replaced are put back from links to their
        previous versions, so a save reported as failed leaves the store as
        it was. The save generation is marked busy before the first write and
        changed once the last is done or undone.
        """
        store = self.store
        meta_tbl = table(store._index_db, META)
        meta = dict(meta_tbl.get_id("meta") or {})
        shards = dict(meta.get("shards", {}))
        replaced: list[tuple[Path, Path | None]] = []
        with store._new_generation(self.start):
            try:
                for key in sorted(self.touched):
                    storage, _db = store._shard(key)
                    if storage.dirty:
                        replaced.append((storage.path, _kept_previous(storage.path)))
                    sig = storage.flush()
                    if sig is None or not storage.path.exists():
                        shards.pop(key, None)
                    else:
                        shards[key] = list(sig)
                meta.update(schema=CURRENT_SCHEMA, pmtui=__version__, shards=shards)
                opened = store._open.read() or {}
                opened.setdefault(OPEN, {})
                opened[META] = {
                    "meta": {"schema": CURRENT_SCHEMA, "pmtui": __version__, "shards": shards}
                }
                store._open.write(opened)
                replaced.append((store._open.path, _kept_previous(store._open.path)))
                store._open.flush()
                meta_tbl.put_id("meta", meta)
                store._index.flush()
            except BaseException:
                put_back(replaced)
                raise
            finally:
                forget_previous(replaced)
                store._checked = None
                store._fresh = {}

    # -- helpers ---------------------------------------------------------------

    def _stage_shard(self, key: str) -> None:
        if key not in self.touched:
            ensure_dir(self.store.layout.shards, self.store.dir_mode)
            self.store._shard(key)[0].defer()
            self.touched.add(key)

    def _derived(self) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any], dict[str, Any]]:
        """The index's and the open file's raw data with their tables, changed in place.

        Rows are written straight into the held data rather than through
        TinyDB's table API, which copies a whole table per operation: with
        10,000 reviews that copying was most of a save's time. Both files
        are marked changed (their writes are deferred until commit).
        """
        data = self.store._index.read() or {}
        opened = self.store._open.read() or {}
        self.store._index.write(data)
        self.store._open.write(opened)
        return data, data.setdefault(REVIEWS, {}), opened, opened.setdefault(OPEN, {})

    def _index_put(self, review: Review) -> None:
        _data, reviews, _opened, open_rows = self._derived()
        self._drop_open_rows(review.id, reviews.get(review.id), open_rows)
        reviews[review.id] = ReviewSummary.from_review(review).to_raw()
        for c in review.commitments:
            if c.is_open:
                open_rows[c.id] = OpenCommitment.raw_from(review, c)

    def _index_remove(self, review_id: str) -> None:
        _data, reviews, _opened, open_rows = self._derived()
        old = reviews.pop(review_id, None)
        if old is not None:
            self._drop_open_rows(review_id, old, open_rows)

    @staticmethod
    def _drop_open_rows(review_id: str, old: Any, open_rows: dict[str, Any]) -> None:
        ids = old.get("open_ids", []) if isinstance(old, dict) else []
        for cid in ids if isinstance(ids, list) else []:
            row = open_rows.get(cid) if isinstance(cid, str) else None
            if isinstance(row, dict) and row.get("review") == review_id:
                del open_rows[cid]


def _kept_previous(path: Path) -> Path | None:
    """:func:`keep_previous`, failing like a write (a read-only disk is not a crash)."""
    try:
        return keep_previous(path)
    except OSError as exc:
        raise StoreWriteError(path, exc) from exc


def _summary_key(d: dict[str, Any]) -> object:
    # rev alone is not enough: a restore can bring back an older rev 2 that a
    # later save turns into a different rev 3.
    return (d.get("rev"), d.get("updated"))


def _open_order(c: OpenCommitment) -> tuple[date, str, str]:
    return (c.due or date.max, c.review_title, c.id)


def _filter_open(
    every: list[OpenCommitment], want: str | None, due_by: date | None
) -> list[OpenCommitment]:
    """A filtered query answered from the full list (already in order)."""
    return [
        c
        for c in every
        if (due_by is None or (c.due is not None and c.due <= due_by))
        and (want is None or c.owner.casefold() == want)
    ]


def _shard_of_row(row: Any) -> str | None:
    review = row.get("review") if isinstance(row, dict) else None
    return Layout.shard_of(review) if isinstance(review, str) else None


def _with_tables(
    data: dict[str, dict[str, Any]], opened: dict[str, dict[str, Any]]
) -> dict[str, dict[str, Any]]:
    return {REVIEWS: data.get(REVIEWS, {}), OPEN: opened.get(OPEN, {})}


def _is_shared_dir(directory: Path) -> bool:
    """A setgid store directory means a team store: files are group-writable."""
    try:
        return bool(os.stat(directory).st_mode & stat.S_ISGID)
    except FileNotFoundError:
        return False
