"""Train the coach's second-opinion model and write it beside the word lists.

    python benchmarks/coach_train.py            # writes pmtui/data/coach/en-model.json
    python benchmarks/coach_train.py --check    # exit 1 if the shipped file differs

A logistic regression per stage over the features of
:func:`pmtui.domain.coach.model.features` (lemmas, lemma pairs, the first
lemma and the rules that fired), trained by seeded stochastic gradient
descent in pure Python on the real-text train split
(``tests/data/coach-real/train``) and the project's own corpus
(``tests/data/coach``). Never on dev (kept to check that it generalises)
nor on test. The same data and code give the same file, byte for byte.

The train split grows as labelled documents are added; the model learns
only from the train documents named in ``coach_train_documents.txt``, the
ones it was last trained on, so the shipped file stays what the code gives
until someone retrains. Writing the model (without ``--check``) trains on
every train document and rewrites that list.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

STAGES = ("facts", "causes")
"""Commitments have no model: one that took back vague hints did worse on dev."""
SOURCES = (ROOT / "tests" / "data" / "coach-real" / "train", ROOT / "tests" / "data" / "coach")
OUT = ROOT / "pmtui" / "data" / "coach" / "en-model.json"
LEARNED = Path(__file__).with_name("coach_train_documents.txt")
"""The train documents (source names) the shipped model learned from, one a line."""
EPOCHS = 40
RATE = 0.3
L2 = 2.0
SEED = 17
KEEP = 0.1
"""Weights smaller than this are left out of the file: they change no decision."""


def _rows(folder: Path, stage: str) -> list[list[str]]:
    lines = (folder / f"{stage}.tsv").read_text(encoding="utf-8").splitlines()
    return [line.split("\t") for line in lines if line.strip() and not line.startswith("#")]


def train_documents() -> set[str]:
    """Every source name in the train split now."""
    stages = ("facts", "causes", "commitments")
    return {row[1].split(" ", 1)[0] for stage in stages for row in _rows(SOURCES[0], stage)}


def learned_documents() -> set[str]:
    """The train documents the shipped model learned from."""
    lines = LEARNED.read_text(encoding="utf-8").splitlines()
    return {line.strip() for line in lines if line.strip() and not line.startswith("#")}


def labelled(stage: str, documents: set[str]) -> list[tuple[bool, str]]:
    """The train lines of those documents, then the project's own corpus."""
    rows = []
    for folder in SOURCES:
        for parts in _rows(folder, stage):
            if folder == SOURCES[0] and parts[1].split(" ", 1)[0] not in documents:
                continue
            rows.append((parts[0] == "flag", parts[-1]))
    return rows


def train(examples: list[tuple[list[str], bool]]) -> tuple[float, dict[str, float]]:
    weights: dict[str, float] = {}
    bias = 0.0
    order = list(range(len(examples)))
    shrink = L2 / len(examples)
    for epoch in range(EPOCHS):
        random.Random(SEED + epoch).shuffle(order)
        for i in order:
            feats, flag = examples[i]
            z = bias + sum(weights.get(f, 0.0) for f in feats)
            p = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))
            g = p - (1.0 if flag else 0.0)
            for f in feats:
                w = weights.get(f, 0.0)
                weights[f] = w - RATE * (g + shrink * w)
            bias -= RATE * g
    kept = {f: round(w, 4) for f, w in sorted(weights.items()) if abs(w) >= KEEP}
    return round(bias, 4), kept


def build(documents: set[str]) -> str:
    from pmtui.domain.coach import _rule_hits, load_rules
    from pmtui.domain.coach.model import features

    with tempfile.TemporaryDirectory(prefix="pmtui-coach-train-") as config:
        rules = load_rules(Path(config))
        stages = {}
        for stage in STAGES:
            examples = [
                (features(text, rules.lexicon, _rule_hits(stage, text, rules)), flag)
                for flag, text in labelled(stage, documents)
            ]
            bias, weights = train(examples)
            stages[stage] = {"examples": len(examples), "bias": bias, "weights": weights}
    doc = {
        "about": "pmtui coach second opinion; built by benchmarks/coach_train.py, do not edit",
        "stages": stages,
    }
    return json.dumps(doc, indent=0, sort_keys=True) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare with the shipped file")
    args = parser.parse_args(argv)
    if args.check:
        text = build(learned_documents())
        same = OUT.is_file() and OUT.read_text(encoding="utf-8") == text
        print("the shipped model is up to date" if same else f"{OUT} is out of date")
        left = len(train_documents() - learned_documents())
        if left:
            print(f"{left} train documents are not learned from yet (retrain to use them)")
        return 0 if same else 1
    documents = train_documents()
    text = build(documents)
    OUT.write_text(text, encoding="utf-8")
    LEARNED.write_text(
        "# The train documents the shipped model learned from (benchmarks/coach_train.py).\n"
        + "".join(f"{name}\n" for name in sorted(documents)),
        encoding="utf-8",
    )
    print(f"wrote {OUT} ({len(text) // 1024} KiB) from {len(documents)} train documents")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
