"""The store of reviews: the only way the rest of pmtui reads and writes disk.

Layout (see docs/store.md): one TinyDB file holds the schema version, a
summary of every review and a table of open commitments; whole reviews live
in 64 TinyDB shard files picked by the review's UUID. A save locks the store,
re-reads whatever another process changed, rewrites one shard and then the
index, each atomically. The index records the signature of every shard it
was built from, so a shard that is newer than the index (a crash between
the two writes, a restore, a hand edit) is noticed and its summaries rebuilt.

This module is the store's face and its checks of the derived files against
the shards (and the migration they may call for); the other jobs have their
own modules: :mod:`~pmtui.store.transaction` (a save),
:mod:`~pmtui.store.views` (the lists kept between saves),
:mod:`~pmtui.store.routing` (which shard holds a review) and
:mod:`~pmtui.store.backups` (snapshots and restores).
"""

from __future__ import annotations

import bisect
import contextlib
import functools
import os
import stat
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, cast

from pmtui.domain.followup import DueQuery, InDueOrder
from pmtui.domain.incidents import Incident
from pmtui.domain.lazy import Built
from pmtui.domain.model import Review, ValidationError
from pmtui.domain.policy import IncidentLists, ReviewLink
from pmtui.domain.summary import (
    CARRY_OVER_ROWS,
    CARRY_OVER_WITHIN,
    LISTED,
    ListedReview,
    OpenCommitment,
    OpenDigest,
    ReviewSummary,
    WaitingReview,
    list_order,
)
from pmtui.domain.verdicts import Judge
from pmtui.store import (
    filesystem,
    first_screen,
    followup_file,
    generation,
    migrations,
    rows,
)
from pmtui.store.atomic import Signature, ensure_dir, read_file, stat_signature, sweep_temps
from pmtui.store.errors import (
    ConflictError,
    IncidentReviewedError,
    ListingStopped,
    NotFoundError,
    StoreDamagedError,
    StoreError,
    StoreTooNewError,
    StoreWriteError,
)
from pmtui.store.generation import Generation
from pmtui.store.incident_file import INCIDENTS, LINKS, links_from_rows
from pmtui.store.incidents import decode
from pmtui.store.layout import META, Layout
from pmtui.store.lock import StoreLock
from pmtui.store.routing import Shards
from pmtui.store.storage import AtomicJSONStorage, gc_paused, open_db
from pmtui.store.transaction import OPEN, REVIEWS, Transaction
from pmtui.store.views import ALL, Views, filter_open

if TYPE_CHECKING:
    # Imported where used: opening the app reads neither backups nor the health sums.
    from pmtui.store import backups as backups_mod

_F = TypeVar("_F", bound=Callable[..., Any])
_T = TypeVar("_T")
WAITING = ("waiting",)
"""The key of the kept list of reviews waiting for their follow-up, in order."""


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


LISTING_SLICE = 256
"""Rows :meth:`Store.listing` reads between two looks at whether to stop."""


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
        judge: Judge | None = None,
    ) -> None:
        """``check`` forces ``"signature"`` or ``"generation"`` (see :attr:`check`).

        ``judge`` is the coach, run on each fact and cause statement whose
        wording a save brings (:func:`pmtui.domain.verdicts.record_verdicts`);
        without one, statements are stored unjudged.
        """
        self.layout = Layout.for_store(Path(path))
        self.judge = judge
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
        storage = functools.partial(
            AtomicJSONStorage,
            mode=self.file_mode,
            damaged=self._damaged_error,
            generation=self._generation,
        )
        self._index = storage(self.layout.index, dump=rows.dump)
        self._index_db = open_db(self._index)
        self._open = storage(self.layout.open_rows)
        self._incidents = storage(self.layout.incidents)
        self._incidents_db = open_db(self._incidents)
        self._shards = Shards(self.layout, storage, self._damaged_error)
        self._views = Views(self.layout.index, self.layout.open_rows, self._damaged_error)
        self._listed: (
            tuple[tuple[Signature | None, object], dict[str, Any], list[ListedReview]] | None
        ) = None
        """What :meth:`listing` read: (index signature and generation, its meta, the list)."""
        self._follow_up_kept: tuple[dict[str, Any], InDueOrder, Built[WaitingReview]] | None = None
        """What the follow-up file held when last read: (its sources, commitments, waiting)."""
        self._follow_up_written: dict[str, Any] | None = None
        """The sources of the follow-up file this process last read or wrote."""
        self._checked: tuple[object, ...] | None = None
        self._fresh: dict[Path, tuple[object, ...]] = {}
        self._in_txn = False
        self._txn: Transaction | None = None
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
            got = self._keep(ALL, self._index, lambda: self._views.summaries(rows), len(rows))
        return list(got)

    @_serialized
    def listing(self, stop: Callable[[], bool] | None = None) -> list[ListedReview]:
        """Every review's summary as a list shows it (:class:`ListedReview`), newest first
        by the day it happened (:func:`~pmtui.domain.summary.list_order`).

        ``stop``, asked every few hundred rows of a read: true once what is read will not
        be shown (another screen opened): the read ends, raising :class:`ListingStopped`.

        Read row by row from the index, so the whole index is never held as
        objects (58 MB of them at 10,000 reviews, against about 15 MB for the
        list): what the home screen keeps while a review is open. Kept until
        the index changes. An index that is not as pmtui wrote it, stale or of
        another schema is read the whole way (:meth:`summaries`), which repairs
        or reports it.
        """
        kept = self._listed
        key = self._generation.key()
        if kept is not None and kept[0] == (stat_signature(self.layout.index), key):
            return list(kept[2])
        try:
            got = read_file(self.layout.index)
        except OSError:
            got = None
        lines = rows.Lines.of(got[0]) if got is not None else None
        meta = lines.meta if lines is not None else {}
        if (
            got is None
            or lines is None
            or meta.get("schema") != migrations.CURRENT_SCHEMA
            or not isinstance(meta.get("shards"), dict)
            or self._stale(meta, self._shard_signatures())
        ):
            self._listed = None
            return list[ListedReview](self.summaries())
        order: list[tuple[tuple[str, str], str, ListedReview]] = []
        try:
            with gc_paused(freeze=True):
                for n, (rid, row) in enumerate(lines.rows()):
                    if stop is not None and not n % LISTING_SLICE and n and stop():
                        raise ListingStopped
                    trimmed = {k: row[k] for k in LISTED if k in row}
                    order.append(
                        (
                            list_order(row.get("happened"), row["created"]),
                            rid,
                            ListedReview.from_raw(trimmed),
                        )
                    )
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise self._damaged(
                self.layout.index, f"a review summary is malformed ({exc!r})"
            ) from None
        read_as = (got[1], key)
        del lines, got
        order.sort(reverse=True)  # ids are unique: the summaries are never compared
        listed = [summary for _when, _rid, summary in order]
        self._listed = (read_as, meta, listed)
        return list(listed)

    @_serialized
    def summary(self, review_id: str) -> ReviewSummary:
        d = _existing(self._rows(self._index, REVIEWS).get(review_id), "review", review_id)
        return self._views.summary(d, review_id)

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
                got = self._keep(key, self._open, lambda: filter_open(every, want, due_by), 0)
            else:
                got = self._keep(
                    key,
                    self._open,
                    lambda: self._views.open_commitments(rows, want, due_by),
                    len(rows),
                )
        return list(got)

    def due(self, query: DueQuery, today: date) -> list[OpenCommitment]:
        """The open commitments ``query`` asks for on ``today``, soonest due first.

        ``pmtui due``, ``pmtui mine`` and ``pmtui followup`` all ask here, so
        they agree on what is due.
        """
        return self.open_commitments(owner=query.owner, due_by=query.due_by(today))

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
                return [self._views.digest(rows, today, within, top)]

            got = self._keep(key, self._open, build, 0)
        return cast(OpenDigest, got[0])

    @_serialized
    def first_screen(
        self,
        today: date,
        rows: int,
        *,
        within: timedelta = CARRY_OVER_WITHIN,
        top: int = CARRY_OVER_ROWS,
        stale_ok: bool = False,
    ) -> tuple[list[ListedReview], int, OpenDigest, IncidentLists[Incident]] | None:
        """The newest ``rows`` summaries, how many there are, the carry-over's digest and
        the incidents with the reviews started from them, from the first-screen file while
        it matches the store's files exactly (else None); with ``stale_ok``, also from a
        file built before the last save (what the store held then: the caller reads the
        whole store right after and shows what changed).

        Reads one small file and the incidents file, and stats the store's files:
        neither the index nor the open file is parsed, so it takes as long with ten
        thousand reviews as with ten. The digest counts overdue commitments only for
        the reviews returned.
        """
        # A stale file is used whatever it was built from, so with ``stale_ok`` its
        # sources are not looked at: not the shards, nor the save generation, whose first
        # look decides how this filesystem is checked (a probe file written and removed
        # in the store's directory, a write that can wait on a busy disk).
        sources = self._first_sources() if not stale_ok else first_screen.present(self.layout)
        got = (
            first_screen.read(self.layout.first_screen, sources, stale_ok=stale_ok)
            if sources
            else None
        )
        first = None if got is None else first_screen.listed(got, today, rows, within, top)
        if got is None or first is None:
            return None
        summaries, digest = first
        try:
            links = links_from_rows(got.links)
        except (KeyError, TypeError, ValueError, AttributeError):
            return None
        try:
            logged = self._build_incidents(self._incident_rows(peek=stale_ok))
            incidents = IncidentLists(logged, links)
        except StoreError as exc:  # as :meth:`incident_lists` reports it
            incidents = IncidentLists([], {}, problem=str(exc))
        return summaries, got.total, digest, incidents

    @_serialized
    def keep_first_screen(
        self,
        today: date,
        rows: int,
        *,
        within: timedelta = CARRY_OVER_WITHIN,
        top: int = CARRY_OVER_ROWS,
    ) -> None:
        """Write the first-screen file from the index and open file as read now, when it
        does not hold them already (the home screen calls this after a full read)."""
        sources = self._first_sources()
        if sources is None or first_screen.read(self.layout.first_screen, sources) is not None:
            return
        summaries = self.listing()
        digest = self.open_digest(today, within=within, top=top)
        open_rows = self._rows(self._open, OPEN)
        if self._listed is None:
            return  # the index is not as pmtui writes it: the next save writes it so
        read_as, meta, _listed = self._listed
        if self._built_from(meta, read_as) != sources:
            return  # someone saved meanwhile: the next read writes it
        listed = summaries[:rows]
        first = first_screen.FirstScreen(
            total=len(summaries),
            rows=[(s.id, cast(dict[str, Any], s.stored)) for s in listed],
            today=today,
            within_days=within.days,
            top=top,
            overdue=digest.overdue,
            due_soon=digest.due_soon,
            urgent=[(c.id, open_rows[c.id]) for c in digest.most_urgent],
            overdue_by_review={
                s.id: digest.overdue_by_review[s.id]
                for s in listed
                if s.id in digest.overdue_by_review
            },
            links=dict(self._rows(self._open, LINKS)),
        )
        first_screen.write(self.layout.first_screen, first, sources, self.file_mode)

    def health_sums(self, words: str) -> dict[str, Any] | None:
        """Practice health's sums per month from the files beside the index, cause terms
        included, while they match the store's files exactly and counted recurrence with the
        stop words ``words``."""
        got = self.kept_health_sums(terms=True)
        if got is None or got[1] != words:
            return None
        return got[0]

    @_serialized
    def kept_health_sums(
        self, *, terms: bool | str = False
    ) -> tuple[dict[str, Any], str | None, str | None, dict[str, Any]] | None:
        """The sums beside the index while they match the store's files exactly, with the
        fingerprints of the stop words recurrence was counted with (None: to be counted
        again) and of those their cause terms were found with (None: not kept), and the
        store's files they match (as :meth:`summaries_read` gives what it read from);
        ``terms``: each month with its causes' terms (a fingerprint: when they are needed
        to count recurrence again with those stop words, see :func:`health_sums.read`)."""
        from pmtui.store import health_sums

        sources = self._health_sources()
        got = health_sums.read(self.layout.health, sources, terms=terms) if sources else None
        if got is None or sources is None:
            return None
        return got[0], got[1], got[2], sources

    def health_sums_to_count(self, key: str) -> bool:
        """Whether the sums beside the index match the store's files and wait for their
        recurring causes to be counted from their cause terms (found with the stop words
        ``key``); reads their head alone (see :func:`health_sums.to_count`)."""
        from pmtui.store import health_sums

        sources = self._health_sources()
        return sources is not None and health_sums.to_count(self.layout.health, sources, key)

    def health_terms_to_count(
        self, key: str, known: Any, *, groups: bool = False, counted: bool = False
    ) -> tuple[dict[str, Any], dict[str, Any] | None, dict[str, str], dict[str, Any]] | None:
        """Each month's cause terms of the sums beside the index, while they match the
        store's files and wait for their recurring causes to be counted with the stop words
        ``key``, with the groups the last count kept (``groups``), the terms files'
        checksums and the store's files they match; months ``known`` (a
        :class:`health_sums.Known`) has are not read again (None); ``counted``: also when
        they are counted already."""
        from pmtui.store import health_sums

        sources = self._health_sources()
        if sources is None:
            return None
        got = health_sums.terms_to_count(
            self.layout.health, sources, key, known, groups=groups, counted=counted
        )
        return None if got is None else (*got, sources)

    def keep_health_counted(
        self,
        sources: dict[str, Any],
        key: str,
        recurring: dict[str, int],
        groups: dict[str, Any],
        known: Any,
    ) -> bool:
        """Write recurring causes counted for the sums as they were for ``sources``, unless
        the store changed since (see :func:`health_sums.keep_counted`)."""
        from pmtui.store import health_sums

        if self._health_sources() != sources:
            return False
        return health_sums.keep_counted(
            self.layout.health, sources, key, recurring, groups, known, self.file_mode
        )

    def health_count_lock(self) -> contextlib.AbstractContextManager[None]:
        """Held while this pmtui counts recurrence: one pmtui counts at a time per store."""
        from pmtui.store import health_sums

        return health_sums.count_lock(self.layout.health, self.file_mode)

    @_serialized
    def summaries_read(self) -> tuple[list[ReviewSummary], dict[str, Any] | None]:
        """:meth:`summaries`, with what they were read from (for :meth:`keep_health_sums`)."""
        rows = self.summaries()
        meta = self._meta_of(self._index.read() or {}, self.layout.index)
        return rows, self._built_from(meta, open_file=False)

    def keep_health_sums(
        self, sums: dict[str, Any], words: str, built_from: dict[str, Any] | None
    ) -> None:
        """Write the sums file from sums summed over the index read as ``built_from``,
        unless someone saved since (the next look writes it then)."""
        from pmtui.store import health_sums

        sources = self._health_sources()
        if sources is not None and sources == built_from:
            health_sums.write(
                self.layout.health, sums, sources, words, self.file_mode, self.dir_mode
            )

    def _health_sources(self, sources: dict[str, Any] | None = None) -> dict[str, Any] | None:
        """What the sums file must have been built from to be used now (the open file aside):
        ``sources`` (:meth:`_first_sources`, taken now when not given) without the open file."""
        sources = self._first_sources() if sources is None else sources
        return None if sources is None else {k: v for k, v in sources.items() if k != "open"}

    @_serialized
    def follow_up_lists(
        self, today: date
    ) -> tuple[InDueOrder, Sequence[ReviewSummary | WaitingReview]]:
        """What the follow-up view lists on ``today``: every open commitment, soonest due
        first, and the reviews whose follow-up has come, earliest first.

        Served from the follow-up file while it matches the store's files
        exactly (:mod:`pmtui.store.followup_file`), each row built when first
        read; otherwise both derived files are read whole, and the file is
        written for the next time.
        """
        sources = self._first_sources()
        warm = self._index.current and self._open.current
        kept = self._follow_up_kept
        if sources is not None and not warm and (kept is None or kept[0] != sources):
            got = followup_file.read(self.layout.follow_up, sources)
            kept = None if got is None else (sources, *_follow_up_rows(got))
        self._follow_up_kept = kept
        if sources is not None and not warm and kept is not None:
            self._follow_up_written = sources
            # In order of follow-up date (ISO text orders as the dates do): the due come first.
            came = bisect.bisect_right(kept[2], today.isoformat(), key=_follow_up_text)
            return kept[1], kept[2][:came]
        commitments = self.open_commitments()
        summaries = self.summaries()
        waiting = cast(list[ReviewSummary], self._cached_view(WAITING, self._index))
        if waiting is None:

            def build() -> list[ReviewSummary]:
                out = [s for s in summaries if s.follow_up_held is None and s.commitments > 0]
                out.sort(key=lambda s: (s.follow_up_on, s.title, s.id))
                return out

            waiting = self._keep(WAITING, self._index, build, len(summaries))
        return InDueOrder.of(commitments), [s for s in waiting if s.follow_up_on <= today]

    @_serialized
    def keep_follow_up(self) -> None:
        """Write the follow-up file from the lists read whole, when it does not hold them
        already (the follow-up view calls this after it has shown them).

        Does nothing unless this process holds the store's lists as they are
        on disk now (it read them whole and nobody saved since).
        """
        sources = self._first_sources()
        if sources is None or sources == self._follow_up_written:
            return
        if (
            not (self._index.current and self._open.current)
            or self._built_from(self._meta_of(self._index.read() or {}, self.layout.index))
            != sources
        ):
            return
        commitments = self._cached_view((None, None), self._open)
        waiting = self._cached_view(WAITING, self._index)
        if commitments is None or waiting is None:
            return
        open_rows = self._rows(self._open, OPEN)
        followup_file.write(
            self.layout.follow_up,
            [followup_file.open_row(c.id, open_rows[c.id]) for c in commitments],
            [followup_file.waiting_row(cast(dict[str, Any], s.stored)) for s in waiting],
            sources,
            self.file_mode,
        )
        self._follow_up_written = sources

    def _built_from(
        self,
        meta: dict[str, Any],
        read_as: tuple[Signature | None, object] | None = None,
        *,
        open_file: bool = True,
    ) -> dict[str, Any]:
        """What a derived file made now from what this process read was built from, as
        :meth:`_first_sources` records it: the index read as ``read_as`` (its signature
        and save generation; by default as last parsed) with its ``meta`` and, with
        ``open_file``, the open file as last read (a generation they do not share is
        never current). The first-screen, health and follow-up files all record this.
        """
        index_sig, key = read_as or (
            self._index.signature,
            cast(tuple[object, object], self._index.version)[1],
        )
        built: dict[str, Any] = {"index": list(index_sig or ())}
        if open_file:
            built["open"] = list(self._open.signature or ())
            if key != cast(tuple[object, object], self._open.version)[1]:
                key = "?"
        return {**built, "generation": key, "shards": meta.get("shards", {})}

    def _first_sources(self) -> dict[str, Any] | None:
        """What the first-screen file must have been built from to be used now."""
        key = self._generation.key()
        index = stat_signature(self.layout.index)
        opened = stat_signature(self.layout.open_rows)
        if index is None or opened is None or not (key is None or isinstance(key, str)):
            return None
        shards = {}
        for path in self.layout.shard_files():
            sig = stat_signature(path)
            if sig is None:
                return None
            shards[path.stem] = list(sig)
        return {"index": list(index), "open": list(opened), "generation": key, "shards": shards}

    @_serialized
    def get(self, review_id: str) -> Review:
        """The current version of one review (always re-read if another process saved it)."""
        doc = _existing(self._shards.table_of(review_id).get_id(review_id), "review", review_id)
        return self._shards.decode(review_id, dict(doc))

    @_serialized
    def resolve(self, prefix: str) -> str:
        """The full id of the review whose id starts with ``prefix``."""
        return _resolve(
            prefix,
            list(self._rows(self._index, REVIEWS)),
            "review",
            "the home screen and `pmtui export --all` show ids",
        )

    @_serialized
    def incidents(self) -> list[Incident]:
        """Every logged incident, in the order logged (one small file; kept until it changes)."""
        rows = self._incident_rows()
        got = self._cached_view(ALL, self._incidents)
        if got is None:
            got = self._keep(ALL, self._incidents, lambda: self._build_incidents(rows), len(rows))
        return list(got)

    @_serialized
    def incident(self, incident_id: str) -> Incident:
        doc = _existing(self._incident_rows().get(incident_id), "incident", incident_id)
        return self._decode_incident(incident_id, doc)

    @_serialized
    def resolve_incident(self, prefix: str) -> str:
        """The full id of the incident whose id starts with ``prefix``."""
        return _resolve(
            prefix, list(self._incident_rows()), "incident", "`pmtui incidents` shows ids"
        )

    @_serialized
    def incident_links(self) -> dict[str, ReviewLink]:
        """Incident id -> the review started from it; read from the small open-rows file."""
        rows = self._rows(self._open, LINKS)
        got = self._cached_view(LINKS, self._open)
        if got is None:

            def build() -> list[dict[str, ReviewLink]]:
                try:
                    return [links_from_rows(rows)]
                except (KeyError, TypeError, ValueError, AttributeError) as exc:
                    raise self._damaged(
                        self.layout.open_rows, f"an incident's review row is malformed ({exc!r})"
                    ) from None

            got = self._keep(LINKS, self._open, build, 0)
        return dict(cast(dict[str, ReviewLink], got[0]))

    def incident_lists(self) -> IncidentLists[Incident]:
        """The incidents and the reviews started from them, or why they cannot be read.

        A damaged incidents file must not hide the reviews: the screens that
        list both show the problem in place of the incidents.
        """
        try:
            return IncidentLists(self.incidents(), self.incident_links())
        except StoreError as exc:
            return IncidentLists([], {}, problem=str(exc))

    def reviews(self) -> Iterator[Review]:
        """Every review, whole (reads every shard: use summaries where they suffice)."""
        for path in self.layout.shard_files():
            with self._mutex:
                docs = list(self._shards.docs(path.stem).items())
            for rid, doc in docs:
                yield self._shards.decode(rid, doc, path)

    def token(self) -> object:
        """Changes whenever anyone saves to this store (a review or an incident); cheap to poll.

        With the generation check it holds the save generation too (a
        signature may not change), and while no finished save can be
        trusted it never equals an earlier token, so a poller reads again.
        """
        sig = (stat_signature(self.layout.index), stat_signature(self.layout.incidents))
        key = self._generation.key()
        return sig if key is None else (sig, key)

    def exists(self) -> bool:
        return self.layout.holds_reviews()

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
            review = _existing(txn.get(review_id), "review", review_id)
            change(review)
            return txn.put(review)

    def delete(self, review_id: str) -> Review:
        """Remove a review; returns it so the caller can offer undo."""
        with self.batch() as txn:
            review = _existing(txn.get(review_id), "review", review_id)
            txn.delete(review_id)
            return review

    def add_incident(self, incident: Incident) -> Incident:
        """Log an incident: only the incidents file is read and written (``pmtui log``)."""
        with self.incident_batch() as txn:
            if txn.get_incident(incident.id) is not None:
                raise StoreError(f"an incident with id {incident.id} already exists")
            return txn.put_incident(incident)

    def update_incident(self, incident_id: str, change: Callable[[Incident], object]) -> Incident:
        """Apply ``change`` to the freshest copy of an incident, under the lock, and save it."""
        with self.incident_batch() as txn:
            incident = _existing(txn.get_incident(incident_id), "incident", incident_id)
            change(incident)
            return txn.put_incident(incident)

    def delete_incident(self, incident_id: str) -> Incident:
        """Remove an incident; returns it so the caller can offer undo."""
        with self.incident_batch() as txn:
            incident = _existing(txn.get_incident(incident_id), "incident", incident_id)
            txn.delete_incident(incident_id)
            return incident

    def review_incident(self, incident_id: str, build: Callable[[Incident], Review]) -> Review:
        """Start the review of an incident, in one save; refused if one was started already.

        The new review carries the incident's id (it closes the incident once held);
        :class:`IncidentReviewedError` names the review someone started first.
        """
        with self.batch() as txn:
            incident = _existing(txn.get_incident(incident_id), "incident", incident_id)
            existing = txn.incident_review(incident_id)
            if existing is not None:
                raise IncidentReviewedError(incident_id, existing)
            review = build(incident)
            review.incident_id = incident.id
            return txn.put(review)

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
    def incident_batch(self) -> Iterator[Transaction]:
        """A batch that changes incidents only, reading and writing no other file.

        Logging an incident then costs the same with ten thousand reviews as
        with none. The first incident of a store goes through a whole batch,
        which brings an older store's files up to this schema first.
        """
        with self._mutex:
            if self._in_txn:
                raise StoreError("batches do not nest")
            with self._writing(light=self._incidents_current()) as txn:
                yield txn
        self._maybe_backup()

    @contextmanager
    def _writing(self, *, light: bool = False) -> Iterator[Transaction]:
        ensure_dir(self.layout.directory, self.dir_mode)
        with self._locked_for_writing():
            self._in_txn = True
            sweep_temps(self.layout.directory, self.layout.shards)
            txn = self._txn = Transaction(self, light=light)
            try:
                self._index.defer()
                self._open.defer()
                self._incidents.defer()
                if light:
                    self._incident_rows()  # checks the file's schema
                elif not txn.patch_rows():
                    self._tables(repair=txn)
                yield txn
                txn.commit()
            except BaseException:
                self._discard()
                raise
            finally:
                self._in_txn = False
                self._txn = None

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
        from pmtui.store import backups as backups_mod

        ensure_dir(self.layout.directory, self.dir_mode)
        with self._lock:
            return backups_mod.snapshot(
                self.layout, reason, self.clock(), self.keep_backups, self.dir_mode
            )

    def backups(self) -> list[backups_mod.Backup]:
        from pmtui.store import backups as backups_mod

        return backups_mod.list_backups(self.layout)

    @_serialized
    def restore(self, name: str | None = None) -> backups_mod.RestoreReport:
        """Repair damaged files from the newest good copies, or put back backup ``name``.

        Never takes away a review that could be read; what it replaces is
        first kept as a ``replaced`` backup (see :func:`backups_mod.restore`).
        """
        from pmtui.store import backups as backups_mod

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
            self._views.forget()
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
                    self._views.summaries(rows)
                else:
                    self._views.open_commitments(rows, None, None)
            except StoreDamagedError:
                damaged.append(source.path)
        return damaged

    # == internals =============================================================

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
            for storage in (self._index, self._open, self._incidents, *self._shards.storages()):
                storage.settle(before, after)

    def _maybe_backup(self) -> None:
        from pmtui.store import backups as backups_mod

        latest = backups_mod.latest_time(self.layout)
        if latest is None or self.clock() - latest >= self.backup_every:
            # A missed daily backup must never fail a save that succeeded.
            with contextlib.suppress(OSError, StoreError):
                self.backup("daily")

    def _cached_view(self, key: object, source: AtomicJSONStorage) -> list[Any] | None:
        """A list built earlier from ``source`` as it was last read (never inside a save)."""
        return None if self._in_txn else self._views.cached(key, source)

    def _keep(
        self, key: object, source: AtomicJSONStorage, build: Callable[[], list[Any]], rows: int
    ) -> list[Any]:
        """Build a list from ``source``'s rows and keep it until that file changes."""
        return self._views.keep(key, source, build, rows, keep=not self._in_txn)

    def _discard(self) -> None:
        self._index.discard()
        self._open.discard()
        self._incidents.discard()
        for storage in self._shards.storages():
            storage.discard()
        self._checked = None
        self._fresh = {}

    def _damaged(self, path: Path, reason: str) -> StoreDamagedError:
        return self._damaged_error(path, reason)

    def _incident_rows(self, *, peek: bool = False) -> dict[str, Any]:
        """The incidents table, its file's schema checked (a missing file: no incidents);
        with ``peek``, read without keeping it (:meth:`AtomicJSONStorage.peek`)."""
        data = (self._incidents.peek() if peek else self._incidents.read()) or {}
        if data:
            meta = self._meta_of(data, self.layout.incidents)
            found = meta.get("schema", migrations.CURRENT_SCHEMA)
            if found > migrations.CURRENT_SCHEMA:
                raise StoreTooNewError(self.layout.incidents, found, migrations.CURRENT_SCHEMA)
        return data.get(INCIDENTS, {})

    def _incidents_current(self) -> bool:
        """Whether the incidents file exists at this schema (then no other file needs a look)."""
        try:
            data = self._incidents.read() or {}
            meta = self._meta_of(data, self.layout.incidents) if data else {}
        except StoreDamagedError:
            return False  # the whole batch reports it, with the store's other checks
        return meta.get("schema") == migrations.CURRENT_SCHEMA

    def _build_incidents(self, rows: dict[str, Any]) -> list[Incident]:
        out = [self._decode_incident(iid, doc) for iid, doc in rows.items()]
        out.sort(key=lambda i: i.logged.replace(tzinfo=None))  # stable: ties keep file order
        return out

    def _decode_incident(self, incident_id: str, doc: dict[str, Any]) -> Incident:
        try:
            return decode(incident_id, dict(doc))
        except (ValidationError, TypeError, KeyError, ValueError) as exc:
            raise self._damaged(
                self.layout.incidents, f"it holds a malformed incident ({exc})"
            ) from None

    def _shard_signatures(self) -> tuple[tuple[str, Signature | None], ...]:
        return tuple((p.stem, stat_signature(p)) for p in self.layout.shard_files())

    def _tables(self, repair: Transaction | None = None) -> dict[str, dict[str, Any]]:
        """The index and open tables, checked against the schema and the shards on disk."""
        if self._txn is not None:
            self._txn.materialize()  # a save patching rows: the whole index, with its changes
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
        schema = meta.get("schema", migrations.CURRENT_SCHEMA)
        for path, found in (
            (self.layout.index, schema),
            (self.layout.open_rows, open_meta.get("schema", migrations.CURRENT_SCHEMA)),
        ):
            if found > migrations.CURRENT_SCHEMA:
                raise StoreTooNewError(path, found, migrations.CURRENT_SCHEMA)
        if schema < migrations.CURRENT_SCHEMA:
            self._migrate(schema, repair)
            return self._tables(repair)
        stale = self._stale(meta, sigs)
        if open_meta.get("schema", migrations.CURRENT_SCHEMA) < migrations.CURRENT_SCHEMA:
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
        if data and meta.get("schema") == migrations.CURRENT_SCHEMA and not self._stale(meta, sigs):
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
        if not isinstance(meta, dict):
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
        missing = migrations.missing_migrations(schema, migrations.CURRENT_SCHEMA)
        if missing:
            raise StoreError(
                f"cannot open {self.layout.index}: it uses store schema {schema} and this "
                f"pmtui has no migration from schema {missing[0]}. Nothing was changed."
            )
        from pmtui.store import backups as backups_mod

        backup = backups_mod.snapshot(
            self.layout,
            f"before-migration-v{schema}",
            self.clock(),
            self.keep_backups,
            self.dir_mode,
        )
        index = self._index.read() or {}
        shards = {p.stem: (self._shards(p.stem)[0].read() or {}) for p in self.layout.shard_files()}
        try:
            migrations.migrate(schema, index, shards, migrations.CURRENT_SCHEMA)
        except Exception as exc:
            raise StoreError(
                f"upgrading {self.layout.index} from store schema {schema} failed ({exc!r}). "
                f"Nothing was changed; {backup} holds the store as it was."
            ) from exc
        index.setdefault(META, {}).setdefault("meta", {})["schema"] = migrations.CURRENT_SCHEMA
        for key, tables in shards.items():
            self._shards(key)[0].defer()
            self._shards(key)[0].write(tables)
            txn.touched.add(key)
        self._index.write(index)
        txn.reconcile(list(shards))


def _follow_up_text(summary: ReviewSummary | WaitingReview) -> str:
    return cast(str, cast(dict[str, Any], summary.stored)["follow_up_on"])


def _follow_up_rows(got: followup_file.FollowUp) -> tuple[InDueOrder, Built[WaitingReview]]:
    """The follow-up file's lists, each row built from its line when first read.

    The file is checked whole when read (its checksum), so a row that fails to
    build is a defect of pmtui, not damage: it is not caught here.
    """

    def commitments(start: int, stop: int) -> list[OpenCommitment]:
        with gc_paused(freeze=True):  # rows that live on and hold no cycles
            return [OpenCommitment.from_values(row) for row in got.open_rows(start, stop)]

    def waiting(start: int, stop: int) -> list[WaitingReview]:
        with gc_paused(freeze=True):
            rows = got.waiting_rows(start, stop)
            return [WaitingReview.from_raw(row) for row in rows]

    return (
        InDueOrder(got.open, lambda i: commitments(i, i + 1)[0], commitments),
        Built(got.waiting, lambda i: waiting(i, i + 1)[0], waiting),
    )


def _with_tables(
    data: dict[str, dict[str, Any]], opened: dict[str, dict[str, Any]]
) -> dict[str, dict[str, Any]]:
    return {
        REVIEWS: data.get(REVIEWS, {}),
        OPEN: opened.get(OPEN, {}),
        LINKS: opened.get(LINKS, {}),
    }


def _existing(found: _T | None, what: str, key: str) -> _T:
    """``found``, or the error that there is no such review or incident."""
    if found is None:
        raise NotFoundError(f"no {what} with id {key}")
    return found


def _resolve(prefix: str, ids: list[str], what: str, where: str) -> str:
    """The one id in ``ids`` that is ``prefix`` or starts with it (4 characters at least)."""
    prefix = prefix.strip().lower()
    if prefix in ids:
        return prefix
    matches = [i for i in ids if i.startswith(prefix)] if len(prefix) >= 4 else []
    if not matches:
        raise NotFoundError(f"no {what} with id {prefix!r}; {where}")
    if len(matches) > 1:
        raise NotFoundError(f"{prefix!r} matches {len(matches)} {what}s; give more of the id")
    return matches[0]


def _is_shared_dir(directory: Path) -> bool:
    """A setgid store directory means a team store: files are group-writable."""
    try:
        return bool(os.stat(directory).st_mode & stat.S_ISGID)
    except FileNotFoundError:
        return False
