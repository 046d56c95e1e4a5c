"""kill -9 during a sync, at every step and at random moments: the next sync finishes the job.

A sync that dies anywhere (between two git commands, while the state is
saved, while the store writes the merged reviews, or in the middle of a git
command) must leave the store and the repository consistent; the next
``pmtui sync`` must end with every store and the remote holding the same
reviews, and no text anyone wrote lost.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from pmtui.domain.model import Fact
from pmtui.store.sync import files
from pmtui.store.sync.git import Git
from pmtui.store.sync.state import State
from pmtui.store.transaction import Transaction
from tests.store.helpers import make_review
from tests.store.sync.machines import Machine, bare_remote, requires_git, texts

pytestmark = requires_git()

STRESS = os.environ.get("PMTUI_CI_STRESS") == "1"

WRITTEN = {
    "ana's title",
    "ana's fact",
    "ana's summary",
    "ben's title",
    "ben's fact",
    "ben's impact",
}


def _scene(root: Path) -> tuple[Machine, Machine, str]:
    """ana and ben both changed one review (the title on both sides); ben synced first."""
    remote = bare_remote(root / "remote.git")
    ana, ben = Machine(root, "ana", remote), Machine(root, "ben", remote)
    rid = ana.add(make_review("checkout outage")).id
    ana.init()
    ben.join()
    ana.edit(rid, lambda r: setattr(r, "title", "ana's title"))
    ana.edit(rid, lambda r: r.facts.append(Fact(what="ana's fact")))
    ana.edit(rid, lambda r: setattr(r, "summary", "ana's summary"))
    ana.add(make_review("ana's new review"))
    ben.edit(rid, lambda r: setattr(r, "title", "ben's title"))
    ben.edit(rid, lambda r: r.facts.append(Fact(what="ben's fact")))
    ben.edit(rid, lambda r: setattr(r, "impact", "ben's impact"))
    ben.sync()
    return ana, ben, rid


def _settled(ana: Machine, ben: Machine) -> None:
    """After syncing both ways, both stores and the remote hold the same reviews."""
    for m in (ana, ben, ana):
        m.sync()
    assert ana.contents() == ben.contents()
    assert texts(ana.contents()) >= WRITTEN
    remote = {rid: files.plain(r) for rid, r in _remote_reviews(ana.remote).items()}
    assert remote == ana.contents()
    fsck = subprocess.run(
        ["git", "-C", str(ana.repo), "fsck", "--no-progress"], capture_output=True, text=True
    )
    assert fsck.returncode == 0, fsck.stderr
    assert ana.syncer().status().count == 0


def _remote_reviews(remote: Path) -> dict[str, Any]:
    names = subprocess.run(
        ["git", "--git-dir", str(remote), "ls-tree", "--name-only", "-z", "main:reviews"],
        capture_output=True,
        check=True,
    ).stdout.decode()
    out = {}
    for name in filter(None, names.split("\0")):
        data = subprocess.run(
            ["git", "--git-dir", str(remote), "show", f"main:reviews/{name}"],
            capture_output=True,
            check=True,
        ).stdout
        review = files.decode(data, f"reviews/{name}")
        out[review.id] = review
    return out


def _die_on_call(nth: int) -> None:
    """In a child: the ``nth`` step (a git command, a state save, a store write) kills it."""
    calls = {"n": 0}

    def dying(real: Any) -> Any:
        def step(*args: Any, **kwargs: Any) -> Any:
            calls["n"] += 1
            if calls["n"] == nth:
                os.kill(os.getpid(), signal.SIGKILL)
            return real(*args, **kwargs)

        return step

    Git.run = dying(Git.run)  # type: ignore[method-assign]
    State.save = dying(State.save)  # type: ignore[method-assign]
    Transaction.commit = dying(Transaction.commit)  # type: ignore[method-assign]


def test_kill_at_every_step_of_a_sync(tmp_path: Path) -> None:
    nth = 1
    while True:
        root = tmp_path / f"kill{nth}"
        ana, ben, _rid = _scene(root)
        pid = os.fork()
        if pid == 0:
            try:
                _die_on_call(nth)
                ana.syncer().sync()
            finally:
                os._exit(70)
        _, status = os.waitpid(pid, 0)
        killed = os.WIFSIGNALED(status)
        _settled(ana, ben)
        if not killed:
            assert os.WEXITSTATUS(status) == 70
            break
        nth += 1
    assert nth > 10  # every step of a full round (record, fetch, merge, apply, push) was hit


@pytest.mark.slow
def test_kill_the_command_at_random_moments(tmp_path: Path) -> None:
    """The installed command killed while git runs (fetch, fast-import, push...)."""
    rng = random.Random(18)
    rounds = 25 if STRESS else 4
    env = {**os.environ, "PMTUI_CONFIG_DIR": str(tmp_path / "config")}
    for n in range(rounds):
        root = tmp_path / f"round{n}"
        ana, ben, _rid = _scene(root)
        argv = [sys.executable, "-m", "pmtui", "--store", str(ana.store.path), "--as", "ana"]
        proc = subprocess.Popen(
            [*argv, "sync"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        time.sleep(rng.uniform(0.05, 0.6))
        proc.kill()
        proc.wait()
        deadline = time.monotonic() + 30
        while True:  # a git the killed pmtui started may still hold the sync lock
            done = subprocess.run([*argv, "sync"], env=env, capture_output=True, text=True)
            if done.returncode == 0 or time.monotonic() > deadline:
                break
            assert "another pmtui is syncing" in done.stderr, done.stderr
            time.sleep(0.2)
        assert done.returncode == 0, done.stderr
        _settled(ana, ben)
