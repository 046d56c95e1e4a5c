"""Time to the first prompt: ``pmtui quick`` against a bare questionary prompt.

Both run in a pseudo-terminal, as a person at a terminal would start them,
alternating so that both see the same machine load. The clock starts just
before the process is spawned and stops when the prompt's text is drawn on
the terminal; the process is then cancelled with Ctrl-C. The target is that
``pmtui quick`` takes at most 1.2 times as long as the bare prompt (ratio
of the medians; the ratio of the minimums, the least disturbed runs, is
printed beside it because a shared machine makes the medians noisy).

A third command is timed in the same turns: ``pmtui quick`` on a store where
the person stopped a quick review with Ctrl-C and kept it as a draft, until
it offers to continue that draft (its first prompt then). With
``PMTUI_BENCH_BEFORE`` naming a checkout of an older pmtui (its
``PYTHONPATH``), that pmtui's ``pmtui quick`` is timed in the same turns too,
so a change is read beside what it changed.

    python benchmarks/quick_path.py           # 15 runs of each
    python benchmarks/quick_path.py --quick   # 5 runs of each
"""

from __future__ import annotations

import argparse
import json
import os
import pty
import select
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path
from typing import Any

PROMPT = "What happened?"
OFFER = "Continue the quick review you stopped"
"""The first prompt when a quick review stopped with Ctrl-C was kept as a draft."""
USER = "bench"
TARGET_RATIO = 1.2
CPR_REQUEST = b"\x1b[6n"
CPR_REPLY = b"\x1b[1;1R"

BARE = [sys.executable, "-c", f"import questionary; questionary.text({PROMPT!r}).ask()"]
"""The baseline: the least a questionary prompt can cost."""


def pmtui_quick(store: Path) -> list[str]:
    """What the ``pmtui`` console script runs, with a store of its own."""
    return [
        sys.executable,
        "-c",
        "import sys; from pmtui.cli import main; sys.exit(main())",
        "quick",
        "--store",
        str(store),
    ]


def child_env(pycache: Path) -> dict[str, str]:
    """The environment of both commands: bytecode cached, as in any real install.

    Both write and read compiled bytecode under one private directory, so a
    source checkout run with PYTHONDONTWRITEBYTECODE is not timed compiling
    pmtui on every start while questionary loads its cached bytecode.
    """
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    return {**env, "TERM": "xterm-256color", "PYTHONPYCACHEPREFIX": str(pycache)}


def stopped_draft(store: Path) -> None:
    """A store where ``USER`` stopped a quick review with Ctrl-C and kept it as a draft."""
    from pmtui.prompts.quick import QuickAnswers, answers_dict, build_review
    from pmtui.store.quick_draft import StoppedQuick, keep_stopped
    from pmtui.store.repository import Store

    answers = QuickAnswers(what="The deploy hung", title="The deploy hung", draft=True)
    saved = Store(store).add(build_review(answers, user=USER, now=datetime.now()))
    stopped = StoppedQuick(saved.id, saved.rev, saved.title, answers_dict(answers))
    keep_stopped(Store(store).layout, USER, stopped)


def time_to_prompt(
    argv: list[str],
    env: dict[str, str],
    timeout: float = 30.0,
    prompt: str = PROMPT,
    cwd: str | None = None,
) -> float:
    """Seconds from spawning ``argv`` (in ``cwd``) in a pty until it draws ``prompt``."""
    master, slave = pty.openpty()
    start = time.perf_counter()
    proc = subprocess.Popen(
        argv, stdin=slave, stdout=slave, stderr=slave, env=env, close_fds=True, cwd=cwd
    )
    os.close(slave)
    seen = b""
    try:
        while prompt.encode() not in seen:
            if time.perf_counter() - start > timeout:
                raise RuntimeError(f"no prompt from {argv[:3]} after {timeout}s: {seen[-300:]!r}")
            if not select.select([master], [], [], 0.5)[0]:
                continue
            try:
                chunk = os.read(master, 65536)
            except OSError as exc:
                raise RuntimeError(f"{argv[:3]} ended before its prompt: {seen[-300:]!r}") from exc
            if CPR_REQUEST in chunk:
                os.write(master, CPR_REPLY)  # as a real terminal answers
            seen += chunk
        elapsed = time.perf_counter() - start
        os.write(master, b"\x03")
        proc.wait(timeout=10)
        return elapsed
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        os.close(master)


def _stats(values: list[float]) -> dict[str, float]:
    return {
        "median_ms": statistics.median(values) * 1000,
        "min_ms": min(values) * 1000,
        "max_ms": max(values) * 1000,
    }


def run(quick: bool) -> dict[str, Any]:
    """Measure both, interleaved; returns medians, ranges and the ratio of the medians."""
    reps = 5 if quick else 15
    older = os.environ.get("PMTUI_BENCH_BEFORE")
    with tempfile.TemporaryDirectory(prefix="pmtui-bench-quick-") as tmp:
        mine = pmtui_quick(Path(tmp) / "pmtui.json")
        with_draft = pmtui_quick(Path(tmp) / "draft" / "pmtui.json")
        stopped_draft(Path(tmp) / "draft" / "pmtui.json")
        env = {**child_env(Path(tmp) / "pycache"), "PMTUI_USER": USER}  # the draft's author
        launches: dict[str, tuple[list[str], dict[str, str], str, str | None]] = {
            "bare": (BARE, env, PROMPT, None),
            "pmtui": (mine, env, PROMPT, None),
            "draft": (with_draft, env, OFFER, None),
        }
        if older:
            # Started in the older tree: ``-c`` puts the working directory first on the
            # path, before PYTHONPATH (from this checkout it would run this pmtui).
            before_env = {**child_env(Path(tmp) / "pycache-before"), "PYTHONPATH": older}
            before_env["PMTUI_USER"] = USER
            launches["before"] = (mine, before_env, PROMPT, older)
        times: dict[str, list[float]] = {name: [] for name in launches}
        for argv, child, prompt, cwd in launches.values():  # warm the files and the bytecode
            time_to_prompt(argv, child, prompt=prompt, cwd=cwd)
        for _ in range(reps):
            for name, (argv, child, prompt, cwd) in launches.items():
                times[name].append(time_to_prompt(argv, child, prompt=prompt, cwd=cwd))
    bare, pmtui, draft = times["bare"], times["pmtui"], times["draft"]
    ratio = statistics.median(pmtui) / statistics.median(bare)
    draft_ratio = statistics.median(draft) / statistics.median(bare)
    out = {
        "runs": reps,
        "bare_questionary": _stats(bare),
        "pmtui_quick": _stats(pmtui),
        "ratio": ratio,
        "ratio_of_minimums": min(pmtui) / min(bare),
        "pmtui_quick_offering_a_draft": _stats(draft),
        "draft_ratio": draft_ratio,
        "target_ratio": TARGET_RATIO,
        "meets_target": ratio <= TARGET_RATIO and draft_ratio <= TARGET_RATIO,
    }
    if older:
        before = times["before"]
        out["before"] = older
        out["pmtui_quick_before"] = _stats(before)
        out["ratio_before"] = statistics.median(before) / statistics.median(bare)
    return out


def _print(r: dict[str, Any]) -> None:
    print(f"time to the first prompt, {r['runs']} runs each (median, min-max):")
    for name, key in (
        ("bare questionary", "bare_questionary"),
        ("pmtui quick", "pmtui_quick"),
        ("offering a draft", "pmtui_quick_offering_a_draft"),
        ("pmtui quick before", "pmtui_quick_before"),
    ):
        if key not in r:
            continue
        s = r[key]
        print(f"  {name:<18} {s['median_ms']:6.1f} ms  ({s['min_ms']:.1f}-{s['max_ms']:.1f})")
    verdict = "meets" if r["meets_target"] else "MISSES"
    print(
        f"  ratio of medians {r['ratio']:.2f}, offering a draft {r['draft_ratio']:.2f}: "
        f"{verdict} the {r['target_ratio']} target "
        f"(ratio of minimums {r['ratio_of_minimums']:.2f})"
    )
    if "ratio_before" in r:
        print(f"  before ({r['before']}): ratio of medians {r['ratio_before']:.2f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Time to the first prompt of pmtui quick.")
    parser.add_argument("--quick", action="store_true", help="5 runs of each instead of 15")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    result = run(args.quick)
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        _print(result)
    return 0 if result["meets_target"] else 1


if __name__ == "__main__":
    sys.exit(main())
