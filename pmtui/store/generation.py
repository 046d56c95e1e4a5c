"""The save generation: a token every save changes, whatever the filesystem keeps.

Every write to the store, holding its lock, writes a new random token into
the lock file twice: marked ``busy`` before the first store file is
replaced, then, under a new token, ``done`` once the last one is (or the
write failed and was undone). A token can never come back, so a process that
read the ``done`` token *before* reading a file knows that file is still
current for as long as the lock file holds that same token: any later
change to the file was preceded by a ``busy`` token and followed by another
``done`` one. While a save is under way, or after a writer was killed in the
middle of one, no token is trusted and files are read again.

Where file signatures can be trusted (see :mod:`pmtui.store.filesystem`) the
tokens are written all the same, so a process using either check sees the
other's saves, but nobody waits to read them. Writing them costs two small
writes on the lock file already open; nothing is fsynced, as a power cut
leaves no process holding a copy to check.
"""

from __future__ import annotations

import errno
import os
import re
from collections.abc import Callable
from pathlib import Path

from pmtui.store.errors import StoreLockedError
from pmtui.store.filesystem import Check
from pmtui.store.lock import StoreLock

SIZE = 38
"""Bytes of one record: 32 hex digits, a space, ``busy`` or ``done``, a newline."""

_RECORD = re.compile(rb"([0-9a-f]{32}) (busy|done)\n")
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)


def record(*, busy: bool) -> bytes:
    """A new record: a token never seen before, marked as a save under way or finished."""
    return os.urandom(16).hex().encode() + (b" busy\n" if busy else b" done\n")


def finished(raw: bytes) -> str | None:
    """The token of a finished save in ``raw``, or ``None`` (under way, killed, none yet)."""
    found = _RECORD.fullmatch(raw[:SIZE])
    if found is None or found.group(2) != b"done":
        return None
    return found.group(1).decode()


def read_finished(lock_path: Path) -> str | None:
    """The finished save's token in the lock file, or ``None``; never follows a link."""
    try:
        fd = os.open(lock_path, os.O_RDONLY | _NOFOLLOW | _CLOEXEC | _NONBLOCK)
    except OSError as exc:
        if exc.errno in (errno.ENOENT, errno.ELOOP, errno.EACCES, errno.EPERM):
            return None
        raise
    try:
        return finished(os.pread(fd, SIZE, 0))
    except OSError:
        return None
    finally:
        os.close(fd)


def finish_unknown(lock: StoreLock) -> str | None:
    """Write a finished token where there is none to trust, if the lock is free at once.

    A store last written by an older pmtui has no token, and a writer killed
    in the middle of a save leaves one marked ``busy``; until the next save,
    readers would keep nothing and read every file again on every query.
    With the lock held, no save is under way, so a new finished token is
    true of the files as they are. Returns it, or ``None`` when the lock is
    busy (a save under way: its own token will come) or cannot be taken here.
    """
    if not lock.path.exists():
        return None  # no store written yet: nothing is kept either
    try:
        lock.acquire(timeout=0)
    except (StoreLockedError, OSError):
        return None
    try:
        token = read_finished(lock.path)
        if token is None:
            done = record(busy=False)
            lock.write(done)
            token = finished(done)
        return token
    except OSError:
        return None
    finally:
        lock.release()


class Generation:
    """The store's save generation as a key for what a process keeps.

    :meth:`key` is read before a file is read; what was parsed is kept under
    that key and served again only while :meth:`key` returns an equal one.
    With the signature check the key is always ``None`` (the signature alone
    decides); with the generation check it is the finished save's token, or
    an object equal to nothing when there is none to trust.
    """

    def __init__(self, lock: StoreLock, choose: Callable[[], Check]) -> None:
        self.lock = lock
        self._choose = choose
        self._check: Check | None = None

    @property
    def check(self) -> Check:
        """Decided on first use: a store's filesystem is probed once per process."""
        if self._check is None:
            self._check = self._choose()
        return self._check

    def key(self) -> object:
        if not self.check.safe:
            return None
        return self.key_of(read_finished(self.lock.path) or finish_unknown(self.lock))

    def key_of(self, token: str | None) -> object:
        """The key for a token just read or written (``None``: a key equal to nothing)."""
        if not self.check.safe:
            return None
        return token if token is not None else object()
