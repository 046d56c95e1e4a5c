"""How fast the incident paths answer: logging one, reading a big log, and `pmtui due`.

- ``pmtui log``: a fresh process from spawn until it has printed the id and
  ended, on an empty store and on one of 10,000 reviews (``--quick``:
  1,000), beside ``pmtui --version`` (the interpreter and pmtui's import
  floor) in the same run. Logging reads and writes only the incidents
  file, so the store's size should not show; the goal is well under a
  second.
- a 100,000-line log (``--quick``: 10,000): parsing it into facts in
  process (what the app's paste box runs in its worker), and the whole
  ``pmtui facts import --yes --match`` keeping 2,000 of them.
- ``pmtui due`` on the big store, whole process, before any incident is
  logged and after 1,000 are (100 of them with their review), so the cost
  of the review rows shows beside what it was.

    python benchmarks/incidents.py [--quick] [--json]
"""

from __future__ import annotations

import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from common import child_env, main, timed_runs  # noqa: E402
from queries import build  # noqa: E402

from pmtui.domain.incidents import new_incident, review_from  # noqa: E402
from pmtui.domain.model import Kind  # noqa: E402
from pmtui.domain.timeline_import import Options, parse  # noqa: E402
from pmtui.store.repository import Store  # noqa: E402

GOAL_LOG_MS = 1000.0


def _command() -> list[str]:
    return [sys.executable, "-m", "pmtui"]


def _log_lines(n: int) -> str:
    rng = random.Random(19)
    start = datetime(2026, 11, 29, 13, 0)
    out = []
    for i in range(n):
        at = start + timedelta(milliseconds=36 * i)
        out.append(
            f"{at:%Y-%m-%dT%H:%M:%S}.{at.microsecond // 1000:03d}Z INFO worker-{i % 50} "
            f"GET /api/checkout/{rng.randint(1, 10**6)} {rng.choice((200, 200, 200, 502))} "
            f"{rng.randint(1, 900)}ms"
        )
        if i % 25 == 0:
            out.append("    at checkout.handler(Checkout.java:42)")
    return "\n".join(out) + "\n"


def run(quick: bool) -> dict[str, Any]:
    reviews = 1_000 if quick else 10_000
    lines = 10_000 if quick else 100_000
    repeat = 3 if quick else 9
    with tempfile.TemporaryDirectory(prefix="pmtui-bench-incidents-") as name:
        tmp = Path(name)
        env = child_env(tmp)
        big = tmp / "big" / "pmtui.json"
        build(big, reviews, 5)
        empty = tmp / "empty" / "pmtui.json"
        figures: dict[str, Any] = {"reviews": reviews, "log_lines": lines}

        # pmtui due before any incident exists (the incidents file is absent)
        figures["due_before"] = timed_runs(
            [*_command(), "--store", str(big), "due"], env, max(3, repeat // 2)
        )
        # the first incident migrates the store: not part of the figure
        subprocess.run([*_command(), "--store", str(big), "log", "first"], env=env, check=True,
                       capture_output=True)  # fmt: skip
        subprocess.run([*_command(), "--store", str(empty), "log", "first"], env=env, check=True,
                       capture_output=True)  # fmt: skip
        figures["version"] = timed_runs([*_command(), "--version"], env, repeat)
        log = ["log", "checkout 502s after deploy", "--sev", "2", "--tag", "payments"]
        figures["log_empty"] = timed_runs([*_command(), "--store", str(empty), *log], env, repeat)
        figures["log_big"] = timed_runs([*_command(), "--store", str(big), *log], env, repeat)

        store = Store(big)
        now = datetime(2026, 11, 1, 9)
        made = []
        for i in range(1_000):
            when = now + timedelta(hours=7 * i)
            made.append(
                store.add_incident(
                    new_incident(
                        f"incident {i}",
                        now=when,
                        author=random.Random(i).choice(("ana", "bo", "chen")),
                        severity=f"SEV{1 + i % 5}",
                        started=when.strftime("%Y-%m-%d %H:%M"),
                    )
                )
            )
        for incident in made[:100]:
            store.review_incident(
                incident.id,
                lambda i: review_from(i, "quick", Kind.QUICK, now=now, user="ana"),
            )
        figures["incidents"] = len(store.incidents())
        figures["due_after"] = timed_runs(
            [*_command(), "--store", str(big), "due"], env, max(3, repeat // 2)
        )

        text = _log_lines(lines)
        parse_runs = []
        for _ in range(3):
            start = time.perf_counter()
            parsed = parse(text, Options())
            parse_runs.append((time.perf_counter() - start) * 1000)
        figures["parse"] = {
            "median_ms": round(statistics.median(parse_runs), 1),
            "min_ms": round(min(parse_runs), 1),
            "max_ms": round(max(parse_runs), 1),
            "facts": len(parsed.facts),
        }
        path = tmp / "api.log"
        path.write_text(text)
        review = store.summaries()[0].id
        figures["facts_import"] = timed_runs(
            [*_command(), "--store", str(big), "facts", "import", review, str(path), "--yes",
             "--match", "worker-7 "],
            env,
            1,
        )  # fmt: skip
        figures["log_within_goal"] = figures["log_big"]["median_ms"] <= GOAL_LOG_MS
        return figures


if __name__ == "__main__":
    main(__doc__, run, "smaller store and log")
