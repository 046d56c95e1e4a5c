"""How long the coach takes to look for recurring causes across a long history.

``check_review`` compares each cause of the open review with the causes of
every earlier review's summary. Timed on 5,000 synthetic summaries (each
cause built from a small vocabulary, so many overlap) and a review with ten
causes; the target is two seconds, as the check runs while a person types.

Grouping: practice health's recurring-cause count groups every cause statement
of the store (:func:`pmtui.domain.insights.cause_groups`). Synthetic causes
repeat a few words, so they group fast; years of a real team's causes are tens
of thousands of different statements. Timed on 10,000 and 40,000 different
statements made of the words of real cause statements (the train and dev parts
of tests/data/coach-real, never its test part, drawn at their own frequencies),
against the view's one second. Informational: it does not set the exit code.

    python benchmarks/recurrence.py           # 5 runs
    python benchmarks/recurrence.py --quick   # 2 runs
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from pmtui.domain.coach import check_review, load_rules
from pmtui.domain.insights import cause_groups
from pmtui.domain.model import Cause, Review
from pmtui.domain.summary import ReviewSummary

TARGET_MS = 2000.0
GROUPING_TARGET_MS = 1000.0
HISTORY = 5000
CREATED = datetime(2026, 11, 23, 10, 0)
REAL = Path(__file__).resolve().parent.parent / "tests" / "data" / "coach-real"
GROUPED = (10_000, 40_000)
WORDS = ["queue", "disk", "alert", "cache", "retry", "deploy", "schema", "token", "dns", "pool"]


def _history() -> list[ReviewSummary]:
    out = []
    for i in range(HISTORY):
        r = Review(title=f"r{i}", created=CREATED - timedelta(days=i % 300))
        r.causes = [Cause(statement=f"{WORDS[i % 10]} {WORDS[(i * 3) % 10]} limit {i} missing")]
        out.append(ReviewSummary.from_review(r))
    return out


def real_words() -> list[str]:
    """Every word of the real cause statements of the train and dev parts, as often as
    they occur there."""
    words: list[str] = []
    for split in ("train", "dev"):  # never the test part
        for line in (REAL / split / "causes.tsv").read_text(encoding="utf-8").splitlines():
            parts = line.split("\t")
            if len(parts) == 3 and not line.startswith("#"):
                words.extend(parts[2].split())
    return words


def grouping(sizes: tuple[int, ...], runs: int) -> dict[str, Any]:
    """Seconds to group that many different causes shaped like real ones."""
    words = real_words()
    rng = random.Random(17)
    out: dict[str, Any] = {}
    for n in sizes:
        summaries = []
        for i in range(n):
            r = Review(title=f"r{i}", created=CREATED - timedelta(days=i % 900))
            r.causes = [Cause(statement=" ".join(rng.choices(words, k=rng.randint(4, 16))))]
            summaries.append(ReviewSummary.from_review(r))
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            cause_groups(summaries)
            times.append((time.perf_counter() - start) * 1000)
        out[str(n)] = {
            "median_ms": statistics.median(times),
            "min_ms": min(times),
            "max_ms": max(times),
            "target_ms": GROUPING_TARGET_MS,
            "meets_target": statistics.median(times) <= GROUPING_TARGET_MS,
        }
    return out


def run(quick: bool) -> dict[str, Any]:
    history = _history()
    current = Review(title="Checkout errors after deploy", created=CREATED, updated=CREATED)
    current.causes = [Cause(statement=f"No {w} limit on the ingest path") for w in WORDS]
    with tempfile.TemporaryDirectory() as config:
        rules = load_rules(Path(config))  # the packaged rules, no team file
        times = []
        for _ in range(2 if quick else 5):
            start = time.perf_counter()
            check_review(current, history=history, rules=rules)
            times.append((time.perf_counter() - start) * 1000)
    return {
        "history": HISTORY,
        "median_ms": statistics.median(times),
        "min_ms": min(times),
        "max_ms": max(times),
        "target_ms": TARGET_MS,
        "meets_target": statistics.median(times) <= TARGET_MS,
        "grouping": grouping(GROUPED[:1] if quick else GROUPED, 1 if quick else 3),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="The coach's recurrence check on a long history.")
    parser.add_argument("--quick", action="store_true", help="2 runs")
    args = parser.parse_args(argv)
    result = run(args.quick)
    print(json.dumps(result, indent=2))
    return 0 if result["meets_target"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
