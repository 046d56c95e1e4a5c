"""Practice health's recurring causes, counted again in the background after a change to causes.

Recurrence is global, so a save that changes causes (the person's own or a
teammate's) leaves the kept sums right in every figure but the recurring
causes (see :func:`pmtui.store.health.kept_sums`). Counting them again from
the kept cause terms and groups takes a few hundred milliseconds of CPU at
10,000 reviews with real-worded causes: too long to start only once someone
opens the insights view. :class:`Recount` starts that count on a thread of
its own when the store changes (the app tells it from its watch of the
store, and once after it starts), so the count is usually kept by the time
the view is opened; the view then reads counted sums, or waits for the
count under way and takes its result (:meth:`Recount.counted`) without
reading the sums again.

One count at a time: changes that arrive while one runs are counted once
more after it, from the store as it is then. A count whose store changed
before its heavy part is dropped before that part; one whose store changed
after it still writes nothing (the sums are kept only while the store's
files are those it read, :meth:`Store.keep_health_sums`), and its result is
taken only by a view whose sums were read from those same files, so a
number counted for another state of the store is never shown. The thread
ends when there is nothing left to count; nothing here ever sums the index
or saves a review.
"""

from __future__ import annotations

import threading
import time
import weakref
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pmtui.domain.health_recurring import KeptRecurrence
from pmtui.store.health_sums import Known

if TYPE_CHECKING:
    from pmtui.store.repository import Store

QUIET_SECONDS = 0.3
"""A change is counted once the store has been quiet this long (a burst of saves, one count);
asked for by a view, at once."""
STARTED_SECONDS = 1.0
"""After the app starts, the look for a change made while it was closed waits this long: the
first frame, the home list and the first keys come first (nothing of practice health is
even imported before; a view asking for the count starts it at once)."""


@dataclass(frozen=True)
class Counted:
    """The recurring causes per month as counted for the store's files ``sources``."""

    sources: dict[str, Any]
    months: dict[str, int]


class Recount:
    """Counts recurrence again in the background, one count at a time, for one store."""

    def __init__(
        self,
        store: Store,
        stop_words: frozenset[str] | None = None,
        *,
        quiet: float = QUIET_SECONDS,
    ) -> None:
        self.store = store
        self.stop_words = stop_words
        self.quiet = quiet
        self._cond = threading.Condition()
        self._asked = 0
        """Changes told so far (each a number); the thread counts for the latest."""
        self._done = 0
        """The last change whose count has finished (or was found not needed)."""
        self._due = 0.0
        """When the next count may start (monotonic): after the store has been quiet."""
        self._waiting = 0
        """Views waiting for the count: it starts without waiting for quiet."""
        self._thread: threading.Thread | None = None
        self._result: Counted | None = None
        self.kept = KeptRecurrence()
        """What the last count found, for the next (see :mod:`pmtui.domain.health_recurring`)."""
        self._known = Known()
        self.counts = 0
        """Counts run to their end (for tests: a burst of changes is counted once)."""

    def changed(self, *, after: float | None = None) -> None:
        """The store changed (or the app started): count again once it has been quiet for
        ``after`` seconds (:attr:`quiet` unless given). Cheap, on any thread: it starts the
        counting thread if none runs."""
        with self._cond:
            self._asked += 1
            due = time.monotonic() + (self.quiet if after is None else after)
            # each change starts the quiet time again, unless a view waits for the count
            self._due = min(self._due, due) if self._waiting else due
            self._start()
            self._cond.notify_all()

    def counted(self, sources: dict[str, Any], timeout: float = 60.0) -> dict[str, int] | None:
        """The recurring causes per month counted for exactly the store's files ``sources``:
        those of the count already finished, else of the one under way (or started now)
        once it ends; None if the store changed meanwhile or the kept terms cannot count
        them (the caller counts its own way then)."""
        with self._cond:
            if self._result is not None and self._result.sources == sources:
                return self._result.months
            if self._done == self._asked:  # nothing under way or waiting: count now
                self._asked += 1
            wanted = self._asked
            self._due = time.monotonic()  # someone waits: no quiet wait
            self._start()
            self._cond.notify_all()
            end = time.monotonic() + timeout
            self._waiting += 1
            try:
                while self._done < wanted:
                    left = end - time.monotonic()
                    if left <= 0:
                        return None
                    self._cond.wait(left)
            finally:
                self._waiting -= 1
            result = self._result
        return result.months if result is not None and result.sources == sources else None

    def _start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(
                target=self._run, name="pmtui-health-recount", daemon=True
            )
            self._thread.start()

    def _run(self) -> None:
        while True:
            with self._cond:
                while True:
                    if self._done == self._asked:
                        self._thread = None  # nothing left: the next change starts another
                        return
                    wait = self._due - time.monotonic()
                    if wait <= 0:
                        break
                    self._cond.wait(wait)  # a change meanwhile moves the time on
                wanted = self._asked
            try:
                result = self._count(wanted)
            except Exception:  # a cache: whatever failed, the view counts its own way
                result = None
            with self._cond:
                if result is not None or self._asked == wanted:
                    self._result = result
                    self._done = wanted
                self._cond.notify_all()

    def _count(self, wanted: int) -> Counted | None:
        """Count for the store as it is now; None when the sums do not hold or cannot count
        (or the store changed again before the heavy part: the next round counts).

        One pmtui on the store counts at a time (:meth:`Store.health_count_lock`): one
        that waited for another's count finds the sums counted and reads them. The count
        starts from what this one kept of its last (:attr:`kept`), reading only the months
        whose terms changed; its result is given to a waiting view once it is written.
        """
        from pmtui.domain.wordlists import stop_words as team_stop_words
        from pmtui.store.health_sums import words_key

        words = self.stop_words if self.stop_words is not None else team_stop_words()
        key = words_key(words)
        fresh = not self.kept.counted
        if not self.store.health_sums_to_count(key):
            if fresh:  # counted already: what counting them finds is kept for the next change
                self._prime(key)
            return None  # counted already (here or by another pmtui), or not kept: no work
        with self.store.health_count_lock():
            if fresh:
                self._known = Known()
            got = self.store.health_terms_to_count(key, self._known, groups=fresh)
            if got is None:  # counted by another pmtui meanwhile, or the store changed
                kept = self.store.kept_health_sums(terms=key)
                if kept is None or kept[1] != key:
                    return None
                return Counted(kept[3], recurring(kept[0]))
            months, groups, digests, sources = got
            with self._cond:
                if self._asked != wanted:
                    return None  # changed again already: counted in the next round
            counted = self.kept.count(months, groups)  # terms of the wrong shape raise
            self._known.terms = digests
            result = Counted(sources, counted)
            self.counts += 1
            # written before it is given: a pmtui stopped right after showing the count
            # (between the groups file and the head) would leave groups the head does not
            # name, and the next count would group every cause again
            self.store.keep_health_counted(
                sources, key, counted, self.kept.kept_groups(), self._known
            )
            self._give(wanted, result)
            self.kept.index()  # for the next change, once this one is given
            return result

    def _prime(self, key: str) -> None:
        """Count the sums counted already, and keep what the count finds: a change the
        store sees next is counted from it, reading and grouping only what changed (the
        first count in a process otherwise reads and groups every cause). Nothing is
        written; sums not kept or not counted with ``key`` are left be."""
        self._known = Known()
        got = self.store.health_terms_to_count(key, self._known, groups=True, counted=True)
        if got is not None:
            months, groups, digests, _sources = got
            self.kept.count(months, groups)
            self.kept.index()
            self._known.terms = digests

    def _give(self, wanted: int, result: Counted) -> None:
        """The result to the views waiting for it, before it is written."""
        with self._cond:
            if self._asked == wanted:
                self._result = result
                self._done = wanted
                self._cond.notify_all()


def recurring(sums: dict[str, Any]) -> dict[str, int]:
    """Each month's recurring causes in counted sums."""
    return {month: int(m["recurring"]) for month, m in sums["months"].items()}


def with_recurring(sums: dict[str, Any], months: dict[str, int]) -> dict[str, Any]:
    """Sums read with their recurring causes still to count (``kept_sums(count=False)``), with
    those counted for the same files: what :func:`pmtui.store.health.kept_sums` gives."""
    from pmtui.domain.health import RECURRING_STALE

    out = {k: v for k, v in sums.items() if k not in (RECURRING_STALE, SOURCES)}
    out["months"] = {k: {**m, "recurring": months.get(k, 0)} for k, m in sums["months"].items()}
    return out


SOURCES = "sources"
"""In sums whose recurring causes are still to count: the store's files they were read from."""

_ALL: weakref.WeakKeyDictionary[Store, Recount] = weakref.WeakKeyDictionary()
_ALL_LOCK = threading.Lock()


def recount_for(store: Store) -> Recount:
    """The one background count of ``store`` (made the first time it is asked for)."""
    with _ALL_LOCK:
        got = _ALL.get(store)
        if got is None:
            got = _ALL[store] = Recount(store)
        return got
