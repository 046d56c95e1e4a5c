"""Does the shipped coach's model want more labelled text? (the project's venv)

    python benchmarks/experiments/contextual/learning_curve.py causes commitments facts

Cross-validation by document as ``benchmarks/coach_cv.py`` (5 folds, deal 17,
the shipped thresholds), but each fold's model learns from only a share of
the other folds' documents (a quarter, a half, three quarters; two draws
each, averaged) beside the project's own corpus.
"""

from __future__ import annotations

import random
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import coach_cv as cv
import coach_train as trainer

from pmtui.domain.coach import _READERS, load_rules, model_features, model_hit
from pmtui.domain.coach.model import Model
from pmtui.domain.coach.wording import Reader


def judged_with(stage: str, share: float, draw: int) -> dict[str, Any]:
    examples = trainer.real_examples(stage)
    own = trainer.encode(stage, trainer.own_examples(stage))
    own_rows = list(zip(own, (e.flag for e in trainer.own_examples(stage)), strict=True))
    feats = trainer.encode(stage, examples)
    fold = cv.folds_of({e.document for e in examples}, 5, cv.SEED)
    documents = sorted(fold)
    random.Random(100 + draw).shuffle(documents)
    out = [(0.0, False)] * len(examples)
    with tempfile.TemporaryDirectory() as config:
        rules = load_rules(Path(config))
        readers = [Reader(e.text, rules) for e in examples]
        hits = [_READERS[stage](r) for r in readers]
        reads = [model_features(stage, r, h) for r, h in zip(readers, hits, strict=True)]
        for k in range(5):
            others = [d for d in documents if fold[d] != k]
            kept = set(others[: int(len(others) * share)])
            rows = [(f, e.flag) for f, e in zip(feats, examples, strict=True) if e.document in kept]
            bias, weights = trainer.train(rows + own_rows)
            model = Model({stage: bias}, {stage: weights}, {stage: 0.5})
            for i, e in enumerate(examples):
                if fold[e.document] == k:
                    p = model.probability(stage, reads[i]) or 0.0
                    speaks = bool(hits[i] or model_hit(stage, readers[i], model, reads[i]))
                    out[i] = (p, speaks)
    return cv.score(examples, out, trainer.THRESHOLDS[stage])


def main() -> None:
    for stage in sys.argv[1:] or trainer.STAGES:
        for share in (0.25, 0.5, 0.75, 1.0):
            runs = [judged_with(stage, share, d) for d in range(2 if share < 1 else 1)]

            def mean(part: str, key: str, runs: list[dict[str, Any]] = runs) -> float:
                return round(sum(r[part][key] for r in runs) / len(runs), 3)

            print(
                stage,
                share,
                "all P/R/F1",
                mean("all", "precision"),
                mean("all", "recall"),
                mean("all", "f1"),
                "untuned F1",
                mean("untuned", "f1"),
            )


if __name__ == "__main__":
    main()
