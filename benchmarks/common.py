"""What benchmark scripts share: a child process's environment, timing, and printing figures."""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any


def child_env(tmp: Path) -> dict[str, str]:
    """This environment for a child pmtui, with its own config and compiled files under ``tmp``."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    return {**env, "PMTUI_CONFIG_DIR": str(tmp / "config"), "PYTHONPYCACHEPREFIX": str(tmp / "pyc")}


def stats(runs: list[float]) -> dict[str, float]:
    """Median, least and most of some milliseconds."""
    return {
        "median_ms": round(statistics.median(runs), 1),
        "min_ms": round(min(runs), 1),
        "max_ms": round(max(runs), 1),
    }


def timed_runs(
    argv: list[str],
    env: dict[str, str],
    repeat: int,
    *,
    check: bool = False,
    before: Callable[[], None] | None = None,
) -> dict[str, float]:
    """``argv`` run ``repeat`` times, spawn to exit; ``before`` runs ahead of each, untimed."""
    runs = []
    for _ in range(repeat):
        if before is not None:
            before()
        start = time.perf_counter()
        subprocess.run(argv, env=env, capture_output=True, check=check)
        runs.append((time.perf_counter() - start) * 1000)
    return stats(runs)


def main(
    doc: str,
    run: Callable[[bool], dict[str, Any]],
    quick_help: str,
    *,
    head: Callable[[dict[str, Any]], str] | None = None,
    tail: Callable[[dict[str, Any]], str] | None = None,
) -> None:
    """A section's command line: ``--quick``, ``--json``, else one figure a line (timings
    only when ``head`` sums up the rest), then ``tail``."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help=quick_help)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    figures = run(args.quick)
    if args.json:
        print(json.dumps(figures, indent=2))
        return
    if head is not None:
        print(head(figures))
    width = max(len(key) for key in figures) + 1
    for key, value in figures.items():
        if isinstance(value, dict) and "median_ms" in value:
            print(f"  {key:<{width}} median {value['median_ms']:>8.1f} ms  "
                  f"(min {value['min_ms']:.1f} - max {value['max_ms']:.1f})")  # fmt: skip
        elif head is None:
            print(f"  {key:<{width}} {value}")
    if tail is not None:
        print(tail(figures))
