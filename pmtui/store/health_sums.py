"""Practice health's sums per month, kept beside the index: a cache, never the truth.

The figures (:mod:`pmtui.domain.health`) are sums over every review; with
10,000 reviews, reading the 12 MB index and summing it took most of a
second. The directory ``pmtui.health`` holds the sums
(:func:`pmtui.domain.health.month_sums`), one small file a month
(``2026-10.json``) and ``head.json``: a save takes the part of each review it
changes out of the months that part is in and puts the new part in
(:func:`follow`, from :mod:`pmtui.store.transaction`), rewriting those few
months and the head, so the insights view and ``pmtui health`` read a few
small files and a save pays for the months it changes, not for every month.

The head records what the sums were built from, as the first-screen file
does (:mod:`pmtui.store.first_screen`): the index's signature, the save
generation and the shards' signatures, with the version of the per-review
numbers, the stop words recurrence compared causes with, a checksum of each
month's file and a checksum of itself. The sums are used only while all of
them hold; anything else (a save by an older pmtui, a restore, a sync, a
hand edit of the index or of these files, a damaged or missing file, a save
caught halfway) makes them unused: the figures are summed from the index
again and the files written anew. Recurrence is global (a new cause can make
an old one recur): a save that changes causes marks it to be counted again
on the next look, from the terms of every review's causes kept beside each
month's sums (``2026-10.terms.json``, read only for that count; the head
records the stop words they were found with). Backups, restores and syncs
ignore the directory.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import os
import re
import secrets
import stat
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson

from pmtui.domain.health import BLAME_KEYS, SETTLED_KEYS, SHALLOW_KEYS, add_row, cause_terms
from pmtui.domain.summary import ReviewSummary, created_order
from pmtui.domain.verdicts import NUMBERS_VERSION, numbers_current
from pmtui.domain.wordlists import stop_words as team_stop_words
from pmtui.store.atomic import ensure_dir
from pmtui.store.lock import flock_within

VERSION = 5
"""3: each month keeps its reviews' cause terms, and the head the stop words they were found
with (``terms``), so recurrence is counted again without reading the index; 4: the groups of
alike cause terms of the last count are kept too (``groups.json``), so the next count
regroups only what changed; 5: commitments counted in the month first due, a re-planned one
as re-planned (sums kept by an older pmtui are summed again, never mixed)."""
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
HEAD = "head.json"
_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
TERMS = ".terms.json"
"""A month's cause terms are in ``2026-10.terms.json`` beside its sums in ``2026-10.json``."""
GROUPS = "groups.json"
"""The groups of alike cause terms as recurrence was last counted, with every term set it
grouped (:func:`pmtui.domain.health.kept_groups`)."""
_FILE = re.compile(r"^(\d{4}-(?:0[1-9]|1[0-2]))(?:\.terms)?\.json$")
_ERRORS = (OSError, ValueError, TypeError, KeyError, AttributeError, IndexError)
"""What a damaged, foreign or half-written file can raise while read: it is then not used."""


class _Unusable(Exception):
    """A month's file is not the one the head names."""


def words_key(stop_words: frozenset[str]) -> str:
    """A fingerprint of the stop words the causes were compared with."""
    return _digest("\n".join(sorted(stop_words)).encode("utf-8", "surrogatepass"))


def read(
    directory: Path, sources: dict[str, Any], *, terms: bool | str = False
) -> tuple[dict[str, Any], str | None, str | None] | None:
    """The sums, the fingerprint of the stop words recurrence was counted with (None: to be
    counted again) and of those the kept cause terms were found with (None: not kept), if
    built from exactly ``sources`` (else None).

    ``terms``: each month with its cause terms (they are most of the bytes); a
    fingerprint: only when they can count recurrence again with those stop words
    and it needs to be.
    """
    try:
        with _Dir.opened(directory) as own:
            head = _read_head(own, sources)
            if head is None:
                return None
            if isinstance(terms, str):
                terms = head["words"] != terms and head["terms"] == terms
            months = {}
            for month, digest in head["months"].items():
                months[month] = _read_month(own, month, digest)
                if terms:
                    months[month]["terms"] = _read_terms(own, month, head["causes"][month])
            sums = {"total": head["total"], "unfilled": head["unfilled"], "months": months}
            if terms:
                sums["groups"] = _read_groups(own, head["groups"])
            return sums, head["words"], head["terms"]
    except (*_ERRORS, _Unusable):
        return None  # summed from the index instead


def to_count(directory: Path, sources: dict[str, Any], key: str) -> bool:
    """Whether sums built from exactly ``sources`` are kept with their recurring causes still
    to count, and cause terms found with the stop words ``key`` to count them (the head
    alone is read)."""
    try:
        with _Dir.opened(directory) as own:
            head = _read_head(own, sources)
    except (*_ERRORS, _Unusable):
        return False
    return head is not None and head["words"] != key and head["terms"] == key


class Known:
    """What one process last read of the sums' files, by checksum, so an unchanged file is
    not read again: the checksum of each month's terms counted, and each month's
    recurring count as written."""

    def __init__(self) -> None:
        self.terms: dict[str, str] = {}
        self.recurring: dict[str, tuple[str, int]] = {}


def terms_to_count(
    directory: Path,
    sources: dict[str, Any],
    key: str,
    known: Known,
    *,
    groups: bool = False,
    counted: bool = False,
) -> tuple[dict[str, dict[str, Any] | None], dict[str, Any] | None, dict[str, str]] | None:
    """Each month's cause terms of the sums built from exactly ``sources``, when their
    recurring causes wait to be counted with the stop words ``key`` (else None),
    (``groups``) the groups of alike terms the last count kept, and the checksums of the
    terms files (for ``known.terms`` once counted). A month whose terms file has the
    checksum ``known`` has for it is not read again: None in its place. ``counted``: also
    when they are counted already (to keep what counting them finds)."""
    try:
        with _Dir.opened(directory) as own:
            head = _read_head(own, sources)
            if head is None or (head["words"] == key and not counted) or head["terms"] != key:
                return None
            months: dict[str, dict[str, Any] | None] = {}
            for month, digest in head["causes"].items():
                same = known.terms.get(month) == digest
                months[month] = None if same else _read_terms(own, month, digest)
            kept = _read_groups(own, head["groups"]) if groups else None
            return months, kept, dict(head["causes"])
    except (*_ERRORS, _Unusable):
        return None


def keep_counted(
    directory: Path,
    sources: dict[str, Any],
    key: str,
    recurring: dict[str, int],
    groups: dict[str, Any],
    known: Known,
    mode: int,
) -> bool:
    """Write the recurring causes counted with the stop words ``key`` for the sums built
    from exactly ``sources``: the months whose count changed, the groups of alike terms,
    then the head saying they are counted. Nothing, if the sums are no longer those (a
    save since, or another pmtui counted). Whether it wrote them."""
    with contextlib.suppress(*_ERRORS, _Unusable), _Dir.opened(directory) as own:
        _clean_temporary(own)
        head = _read_head(own, sources)
        if head is None or head["words"] == key or head["terms"] != key:
            return False
        if head["months"].keys() != recurring.keys():
            return False
        digests = dict(head["months"])
        for month, digest in head["months"].items():
            was = known.recurring.get(month)
            if was is not None and was[0] == digest and was[1] == recurring[month]:
                continue
            m = _read_month(own, month, digest)
            if m["recurring"] != recurring[month]:
                m["recurring"] = recurring[month]
                digests[month] = _put(own, f"{month}.json", m, mode, None)
            known.recurring[month] = (digests[month], recurring[month])
        grouped = _put(own, GROUPS, groups, mode, None)
        sums = {"total": head["total"], "unfilled": head["unfilled"]}
        _write_head(own, sums, (digests, head["causes"]), sources, (key, key, grouped), mode)
        return True
    return False


LOCK = "count.lock"
"""The file pmtuis sharing a store take a lock on to count recurrence one at a time."""


@contextlib.contextmanager
def count_lock(directory: Path, mode: int, wait: float = 30.0) -> Iterator[None]:
    """Count recurrence holding the lock on :data:`LOCK`, so pmtuis open on one store count
    once per change: one counts, the others wait for it and then find the sums counted.
    The lock is the kernel's (``flock``): a pmtui that stops while it holds it lets it go.
    Waiting longer than ``wait`` seconds, or no lock to take (a read-only store), the
    count goes on without it (counting twice is slower, never wrong)."""
    fd = None
    with contextlib.suppress(OSError), _Dir.opened(directory) as own:
        try:
            fd = os.open(LOCK, os.O_RDWR | os.O_CREAT | _NOFOLLOW | _CLOEXEC, mode, dir_fd=own.fd)
        except PermissionError:  # a teammate's lock file: a lock is taken on it read-only
            fd = os.open(LOCK, os.O_RDONLY | _NOFOLLOW | _CLOEXEC, dir_fd=own.fd)
        if os.fstat(fd).st_uid == os.geteuid():
            os.fchmod(fd, mode)  # the umask must not keep a teammate from taking it
    try:
        if fd is not None:
            with contextlib.suppress(OSError):  # no locks here: counted without one
                flock_within(fd, wait)
        yield
    finally:
        if fd is not None:
            os.close(fd)


STALE_SECONDS = 60.0
"""A temporary file in the sums' directory older than this, that no pmtui holds, was left
by a pmtui that stopped in the middle of writing it: the next count removes it."""
_TEMPORARY = re.compile(r"^\..+\.[0-9a-f]{12}\.tmp$")


def _clean_temporary(directory: _Dir, now: float | None = None) -> None:
    """Remove the temporary files a pmtui stopped mid-write left behind: regular files of
    the name :meth:`_Dir.write` gives them, older than :data:`STALE_SECONDS`, that no
    pmtui still writes (each writer holds a lock on its file while it writes)."""
    now = time.time() if now is None else now
    for name in directory.names():
        if not _TEMPORARY.match(name):
            continue
        with contextlib.suppress(OSError):
            fd = os.open(
                name, os.O_RDONLY | _NOFOLLOW | _CLOEXEC | os.O_NONBLOCK, dir_fd=directory.fd
            )
            try:
                info = os.fstat(fd)
                if not stat.S_ISREG(info.st_mode) or now - info.st_mtime < STALE_SECONDS:
                    continue
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # held: still being written
                os.unlink(name, dir_fd=directory.fd)
            finally:
                os.close(fd)


def write(
    directory: Path,
    sums: dict[str, Any],
    sources: dict[str, Any],
    words: str | None,
    mode: int,
    dir_mode: int,
) -> None:
    """Replace the whole set (months, then the head): sums whose recurrence was counted, and
    whose cause terms were found, with the stop words ``words``, with the groups of alike
    terms that count found (``groups`` in the sums, if there). A store that cannot take it
    (read-only, full) just sums from the index.

    The single file an older pmtui kept the sums in (``pmtui.health.json``) is
    removed then, if it is a regular file (a link in its place is left alone).
    """
    with contextlib.suppress(*_ERRORS):
        ensure_dir(directory, dir_mode)
        with _Dir.opened(directory) as own:
            _clean_temporary(own)
            digests, causes = {}, {}
            for month, m in sums["months"].items():
                digests[month], causes[month] = _put_month(own, month, m, mode)
            groups = sums.get("groups")
            grouped = None
            if groups is None:
                own.unlink(GROUPS)
            else:
                grouped = _put(own, GROUPS, groups, mode, _on_disk(own, GROUPS))
            _write_head(own, sums, (digests, causes), sources, (words, words, grouped), mode)
            for name in own.names():
                found = _FILE.match(name)
                if found and found.group(1) not in digests:
                    own.unlink(name)
        _remove_regular(directory.with_name(directory.name + ".json"))


def follow(
    directory: Path,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    changed: list[tuple[Any, Any]] | None,
    mode: int,
) -> None:
    """After a save: each changed review's old part out of its months, its new part in.

    ``before`` and ``after`` are the store's files' signatures around the
    save, ``changed`` each review's index row before and after it (``None``
    when a repair rebuilt rows wholesale). Only the months those parts are
    in are read and written, then the head with the new signatures. Sums
    that did not match the store before the save are left alone (they stay
    unused); a cause changed, or a review with causes added or removed, marks
    recurrence to be counted again. Never fails the save: the files are a cache.
    """
    if before is None or after is None or changed is None:
        return
    try:
        with _Dir.opened(directory) as own:
            head = _read_head(own, before)
            if head is None:
                return
            words, kept_terms, groups = head["words"], head["terms"], head["groups"]
            stop = team_stop_words()
            if kept_terms != words_key(stop):
                kept_terms = groups = None  # other stop words: not kept up to date any more
            seen: dict[str, str] = {}
            months = _Months(own, head["months"], head["causes"])
            sums = {"total": head["total"], "unfilled": head["unfilled"], "months": months}
            for old, new in changed:
                if _causes(old) != _causes(new):
                    words = None
                for raw, sign in ((old, -1), (new, 1)):
                    if raw is None:
                        continue
                    row = ReviewSummary.from_raw(raw)
                    if not numbers_current(row.health):
                        return  # a row of another pmtui's: summed from the index next time
                    found = None
                    if sign > 0 and kept_terms is not None:
                        found = cause_terms(row.cause_statements, stop, seen)
                    add_row(sums, row, raw["health"], sign=sign, terms=found)
            digests, causes = dict(head["months"]), dict(head["causes"])
            for month in months.asked:
                if month in months:
                    was = (digests.get(month), causes.get(month))
                    digests[month], causes[month] = _put_month(own, month, months[month], mode, was)
                elif digests.pop(month, None) is not None:
                    causes.pop(month, None)
                    own.unlink(f"{month}.json")
                    own.unlink(f"{month}{TERMS}")
            _write_head(own, sums, (digests, causes), after, (words, kept_terms, groups), mode)
    except (*_ERRORS, _Unusable):
        return  # the head still names the files as they were: unused until summed again


class _Months(dict[str, Any]):
    """The months of the sums, each read from its file the first time it is asked for."""

    def __init__(self, directory: _Dir, digests: dict[str, str], causes: dict[str, str]) -> None:
        super().__init__()
        self.directory = directory
        self.digests = digests
        self.causes = causes
        self.asked: set[str] = set()

    def get(self, key: str, default: Any = None) -> Any:
        if key not in self.asked:
            self.asked.add(key)
            digest = self.digests.get(key)
            if digest is not None:
                m = _read_month(self.directory, key, digest)
                m["terms"] = _read_terms(self.directory, key, self.causes[key])
                self[key] = m
        return super().get(key, default)


class _Dir:
    """The sums' directory, opened once without following a link.

    Every file in it is read, written and removed relative to that open
    directory, never by path: a link planted in the store's directory in
    place of ``pmtui.health`` (or swapped in while pmtui works) is never
    followed, so nothing is read from, written to or removed in a directory
    of someone else's; and a link in place of a file in it is refused.
    """

    def __init__(self, fd: int) -> None:
        self.fd = fd

    @classmethod
    @contextlib.contextmanager
    def opened(cls, directory: Path) -> Iterator[_Dir]:
        """The directory itself; a link (or anything else) raises OSError."""
        fd = os.open(directory, os.O_RDONLY | os.O_DIRECTORY | _NOFOLLOW | _CLOEXEC)
        try:
            yield cls(fd)
        finally:
            os.close(fd)

    def names(self) -> list[str]:
        return os.listdir(self.fd)

    def read(self, name: str) -> bytes | None:
        """A regular file's bytes, None if absent; a link or anything else raises OSError."""
        try:
            fd = os.open(name, os.O_RDONLY | _NOFOLLOW | _CLOEXEC, dir_fd=self.fd)
        except FileNotFoundError:
            return None
        with os.fdopen(fd, "rb") as fh:
            if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
                raise IsADirectoryError(errno.EISDIR, "not a regular file", name)
            return fh.read()

    def write(self, name: str, data: bytes, mode: int) -> None:
        """Replace ``name`` whole: readers see the old file or the new one.

        Not synced to disk: a file a crash left short or empty fails its
        checksum and the sums are summed again, so a cache need not wait for
        the disk (about 25 months' files made a rewrite take a third of a
        second on a busy disk).
        """
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _CLOEXEC
        tmp = f".{name}.{secrets.token_hex(6)}.tmp"
        fd = os.open(tmp, flags, 0o600, dir_fd=self.fd)
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX)  # not stale while written (_clean_temporary)
                os.fchmod(fd, mode)
                view = memoryview(data)
                while view:
                    view = view[os.write(fd, view) :]
            finally:
                os.close(fd)
            os.replace(tmp, name, src_dir_fd=self.fd, dst_dir_fd=self.fd)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp, dir_fd=self.fd)
            raise

    def unlink(self, name: str) -> None:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(name, dir_fd=self.fd)


def _remove_regular(path: Path) -> None:
    """Remove ``path`` if it is a regular file; a link, a directory or nothing is left be."""
    with contextlib.suppress(OSError):
        if stat.S_ISREG(os.lstat(path).st_mode):
            path.unlink()  # the name itself: unlink never follows a link


def _digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def _head_check(head: dict[str, Any]) -> str:
    keys = (
        "version",
        "numbers",
        "words",
        "terms",
        "sources",
        "total",
        "unfilled",
        "months",
        "causes",
        "groups",
    )
    return _digest(orjson.dumps([head.get(k) for k in keys]))


def _read_head(directory: _Dir, sources: dict[str, Any]) -> dict[str, Any] | None:
    """The head, if it is whole, of this pmtui and built from exactly ``sources``."""
    got = directory.read(HEAD)
    if got is None:
        return None
    head = orjson.loads(got)
    if (
        not isinstance(head, dict)
        or head.get("version") != VERSION
        or head.get("numbers") != NUMBERS_VERSION
        or head.get("sources") != sources
        or head.get("check") != _head_check(head)
        or type(head.get("total")) is not int
        or type(head.get("unfilled")) is not int
        or not (head.get("words") is None or isinstance(head["words"], str))
        or not (head.get("terms") is None or isinstance(head["terms"], str))
        or not (head.get("groups") is None or isinstance(head["groups"], str))
        or not isinstance(head.get("months"), dict)
        or not all(
            isinstance(m, str) and _MONTH.match(m) and isinstance(d, str)
            for m, d in head["months"].items()
        )
        or not isinstance(head.get("causes"), dict)
        or head["causes"].keys() != head["months"].keys()
        or not all(isinstance(d, str) for d in head["causes"].values())
    ):
        return None
    return head


def _write_head(
    directory: _Dir,
    sums: dict[str, Any],
    digests: tuple[dict[str, str], dict[str, str]],
    sources: dict[str, Any],
    words: tuple[str | None, str | None, str | None],
    mode: int,
) -> None:
    """The head: ``words`` are the fingerprints of the stop words recurrence was counted
    with and of those the cause terms were found with (None: to count again, not kept), and
    the checksum of the groups of alike terms of the last count (None: not kept)."""
    head: dict[str, Any] = {
        "version": VERSION,
        "numbers": NUMBERS_VERSION,
        "words": words[0],
        "terms": words[1],
        "sources": sources,
        "total": sums["total"],
        "unfilled": sums.get("unfilled", 0),
        "months": dict(sorted(digests[0].items())),
        "causes": dict(sorted(digests[1].items())),
        "groups": words[2],
    }
    head["check"] = _head_check(head)
    directory.write(HEAD, orjson.dumps(head), mode)


def _read_month(directory: _Dir, month: str, digest: str) -> dict[str, Any]:
    """One month's sums, if its file is the one the head names and of the right shape."""
    got = directory.read(f"{month}.json")
    if got is None or _digest(got) != digest:
        raise _Unusable(month)
    m = orjson.loads(got)
    if not _well_formed(m):
        raise _Unusable(month)
    return m  # type: ignore[no-any-return]


def _put_month(
    directory: _Dir, month: str, m: dict[str, Any], mode: int, was: tuple[Any, Any] = (None, None)
) -> tuple[str, str]:
    """Write a month's sums and its cause terms, each in a file of its own (the terms are read
    only to count recurrence again), unless a file holds them already; their checksums.
    ``was``: the checksums the head has for them (else those of the files as they are)."""
    sums = {k: v for k, v in m.items() if k != "terms"}
    names = (f"{month}.json", f"{month}{TERMS}")
    return (
        _put(directory, names[0], sums, mode, was[0] or _on_disk(directory, names[0])),
        _put(directory, names[1], m["terms"], mode, was[1] or _on_disk(directory, names[1])),
    )


def _put(directory: _Dir, name: str, value: Any, mode: int, was: str | None) -> str:
    """Write ``value`` to ``name``, unless it holds it already (``was``: its checksum)."""
    data = orjson.dumps(value, option=orjson.OPT_SORT_KEYS)  # the same sums, the same bytes
    digest = _digest(data)
    if digest != was:
        directory.write(name, data, mode)
    return digest


def _read_terms(directory: _Dir, month: str, digest: str) -> dict[str, Any]:
    """A month's cause terms, if their file is the one the head names."""
    got = directory.read(f"{month}{TERMS}")
    if got is None or _digest(got) != digest:
        raise _Unusable(month)
    terms = orjson.loads(got)
    if not isinstance(terms, dict):
        raise _Unusable(month)
    return terms


def _read_groups(directory: _Dir, digest: str | None) -> dict[str, Any] | None:
    """The groups of alike cause terms of the last count, if their file is the one the head
    names and of the right shape; else None, and recurrence groups every cause again."""
    if digest is None:
        return None
    try:
        got = directory.read(GROUPS)
    except OSError:
        return None
    if got is None or _digest(got) != digest:
        return None
    with contextlib.suppress(ValueError):
        kept = orjson.loads(got)
        if (
            isinstance(kept, dict)
            and isinstance(kept.get("nodes"), str)
            and isinstance(kept.get("groups"), list)
            and all(
                isinstance(g, list) and all(isinstance(k, str) for k in g) for g in kept["groups"]
            )
        ):
            return kept
    return None


def _on_disk(directory: _Dir, name: str) -> str | None:
    """The checksum of the file ``name`` as it is now (None: absent, a link, unreadable):
    a month whose sums did not change is not written again."""
    try:
        data = directory.read(name)
    except OSError:
        return None
    return None if data is None else _digest(data)


def _well_formed(m: Any) -> bool:
    """The shape :func:`pmtui.domain.health.figures` reads of a month, checked before use."""
    if not isinstance(m, dict):
        return False
    if not all(
        isinstance(m.get(k), list) and len(m[k]) == len(keys) and all(type(n) is int for n in m[k])
        for k, keys in (("blame", BLAME_KEYS), ("shallow", SHALLOW_KEYS), ("settled", SETTLED_KEYS))
    ):
        return False
    if type(m.get("reviews")) is not int or type(m.get("recurring")) is not int:
        return False
    for k in ("blame_ids", "shallow_ids", "settled_ids"):
        ids = m.get(k)
        if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
            return False
    opened, follow_ups = m.get("open"), m.get("follow_ups")
    if not isinstance(opened, list) or not all(
        isinstance(e, list) and len(e) == 2 and isinstance(e[0], str) and isinstance(e[1], str)
        for e in opened
    ):
        return False
    return isinstance(follow_ups, list) and all(
        isinstance(e, list)
        and len(e) == 3
        and isinstance(e[0], str)
        and type(e[1]) is int
        and isinstance(e[2], str)
        for e in follow_ups
    )


def _causes(raw: Any) -> tuple[object, ...]:
    """What recurrence reads of a row: when it was held and its cause statements."""
    if raw is None:
        return ()
    causes = raw.get("causes") or ()
    if not causes:
        return ()
    top = bool((raw.get("health") or {}).get("top"))
    return (created_order(raw["created"]), raw["id"], top, tuple(c[1] for c in causes))
