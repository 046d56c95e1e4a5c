"""The coach's model measured on documents it did not learn from (cross-validation by document).

    python benchmarks/coach_cv.py [--stage S ...] [--folds 5] [--sweep] [--seeds 4] [--json]

The train and dev documents are dealt into folds (every statement of one
document in one fold); for each fold the model is trained by
``benchmarks/coach_train.py`` on the other folds and the project's own
corpus, and the coach (rules and model together, as ``pmtui coach`` reads a
statement) is scored on the fold it did not see. Precision and recall are
given over all documents and over the documents the rules were not tuned on
(``coach_rules_documents.txt`` lists the ones they were), where the rules'
own hits are not fit either. ``--sweep`` prints them for other thresholds
too. ``coach_train.THRESHOLDS`` were chosen here, for precision: the most
precise threshold whose F1 is within 0.01 of the best (the run says when it
would choose another), with ``--seeds 4``: precision and F1 averaged over four
ways of dealing the documents into folds, since with one way the choice moves
with the deal (causes from 0.3 to 0.6 on the same documents). Test is never read.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import coach_train as trainer

TUNED = Path(__file__).with_name("coach_rules_documents.txt")
SEED = 17
SEEDS = (17, 1, 2, 3)
"""The deals of documents into folds whose figures are averaged to choose a threshold."""
SWEEP = tuple(round(0.2 + 0.05 * k, 2) for k in range(13))
F1_SLACK = 0.01
"""A threshold is chosen for precision: the most precise one whose F1 is within this of the best."""


def tuned_documents() -> set[str]:
    lines = TUNED.read_text(encoding="utf-8").splitlines()
    return {line.strip() for line in lines if line.strip() and not line.startswith("#")}


def folds_of(documents: set[str], folds: int, seed: int = SEED) -> dict[str, int]:
    order = sorted(documents)
    random.Random(seed).shuffle(order)
    return {doc: k % folds for k, doc in enumerate(order)}


def out_of_fold(
    stage: str, folds: int, seed: int = SEED
) -> tuple[list[trainer.Example], list[tuple[float, bool]]]:
    """Every real example of ``stage`` with what a model that never saw its document
    makes of it: its probability, and whether the coach has a finding to give if the
    probability is above the threshold (exactly as ``pmtui coach`` decides)."""
    from pmtui.domain.coach import _READERS, load_rules, model_features, model_hit
    from pmtui.domain.coach.model import Model
    from pmtui.domain.coach.wording import Reader

    examples = trainer.real_examples(stage)
    own = trainer.own_examples(stage)
    feats = trainer.encode(stage, examples)
    own_rows = list(zip(trainer.encode(stage, own), (e.flag for e in own), strict=True))
    fold = folds_of({e.document for e in examples}, folds, seed)
    out = [(0.0, False)] * len(examples)
    with tempfile.TemporaryDirectory(prefix="pmtui-coach-cv-") as config:
        rules = load_rules(Path(config))
        for k in range(folds):
            rows = [
                (f, e.flag) for f, e in zip(feats, examples, strict=True) if fold[e.document] != k
            ]
            bias, weights = trainer.train(rows + own_rows)
            model = Model({stage: bias}, {stage: weights}, {stage: 0.5})
            for i, e in enumerate(examples):
                if fold[e.document] == k:
                    reader = Reader(e.text, rules)
                    hits = _READERS[stage](reader)
                    read = model_features(stage, reader, hits)
                    p = model.probability(stage, read) or 0.0
                    out[i] = (p, bool(hits or model_hit(stage, reader, model, read)))
    return examples, out


def figures(pairs: list[tuple[bool, bool]]) -> dict[str, Any]:
    tp = sum(1 for found, flag in pairs if found and flag)
    fp = sum(1 for found, flag in pairs if found and not flag)
    fn = sum(1 for found, flag in pairs if flag and not found)
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(f1, 3), "tp": tp,
            "fp": fp, "fn": fn}  # fmt: skip


def score(
    examples: list[trainer.Example], judged: list[tuple[float, bool]], threshold: float
) -> dict[str, Any]:
    tuned = tuned_documents()
    pairs = [
        (p > threshold and speaks, e.flag, e.document in tuned)
        for e, (p, speaks) in zip(examples, judged, strict=True)
    ]
    return {
        "all": figures([(found, flag) for found, flag, _ in pairs]),
        "untuned": figures([(found, flag) for found, flag, t in pairs if not t]),
    }


def choose(examples: list[trainer.Example], *deals: list[tuple[float, bool]]) -> float:
    """The threshold that favours precision: the most precise of those whose F1 (over
    all documents) is within ``F1_SLACK`` of the best F1 of the sweep, precision and F1
    averaged over the ``deals`` (the same examples judged with other folds)."""
    scored = {t: [score(examples, judged, t)["all"] for judged in deals] for t in SWEEP}
    f1 = {t: sum(f["f1"] for f in fs) / len(fs) for t, fs in scored.items()}
    precision = {t: sum(f["precision"] for f in fs) / len(fs) for t, fs in scored.items()}
    best = max(f1.values())
    near = [t for t in SWEEP if f1[t] >= best - F1_SLACK - 1e-9]
    return max(near, key=lambda t: (precision[t], t))


def evaluate(
    stages: tuple[str, ...] = trainer.STAGES, folds: int = 5, sweep: bool = False, seeds: int = 1
) -> dict[str, Any]:
    """Per stage: the shipped threshold, the figures there (folds dealt with ``SEED``) and
    the threshold this run would choose, over the first ``seeds`` deals of ``SEEDS``
    (with ``sweep``, the figures at every threshold of ``SWEEP``)."""
    results: dict[str, Any] = {}
    for stage in stages:
        examples, judged = out_of_fold(stage, folds)
        deals = [judged] + [out_of_fold(stage, folds, seed)[1] for seed in SEEDS[1:seeds]]
        chosen = trainer.THRESHOLDS[stage]
        results[stage] = {"threshold": chosen, **score(examples, judged, chosen)}
        results[stage]["chosen_here"] = choose(examples, *deals)
        if sweep:
            results[stage]["sweep"] = {str(t): score(examples, judged, t) for t in SWEEP}
    return results


def run(quick: bool) -> dict[str, Any]:
    """The figures for benchmarks/run.py (--quick changes nothing: the data is small)."""
    return evaluate()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--stage", nargs="+", choices=trainer.STAGES, default=trainer.STAGES)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--sweep", action="store_true", help="score other thresholds too")
    parser.add_argument(
        "--seeds",
        type=int,
        default=1,
        choices=range(1, len(SEEDS) + 1),
        help="choose the threshold over this many deals of documents into folds (4 chose them)",
    )
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    results = evaluate(tuple(args.stage), args.folds, args.sweep, args.seeds)
    if args.json:
        json.dump(results, sys.stdout, indent=2)
        print()
        return 0
    print("stage        threshold  documents  precision  recall  f1    tp/fp/fn")
    for stage, res in results.items():
        rows = [(str(res["threshold"]), res)] + [
            (t, s) for t, s in res.get("sweep", {}).items() if float(t) != res["threshold"]
        ]
        for threshold, s in rows:
            for which in ("all", "untuned"):
                f = s[which]
                print(
                    f"{stage:12} {threshold:10} {which:10} {f['precision']:<10.2f} "
                    f"{f['recall']:<7.2f} {f['f1']:<5.2f} {f['tp']}/{f['fp']}/{f['fn']}"
                )
        if res["chosen_here"] != res["threshold"]:
            print(
                f"{stage}: this run would choose {res['chosen_here']} over {args.seeds} "
                f"deal(s) of folds (coach_train.THRESHOLDS were chosen over {len(SEEDS)})"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
