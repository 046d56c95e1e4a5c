"""The coach's lexicon and model held packed answer exactly as dictionaries of them did.

The lexicon's verb forms and the model's weights are held as strings and
arrays (:mod:`pmtui.domain.coach.packed`) instead of dictionaries and sets.
These tests read the same data into plain dictionaries, the way the coach
held it before, and ask both the same questions: every verb form and a
sample of other words, every weight, and the model's probability and
decision for every statement of the train and dev splits and the own corpus.
"""

from __future__ import annotations

import math
import zlib
from pathlib import Path

import pytest

from pmtui.domain.coach import load_rules, model_features
from pmtui.domain.coach import packed as packed_module
from pmtui.domain.coach.lexicon import VerbLine, index_lines, load, parse
from pmtui.domain.coach.model import Model, StageFit, dumps
from pmtui.domain.coach.model import load as load_model
from pmtui.domain.coach.model import parse as parse_model
from pmtui.domain.coach.packed import Memo, Words, crc
from pmtui.domain.coach.wording import Reader

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "pmtui" / "data" / "coach"
STAGES = ("facts", "causes", "commitments")


def _plain_lexicon(lines: list[str]) -> dict[str, object]:
    """The lexicon's verb forms as the coach held them before they were packed."""
    forms: dict[str, tuple[str, ...]] = {}
    past: set[str] = set()
    third: set[str] = set()
    gerund: set[str] = set()
    nouns: set[str] = set()
    for line in lines:
        kind, _, rest = line.partition("\t")
        if kind == "v":
            lemma, vbd, vbn, vbz, vbg = rest.split("\t")
            d, n, z, g = vbd.split("|"), vbn.split("|"), vbz.split("|"), vbg.split("|")
            past.update(d + n)
            third.update(z)
            gerund.update(g)
            forms[lemma] = tuple(dict.fromkeys([lemma, *d, *n, *z, *g]))
        elif kind == "n":
            nouns.update(rest.split(" "))
    lemma_of = {lemma: lemma for lemma in forms}
    lemma_of.update({f: lemma for lemma, fs in forms.items() for f in fs[1:]})
    return {
        "forms": forms,
        "lemma_of": lemma_of,
        "past": past,
        "third": third - nouns,
        "gerund": gerund,
    }


def _corpus(stage: str) -> list[str]:
    """The statements of the train and dev splits and the own corpus (never test)."""
    texts = []
    for split in ("train", "dev"):
        for line in (
            (ROOT / "tests/data/coach-real" / split / f"{stage}.tsv")
            .read_text(encoding="utf-8")
            .splitlines()
        ):
            if line.strip() and not line.startswith("#"):
                texts.append(line.split("\t", 2)[2])
    for line in (
        (ROOT / "tests/data/coach" / f"{stage}.tsv").read_text(encoding="utf-8").splitlines()
    ):
        if line.strip() and not line.startswith("#"):
            texts.append(line.split("\t", 1)[1])
    return texts


def test_every_verb_form_and_other_words_answer_as_the_dictionaries_did() -> None:
    lines = (DATA / "en-lexicon.txt").read_text(encoding="utf-8").splitlines()
    plain = _plain_lexicon(lines)
    forms, lemma_of = plain["forms"], plain["lemma_of"]
    assert isinstance(forms, dict) and isinstance(lemma_of, dict)
    words = set(lemma_of)
    for stage in STAGES:  # the words people write, most of them no verb form
        for text in _corpus(stage)[:300]:
            words.update(text.lower().split())
    words |= {"", "priya", "off set", "saw", "see", "times", "re-deploy", "Broke", "über"}
    lex = load("en")
    for w in sorted(words):
        assert lex.lemma(w) == lemma_of.get(w, w), w
        assert lex.is_form(w) == (w in lemma_of), w
        assert lex.is_lemma(w) == (w in forms), w
        assert lex.is_past(w) == (w in plain["past"]), w  # type: ignore[operator]
        assert lex.is_third(w) == (w in plain["third"]), w  # type: ignore[operator]
        assert lex.is_gerund(w) == (w in plain["gerund"]), w  # type: ignore[operator]
        want = forms[w] if w in forms and lemma_of.get(w) == w else (w,)
        assert lex.inflections(w) == want, w
    assert lex.lemmas(["broke", "disk", "saw"]) == ["break", "disk", "see"]


def test_the_index_lines_are_what_the_verb_lines_give() -> None:
    lines = (DATA / "en-lexicon.txt").read_text(encoding="utf-8").splitlines()
    words = [line for line in lines if not line.startswith("x\t")]
    assert [line for line in lines if line.startswith("x\t")] == index_lines(words)


def test_common_words_are_words_without_a_set_of_them() -> None:
    lex = parse(_tiny_lexicon_text().encode("utf-8"))
    assert lex.is_word("backup") and lex.is_word("deploy") and lex.is_word("broke")
    assert not lex.is_word("back") and not lex.is_word("backup deploy")
    assert not lex.is_word("priya") and not lex.is_word("")
    assert lex.evaluative == {"sloppy": -1.8}
    assert lex.inflections("break") == ("break", "broke", "broken", "breaks", "breaking")
    assert lex.lemma("broken") == "break" and lex.is_third("breaks")


def _tiny_lexicon_text() -> str:
    verbs = ["v\tbreak\tbroke\tbroken\tbreaks\tbreaking"]
    head = ["# a lexicon", *verbs, "n\ttimes", "e\tsloppy\t-1.8", "w\tbackup deploy"]
    return "\n".join(head + index_lines(head)) + "\n"


def test_words_that_share_a_crc_are_told_apart() -> None:
    assert crc("plumless") == crc("buckeroo") == zlib.crc32(b"plumless")
    ordered = Words.order(["plumless", "buckeroo", "codding", "gnu", "deploy"])
    text, lengths, crcs = Words.fields(ordered)
    words = Words.of_fields(
        memoryview(text.encode()), memoryview(lengths.encode()), memoryview(crcs.encode())
    )
    assert [words.find(w) for w in ordered] == list(range(5))
    assert words.find("plumles") == words.find("buckaroo") == 5
    assert list(words) == ordered


def test_a_full_memo_answers_without_remembering(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(packed_module, "MEMO_WORDS", 2)
    ordered = Words.order(["a", "b", "c", "d"])
    text, lengths, crcs = Words.fields(ordered)
    words = Words.of_fields(
        memoryview(text.encode()), memoryview(lengths.encode()), memoryview(crcs.encode())
    )
    memo: Memo[int] = Memo(words, [10, 20, 30, 40, 0])
    asked = ("d", "c", "b", "a", "x", "d")
    answers = [memo[w] for w in asked]
    assert answers == [10 * (ordered.index(w) + 1) if w in ordered else 0 for w in asked]
    assert len(memo) == 2


def _plain_model() -> Model:
    """The shipped model read into dictionaries, as the coach held it before."""
    model = load_model("en")
    assert model is not None
    weights = {stage: dict(w) for stage, w in model.weights.items()}
    return Model(dict(model.bias), weights, dict(model.thresholds))


@pytest.mark.parametrize("stage", STAGES)
def test_the_packed_model_scores_and_decides_as_its_dictionaries(
    stage: str, tmp_path: Path
) -> None:
    packed, plain = load_model("en"), _plain_model()
    assert packed is not None
    rules = load_rules(tmp_path)
    threshold = packed.thresholds[stage]
    for text in _corpus(stage):
        reader = Reader(text, rules)
        feats = model_features(stage, reader)
        p, q = packed.probability(stage, feats), plain.probability(stage, feats)
        assert p == q, text  # the same weights, summed in the same order
        assert p is not None and (p > threshold) == (q is not None and q > threshold)
        lexicon = rules.lexicon
        assert packed.strongest(stage, feats, text, lexicon) == plain.strongest(
            stage, feats, text, lexicon
        )


def test_the_model_file_holds_every_weight_and_nothing_else() -> None:
    fits = {
        "causes": StageFit(-0.5, 3, 0.5, {"u:blame": 1.2345, "b:we_forget": -0.1}),
        "facts": StageFit(0.25, 2, 0.6, {"u:blame": -2.5}),
    }
    model = parse_model(dumps(fits).encode("utf-8"))
    assert model.bias == {"causes": -0.5, "facts": 0.25}
    assert model.thresholds == {"causes": 0.5, "facts": 0.6}
    assert dict(model.weights["causes"]) == {"u:blame": 1.2345, "b:we_forget": -0.1}
    assert dict(model.weights["facts"]) == {"u:blame": -2.5}
    assert model.probability("facts", ["b:we_forget", "u:unknown"]) == 1 / (1 + math.exp(-0.25))
    z = -0.5 + sum([1.2345, -0.1])
    assert model.probability("causes", ["u:blame", "b:we_forget"]) == 1 / (1 + math.exp(-z))
    assert model.probability("commitments", ["u:blame"]) is None
    with pytest.raises(ValueError, match="multiple"):
        dumps({"facts": StageFit(0.0, 1, 0.5, {"u:x": 0.12345})})


def test_the_shipped_model_has_every_stage_and_a_verb_line_parses() -> None:
    model = load_model("en")
    assert model is not None and set(model.weights) == set(STAGES)
    assert all(len(model.weights[s]) > 1000 for s in STAGES)
    verb = VerbLine.of("v\tsee\tsaw\tseen\tsees\tseeing")
    assert verb.forms == ("see", "saw", "seen", "sees", "seeing")
