"""The coach's judgement: a small model learned from labelled statements, over the rules.

The rules explain themselves (they quote the words that triggered them),
but real postmortems word the same idea in more ways than rules can list,
and a rule that fires on a sentence it was not written for is a false alarm.
So a logistic regression per stage reads every statement: its features are
the lemmas and lemma pairs of the words, and what each rule and each of
the rules' detectors noticed. When it is confident, it decides:
it keeps the rules' findings (their words explain best), gives a finding of
its own where the rules passed over the statement (quoting the words that
weighed most), and takes back the rules' findings where it is confident the
wording is fine. The weights and each stage's threshold ship as
``pmtui/data/coach/<language>-model.json`` and are scored here in pure
Python; ``benchmarks/coach_train.py`` trains them (a test checks the shipped
file is what it produces) and ``benchmarks/coach_cv.py`` measures them on
documents they did not learn from.
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

_WORD = re.compile(r"[a-z][a-z'-]*|\d+")
_ZEROS = itertools.repeat(0.0)
"""The weight of a feature the model does not know."""
_SUBJECTS = frozenset({"we", "i", "they", "he", "she", "nobody", "someone", "everyone"})
_PAST_AUX = frozenset({"did", "never", "had", "was", "were", "could", "should", "would"})


@dataclass(frozen=True, eq=False)
class Model:
    """Per stage: a bias, a weight per feature and the threshold of a finding."""

    bias: dict[str, float]
    weights: dict[str, dict[str, float]]
    thresholds: dict[str, float]

    def probability(self, stage: str, features: Iterable[str]) -> float | None:
        weights = self.weights.get(stage)
        if weights is None:
            return None
        z = self.bias[stage] + sum(map(weights.get, features, _ZEROS))
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def strongest(self, stage: str, features: Iterable[str], text: str, lexicon: Lexicon) -> str:
        """The words in ``text`` that pushed hardest towards a finding, as written, for the
        hint to quote: the weightiest word or word pair, with a word on either side when
        the pair it makes weighs that way too ("" when no word pushed that way)."""
        weights = self.weights.get(stage, {})
        words = [f for f in features if f[:2] in ("u:", "b:") and weights.get(f, 0.0) > 0]
        if not words:
            return ""
        best = max(words, key=lambda f: (weights[f], f))[2:].split("_")
        found = [(m, lexicon.lemma(m.group())) for m in _WORD.finditer(text.lower())]
        lemmas = [lemma for _, lemma in found]
        for k in range(len(found) - len(best) + 1):
            if lemmas[k : k + len(best)] == best:
                start, end = k, k + len(best) - 1
                if start > 0 and weights.get(f"b:{lemmas[start - 1]}_{lemmas[start]}", 0) > 0:
                    start -= 1
                if (
                    end + 1 < len(found)
                    and weights.get(f"b:{lemmas[end]}_{lemmas[end + 1]}", 0) > 0
                ):
                    end += 1
                return text[found[start][0].start() : found[end][0].end()]
        return " ".join(best)


def features(
    text: str, lexicon: Lexicon, rules_hit: Iterable[str], signals: Iterable[str] = ()
) -> list[str]:
    """Lemmas, lemma pairs, the first two lemmas, judging words, a person or "we" before a
    past act, the rules that fired (``rule.variant``), the detectors that noticed
    something, and each pair of those (a person acting *and* an omission)."""
    low = text.lower().replace("’", "'").replace("n't", " not")
    tokens = _WORD.findall(low)
    lemma_of = lexicon.lemma_of.get
    lemmas = [lemma_of(w, w) for w in tokens]
    out = {"u:" + w for w in lemmas}
    out.update([f"b:{a}_{b}" for a, b in itertools.pairwise(lemmas)])
    if lemmas:
        out.add(f"first:{lemmas[0]}")
        out.add(f"first2:{'_'.join(lemmas[:2])}")
        if tokens[0] in lexicon.gerund:
            out.add("lead-gerund")  # "Skipping the canary", "Missing meetings"
    if not _SUBJECTS.isdisjoint(tokens):
        for word, nxt in itertools.pairwise(tokens):
            if word in _SUBJECTS and (nxt in lexicon.past or nxt in _PAST_AUX):
                out.update(("subject-past", f"subject-past:{word}"))
    if "@" in text:
        out.add("handle")  # "@lee restarted ...": a person by their account name
    if not lexicon.evaluative.keys().isdisjoint(lemmas):
        out.add("judging-word")
    if any(t.isdigit() for t in tokens):
        out.add("number")
    hit = list(rules_hit)
    readings = {f"rules:{r.split('.', 1)[0]}" for r in hit} or {"rules:none"}
    readings.update(f"sig:{s}" for s in signals)
    out.update(f"rule:{r}" for r in hit)
    out.update(readings)
    out.update(f"and:{a}&{b}" for a, b in itertools.combinations(sorted(readings), 2))
    return list(out)


def _path(language: str) -> Path:
    return Path(str(resources.files("pmtui") / "data" / "coach" / f"{language}-model.json"))


@functools.lru_cache(maxsize=4)
def load(language: str = "en") -> Model | None:
    """The shipped model for ``language``, or ``None`` when there is none."""
    path = _path(language)
    if not path.is_file():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    stages = data["stages"]
    return Model(
        {stage: float(s["bias"]) for stage, s in stages.items()},
        {stage: dict(s["weights"]) for stage, s in stages.items()},
        {stage: float(s["threshold"]) for stage, s in stages.items()},
    )


def loaded() -> bool:
    """Whether this process has read a model already: the app's stepper counts the hints of
    a review open at its frame only then, as reading it and the word lists holds about 8 MiB."""
    return load.cache_info().currsize > 0
