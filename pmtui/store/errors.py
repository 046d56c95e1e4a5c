"""Store failures, each with a message that says what happened and what to do."""

from __future__ import annotations

import errno
from pathlib import Path


class StoreError(Exception):
    """Base of every failure the store reports."""


class StoreLockedError(StoreError):
    def __init__(self, lock: Path, waited: float) -> None:
        super().__init__(
            f"the store is busy: another pmtui has held {lock} for more than {waited:.0f} s. "
            "Nothing was written; try again in a moment. If no other pmtui is running, "
            "the lock is released by the system and this clears by itself."
        )


class StoreDamagedError(StoreError):
    """A store file cannot be read; it is left exactly as it is."""

    def __init__(self, path: Path, reason: str, backups: Path) -> None:
        self.path = path
        self.reason = reason
        super().__init__(
            f"cannot read {path}: {reason}. Nothing was changed. "
            f"Backups are kept in {backups}; run `pmtui restore --list` to see them "
            "and `pmtui restore` to repair what is damaged from the newest good copy "
            "(healthy files are left alone, and what it replaces is kept aside)."
        )


class StoreTooNewError(StoreError):
    def __init__(self, path: Path, found: int, supported: int) -> None:
        super().__init__(
            f"{path} was written by a newer pmtui (store schema {found}; this pmtui reads up "
            f"to {supported}). Nothing was changed; upgrade pmtui to open it."
        )


class StoreWriteError(StoreError):
    """Writing failed (disk full, I/O error...); the previous store is intact."""

    def __init__(self, path: Path, cause: OSError) -> None:
        self.cause = cause
        what = cause.strerror or str(cause)
        advice = (
            "The file system is mounted read-only: pmtui can show this store but not change it"
            if cause.errno == errno.EROFS
            else "Free some space or check the disk, then save again"
        )
        super().__init__(
            f"could not save to {path}: {what}. The store still holds what was saved "
            f"before; your change was not saved. {advice}."
        )


class NotFoundError(StoreError):
    pass


class ConflictError(StoreError):
    """Someone else saved the same review since it was read."""

    def __init__(self, review_id: str, expected: int, found: int) -> None:
        self.review_id = review_id
        self.expected = expected
        self.found = found
        super().__init__(
            f"review {review_id[:8]} changed since it was opened (version {expected}, "
            f"now {found}); reload it and apply the change again."
        )


class IncidentReviewedError(StoreError):
    """A review was already started from this incident (by someone else, or earlier)."""

    def __init__(self, incident_id: str, review_id: str) -> None:
        self.incident_id = incident_id
        self.review_id = review_id
        super().__init__(
            f"incident {incident_id[:8]} already has a review ({review_id[:8]}); "
            "open that one instead of starting another."
        )


class ListingStopped(Exception):
    """:meth:`Store.listing` stopped before the end: what it read was no longer wanted."""
