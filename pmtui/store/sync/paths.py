"""Where a store's sync repository lives: ``<store dir>/<store name>.sync``.

Kept apart from the engine so that asking whether a store syncs at all (the
app does as it starts) imports nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pmtui.store.layout import Layout


@dataclass(frozen=True)
class SyncPaths:
    worktree: Path
    """The repository with its files checked out, for people to look at."""
    gitdir: Path
    state: Path
    """What pmtui remembers between syncs (see :mod:`pmtui.store.sync.state`)."""
    lock: Path

    @classmethod
    def of(cls, layout: Layout) -> SyncPaths:
        stem = layout.index.stem if layout.index.suffix == ".json" else layout.index.name
        worktree = layout.directory.absolute() / f"{stem}.sync"
        gitdir = worktree / ".git"
        return cls(
            worktree, gitdir, gitdir / "pmtui" / "state.json", gitdir / "pmtui" / "sync.lock"
        )

    @property
    def configured(self) -> bool:
        return self.gitdir.is_dir()
