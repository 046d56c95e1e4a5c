"""What the two measuring scripts share: the statements, folds by document, figures."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import numpy as np

HERE = Path(__file__).resolve().parent
FOLDS = 5


def stage_rows(stage: str) -> tuple[list[dict[str, Any]], float]:
    data = json.loads((HERE / "coach.json").read_text(encoding="utf-8"))
    return data[stage], data[stage + "_thr"]


def fold_of_each(rows: list[dict[str, Any]], seed: int) -> np.ndarray:
    """Each statement's fold, documents dealt as ``benchmarks/coach_cv.py`` deals them."""
    order = sorted({r["doc"] for r in rows})
    random.Random(seed).shuffle(order)
    fold = {doc: k % FOLDS for k, doc in enumerate(order)}
    return np.array([fold[r["doc"]] for r in rows])


def figures(found: np.ndarray, flag: np.ndarray) -> tuple[float, float, float]:
    tp = int(np.sum(found & flag))
    fp = int(np.sum(found & ~flag))
    fn = int(np.sum(~found & flag))
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return round(p, 3), round(r, 3), round(2 * p * r / (p + r), 3) if p + r else 0.0


def recall_at_precision(prob: np.ndarray, flag: np.ndarray, precision: float = 0.9) -> float:
    recalls = [
        figures(prob > t, flag)[1]
        for t in np.arange(0.2, 0.99, 0.01)
        if figures(prob > t, flag)[0] >= precision
    ]
    return max(recalls, default=0.0)


def coach_found(rows: list[dict[str, Any]], threshold: float) -> np.ndarray:
    p = np.array([r["p"] for r in rows])
    speaks = np.array([r["speaks"] for r in rows])
    return (p > threshold) & speaks
