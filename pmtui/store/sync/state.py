"""What pmtui remembers between syncs, in ``.git/pmtui/state.json`` of the sync repository.

The store is the app's source of truth and the repository its shared copy;
this small file ties the two together:

* ``head``: the commit whose reviews the store holds, and ``revs``: each
  review's store revision (``rev`` and ``updated``) when it matched that
  commit. A review whose revision moved since was changed here and is
  recorded on the next sync; a review missing from the store was deleted
  here. Only the index is read to know that, so ``pmtui sync --status`` and
  the app's "n unsynced" mark cost a few milliseconds at 10,000 reviews.
* ``pending``: a merge being written into the store. It is saved before the
  store is touched and cleared after, so a sync killed half-way finishes the
  job on the next run (writing a review the store already holds is harmless).
* ``pushed``: the last commit the remote accepted, and ``unpushed``: the
  reviews recorded since, waiting for a push that failed or has not run.
* ``skipped``: reviews in the repository that did not pass import's checks,
  left out of the store until someone changes them.

The file is replaced atomically; a missing or unreadable one only means the
next sync compares every review (slower, never wrong).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pmtui.store.atomic import atomic_write, read_file

VERSION = 1
Rev = tuple[int, str]
"""A review's store revision and last save time: (rev, updated)."""


@dataclass
class State:
    branch: str = "main"
    head: str | None = None
    revs: dict[str, Rev] = field(default_factory=dict)
    pending: tuple[str | None, str] | None = None
    """(from, to): the store is being brought from one commit to the other."""
    pushed: str | None = None
    unpushed: list[str] = field(default_factory=list)
    skipped: dict[str, str] = field(default_factory=dict)
    last_sync: str | None = None
    last_problem: str | None = None
    """Why the last sync did not reach the remote (offline, refused), if it did not."""
    found: bool = True
    """Read from a file (False: none or unreadable, so every review must be compared)."""

    @classmethod
    def load(cls, path: Path) -> State:
        try:
            got = read_file(path)
        except OSError:
            got = None
        if got is None:
            return cls(found=False)
        try:
            data = json.loads(got[0])
            return cls(
                branch=str(data.get("branch") or "main"),
                head=_sha(data.get("head")),
                revs={
                    str(k): (int(v[0]), str(v[1]))
                    for k, v in (data.get("revs") or {}).items()
                    if isinstance(v, list) and len(v) == 2
                },
                pending=_pending(data.get("pending")),
                pushed=_sha(data.get("pushed")),
                unpushed=[str(i) for i in data.get("unpushed") or []],
                skipped={str(k): str(v) for k, v in (data.get("skipped") or {}).items()},
                last_sync=data.get("last_sync"),
                last_problem=data.get("last_problem"),
            )
        except (ValueError, TypeError, AttributeError, KeyError):
            return cls(found=False)

    def save(self, path: Path, mode: int) -> None:
        data: dict[str, Any] = {
            "version": VERSION,
            "branch": self.branch,
            "head": self.head,
            "revs": {k: list(v) for k, v in self.revs.items()},
            "pending": list(self.pending) if self.pending else None,
            "pushed": self.pushed,
            "unpushed": self.unpushed,
            "skipped": self.skipped,
            "last_sync": self.last_sync,
            "last_problem": self.last_problem,
        }
        atomic_write(path, json.dumps(data, separators=(",", ":")).encode(), mode)
        self.found = True


def _sha(value: Any) -> str | None:
    return value if isinstance(value, str) and len(value) >= 40 else None


def _pending(value: Any) -> tuple[str | None, str] | None:
    if isinstance(value, list) and len(value) == 2 and _sha(value[1]):
        return (_sha(value[0]), str(value[1]))
    return None
