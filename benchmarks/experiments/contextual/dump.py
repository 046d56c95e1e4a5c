"""Step 1 (the project's venv): the shipped coach's out-of-fold verdicts on train and dev.

    python benchmarks/experiments/contextual/dump.py

Writes ``coach.json`` beside this file: per stage, every real train and dev
statement with its document, label, the probability the coach's model gives
it when trained without its document (5 folds, deal 17, as
``benchmarks/coach_cv.py``), whether the coach would speak, and the stage's
shipped threshold. Test is never read.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import coach_cv as cv
import coach_train as trainer

HERE = Path(__file__).resolve().parent


def main() -> None:
    out: dict[str, object] = {}
    for stage in trainer.STAGES:
        examples, judged = cv.out_of_fold(stage, 5, cv.SEED)
        out[stage] = [
            {"doc": e.document, "text": e.text, "flag": e.flag, "p": p, "speaks": speaks}
            for e, (p, speaks) in zip(examples, judged, strict=True)
        ]
        out[stage + "_thr"] = trainer.THRESHOLDS[stage]
    (HERE / "coach.json").write_text(json.dumps(out), encoding="utf-8")


if __name__ == "__main__":
    main()
