"""Pastes are taken whole, in order, before Textual's key parser sees them."""

from __future__ import annotations

from itertools import pairwise

import pytest

from pmtui.tui.paste import END, START, PasteSplitter, pasted

HOSTILE = "esc:\x1b[31mRED\x1b[0m bell:\x07 gam\tma, del\x1b[1mta, omega"
STREAM = "ab" + START + HOSTILE + END + "cd\x1b[A"


def split_at(*cuts: int) -> list[tuple[bool, str]]:
    splitter = PasteSplitter()
    pieces: list[tuple[bool, str]] = []
    bounds = [0, *cuts, len(STREAM)]
    for lo, hi in pairwise(bounds):
        pieces += splitter.feed(STREAM[lo:hi])
    return pieces


def keys_and_pastes(pieces: list[tuple[bool, str]]) -> tuple[str, list[str]]:
    return "".join(t for p, t in pieces if not p), [t for p, t in pieces if p]


def test_a_paste_with_escape_sequences_comes_whole_and_in_order() -> None:
    pieces = split_at()
    assert pieces == [(False, "ab"), (True, HOSTILE), (False, "cd\x1b[A")]
    assert pasted(HOSTILE) == "esc:RED bell: gam ma, delta, omega"


# a read ending one or two characters into START goes to the parser at once (below)
@pytest.mark.parametrize("cut", [c for c in range(1, len(STREAM)) if not 2 < c <= 4])
def test_the_same_keys_and_paste_wherever_a_read_ends(cut: int) -> None:
    assert keys_and_pastes(split_at(cut)) == ("abcd\x1b[A", [HOSTILE])


def test_every_character_in_its_own_read() -> None:
    splitter = PasteSplitter()
    pieces = [piece for char in STREAM[2:] for piece in splitter.feed(char)]
    # the first two characters of START went on as keys, as a lone escape must
    assert keys_and_pastes(pieces)[1] == []


def test_a_start_marker_cut_very_early_goes_to_the_parser() -> None:
    splitter = PasteSplitter()
    assert splitter.feed("ab\x1b") == [(False, "ab\x1b")]  # a lone escape is not held
    assert splitter.feed("[") == [(False, "[")]


def test_a_lone_escape_and_keys_are_passed_on_at_once() -> None:
    splitter = PasteSplitter()
    assert splitter.feed("\x1b") == [(False, "\x1b")]
    assert splitter.feed("x\x1b[B") == [(False, "x\x1b[B")]


def test_a_paste_spread_over_many_reads_comes_once_it_ends() -> None:
    splitter = PasteSplitter()
    assert splitter.feed(START + "first half ") == []
    assert splitter.feed("\x1b") == []  # could be the end marker's first character
    assert splitter.feed("[201") == []
    assert splitter.feed("~z") == [(True, "first half "), (False, "z")]


def test_a_huge_paste_is_kept_whole() -> None:
    text = "x" * 50_000 + "\x1b[1m" + "y" * 50_000
    splitter = PasteSplitter()
    chunks = START + text + END
    pieces = [p for i in range(0, len(chunks), 4096) for p in splitter.feed(chunks[i : i + 4096])]
    assert pieces == [(True, text)]
    assert pasted(text) == "x" * 50_000 + "y" * 50_000
