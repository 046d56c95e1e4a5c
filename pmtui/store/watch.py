"""Being told when a store changes, without waking the app for nothing.

An open app must notice others' saves within a moment, yet cost nothing
while nothing changes (a team may keep ten apps open all day on one host,
and an idle process that wakes ten times a second shows in ``top``).
:class:`StoreWatch` runs one thread that sleeps on file notifications for
the store's directory and wakes its caller when the index changes (every
save of a review rewrites it) or the incidents file does (logging an
incident writes only that). On Linux the thread blocks in the kernel on an
inotify descriptor (through libc, no timer at all); elsewhere watchfiles
does the watching (it looks for news every 0.1 s). A caller that needs a
look now and then even when nothing changed (the review's look at who is
here) asks for it with ``every``; one that wants to hear at once when
someone opens or leaves a review names the review's presence directory
(``people``), whose records put in place or removed wake it too. Where
notifications are missing (a network file system that sends none,
``PMTUI_WATCH=poll``) it wakes every
``fallback`` seconds, when the caller's cheap check (one ``stat``) is the
polling.
"""

from __future__ import annotations

import contextlib
import os
import select
import struct
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from pmtui.store.layout import Layout

WATCH_ENV = "PMTUI_WATCH"
"""``poll`` turns file notifications off (a file system that sends none)."""
STEP_MS = 100
"""How often the watching thread looks for notifications (and how long it gathers them)."""
FALLBACK_SECONDS = 1.0
_IN_EVENT = struct.Struct("iIII")
_IN_GONE = 0x400 | 0x800 | 0x8000
"""The directory deleted or moved away, the watch dropped: look once, then poll."""
_IN_MASK = 0x8 | 0x40 | 0x80 | 0x100 | 0x200 | 0x4 | _IN_GONE
"""Close-write, moved from/to, create, delete, attributes: every way a file is replaced."""
_IN_OVERFLOW = 0x4000
"""Events were lost: look, as if the store's files changed."""
_IN_PEOPLE = 0x80 | 0x200 | _IN_GONE
"""In the people's directory: a record put in place (moved to) or removed, nothing else
(a heartbeat's temporary file is made, written and moved away first)."""


class _Inotify:
    """Directories' inotify watches on one descriptor, read with ``select`` (Linux, libc)."""

    def __init__(self, directory: Path) -> None:
        import ctypes  # here, on the watching thread: not on the way to the first frame

        self._ctypes = ctypes
        self._libc = libc = ctypes.CDLL(None, use_errno=True)
        fd = libc.inotify_init1(os.O_CLOEXEC | os.O_NONBLOCK)
        if fd < 0:
            raise OSError(ctypes.get_errno(), "inotify_init1")
        self.fd = fd
        try:
            self.wd = self.add(directory, _IN_MASK)
        except OSError:
            os.close(fd)
            raise

    def add(self, directory: Path, mask: int) -> int:
        """Watch one more directory; its watch descriptor (OSError if it cannot be watched)."""
        wd = int(self._libc.inotify_add_watch(self.fd, os.fsencode(directory), mask))
        if wd < 0:
            raise OSError(self._ctypes.get_errno(), "inotify_add_watch")
        return wd

    def events(self) -> list[tuple[int, int, str]]:
        """The events read now: (watch descriptor, mask, file name); the overflow's name is *."""
        out: list[tuple[int, int, str]] = []
        with contextlib.suppress(BlockingIOError):
            data = os.read(self.fd, 65536)
            at = 0
            while at + _IN_EVENT.size <= len(data):
                wd, mask, _cookie, size = _IN_EVENT.unpack_from(data, at)
                at += _IN_EVENT.size
                name = os.fsdecode(data[at : at + size].rstrip(b"\0"))
                at += size
                out.append((wd, mask, "*" if mask & _IN_OVERFLOW else name))
        return out

    def close(self) -> None:
        with contextlib.suppress(OSError):
            os.close(self.fd)


class StoreWatch:
    """Calls ``wake`` on its own thread when the store at ``index`` (may have) changed."""

    def __init__(
        self,
        index: Path,
        wake: Callable[[], None],
        *,
        fallback: float = FALLBACK_SECONDS,
        every: float | None = None,
        notify: bool | None = None,
        people: Path | None = None,
        own: str = "",
        on_people: Callable[[], None] | None = None,
    ) -> None:
        self.index = Path(index)
        self.directory = self.index.parent
        self.files = {self.index, Layout.for_store(self.index).incidents}
        self.wake = wake
        self.fallback = fallback
        self.every = every
        """Seconds between wakes while notifications work and nothing changes (None: never)."""
        self.people = people
        """A directory of others' records (who has a review open): one put in place or
        removed there wakes ``on_people`` (or ``wake``) too, except the file named ``own``."""
        self.own = own
        self.on_people = on_people
        self.notify = os.environ.get(WATCH_ENV) != "poll" if notify is None else notify
        self.mode = "notifications" if self.notify else "polling"
        """``notifications``, or ``polling`` when they could not be had."""
        self._stop = threading.Event()
        self._pipe_lock = threading.Lock()
        self._stop_r = self._stop_w = -1
        """A pipe :meth:`stop` writes to, so a thread blocked on notifications wakes."""
        self._thread = threading.Thread(target=self._run, name="store-watch", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        with self._pipe_lock:
            self._stop.set()
            if self._stop_w >= 0:
                with contextlib.suppress(OSError):
                    os.write(self._stop_w, b"x")

    def join(self, timeout: float | None = None) -> None:
        self._thread.join(timeout)

    def _relevant(self, _change: object, path: str) -> bool:
        return Path(path) in self.files or self._someone(Path(path))

    def _someone(self, path: Path) -> bool:
        """A record of someone else's in the people's directory (not a temporary file)."""
        return (
            self.people is not None
            and path.parent == self.people
            and not path.name.startswith(".")
            and path.name != self.own
        )

    def _wakes(self) -> Iterator[bool]:
        """One item per reason to look: a change, ``every`` or ``fallback`` seconds gone by;
        True when someone's record in ``people`` changed."""
        if self.notify and self.directory.is_dir():
            inotify = None
            if sys.platform.startswith("linux"):
                with contextlib.suppress(OSError, AttributeError):  # no libc inotify, no watches
                    inotify = _Inotify(self.directory)
            if inotify is not None:
                try:
                    yield from self._inotify_wakes(inotify)
                except OSError:
                    pass  # the directory went away or cannot be watched: look, then poll
                finally:
                    inotify.close()
                if self._stop.is_set():
                    return
                yield True
            else:
                try:
                    yield from self._watchfiles_wakes()
                    return
                except Exception:  # no notifications on this system or file system: poll
                    pass
        self.mode = "polling"
        while not self._stop.wait(self.fallback):
            yield True

    def _inotify_wakes(self, inotify: _Inotify) -> Iterator[bool]:
        """Blocks in the kernel until a file changes, ``every`` passes or :meth:`stop`."""
        names = {p.name for p in self.files}
        people = self._watch_people(inotify, None)
        while not self._stop.is_set():
            ready = select.select([inotify.fd, self._stop_r], [], [], self.every)[0]
            if self._stop_r in ready or self._stop.is_set():
                return
            if not ready:
                people = self._watch_people(inotify, people)
                yield True  # the caller's timed look
                continue
            events = inotify.events()
            deadline = time.monotonic() + STEP_MS / 1000
            while (left := deadline - time.monotonic()) > 0:  # one save renames several files
                if not select.select([inotify.fd], [], [], left)[0]:
                    break
                events += inotify.events()
            stored = came = False
            for wd, mask, name in events:
                if wd == inotify.wd and mask & _IN_GONE:
                    raise OSError(f"{self.directory} is no longer watched")
                if name == "*":
                    stored = came = True
                elif wd == inotify.wd:
                    stored = stored or name in names
                elif wd == people and mask & _IN_GONE:
                    people = None  # the review's directory went: the timed looks go on
                elif wd == people:
                    came = came or (not name.startswith(".") and name != self.own)
            if came:
                yield True
            elif stored:
                yield False

    def _watch_people(self, inotify: _Inotify, wd: int | None) -> int | None:
        """The people's directory watched (again, once it exists), or None."""
        if wd is not None or self.people is None:
            return wd
        try:
            return inotify.add(self.people, _IN_PEOPLE)
        except OSError:
            return None  # not made yet: looked for again at the next timed look

    def _watchfiles_wakes(self) -> Iterator[bool]:
        import watchfiles

        timeout = self.fallback if self.every is None else self.every
        people = [self.people] if self.people is not None and self.people.is_dir() else []
        for changes in watchfiles.watch(
            self.directory,
            *people,
            watch_filter=self._relevant,
            stop_event=self._stop,
            yield_on_timeout=True,
            rust_timeout=int(timeout * 1000),
            debounce=STEP_MS,
            step=STEP_MS,
            ignore_permission_denied=True,
            recursive=False,  # shards, backups, other reviews: not a reason to wake
        ):
            if not changes:
                if self.every is not None:
                    yield True  # the caller's timed look
            else:
                yield any(self._someone(Path(path)) for _change, path in changes)

    def _run(self) -> None:
        with self._pipe_lock:
            if self._stop.is_set():
                return
            self._stop_r, self._stop_w = os.pipe()
        try:
            for people in self._wakes():
                if self._stop.is_set():
                    return
                wake = self.on_people if people and self.on_people is not None else self.wake
                with contextlib.suppress(Exception):  # the caller reports its own errors
                    wake()
        finally:
            with self._pipe_lock:
                for fd in (self._stop_r, self._stop_w):
                    with contextlib.suppress(OSError):
                        os.close(fd)
                self._stop_r = self._stop_w = -1
