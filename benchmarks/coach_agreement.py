"""A second labeller's check of the real-text evaluation set's labels.

    python benchmarks/coach_agreement.py sample OUT [--split test] [--per-stage 60] [--seed 17]
    python benchmarks/coach_agreement.py compare LABELS [--split test]

``sample`` draws a seeded random sample of lines per stage from one split of
``tests/data/coach-real`` and writes ONLY ``stage<TAB>statement`` to OUT (no
label, no source), so a second person can label it from the guideline alone.
They put ``flag`` or ``ok`` in front of each line (``label<TAB>stage<TAB>statement``).

``compare`` reads those labels, looks up the first labels for the same
statements and prints, per stage, the agreement, Cohen's kappa, the number
of flags each labeller gave, and every disagreement.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT / "tests" / "data" / "coach-real"
STAGES = ("facts", "causes", "commitments")


def statements(split: str, stage: str) -> list[str]:
    """The statements of one split and stage, in file order, without their labels."""
    path = REAL / split / f"{stage}.tsv"
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            out.append(line.split("\t", 2)[2])
    return out


def labels(split: str, stage: str) -> dict[str, str]:
    """The first labeller's label of every statement of one split and stage."""
    path = REAL / split / f"{stage}.tsv"
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            label, _source, text = line.split("\t", 2)
            out[text] = label
    return out


def sample(
    split: str, per_stage: int, seed: int, first: dict[str, int] | None = None
) -> Iterator[tuple[str, str]]:
    """``per_stage`` statements of each stage, drawn with one seeded generator.

    ``first``: per stage, draw from only the first that many lines (the split as it
    was when an earlier sample was drawn; lines added since come after them).
    """
    rng = random.Random(seed)
    for stage in STAGES:
        pool = statements(split, stage)
        if first is not None:
            pool = pool[: first[stage]]
        for text in rng.sample(pool, per_stage):
            yield stage, text


def kappa(first: list[str], second: list[str]) -> float:
    """Cohen's kappa of two labellings of the same items."""
    n = len(first)
    observed = sum(a == b for a, b in zip(first, second, strict=True)) / n
    expected = sum(
        (first.count(label) / n) * (second.count(label) / n) for label in set(first) | set(second)
    )
    return 1.0 if expected == 1 else (observed - expected) / (1 - expected)


def compare(path: Path, split: str) -> Iterator[str]:
    second: dict[str, list[tuple[str, str]]] = {stage: [] for stage in STAGES}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            label, stage, text = line.split("\t", 2)
            if label not in ("flag", "ok"):
                raise ValueError(f"{path}: label must be flag or ok: {line!r}")
            second[stage].append((label, text))
    yield "| stage | lines | agree | agreement | Cohen's kappa | flags (first / second) |"
    yield "|---|---:|---:|---:|---:|---|"
    disagreements = []
    for stage in STAGES:
        first_labels = labels(split, stage)
        a = [first_labels[text] for _label, text in second[stage]]
        b = [label for label, _text in second[stage]]
        agree = sum(x == y for x, y in zip(a, b, strict=True))
        yield (
            f"| {stage} | {len(a)} | {agree} | {agree / len(a):.2f} | {kappa(a, b):.2f} "
            f"| {a.count('flag')} / {b.count('flag')} |"
        )
        for (label, text), first in zip(second[stage], a, strict=True):
            if label != first:
                disagreements.append(f"- {stage}: first {first}, second {label}: {text}")
    yield ""
    yield from disagreements


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = parser.add_subparsers(dest="command", required=True)
    draw = sub.add_parser("sample", help="write stage<TAB>statement lines to label")
    draw.add_argument("out", type=Path)
    draw.add_argument("--split", default="test")
    draw.add_argument("--per-stage", type=int, default=60)
    draw.add_argument("--seed", type=int, default=17)
    check = sub.add_parser("compare", help="compare label<TAB>stage<TAB>statement lines")
    check.add_argument("labels", type=Path)
    check.add_argument("--split", default="test")
    args = parser.parse_args(argv)
    if args.command == "sample":
        rows = [
            f"{stage}\t{text}\n" for stage, text in sample(args.split, args.per_stage, args.seed)
        ]
        args.out.write_text("".join(rows), encoding="utf-8")
        print(f"{len(rows)} statements written to {args.out}", file=sys.stderr)
    else:
        for line in compare(args.labels, args.split):
            print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
