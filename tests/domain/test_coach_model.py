"""The coach's second-opinion model: shipped as data, rebuilt from the train split alone."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

from pmtui.domain.coach import check_text, load_rules
from pmtui.domain.coach.model import features

ROOT = Path(__file__).resolve().parents[2]


def _trainer():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location(
        "coach_train", ROOT / "benchmarks" / "coach_train.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["coach_train"] = module
    spec.loader.exec_module(module)
    return module


def test_the_shipped_model_is_what_the_train_split_gives() -> None:
    trainer = _trainer()
    assert trainer.OUT.read_text(encoding="utf-8") == trainer.build(trainer.learned_documents()), (
        "retrain: python benchmarks/coach_train.py"
    )


def test_it_never_learns_from_dev_or_test() -> None:
    trainer = _trainer()
    assert {p.name for p in trainer.SOURCES} == {"train", "coach"}
    # The documents it learned from are all still in train (none moved to dev or test).
    assert trainer.learned_documents() <= trainer.train_documents()


def test_features_read_lemmas_pairs_and_rules(tmp_path: Path) -> None:
    rules = load_rules(tmp_path)
    got = features("We didn't update the gems", rules.lexicon, ["cause-hindsight"])
    assert {"u:we", "u:not", "u:update", "b:not_update", "first:we"} <= set(got)
    assert "rule:cause-hindsight" in got


def test_a_model_only_hint_says_so_and_quotes_words(tmp_path: Path) -> None:
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
