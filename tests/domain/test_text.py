"""Cleaning pasted text: escape sequences and control characters never get stored."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from pmtui.domain.text import clean


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
