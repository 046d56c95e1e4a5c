"""Who has a review open right now: one small heartbeat file per open app.

Each app that opens a review writes ``<store dir>/.pmtui-presence/<review>/
<user>-<pid>.json`` (atomically) and rewrites it every few seconds. A record
not refreshed for :data:`STALE_AFTER` seconds belongs to an app that exited
or was killed and is ignored (and removed by the next reader who may).
Nothing here is part of the review: presence is never backed up or exported.

A record is one running app, not one person: the same person's other session
(another SSH login) has its own record, and :meth:`Presence.elsewhere` counts
those, so nobody edits beside their own other session unaware. The record's
fields are only ever added to: an older pmtui reading the store ignores
what it does not know.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pmtui.domain.rounds import same_person
from pmtui.store.atomic import atomic_write, ensure_dir
from pmtui.store.shared import is_shared

DIRNAME = ".pmtui-presence"
STALE_AFTER = 45.0
"""Seconds after which a record nobody refreshed no longer counts (an app on another
machine that was killed or lost its link; on this host a killed app's record is dropped
once it missed one beat, its process being gone)."""
BEAT_EVERY = 15.0
"""Seconds between two refreshes of an open app's record. Arrivals, departures and stage
moves do not wait for it (each puts a record in place or removes one, which wakes the
others' watch), so it only tells others' apps this one is still alive: a rarer beat
is an open review that wakes less often while nobody types."""
_DUE = 0.8 * BEAT_EVERY
"""A refresh asked for this long after the last is made: the timed looks come every
:data:`BEAT_EVERY` seconds and must not skip one by a hair."""

_UNSAFE = re.compile(r"[^A-Za-z0-9_.@+-]")


@dataclass(frozen=True)
class Here:
    """One open app on a review."""

    user: str
    pid: int
    host: str
    seen: float
    via: str = ""
    """``browser`` for a pmtui opened through ``pmtui serve``."""
    stage: str = ""
    """The stage this app shows (followers open the facilitator's)."""

    @property
    def label(self) -> str:
        """The name to show: ``ana``, or ``ana (browser)``."""
        return f"{self.user} ({self.via})" if self.via else self.user


def _safe(name: str) -> str:
    return _UNSAFE.sub("_", name)[:64] or "_"


class Presence:
    """This app's presence on one review, and a view of everyone else's."""

    def __init__(
        self,
        store_dir: Path,
        review_id: str,
        user: str,
        *,
        pid: int | None = None,
        clock: Callable[[], float] = time.time,
        via: str = "",
    ) -> None:
        self.root = Path(store_dir) / DIRNAME
        self.directory = self.root / _safe(review_id)
        self.user = user
        self.via = via
        self.stage = ""
        self.pid = os.getpid() if pid is None else pid
        self.clock = clock
        self.path = self.directory / f"{_safe(user)}-{self.pid}.json"
        shared = is_shared(Path(store_dir))
        self._file_mode = 0o660 if shared else 0o600
        self._dir_mode = 0o2770 if shared else 0o700
        self._last_beat: float | None = None

    @property
    def label(self) -> str:
        """How this app shows in everyone's presence line."""
        return f"{self.user} ({self.via})" if self.via else self.user

    def beat(self, *, force: bool = False) -> bool:
        """Refresh this app's record if it is due (or ``force``); True when written.

        A failure to write (read-only store, full disk) is swallowed: presence
        is a courtesy and must never break editing.
        """
        now = self.clock()
        if not force and self._last_beat is not None and now - self._last_beat < _DUE:
            return False
        record = {
            "user": self.user,
            "pid": self.pid,
            "host": os.uname().nodename,
            "seen": now,
            "via": self.via,
            "stage": self.stage,
        }
        if not self.prepare():
            return False
        try:
            # not flushed to disk: a record lost or torn in a power cut is read as absent
            # and written again at the next beat, and a beat must not wait for the disk
            atomic_write(self.path, json.dumps(record).encode(), self._file_mode, durable=False)
        except OSError:
            return False
        self._last_beat = now
        return True

    def prepare(self) -> bool:
        """Make the review's presence directory (so it can be watched); False if it cannot be."""
        try:
            ensure_dir(self.root, self._dir_mode)  # not left to mkdir's umask-bound parents
            ensure_dir(self.directory, self._dir_mode)
        except OSError:
            return False
        return True

    def leave(self) -> None:
        """Remove this app's record (on closing the review)."""
        with contextlib.suppress(OSError):
            self.path.unlink()
        with contextlib.suppress(OSError):
            self.directory.rmdir()  # only succeeds when nobody else is here
        self._last_beat = None

    def here(self) -> list[Here]:
        """Everyone with the review open (this app included), by name."""
        now = self.clock()
        out = []
        try:
            paths = list(self.directory.glob("*.json"))
        except OSError:
            return []
        for path in paths:
            record = _read(path)
            if record is None:
                continue
            late = now - record.seen > BEAT_EVERY + 1
            if now - record.seen > STALE_AFTER or (late and not _alive(record)):
                with contextlib.suppress(OSError):
                    path.unlink()  # a crashed app's leftover; permission may forbid it
                continue
            out.append(record)
        return sorted(out, key=lambda h: (h.user.casefold(), h.pid))

    def is_this_app(self, record: Here) -> bool:
        """Whether ``record`` is this app's own (a process is one app: its pid on its host)."""
        return record.pid == self.pid and record.host == os.uname().nodename

    def elsewhere(self, here: list[Here]) -> int:
        """How many other apps of this same person, opened the same way, are in ``here``
        (a browser session shows as "ana (browser)", a name of its own)."""
        return sum(
            1
            for h in here
            if h.via == self.via and same_person(h.user, self.user) and not self.is_this_app(h)
        )

    def users(self) -> list[str]:
        """The distinct names of the people who have the review open (``ana (browser)``)."""
        seen: dict[str, None] = {}
        for h in self.here():
            seen.setdefault(h.label, None)
        return list(seen)


def _alive(record: Here) -> bool:
    """False for an app of this host whose process is gone (killed): it leaves at its
    first missed beat instead of after :data:`STALE_AFTER`."""
    if record.host != os.uname().nodename:
        return True  # another machine's app: only its heartbeat can tell
    try:
        os.kill(record.pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # another account's process: alive
    return True


def _read(path: Path) -> Here | None:
    try:
        data = json.loads(path.read_bytes())
        return Here(
            str(data["user"]),
            int(data["pid"]),
            str(data["host"]),
            float(data["seen"]),
            str(data.get("via", "")),
            str(data.get("stage", "")),
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None
