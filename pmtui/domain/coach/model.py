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
``pmtui/data/coach/<language>-model.txt`` and are scored here in pure
Python; ``benchmarks/coach_train.py`` trains them (a test checks the shipped
file is what it produces) and ``benchmarks/coach_cv.py`` measures them on
documents they did not learn from.

The file (:func:`dumps`) holds a line per stage (bias, examples, threshold),
then every stage's features as packed words (:mod:`pmtui.domain.coach.packed`)
and each stage's weights as one array of whole ten-thousandths (the trainer
rounds them to four places), and they stay so in memory (:class:`PackedWeights`):
read from JSON into dictionaries, the 27,800 weights held 3.7 MiB.
"""

from __future__ import annotations

import functools
import itertools
import math
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from itertools import compress
from pathlib import Path

from pmtui.domain.coach.lexicon import Lexicon
from pmtui.domain.coach.packed import Memo, Words, pack, read_lines, unpack

_WORD = re.compile(r"[a-z][a-z'-]*|\d+")
_ZEROS = itertools.repeat(0.0)
"""The weight of a feature the model does not know."""
SCALE = 10_000
"""The file keeps weights as whole multiples of 1/SCALE (the trainer rounds them to 4 places)."""
ABOUT = "# pmtui coach model; built by benchmarks/coach_train.py, do not edit"
_SUBJECTS = frozenset({"we", "i", "they", "he", "she", "nobody", "someone", "everyone"})
_PAST_AUX = frozenset({"did", "never", "had", "was", "were", "could", "should", "would"})


@dataclass(frozen=True, eq=False)
class Model:
    """Per stage: a bias, a weight per feature and the threshold of a finding.

    ``weights`` are dictionaries (as the trainer and the tests give them) or, read
    from the shipped file, :class:`PackedWeights`."""

    bias: dict[str, float]
    weights: Mapping[str, Mapping[str, float]]
    thresholds: dict[str, float]
    _weighing: dict[str, PackedWeights | _DictWeights] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        weighing = {
            stage: w if isinstance(w, PackedWeights) else _DictWeights(w)
            for stage, w in self.weights.items()
        }
        object.__setattr__(self, "_weighing", weighing)

    def probability(self, stage: str, features: Iterable[str]) -> float | None:
        weights = self._weighing.get(stage)
        if weights is None:
            return None
        z = self.bias[stage] + sum(weights.over(features))
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def strongest(self, stage: str, features: Iterable[str], text: str, lexicon: Lexicon) -> str:
        """The words in ``text`` that pushed hardest towards a finding, as written, for the
        hint to quote: the weightiest word or word pair, with a word on either side when
        the pair it makes weighs that way too ("" when no word pushed that way)."""
        weighing = self._weighing.get(stage)
        weight = weighing.weight if weighing is not None else _no_weight
        words = [f for f in features if f[:2] in ("u:", "b:") and weight(f) > 0]
        if not words:
            return ""
        best = max(words, key=lambda f: (weight(f), f))[2:].split("_")
        found = [(m, lexicon.lemma(m.group())) for m in _WORD.finditer(text.lower())]
        lemmas = [lemma for _, lemma in found]
        for k in range(len(found) - len(best) + 1):
            if lemmas[k : k + len(best)] == best:
                start, end = k, k + len(best) - 1
                if start > 0 and weight(f"b:{lemmas[start - 1]}_{lemmas[start]}") > 0:
                    start -= 1
                if end + 1 < len(found) and weight(f"b:{lemmas[end]}_{lemmas[end + 1]}") > 0:
                    end += 1
                return text[found[start][0].start() : found[end][0].end()]
        return " ".join(best)


def _no_weight(feature: str) -> float:
    return 0.0


class _DictWeights:
    """A stage's weights given as a dictionary (the trainer's, the tests')."""

    def __init__(self, weights: Mapping[str, float]) -> None:
        self._get = weights.get

    def over(self, features: Iterable[str]) -> Iterator[float]:
        return map(self._get, features, _ZEROS)

    def weight(self, feature: str) -> float:
        return self._get(feature, 0.0)


class PackedWeights(Mapping[str, float]):
    """One stage's weights as the file holds them: whole multiples of 1/:data:`SCALE`,
    one per feature of ``features`` (shared by the stages; 0 where this stage has none)
    and a last 0 for a feature the model does not know. The weight of a feature the
    model knows is found once and then remembered (:class:`pmtui.domain.coach.packed.Memo`);
    one it does not know is looked for each time (most are told at once by the sieve)."""

    def __init__(self, features: Words, weights: Sequence[int]) -> None:
        self._features = features
        self._weights = weights
        self._memo: Memo[float] = Memo(features, weights, SCALE, absent=False)

    def over(self, features: Iterable[str]) -> Iterator[float]:
        """The weight of each feature, in order (0.0 for one the stage does not know)."""
        return map(self._memo.__getitem__, features)

    def weight(self, feature: str) -> float:
        return self._memo[feature]

    def __getitem__(self, feature: str) -> float:
        weight = self._memo[feature]
        if not weight:
            raise KeyError(feature)
        return weight

    def __iter__(self) -> Iterator[str]:
        return compress(self._features, self._weights)

    def __len__(self) -> int:
        return sum(1 for w in self._weights if w)


def features(
    text: str, lexicon: Lexicon, rules_hit: Iterable[str], signals: Iterable[str] = ()
) -> list[str]:
    """Lemmas, lemma pairs, the first two lemmas, judging words, a person or "we" before a
    past act, the rules that fired (``rule.variant``), the detectors that noticed
    something, and each pair of those (a person acting *and* an omission)."""
    low = text.lower().replace("’", "'").replace("n't", " not")
    tokens = _WORD.findall(low)
    lemmas = lexicon.lemmas(tokens)
    out = {"u:" + w for w in lemmas}
    out.update([f"b:{a}_{b}" for a, b in itertools.pairwise(lemmas)])
    if lemmas:
        out.add(f"first:{lemmas[0]}")
        out.add(f"first2:{'_'.join(lemmas[:2])}")
        if lexicon.is_gerund(tokens[0]):
            out.add("lead-gerund")  # "Skipping the canary", "Missing meetings"
    if not _SUBJECTS.isdisjoint(tokens):
        for word, nxt in itertools.pairwise(tokens):
            if word in _SUBJECTS and (nxt in _PAST_AUX or lexicon.is_past(nxt)):
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
    return Path(str(resources.files("pmtui") / "data" / "coach" / f"{language}-model.txt"))


@functools.lru_cache(maxsize=4)
def load(language: str = "en") -> Model | None:
    """The shipped model for ``language``, or ``None`` when there is none."""
    path = _path(language)
    if not path.is_file():
        return None
    return parse(path.read_bytes())


@dataclass(frozen=True)
class StageFit:
    """What the trainer learned for one stage."""

    bias: float
    examples: int
    threshold: float
    weights: dict[str, float]


def dumps(stages: Mapping[str, StageFit]) -> str:
    """The model file's text: a ``stage`` line per stage, every stage's features as packed
    words (``features``, ``lengths``, ``crcs``: :class:`pmtui.domain.coach.packed.Words`)
    and a ``weights`` line per stage: its weight of each feature (0 for none) as whole
    multiples of 1/:data:`SCALE`, and a last 0, packed."""
    words = Words.order(f for fit in stages.values() for f in fit.weights)
    text, lengths, crcs = Words.fields(words)
    out = [ABOUT]
    for stage, fit in sorted(stages.items()):
        out.append(
            f"stage\t{stage}\tbias\t{fit.bias!r}\texamples\t{fit.examples}"
            f"\tthreshold\t{fit.threshold!r}"
        )
    out += [f"features\t{text}", f"lengths\t{lengths}", f"crcs\t{crcs}"]
    for stage, fit in sorted(stages.items()):
        scaled = [*(_scaled(fit.weights.get(f, 0.0)) for f in words), 0]
        out.append(f"weights\t{stage}\t{pack('i', scaled)}")
    return "\n".join(out) + "\n"


def _scaled(weight: float) -> int:
    whole = round(weight * SCALE)
    if whole / SCALE != weight:
        raise ValueError(f"a weight that is not a whole multiple of 1/{SCALE}: {weight!r}")
    return whole


def parse(data: bytes) -> Model:
    """A model from the file :func:`dumps` wrote (read in place, see
    :func:`pmtui.domain.coach.packed.read_lines`)."""
    bias: dict[str, float] = {}
    thresholds: dict[str, float] = {}
    fields: dict[str, memoryview] = {}
    packed: dict[str, memoryview] = {}
    for names, value in read_lines(data):
        if names and names[0] == "stage":
            stage, *pairs = [*names[1:], str(value, "utf-8")]
            values = dict(zip(pairs[::2], pairs[1::2], strict=True))
            bias[stage] = float(values["bias"])
            thresholds[stage] = float(values["threshold"])
        elif names and names[0] == "weights":
            packed[names[1]] = value
        elif names:
            fields[names[0]] = value
    features = Words.of_fields(fields["features"], fields["lengths"], fields["crcs"])
    weights = {stage: PackedWeights(features, unpack("i", w)) for stage, w in packed.items()}
    return Model(bias, weights, thresholds)


def loaded() -> bool:
    """Whether this process has read a model already: the app's stepper counts the hints of
    a review open at its frame only then, as reading it and the word lists holds memory (about
    2.5 MiB since both are packed, 7.4 MiB before)."""
    return load.cache_info().currsize > 0
