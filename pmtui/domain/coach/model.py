"""A second opinion on the wording rules: a small model learned from labelled statements.

The rules explain themselves (they quote the words that triggered them),
but real postmortems word the same idea in more ways than rules can list.
A logistic regression over lemmas, lemma pairs and the rules' own hits,
trained on the real-text train split and the project's own corpus, reads a
fact or a cause the rules passed over: when it is confident the statement
blames, judges or explains, it says so, quoting the words that weighed
most. The weights ship as ``pmtui/data/coach/<language>-model.json`` and are
scored here in pure Python; ``benchmarks/coach_train.py`` trains them again
(a test checks the shipped file is what it produces).
"""

from __future__ import annotations

import functools
import itertools
import json
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from pmtui.domain.coach.lexicon import Lexicon

THRESHOLD = 0.5
"""Above this probability the model flags a statement the rules passed over."""

_WORD = re.compile(r"[a-z][a-z'-]*")


@dataclass(frozen=True, eq=False)
class Model:
    """Weights per stage: a bias and a weight per feature."""

    bias: dict[str, float]
    weights: dict[str, dict[str, float]]

    def probability(self, stage: str, features: Iterable[str]) -> float | None:
        weights = self.weights.get(stage)
        if weights is None:
            return None
        z = self.bias[stage] + sum(weights.get(f, 0.0) for f in features)
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def strongest(self, stage: str, features: Iterable[str]) -> str:
        """The words of the feature that pushed hardest towards a hint, for the hint to quote."""
        weights = self.weights.get(stage, {})
        words = [f for f in features if f[:2] in ("u:", "b:")]
        best = max(words, key=lambda f: weights.get(f, 0.0), default="")
        return best[2:].replace("_", " ")


def features(text: str, lexicon: Lexicon, rules_hit: Iterable[str]) -> list[str]:
    """Lemmas, lemma pairs, the first lemma and the rules that fired (``rule.variant``)."""
    low = text.lower().replace("’", "'").replace("n't", " not")
    lemmas = [lexicon.lemma(w) for w in _WORD.findall(low)]
    out = {f"u:{w}" for w in lemmas}
    out.update(f"b:{a}_{b}" for a, b in itertools.pairwise(lemmas))
    if lemmas:
        out.add(f"first:{lemmas[0]}")
    out.update(f"rule:{r}" for r in rules_hit)
    return sorted(out)


def _path(language: str) -> Path:
    return Path(str(resources.files("pmtui") / "data" / "coach" / f"{language}-model.json"))


@functools.lru_cache(maxsize=4)
def load(language: str = "en") -> Model | None:
    """The shipped model for ``language``, or ``None`` when there is none."""
    path = _path(language)
    if not path.is_file():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    return Model(
        {stage: float(s["bias"]) for stage, s in data["stages"].items()},
        {stage: dict(s["weights"]) for stage, s in data["stages"].items()},
    )
