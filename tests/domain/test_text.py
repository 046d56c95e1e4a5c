"""Cleaning pasted text: escape sequences and control characters never get stored."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from pmtui.domain.text import check_text, clean, is_shown, json_shown, shown


def test_colour_codes_and_titles_are_removed_whole() -> None:
    assert clean("\x1b[1;31mERROR\x1b[0m disk full") == "ERROR disk full"
    assert clean("a\x1b]0;set the title\x07b") == "ab"
    assert clean("a\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\b") == "alinkb"
    assert clean("\x9b2Jcleared") == "cleared"


def test_one_line_fields_lose_line_breaks_multiline_fields_keep_them() -> None:
    assert clean("first\r\nsecond\tthird") == "first second third"
    assert clean("first\r\nsecond\rthird", multiline=True) == "first\nsecond\nthird"
    assert clean("  padded  ") == "padded"


def test_other_control_characters_are_dropped() -> None:
    assert clean("bell\x07 null\x00 del\x7f c1\x85", multiline=True) == "bell null del c1"


def test_ordinary_text_is_kept() -> None:
    text = "Ünïcödé — “quotes”, emoji 🚒, CJK 障害"
    assert clean(text) == text


@given(st.text())
def test_cleaned_text_holds_no_controls_and_is_stable(text: str) -> None:
    for multiline in (False, True):
        out = clean(text, multiline=multiline)
        allowed = {"\n"} if multiline else set()
        assert not [c for c in out if (ord(c) < 32 or 0x7F <= ord(c) <= 0x9F) and c not in allowed]
        assert clean(out, multiline=multiline) == out


# -- the output boundary -------------------------------------------------------

ANY_TEXT = st.text(alphabet=st.characters(exclude_categories=()), max_size=60)
"""Every code point, lone surrogates and every control included."""


def test_escape_sequences_are_shown_whole_and_never_left_to_act() -> None:
    attack = "\x1b]0;PWNED\x07\x1b[2J\x1b]52;c;aGk=\x07"
    assert shown(attack) == "␛]0;PWNED␇␛[2J␛]52;c;aGk=␇"
    assert shown("\x9b31m\u202eexe.txt\u2066") == "\\x9b31m\\u202eexe.txt\\u2066"
    assert shown("a\x00b\x7fc\udcff") == "a␀b␡c\\udcff"


def test_line_breaks_are_kept_only_where_the_field_has_lines() -> None:
    assert shown("one\ntwo\r\nthree\rfour\tfive", multiline=True) == (
        "one\ntwo\r\nthree␍four\tfive"
    )
    assert shown("one\ntwo\r\nthree\tfour") == "one two three four"
    assert shown("para\u2028graph", multiline=True) == "para\\u2028graph"


def test_ordinary_text_passes_unchanged() -> None:
    text = "Ünïcödé — “quotes”, emoji 🚒, CJK 障害, עברית, العربية"
    assert shown(text) == text and json_shown(text) == text


@given(ANY_TEXT)
def test_shown_text_holds_nothing_unsafe_and_is_stable(text: str) -> None:
    for multiline in (False, True):
        out = shown(text, multiline=multiline)
        assert is_shown(out, multiline=multiline)
        assert shown(out, multiline=multiline) == out
        out.encode("utf-8")  # printable anywhere: no lone surrogate left


@given(ANY_TEXT)
def test_json_shown_keeps_the_text_exactly(text: str) -> None:
    document = json_shown(json.dumps({"t": text}, ensure_ascii=False))
    assert is_shown(document)
    assert json.loads(document) == {"t": text}


def test_bidi_controls_and_separators_are_cleaned_on_the_way_in() -> None:
    assert clean("invoice\u202eexe.txt\u2066x\u2069") == "invoiceexe.txtx"
    assert clean("a\u2028b", multiline=True) == "a\nb"


def test_text_that_is_not_utf8_is_named_not_stored() -> None:
    assert check_text("fine", 10) is None
    assert "at most 3 characters (this has 4)" in (check_text("four", 3) or "")
    assert "valid UTF-8" in (check_text("bad \udcff", 100) or "")


def test_the_display_copy_knows_which_fields_keep_their_lines() -> None:
    """``MULTILINE_FIELDS`` and each item's ``clean()`` agree, field by field."""
    import dataclasses

    from pmtui.domain import model

    for cls in (model.Fact, model.Cause, model.Commitment, model.Entry, model.Replan,
                model.HintDismissal, model.FollowUpRecord, model.Review):  # fmt: skip
        fields = [f.name for f in dataclasses.fields(cls) if f.type in ("str", str)]
        item = _instance(cls)
        for name in fields:
            setattr(item, name, "a\nb")
        item.clean()
        for name in fields:
            if name in ("id", "section", "question") or name.endswith("_id"):
                continue
            kept = getattr(item, name) == "a\nb"
            assert kept == (name in model.MULTILINE_FIELDS), (cls.__name__, name)


def _instance(cls: type) -> Any:
    from datetime import date

    from pmtui.domain import model

    if cls is model.Replan:
        return model.Replan(old_due=None, new_due=None, on=date(2026, 1, 1))
    if cls is model.HintDismissal:
        return model.HintDismissal(item_id="x", rule="r")
    return cls()


def test_a_display_copy_leaves_the_original_alone() -> None:
    from pmtui.domain.model import Cause, Review
    from pmtui.domain.serial import shown_copy

    review = Review(title="t\x1b[2J", causes=[Cause(statement="a\nb\x07", votes={"\x1b": 1})])
    copy = shown_copy(review)
    assert copy.title == "t␛[2J" and review.title == "t\x1b[2J"
    assert copy.causes[0].statement == "a\nb␇" and copy.causes[0].votes == {"␛": 1}
    assert copy.kind is review.kind and copy.created == review.created


def test_plural_words_a_count() -> None:
    from pmtui.domain.text import plural, word_for

    assert plural(1, "cause") == "1 cause"
    assert plural(0, "cause") == "0 causes"
    assert plural(2, "review") == "2 reviews"
    assert plural(1204, "review") == "1,204 reviews"
    assert plural(1.0, "day") == "1 day"
    assert plural(1.5, "day") == "1.5 days"
    assert plural(2, "person", "people") == "2 people"
    assert word_for(3, "teammate") == "teammates" and word_for(1, "teammate") == "teammate"
