"""The coach measured on text nobody on the project wrote, beside its fit on our own.

    python benchmarks/coach_eval.py [--split train dev test fit] [--json]

Prints precision and recall of ``pmtui.domain.coach.check_text`` per stage
(facts, causes, commitments) for each split of the real-text evaluation set
(``tests/data/coach-real/<split>/<stage>.tsv``: sentences from public
postmortems and retrospectives, labelled before the coach ran, split by
source document) and for the project's own corpus (``tests/data/coach``,
shown as "fit": statements written for the rules, so it measures fit, not
skill). A statement counts as flagged when the coach has at least one
finding for it; only the packaged word lists are used, never a team's
``coach.toml``.

The test split is for reporting only: tune on train, check on dev, and read
the test figures once a change is done.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT / "tests" / "data" / "coach-real"
FIT = ROOT / "tests" / "data" / "coach"
STAGES = ("facts", "causes", "commitments")
SPLITS = ("train", "dev", "test", "fit")


@dataclass(frozen=True)
class Row:
    flag: bool
    text: str
    source: str


def read_rows(split: str, stage: str) -> list[Row]:
    """The labelled statements of one split and stage (``fit`` is the project's corpus)."""
    path = FIT / f"{stage}.tsv" if split == "fit" else REAL / split / f"{stage}.tsv"
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        if split == "fit":
            label, text = line.split("\t", 1)
            source = "tests/data/coach"
        else:
            label, source, text = line.split("\t", 2)
        if label not in ("flag", "ok"):
            raise ValueError(f"{path}: label must be flag or ok: {line!r}")
        rows.append(Row(label == "flag", text, source))
    return rows


def _ratio(part: int, whole: int) -> float | None:
    return round(part / whole, 3) if whole else None


def score(stage: str, rows: list[Row], rules: Any) -> dict[str, Any]:
    """Precision, recall and the counts behind them for one stage."""
    from pmtui.domain.coach import check_text

    tp = fp = fn = tn = 0
    for row in rows:
        found = bool(check_text(stage, row.text, rules=rules))
        if found and row.flag:
            tp += 1
        elif found:
            fp += 1
        elif row.flag:
            fn += 1
        else:
            tn += 1
    return {
        "statements": len(rows),
        "flags": tp + fn,
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "tn": tn,
        "precision": _ratio(tp, tp + fp),
        "recall": _ratio(tp, tp + fn),
    }


def evaluate(splits: tuple[str, ...] = SPLITS) -> dict[str, Any]:
    """Every requested split, stage by stage, with the packaged rules only."""
    from pmtui.domain.coach import load_rules

    with tempfile.TemporaryDirectory(prefix="pmtui-coach-eval-") as config_dir:
        rules = load_rules(Path(config_dir))
        start = time.perf_counter()
        results: dict[str, Any] = {
            split: {stage: score(stage, read_rows(split, stage), rules) for stage in STAGES}
            for split in splits
        }
        results["seconds"] = round(time.perf_counter() - start, 2)
    return results


def run(quick: bool) -> dict[str, Any]:
    """The figures for benchmarks/run.py (the data is small: --quick changes nothing).

    Train, dev and the fit only: benchmarks/run.py runs often (CI runs it on every
    landing), and the test split is read only when someone chooses to report a
    finished change with ``--split test`` and records the look in the data set's README.
    """
    return evaluate(tuple(split for split in SPLITS if split != "test"))


def _cell(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"


def table(results: dict[str, Any]) -> Iterator[str]:
    header = ("split", "stage", "statements", "flags", "precision", "recall", "tp/fp/fn")
    rows = [header]
    for split in SPLITS:
        if split not in results:
            continue
        for stage in STAGES:
            fig = results[split][stage]
            rows.append(
                (
                    split,
                    stage,
                    str(fig["statements"]),
                    str(fig["flags"]),
                    _cell(fig["precision"]),
                    _cell(fig["recall"]),
                    f"{fig['tp']}/{fig['fp']}/{fig['fn']}",
                )
            )
    widths = [max(len(r[i]) for r in rows) for i in range(len(header))]
    for i, row in enumerate(rows):
        yield "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
        if i == 0:
            yield "  ".join("-" * w for w in widths)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--split",
        nargs="+",
        choices=SPLITS,
        default=list(SPLITS),
        help="which splits to score (default: all; fit is the project's own corpus)",
    )
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    results = evaluate(tuple(s for s in SPLITS if s in args.split))
    if args.json:
        json.dump(results, sys.stdout, indent=2)
        print()
    else:
        for line in table(results):
            print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
