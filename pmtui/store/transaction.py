"""A save: changes made while the store's lock is held, written together on commit.

The store hands a :class:`Transaction` to whoever writes (``Store.batch``):
reviews are cleaned, validated and staged in their shards, incidents in the
incidents file, the index and the open-commitments file are updated in
memory, and :meth:`Transaction.commit` writes the incidents file and the
touched shards, then the open file, then the index, each atomically. If a
later file cannot be written the earlier ones are put back, so a save
reported as failed leaves the store as it was. A transaction for incidents
only (``Store.incident_batch``) reads and writes the incidents file alone.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from pmtui import __version__
from pmtui.domain.incidents import Incident, incident_to_dict
from pmtui.domain.model import Review
from pmtui.domain.serial import review_to_dict
from pmtui.domain.summary import OpenCommitment, ReviewSummary
from pmtui.domain.verdicts import record_verdicts, stored_before
from pmtui.store import followup_file, migrations, rows
from pmtui.store.atomic import ensure_dir, forget_previous, keep_previous, put_back, read_file
from pmtui.store.errors import NotFoundError, StoreError, StoreWriteError
from pmtui.store.incident_file import INCIDENTS, LINKS, links_from_rows
from pmtui.store.incidents import link_row
from pmtui.store.layout import META, Layout
from pmtui.store.routing import SHARD_TABLE
from pmtui.store.storage import table

if TYPE_CHECKING:
    from pmtui.store.repository import Store

REVIEWS, OPEN = "reviews", "open"


class Transaction:
    """Changes made while the store's lock is held; written on commit."""

    def __init__(self, store: Store, *, light: bool = False) -> None:
        self.store = store
        self.light = light
        """Only incidents change: no other file is read or written (see ``incident_batch``)."""
        self.touched: set[str] = set()
        self.incidents_touched = False
        self.start = store._generation.key()
        """The save generation found with the lock taken: files read under it are current."""
        self.lines: rows.Lines | None = None
        """The index as read under the lock, while this save patches its rows (see
        :meth:`patch_rows`); None once it is held parsed, as it is for any other save."""
        self.index_changes: dict[str, dict[str, Any] | None] = {}
        """Rows the patch brings: a new row, or None for a review deleted."""
        self.held: dict[str, Any] | None = None
        """The index as this process held it parsed when the save began, patched with it."""
        self.changed: list[tuple[Any, Any]] | None = []
        """Each review's index row before and after (``None``: absent), for the health sums;
        ``None`` once a repair rebuilt rows wholesale (the sums are then summed again)."""
        self.reviews_changed: dict[str, followup_file.Change] | None = {}
        """What this save did to each review it changed, for the follow-up file (``None``
        once a repair rebuilt rows wholesale: the file is then built again when next used)."""

    def get(self, review_id: str) -> Review | None:
        try:
            return self.store.get(review_id)
        except NotFoundError:
            return None

    # -- incidents ---------------------------------------------------------------

    def get_incident(self, incident_id: str) -> Incident | None:
        try:
            return self.store.incident(incident_id)
        except NotFoundError:
            return None

    def put_incident(self, incident: Incident) -> Incident:
        """Clean, validate and stage an incident; bumps its revision."""
        incident.clean()
        incident.validate()
        rows = self.store._incident_rows()
        current = rows.get(incident.id)
        incident.rev = int(current.get("rev", 0)) + 1 if current else max(incident.rev, 0) + 1
        incident.updated = self.store.clock()
        doc = incident_to_dict(incident)
        del doc["id"]
        table(self.store._incidents_db, INCIDENTS).put_id(incident.id, doc)
        self._stamp_incidents()
        return incident

    def delete_incident(self, incident_id: str) -> None:
        table(self.store._incidents_db, INCIDENTS).remove_id(incident_id)
        self._stamp_incidents()

    def incident_review(self, incident_id: str) -> str | None:
        """The review already started from an incident, as this batch sees the store."""
        links = self._open_tables()[2]
        found = links_from_rows(links).get(incident_id)
        return found.review_id if found is not None else None

    def _stamp_incidents(self) -> None:
        """Mark the held incidents file with this schema, so it reads as whole at once."""
        self.incidents_touched = True
        data = self.store._incidents.read()
        if data is not None and self.store._incidents.dirty:
            data[META] = {"meta": {"schema": migrations.CURRENT_SCHEMA, "pmtui": __version__}}

    # -- reviews -----------------------------------------------------------------

    def put(self, review: Review, *, keep_updated: bool = False) -> Review:
        """Clean, validate and stage a review; bumps its revision.

        ``updated`` becomes now, unless ``keep_updated``: an import brings a
        review as it was last changed, so exporting it again gives the same file.
        With a ``judge`` (the coach), statements whose wording is new get its
        verdict (:func:`record_verdicts`); an import keeps the verdicts it brings.
        """
        self._not_light()
        review.clean()
        current = self.store._shards.table_of(review.id).get_id(review.id)
        judge = self.store.judge
        if judge is not None and not keep_updated:
            record_verdicts(review, stored_before(current), judge)
        review.validate()
        review.rev = int(current.get("rev", 0)) + 1 if current else max(review.rev, 0) + 1
        if not keep_updated:
            review.updated = self.store.clock()
        key = Layout.shard_of(review.id)
        self._stage_shard(key)
        table(self.store._shards(key)[1], SHARD_TABLE).put_id(review.id, review_to_dict(review))
        self._index_put(review)
        return review

    def delete(self, review_id: str) -> None:
        self._not_light()
        key = Layout.shard_of(review_id)
        self._stage_shard(key)
        table(self.store._shards(key)[1], SHARD_TABLE).remove_id(review_id)
        self._index_remove(review_id)

    def reconcile(self, keys: list[str]) -> None:
        """Rebuild the summaries and open rows of shards newer than the files derived from them.

        Every row that came from those shards goes first, whichever review
        the other file lists it under, so the two derived files agree again
        even when only one of them was stale.
        """
        keyset = set(keys)
        self.changed = None
        self.reviews_changed = None
        reviews = self._index_tables()[1]
        _opened, open_rows, links = self._open_tables()
        for rid in [rid for rid in reviews if Layout.shard_of(rid) in keyset]:
            del reviews[rid]
        for cid in [cid for cid, row in open_rows.items() if _shard_of_row(row) in keyset]:
            del open_rows[cid]
        for rid in [rid for rid in links if Layout.shard_of(rid) in keyset]:
            del links[rid]
        for key in keys:
            path = self.store.layout.shard_path(key)
            for rid, doc in self.store._shards.docs(key).items():
                self._index_put(self.store._shards.decode(rid, doc, path))
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
        if self.light:
            if self.incidents_touched:
                with store._new_generation(self.start):
                    self._commit_incidents([])
            return
        before = store._first_sources()
        if self.lines is not None:
            meta = {k: v for k, v in self.lines.meta.items() if k != "lines"}
        else:
            meta_tbl = table(store._index_db, META)
            meta = dict(meta_tbl.get_id("meta") or {})
        shards = dict(meta.get("shards", {}))
        replaced: list[tuple[Path, Path | None]] = []
        with store._new_generation(self.start):
            try:
                self._write_incidents(replaced)
                for key in sorted(self.touched):
                    storage, _db = store._shards(key)
                    if storage.dirty:
                        replaced.append((storage.path, _kept_previous(storage.path)))
                    sig = storage.flush()
                    if sig is None or not storage.path.exists():
                        shards.pop(key, None)
                    else:
                        shards[key] = list(sig)
                meta.update(schema=migrations.CURRENT_SCHEMA, pmtui=__version__, shards=shards)
                opened = store._open.read() or {}
                opened.setdefault(OPEN, {})
                schema = migrations.CURRENT_SCHEMA
                opened[META] = {"meta": {"schema": schema, "pmtui": __version__, "shards": shards}}
                store._open.write(opened)
                replaced.append((store._open.path, _kept_previous(store._open.path)))
                store._open.flush()
                if self.lines is not None:
                    payload = self.lines.patched_pieces(self.index_changes, meta)
                    if self.held is not None:
                        self._apply(self.held)
                        self.held.setdefault(META, {})["meta"] = meta
                    store._index.replace(payload, keep=self.held)
                else:
                    meta_tbl.put_id("meta", meta)
                    store._index.flush()
            except BaseException:
                put_back(replaced)
                raise
            finally:
                forget_previous(replaced)
                store._checked = None
                store._fresh = {}
        self._follow(before, store._first_sources())

    def _follow(self, before: dict[str, Any] | None, after: dict[str, Any] | None) -> None:
        """The caches derived from the reviews follow the save: the health sums and the
        follow-up file, each only if it matched the store ``before`` it, then made the
        cache of the store ``after`` it."""
        from pmtui.store import health_sums  # not imported by a pmtui that only reads

        store = self.store
        health_sums.follow(
            store.layout.health,
            store._health_sources(before) if before is not None else None,
            store._health_sources(after) if after is not None else None,
            self.changed,
            store.file_mode,
        )
        changes = self.reviews_changed
        followup_file.follow(
            store.layout.follow_up,
            before,
            after,
            None if changes is None else list(changes.values()),
            store.file_mode,
        )

    def _commit_incidents(self, replaced: list[tuple[Path, Path | None]]) -> None:
        try:
            self._write_incidents(replaced)
        except BaseException:
            put_back(replaced)
            raise
        finally:
            forget_previous(replaced)
            self.store._checked = None
            self.store._fresh = {}

    def _write_incidents(self, replaced: list[tuple[Path, Path | None]]) -> None:
        """Write the incidents file first when it changed: it is primary data, like a shard."""
        storage = self.store._incidents
        if not self.incidents_touched or not storage.dirty:
            return
        replaced.append((storage.path, _kept_previous(storage.path)))
        storage.flush()

    # -- helpers ---------------------------------------------------------------

    def _not_light(self) -> None:
        if self.light:
            raise StoreError("a batch for incidents only cannot change reviews")

    def _stage_shard(self, key: str) -> None:
        if key not in self.touched:
            ensure_dir(self.store.layout.shards, self.store.dir_mode)
            self.store._shards(key)[0].defer()
            self.touched.add(key)

    def patch_rows(self) -> bool:
        """Patch the index's rows in place of rewriting it whole, if it can be trusted as it is.

        Taken when the index is in the row-a-line layout with its checksum
        (:mod:`pmtui.store.rows`), both derived files are of this schema and
        neither is older than a shard. Then only the rows a save changes are
        parsed and written, and a process holding the index parsed (a list
        of every summary is open) has its copy patched too. Anything else (a
        migration, a repair, a hand-edited index) goes the whole way, and so
        does anything in the save that needs the whole index (:meth:`_index_tables`).
        """
        store = self.store
        try:
            got = read_file(store.layout.index)
            lines = rows.Lines.of(got[0]) if got is not None else None
            if got is None or lines is None:
                return False
            meta = store._meta_of({META: {"meta": lines.meta}}, store.layout.index)
            opened = store._open.read() or {}
            open_meta = store._meta_of(opened, store.layout.open_rows)
        except (StoreError, OSError):
            return False  # the whole way reports it
        sigs = store._shard_signatures()
        for found in (meta, open_meta):
            if found.get("schema") != migrations.CURRENT_SCHEMA or store._stale(found, sigs):
                return False
        held = store._index.read() if store._index.current else None
        self.held = held if held is not None and store._index.signature == got[1] else None
        store._index.discard()
        store._index.defer()  # a save that comes to need the whole index writes it at commit
        self.lines = lines
        return True

    def materialize(self) -> None:
        """Hold the whole index parsed, with the rows this save patched so far (see patch_rows)."""
        if self.lines is None:
            return
        data = self.held if self.held is not None else orjson.loads(self.lines.raw)
        self._apply(data)
        self.lines, self.held, self.index_changes = None, None, {}
        self.store._index.write(data)

    def _apply(self, data: dict[str, Any]) -> None:
        got = data.setdefault(REVIEWS, {})
        for rid, row in self.index_changes.items():
            if row is None:
                got.pop(rid, None)
            else:
                got[rid] = row

    def _index_tables(self) -> tuple[dict[str, Any], dict[str, Any]]:
        """The index's raw data and its summaries, parsed and changed in place.

        Rows are written straight into the held data rather than through
        TinyDB's table API, which copies a whole table per operation: with
        10,000 reviews that copying was most of a save's time. The file is
        marked changed (its write is deferred until commit).
        """
        self.materialize()
        data = self.store._index.read() or {}
        self.store._index.write(data)
        return data, data.setdefault(REVIEWS, {})

    def _open_tables(self) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
        """The open file's raw data, its open rows and its incident links, changed in place."""
        opened = self.store._open.read() or {}
        self.store._open.write(opened)
        return opened, opened.setdefault(OPEN, {}), opened.setdefault(LINKS, {})

    def _index_row(self, review_id: str) -> Any:
        """A review's index row as this save sees it (None when it has none)."""
        if self.lines is None:
            return self._index_tables()[1].get(review_id)
        if review_id in self.index_changes:
            return self.index_changes[review_id]
        return self.lines.row(review_id)

    def _index_put(self, review: Review) -> None:
        self.derived_changed(
            review.id,
            self._index_row(review.id),
            ReviewSummary.from_review(review).to_raw(),
            review,
        )

    def _index_remove(self, review_id: str) -> None:
        self.derived_changed(review_id, self._index_row(review_id), None, None)

    def derived_changed(
        self, review_id: str, old: Any, new: dict[str, Any] | None, review: Review | None
    ) -> None:
        """The one place every file derived from the reviews follows a review's change.

        ``old`` is the review's index row before this save (None for a new
        review), ``new`` its row now (None when deleted) and ``review`` the
        review as saved. A file derived from the reviews is updated here from
        those, and only here: the index row (patched or in the parsed index),
        the open commitments, which incident the review closes, and practice
        health's sums per month and the follow-up file (at commit,
        :func:`health_sums.follow`, :func:`followup_file.follow`).
        """
        if self.changed is not None:
            self.changed.append((old, new))
        opened: list[list[Any]] = []
        if self.lines is not None:
            self.index_changes[review_id] = new
        else:
            reviews = self._index_tables()[1]
            if new is None:
                reviews.pop(review_id, None)
            else:
                reviews[review_id] = new
        _opened, open_rows, links = self._open_tables()
        if old is not None:
            self._drop_open_rows(review_id, old, open_rows)
        row = link_row(review) if review is not None else None
        if row is None:
            links.pop(review_id, None)
        else:
            links[review_id] = row
        if review is not None:
            for c in review.commitments:
                if c.is_open:
                    open_rows[c.id] = OpenCommitment.raw_from(review, c)
                    opened.append(followup_file.open_row(c.id, open_rows[c.id]))
        if self.reviews_changed is not None:
            earlier = self.reviews_changed.get(review_id)  # changed twice: from before the save
            before = old if earlier is None else earlier.old
            self.reviews_changed[review_id] = followup_file.Change(review_id, before, new, opened)

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


def _shard_of_row(row: Any) -> str | None:
    review = row.get("review") if isinstance(row, dict) else None
    return Layout.shard_of(review) if isinstance(review, str) else None
