"""The coach's lexicon: built from pinned language libraries, read by lemma."""

from __future__ import annotations

from pathlib import Path

import pytest

from pmtui.domain.coach import check_text, load_rules
from pmtui.domain.coach.lexicon import _path, build, load


def test_the_shipped_lexicon_is_what_the_pinned_libraries_give() -> None:
    pytest.importorskip("lemminflect", reason="the test extras install lemminflect")
    assert _path("en").read_text(encoding="utf-8") == build(), (
        "regenerate: python -m pmtui.domain.coach.lexicon > pmtui/data/coach/en-lexicon.txt"
    )


def test_verb_forms_and_lemmas() -> None:
    lex = load("en")
    assert set(lex.inflections("break")) == {"break", "broke", "broken", "breaks", "breaking"}
    assert lex.lemma("deletes") == lex.lemma("deleted") == "delete"
    assert lex.is_past("broke") and lex.is_third("deletes") and lex.is_gerund("exploring")
    assert not lex.is_third("times")  # a plural noun first
    assert lex.evaluative["careless"] < 0
    assert lex.is_word("backup") and not lex.is_word("priya")


def test_list_words_match_in_any_form(tmp_path: Path) -> None:
    config = tmp_path / "config"
    config.mkdir()
    (config / "coach.toml").write_text('[commitments]\nvague = ["circle back"]\n', encoding="utf-8")
    rules = load_rules(config)
    for text in ("Circle back on the flags", "Circling back on the flags", "Circled back"):
        assert [f.rule for f in check_text("commitments", text, rules=rules)] == [
            "commitment-vague"
        ], text
