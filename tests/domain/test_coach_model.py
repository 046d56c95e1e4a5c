"""The coach's model: shipped as data, rebuilt from train and dev alone, judging the rules."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from pmtui.domain.coach import check_text, load_rules, model_features
from pmtui.domain.coach.model import Model, features, load, loaded
from pmtui.domain.coach.wording import Reader

ROOT = Path(__file__).resolve().parents[2]


def _script(name: str) -> ModuleType:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    spec = importlib.util.spec_from_file_location(name, ROOT / "benchmarks" / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def test_the_shipped_model_is_what_train_and_dev_give() -> None:
    trainer = _script("coach_train")
    assert trainer.OUT.read_text(encoding="utf-8") == trainer.build(trainer.learned_documents()), (
        "retrain: python benchmarks/coach_train.py"
    )


def test_it_never_learns_from_test() -> None:
    trainer = _script("coach_train")
    assert set(trainer.SPLITS) == {"train", "dev"}
    # Every document it learned from is still in train or dev (none moved to test).
    assert trainer.learned_documents() <= trainer.real_documents()


def test_cross_validation_keeps_each_document_in_one_fold() -> None:
    cv = _script("coach_cv")
    documents = {f"doc-{k}" for k in range(23)}
    folds = cv.folds_of(documents, 5)
    assert set(folds) == documents
    assert sorted(set(folds.values())) == [0, 1, 2, 3, 4]
    assert max(list(folds.values()).count(k) for k in range(5)) <= 5


def test_features_read_lemmas_pairs_rules_and_detectors(tmp_path: Path) -> None:
    rules = load_rules(tmp_path)
    text = "We didn't update the gems"
    got = set(features(text, rules.lexicon, ["cause-hindsight"], ["omission"]))
    assert {"u:we", "u:not", "u:update", "b:not_update", "first:we"} <= got
    assert {"rule:cause-hindsight", "rules:cause-hindsight", "sig:omission"} <= got
    assert "and:rules:cause-hindsight&sig:omission" in got
    assert "subject-past:we" in got
    quiet = set(features("The disk filled up", rules.lexicon, []))
    assert "rules:none" in quiet and not any(f.startswith("sig:") for f in quiet)


def test_the_detectors_are_read_each_on_its_own(tmp_path: Path) -> None:
    rules = load_rules(tmp_path)
    text = "Lee forgot to drain the node, tired after the page"
    got = model_features("causes", Reader(text, rules))
    # read_causes stops at the first reading; the model sees every detector that fired.
    assert {"sig:hindsight-person", "sig:person-acts", "sig:state"} <= set(got)
    lead = model_features("commitments", Reader("Add an alert when lag exceeds 60 s", rules))
    assert {"sig:lead:add", "sig:change-verb", "sig:anchored"} <= set(lead)


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("Overthinking minor tasks.", True),
        ("Not double-checking the results before the demo", True),
        ("Letting uncertainty block forward movement", True),
        ("Coding the game mechanics took most of the time", False),  # the activity is a subject
        ("Working with large datasets required significant time", False),
        ("Nothing alerted on the full disk", False),
        ("The disk filled up", False),
    ],
)
def test_a_behaviour_named_as_the_cause_is_a_detector_of_its_own(
    tmp_path: Path, text: str, named: bool
) -> None:
    got = model_features("causes", Reader(text, load_rules(tmp_path)))
    assert ("sig:act-named" in got) is named


def _flagging(stage: str, flags: bool) -> Model:
    return Model({stage: 30.0 if flags else -30.0}, {stage: {"u:retro": 1.0}}, {stage: 0.5})


def test_the_model_takes_back_a_rule_it_is_sure_is_wrong(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import pmtui.domain.coach as coach

    rules = load_rules(tmp_path)
    text = "Lee forgot to drain the node"
    assert check_text("causes", text, rules=rules)
    monkeypatch.setattr(coach, "load_model", lambda language: _flagging("causes", False))
    assert check_text("causes", text, rules=rules) == []


def test_a_model_only_finding_has_its_own_words(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import pmtui.domain.coach as coach
    from pmtui.domain.coach import _rule_hits

    rules = load_rules(tmp_path)
    monkeypatch.setattr(coach, "load_model", lambda language: _flagging("commitments", True))
    text = "Add the retro outcomes to the wiki"
    assert _rule_hits("commitments", text, rules) == []
    [finding] = check_text("commitments", text, rules=rules)
    assert finding.rule == "commitment-vague"
    assert finding.message.startswith("This reads as an intention")
    assert finding.message.endswith("(“retro”)")  # the word that weighed most


def test_a_model_only_cause_quotes_the_words_that_weighed_most(tmp_path: Path) -> None:
    from pmtui.domain.coach import _rule_hits

    rules = load_rules(tmp_path)
    text = "We just told eachother what our plan was and that was it"  # a train line
    assert _rule_hits("causes", text, rules) == []  # no rule reads it
    [finding] = check_text("causes", text, rules=rules)
    assert finding.rule == "cause-hindsight"
    assert finding.message.startswith("This reads as what people did or missed")
    assert "“" in finding.message


def test_a_vague_hint_the_model_is_sure_of_stays(tmp_path: Path) -> None:
    rules = load_rules(tmp_path)
    found = check_text("commitments", "Improve monitoring", rules=rules)
    assert [f.rule for f in found] == ["commitment-vague"]
    assert "“improve”" in found[0].message


def test_whether_the_model_has_been_read_is_known_without_reading_it() -> None:
    """The app counts a review's hints at its frame only once the model is in memory."""
    load.cache_clear()
    assert not loaded()
    assert load("en") is not None
    assert loaded()
