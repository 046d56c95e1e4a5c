"""How long ``pmtui sync`` takes on a big store, beside plain git on the same repository.

A store of 1,000 realistic reviews (``--quick``: 100) syncs with a bare
repository on the local disk, and a teammate's store with it. Then, each
run with fresh edits:

- **10 changed**: 10 reviews edited here, then ``pmtui sync``;
- **10 + 10 merged**: 10 edited here and 10 others by the teammate, who
  synced first, so this sync merges;
- **nothing changed**: ``pmtui sync`` with nothing to do;

each timed as the command a person types (a fresh process), beside plain
``git fetch`` + ``git push`` in the same repository (what the transport
costs by itself). pmtui's own work is the sync timed in-process minus the
time its own ``git fetch`` and ``git push`` took; the target is under one
second at 1,000 reviews. The first sync (``--init``, pushing every review)
and a new store from the repository (``init --git``) are timed once.

    python benchmarks/sync.py           # 1,000 reviews, 5 runs each
    python benchmarks/sync.py --quick   # 100 reviews, 2 runs
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from pmtui.devtools.synth import build_store
from pmtui.domain.model import Fact
from pmtui.store.repository import Store
from pmtui.store.sync.engine import Syncer
from pmtui.store.sync.git import Git

TARGET_MS = 1000.0


def _stats(times: list[float]) -> dict[str, float]:
    return {
        "median_ms": statistics.median(times),
        "min_ms": min(times),
        "max_ms": max(times),
    }


def _command(store: Path, user: str, *args: str) -> float:
    """Wall time of one ``pmtui`` command in a fresh process, as a person runs it."""
    env = {**os.environ, "PMTUI_CONFIG_DIR": str(store.parent / "config")}
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "pmtui", "--store", str(store), "--as", user, *args],
        env=env,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
    )
    took = (time.perf_counter() - start) * 1000
    if done.returncode != 0:
        raise RuntimeError(f"pmtui {' '.join(args)} failed: {done.stdout}{done.stderr}")
    return took


def _plain_git(clone: Path, changed: int, tag: str) -> float:
    """Plain git on a copy of the repository: ``changed`` files edited and committed
    (not timed), then ``git fetch`` and ``git push``, as a person syncing by hand would."""
    files = sorted((clone / "reviews").iterdir())[:changed]
    for path in files:
        with path.open("a", encoding="utf-8") as fh:
            fh.write(f"{tag}\n")
    if files:
        git = ["git", "-C", str(clone), "-c", "user.name=b", "-c", "user.email=b@x"]
        subprocess.run([*git, "commit", "-qam", tag], check=True, capture_output=True)
    start = time.perf_counter()
    for args in (["fetch", "-q", "origin"], ["push", "-q", "origin", "HEAD:refs/heads/main"]):
        subprocess.run(["git", "-C", str(clone), *args], check=True, capture_output=True)
    return (time.perf_counter() - start) * 1000


@contextmanager
def _transport_timer() -> Iterator[list[float]]:
    """Time spent in git's fetch and push (the network's part) during an in-process sync."""
    spent: list[float] = []
    real = Git.run

    def timed(self: Git, *args: str, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return real(self, *args, **kwargs)
        finally:
            if args and args[0] in ("fetch", "push"):
                spent.append((time.perf_counter() - start) * 1000)

    Git.run = timed  # type: ignore[method-assign]
    try:
        yield spent
    finally:
        Git.run = real  # type: ignore[method-assign]


def _own_work(store: Store, user: str) -> float:
    """One in-process sync minus its own fetch and push: pmtui's work alone."""
    with _transport_timer() as spent:
        start = time.perf_counter()
        report = Syncer(store, user=user).sync()
        total = (time.perf_counter() - start) * 1000
    if report.problem:
        raise RuntimeError(report.problem)
    return total - sum(spent)


def _edit(store: Store, ids: list[str], tag: str) -> None:
    for rid in ids:
        store.update(rid, lambda r: r.facts.append(Fact(what=f"{tag}: one more fact")))


def run(quick: bool) -> dict[str, Any]:
    n = 100 if quick else 1000
    runs = 2 if quick else 5
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        remote = root / "remote.git"
        subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(remote)], check=True)
        ana_path, ben_path = root / "ana" / "pmtui.json", root / "ben" / "pmtui.json"
        build_store(ana_path, n)
        first_ms = _command(ana_path, "ana", "sync", "--init", str(remote))
        join_ms = _command(ben_path, "ben", "init", "--git", str(remote))
        ana, ben = Store(ana_path), Store(ben_path)
        ids = sorted(s.id for s in ana.summaries())
        copy, clone = root / "copy.git", root / "clone"
        subprocess.run(["git", "clone", "-q", "--bare", str(remote), str(copy)], check=True)
        subprocess.run(["git", "clone", "-q", str(copy), str(clone)], check=True)
        figures: dict[str, Any] = {"reviews": n, "first_sync_ms": first_ms, "join_ms": join_ms}
        scenarios: dict[str, tuple[int, Callable[[int], object]]] = {
            "10 changed": (10, lambda i: _edit(ana, ids[i * 10 : i * 10 + 10], f"run {i}")),
            "10 + 10 merged": (
                20,
                lambda i: (
                    _edit(ben, ids[n // 2 + i * 10 : n // 2 + i * 10 + 10], f"ben {i}"),
                    _must(Syncer(ben, user="ben").sync()),
                    _edit(ana, ids[n // 5 + i * 10 : n // 5 + i * 10 + 10], f"ana {i}"),
                ),
            ),
            "nothing changed": (0, lambda i: None),
        }
        for name, (changed, prepare) in scenarios.items():
            command, own, plain = [], [], []
            for i in range(runs):
                prepare(i)
                command.append(_command(ana_path, "ana", "sync"))
                prepare(i + runs)
                own.append(_own_work(ana, "ana"))
                plain.append(_plain_git(clone, changed, f"{name} {i}"))
            figures[name] = {
                "command": _stats(command),
                "own_work": _stats(own),
                "plain_git": _stats(plain),
                "target_ms": TARGET_MS,
                "meets_target": statistics.median(own) <= TARGET_MS,
            }
    return figures


def _must(report: Any) -> None:
    if report.problem:
        raise RuntimeError(report.problem)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="pmtui sync beside plain git fetch + push.")
    parser.add_argument("--quick", action="store_true", help="100 reviews, 2 runs")
    args = parser.parse_args(argv)
    result = run(args.quick)
    print(json.dumps(result, indent=2))
    return 0 if all(v["meets_target"] for v in result.values() if isinstance(v, dict)) else 1


if __name__ == "__main__":
    raise SystemExit(main())
