"""The app's side of syncing: the unsynced count, a sync in a thread, and ``sync = auto``.

The store stays the app's source of truth: a sync runs in a worker thread
(git in child processes), holds the store's lock only while it writes the
merged reviews, and never blocks typing; open reviews take what came in
through their usual live updates. Nothing syncs on its own unless the
user's ``config.toml`` says ``sync = "auto"``; then the app syncs when it
starts and about every minute, and speaks up only when something came in or
the remote cannot be reached.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property
from typing import TYPE_CHECKING, NamedTuple

from pmtui.store.errors import StoreError

if TYPE_CHECKING:
    from pmtui.store.opener import StoreOpener
    from pmtui.store.sync.engine import Syncer, SyncStatus
    from pmtui.store.sync.report import SyncReport

AUTO_EVERY = 60.0
"""Seconds between two automatic syncs."""


class SyncOutcome(NamedTuple):
    """What one sync in the app did: its report, or why it could not run (a named tuple:
    the module loads before the first frame, where a dataclass costs building)."""

    report: SyncReport | None
    error: str | None
    auto: bool


class AppSync:
    """One store's sync as the app uses it; every method but :meth:`configured` may block
    (call from a worker thread)."""

    def __init__(self, store: StoreOpener, user: str) -> None:
        self._store = store
        self.user = user
        self.running = False
        self.last_problem: str | None = None

    @cached_property
    def syncer(self) -> Syncer:
        from pmtui.store.sync.engine import Syncer

        return Syncer(self._store(), user=self.user, interactive=False)

    def configured(self) -> bool:
        """Whether the store syncs (asks only where its files are: opens nothing)."""
        from pmtui.store.sync.paths import SyncPaths

        return SyncPaths.of(self._store.layout).configured

    def unsynced(self) -> SyncStatus | None:
        """What waits to be synced, or ``None`` when this store does not sync."""
        if not self.configured():
            return None
        try:
            return self.syncer.unsynced()
        except (StoreError, OSError):
            return None

    def run(self, *, auto: bool, done: Callable[[SyncOutcome], None]) -> None:
        """One sync round (in the calling thread); ``done`` gets the outcome."""
        self.running = True
        try:
            report = self.syncer.sync()
        except (StoreError, OSError) as exc:
            outcome = SyncOutcome(None, str(exc), auto)
        except Exception as exc:  # a sync in the background must never take the app down
            outcome = SyncOutcome(
                None,
                f"the sync stopped on an unexpected error ({exc!r}); nothing typed here is "
                "lost. Run `pmtui sync` in a terminal to try again and see more",
                auto,
            )
        else:
            outcome = SyncOutcome(report, None, auto)
        finally:
            self.running = False
        done(outcome)


def outcome_words(outcome: SyncOutcome, previous_problem: str | None) -> tuple[str, str] | None:
    """(title, text) to tell the user, or ``None`` when an automatic sync has nothing to say."""
    if outcome.error is not None:
        if outcome.auto and outcome.error == previous_problem:
            return None
        return "Not synced", outcome.error
    report = outcome.report
    assert report is not None
    news = bool(report.arrivals or report.kept or report.kept_here or report.kept_there)
    if outcome.auto and not news and (report.problem is None or report.problem == previous_problem):
        return None
    title = "Synced" if report.problem is None else "Not synced"
    return title, "\n".join(line.strip() for line in report.lines())
