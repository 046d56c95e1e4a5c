"""kill -9 at random moments and at every step of a save: nothing acknowledged is lost.

The random rounds share their harness with ``benchmarks/stress_store.py``
(1,000 kills); here they run 200 times when ``PMTUI_CI_STRESS=1`` (as CI
sets it) and a handful of times otherwise.
"""

from __future__ import annotations

import importlib.util
import os
import random
import signal
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from pmtui.domain.model import Review
from pmtui.store.repository import Store
from tests.store.helpers import make_review, store_files_parse

ROOT = Path(__file__).resolve().parents[2]
STRESS = os.environ.get("PMTUI_CI_STRESS") == "1"


def _stress_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "stress_store", ROOT / "benchmarks/stress_store.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def _small_review(rng: random.Random) -> Review:
    return make_review(f"review {rng.randrange(10**6)}", commitments=rng.randrange(4))


def test_random_kills_lose_no_acknowledged_write(tmp_path: Path) -> None:
    stress = _stress_module()
    kills = 200 if STRESS else 15
    ledger = stress.run_kills(
        tmp_path / "pmtui.json", kills, seed=7, max_delay=0.03, make=_small_review, whole_every=25
    )
    assert ledger.acks > 0
    store_files_parse(tmp_path)


def _die_at(step: str, nth: int) -> None:
    """In a child: make the ``nth`` call of ``step`` kill this process right there."""
    steps: dict[str, Callable[..., Any]] = {
        "write": os.write,
        "fsync": os.fsync,
        "replace": os.replace,
        "link": os.link,
    }
    real = steps[step]
    calls = {"n": 0}

    def dying(*args: Any, **kwargs: Any) -> Any:
        calls["n"] += 1
        if calls["n"] == nth:
            os.kill(os.getpid(), signal.SIGKILL)
        return real(*args, **kwargs)

    setattr(os, step, dying)  # atomic calls os.<step> each time


# A save on a store with one review in the same shard: link the shard aside,
# write + fsync + replace the shard, fsync the dir; the same for the open
# commitments' file; then write + fsync + replace the index, fsync the dir.
STEPS = [
    *[("link", 1), ("write", 1), ("fsync", 1), ("replace", 1), ("fsync", 2)],
    *[("link", 2), ("write", 2), ("fsync", 3), ("replace", 2), ("fsync", 4)],
    *[("write", 3), ("fsync", 5), ("replace", 3), ("fsync", 6)],
]


@pytest.mark.parametrize(("step", "nth"), STEPS)
def test_kill_at_each_step_of_a_save(tmp_path: Path, step: str, nth: int) -> None:
    path = tmp_path / "pmtui.json"
    first = Store(path).add(make_review("first"))
    second = make_review("second")
    second.id = first.id[:2] + second.id[2:]  # the same shard, so a shard is replaced
    pid = os.fork()
    if pid == 0:
        try:
            _die_at(step, nth)
            s = Store(path)
            s.add(second)
            s.update(first.id, lambda r: setattr(r, "title", "first, renamed"))
        finally:
            os._exit(70)
    _, status = os.waitpid(pid, 0)
    assert os.WIFSIGNALED(status), "the save finished before the planned kill"
    store_files_parse(tmp_path)
    s = Store(path)
    summaries = {x.id: x.title for x in s.summaries()}
    whole = {r.id: r.title for r in s.reviews()}
    assert summaries == whole
    opened = {c.id for r in s.reviews() for c in r.commitments if c.is_open}
    assert {c.id for c in s.open_commitments()} == opened
    assert {c.id for c in Store(path).open_commitments()} == opened
    assert summaries[first.id] == "first"
    assert set(summaries) <= {first.id, second.id}
    # The store goes on working, with no temporary file left behind.
    s.update(first.id, lambda r: setattr(r, "title", "after"))
    assert Store(path).get(first.id).title == "after"
    assert not [p for p in tmp_path.rglob("*.tmp")]
