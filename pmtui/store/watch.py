"""Being told when a store changes, without waking the app for nothing.

An open app must notice others' saves within a moment, yet cost next to
nothing while nothing changes (a team may keep ten apps open all day on one
host). :class:`StoreWatch` runs one thread that sleeps on file notifications
(watchfiles, inotify on Linux) for the store's directory and wakes its
caller when the index changes (every save of a review rewrites it) or the
incidents file does (logging an incident writes only that). It also wakes every
``fallback`` seconds: for the caller's look at who is here (every open app's
heartbeat would otherwise wake every other app), and as all there is when
notifications are missing (watchfiles not usable, a network file system that
sends none), when the caller's cheap check (one ``stat``) is the polling.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

from pmtui.store.layout import Layout

WATCH_ENV = "PMTUI_WATCH"
"""``poll`` turns file notifications off (a file system that sends none)."""
STEP_MS = 100
"""How often the watching thread looks for notifications (and how long it gathers them)."""
FALLBACK_SECONDS = 1.0


class StoreWatch:
    """Calls ``wake`` on its own thread when the store at ``index`` (may have) changed."""

    def __init__(
        self,
        index: Path,
        wake: Callable[[], None],
        *,
        fallback: float = FALLBACK_SECONDS,
        notify: bool | None = None,
    ) -> None:
        self.index = Path(index)
        self.directory = self.index.parent
        self.files = {self.index, Layout.for_store(self.index).incidents}
        self.wake = wake
        self.fallback = fallback
        self.notify = os.environ.get(WATCH_ENV) != "poll" if notify is None else notify
        self.mode = "notifications" if self.notify else "polling"
        """``notifications``, or ``polling`` when they could not be had."""
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="store-watch", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()

    def join(self, timeout: float | None = None) -> None:
        self._thread.join(timeout)

    def _relevant(self, _change: object, path: str) -> bool:
        return Path(path) in self.files

    def _wakes(self) -> Iterator[None]:
        """One item per reason to look: a change, or ``fallback`` seconds gone by."""
        if self.notify:
            try:
                import watchfiles

                if self.directory.is_dir():
                    for _changes in watchfiles.watch(
                        self.directory,
                        watch_filter=self._relevant,
                        stop_event=self._stop,
                        yield_on_timeout=True,
                        rust_timeout=int(self.fallback * 1000),
                        debounce=STEP_MS,
                        step=STEP_MS,
                        ignore_permission_denied=True,
                        recursive=False,  # shards, backups, presence: not a reason to wake
                    ):
                        yield
                    return
            except Exception:  # no inotify left, an odd file system: poll instead
                pass
            self.mode = "polling"
        while not self._stop.wait(self.fallback):
            yield

    def _run(self) -> None:
        for _ in self._wakes():
            if self._stop.is_set():
                return
            with contextlib.suppress(Exception):  # the caller reports its own errors
                self.wake()
