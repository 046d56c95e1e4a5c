"""Three machines and a remote, for the sync tests: real git, no network.

The remote is a bare repository in ``tmp_path``; each :class:`Machine` is a
store of its own (its own directory, its own user) that syncs with it, as
three laptops would through a forge.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from pmtui.domain.model import Review
from pmtui.store.repository import Store
from pmtui.store.sync import files
from pmtui.store.sync.engine import Syncer
from pmtui.store.sync.report import SyncReport
from tests.conftest import FrozenClock


def requires_git() -> pytest.MarkDecorator:
    """Skip a test, saying why, where git is not installed (.ci/run installs it)."""
    return pytest.mark.skipif(shutil.which("git") is None, reason="needs git (.ci/run installs it)")


def bare_remote(path: Path, branch: str = "main") -> Path:
    """A bare repository as a forge makes one: empty, its HEAD naming ``branch``."""
    subprocess.run(["git", "init", "-q", "--bare", "-b", branch, str(path)], check=True)
    return path


class Machine:
    def __init__(
        self, root: Path, user: str, remote: Path, clock: FrozenClock | None = None
    ) -> None:
        self.user = user
        self.remote = remote
        self.clock = clock or FrozenClock()
        self.store = Store(root / user / "pmtui.json", clock=self.clock)

    def syncer(self) -> Syncer:
        return Syncer(self.store, user=self.user)

    def init(self) -> SyncReport:
        return self.syncer().init(str(self.remote))

    def join(self) -> SyncReport:
        """``pmtui init --git``: a new store from the remote."""
        return self.syncer().init(str(self.remote), new_store=True)

    def sync(self) -> SyncReport:
        report = self.syncer().sync()
        assert report.problem is None, report.problem
        return report

    def add(self, review: Review) -> Review:
        return self.store.add(review)

    def edit(self, review_id: str, change: Callable[[Review], object]) -> Review:
        return self.store.update(review_id, change)

    def get(self, review_id: str) -> Review:
        return self.store.get(review_id)

    def contents(self) -> dict[str, dict[str, Any]]:
        """Every review's shared content (what the stores must agree on)."""
        return {r.id: files.plain(r) for r in self.store.reviews()}

    @property
    def repo(self) -> Path:
        return self.syncer().paths.worktree


def texts(value: Any) -> set[str]:
    """Every non-empty text anywhere in a value (kept texts included)."""
    out: set[str] = set()
    if isinstance(value, str):
        if value.strip():
            out.add(value)
    elif isinstance(value, dict):
        for v in value.values():
            out |= texts(v)
    elif isinstance(value, list):
        for v in value:
            out |= texts(v)
    return out
