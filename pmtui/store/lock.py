"""One exclusive lock per store, held across re-read, modify and write.

``flock`` on a dedicated lock file: released by the kernel when a process
dies, so a killed pmtui never leaves the store locked. Re-entrant within a
thread; other threads and processes wait up to the timeout. The lock file
also holds the store's save generation (:mod:`pmtui.store.generation`), which
the holder rewrites in place around every save.
"""

from __future__ import annotations

import errno
import fcntl
import os
import threading
import time
from pathlib import Path

from pmtui.store.errors import StoreError, StoreLockedError

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)


def flock_within(fd: int, seconds: float) -> bool:
    """Take an exclusive ``flock`` on ``fd``, waiting up to ``seconds`` for whoever holds it.

    True once taken; False when another process (or another open file of this one)
    still holds it after ``seconds``. The wait polls, a millisecond at first and at most
    20 ms apart, so a lock let go is taken soon after. Any other error (a filesystem
    without locks) is raised: each caller decides whether to go on without the lock.
    """
    deadline = time.monotonic() + seconds
    delay = 0.001
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            if time.monotonic() >= deadline:
                return False
            time.sleep(delay)
            delay = min(delay * 2, 0.02)


class StoreLock:
    def __init__(self, path: Path, *, timeout: float = 10.0, mode: int = 0o600) -> None:
        self.path = path
        self.timeout = timeout
        self.mode = mode
        self._thread_lock = threading.RLock()
        self._depth = 0
        self._fd: int | None = None

    def __enter__(self) -> StoreLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()

    def acquire(self, timeout: float | None = None) -> None:
        """Take the lock, waiting up to ``timeout`` seconds (default: the lock's own)."""
        wait = self.timeout if timeout is None else timeout
        deadline = time.monotonic() + wait
        if not self._thread_lock.acquire(timeout=wait if wait > 0 else -1, blocking=wait > 0):
            raise StoreLockedError(self.path, wait)
        if self._depth:
            self._depth += 1
            return
        try:
            fd = self._open()
        except BaseException:
            self._thread_lock.release()
            raise
        try:
            if not flock_within(fd, deadline - time.monotonic()):
                raise StoreLockedError(self.path, wait)
        except BaseException:
            os.close(fd)
            self._thread_lock.release()
            raise
        self._fd = fd
        self._depth = 1

    def _open(self) -> int:
        """Open (creating) the lock file, for writing: it holds the save generation.

        A symlink at the lock path is refused, never followed, so nobody can
        make pmtui create or write a file elsewhere.
        """
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | _NOFOLLOW | _CLOEXEC, self.mode)
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                raise StoreError(
                    f"{self.path} is a symbolic link; pmtui does not follow links for its "
                    "lock file. Nothing was written; remove the link and try again."
                ) from None
            raise
        try:
            st = os.fstat(fd)
            if st.st_uid == os.geteuid() and st.st_mode & 0o777 != self.mode:
                os.fchmod(fd, self.mode)  # the umask must not keep a team out of a shared lock
        except BaseException:
            os.close(fd)
            raise
        return fd

    def write(self, data: bytes) -> None:
        """Write ``data`` at the start of the lock file (held by this thread), in place."""
        assert self._fd is not None and self._depth, "write needs the lock held"
        view = memoryview(data)
        offset = 0
        while offset < len(view):
            offset += os.pwrite(self._fd, view[offset:], offset)

    def release(self) -> None:
        self._depth -= 1
        if self._depth == 0 and self._fd is not None:
            fd, self._fd = self._fd, None
            try:
                fcntl.flock(fd, fcntl.LOCK_UN)
            finally:
                os.close(fd)
        self._thread_lock.release()
