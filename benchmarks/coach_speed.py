"""How long ``pmtui coach`` takes on 1,000 statements, as a script would run it.

The whole command in a fresh process (interpreter start, the coach's words,
lexicon and model, the store's and the host's names), reading 1,000 lines
of real postmortem text on standard input and writing JSON, per stage. The
target is half a second for the 1,000 lines; the baseline beside it is the
same command on empty input (start-up alone).

    python benchmarks/coach_speed.py           # 7 runs per stage
    python benchmarks/coach_speed.py --quick   # 2 runs per stage
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from quick_path import _stats  # the same medians and ranges as the quick path

ROOT = Path(__file__).resolve().parent.parent
TARGET_MS = 500.0
LINES = 1000
STAGES = ("facts", "causes", "commitments")


def _lines(stage: str) -> str:
    """1,000 statements of one stage from the real-text train and dev splits, repeated."""
    texts = []
    for split in ("train", "dev"):
        path = ROOT / "tests" / "data" / "coach-real" / split / f"{stage}.tsv"
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                texts.append(line.split("\t", 2)[2])
    return "\n".join((texts * (LINES // len(texts) + 1))[:LINES]) + "\n"


def _time(argv: list[str], stdin: str, env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, input=stdin, capture_output=True, text=True, env=env, check=True)
    return time.perf_counter() - start


def run(quick: bool) -> dict[str, Any]:
    reps = 2 if quick else 7
    out: dict[str, Any] = {"lines": LINES, "target_ms": TARGET_MS, "stages": {}}
    with tempfile.TemporaryDirectory(prefix="pmtui-bench-coach-") as tmp:
        env = {**os.environ, "PMTUI_CONFIG_DIR": str(Path(tmp) / "config")}
        for stage in STAGES:
            argv = [sys.executable, "-m", "pmtui", "--store", str(Path(tmp) / "pmtui.json")]
            argv += ["coach", "--stage", stage, "--json"]
            text = _lines(stage)
            _time(argv, text, env)  # compile the bytecode once
            full = [_time(argv, text, env) for _ in range(reps)]
            empty = [_time(argv, "", env) for _ in range(reps)]
            fig = {"pmtui": _stats(full), "empty": _stats(empty)}
            fig["meets_target"] = fig["pmtui"]["median_ms"] <= TARGET_MS
            out["stages"][stage] = fig
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="2 runs per stage instead of 7")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    result = run(args.quick)
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    for stage, fig in result["stages"].items():
        s, e = fig["pmtui"], fig["empty"]
        verdict = "meets" if fig["meets_target"] else "MISSES"
        print(
            f"pmtui coach --stage {stage}, {LINES:,} lines: {s['median_ms']:.0f} ms "
            f"({s['min_ms']:.0f}-{s['max_ms']:.0f}); empty input {e['median_ms']:.0f} ms; "
            f"{verdict} the {TARGET_MS:.0f} ms target"
        )
    return 0 if all(f["meets_target"] for f in result["stages"].values()) else 1


if __name__ == "__main__":
    sys.exit(main())
