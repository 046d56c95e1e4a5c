"""The index's row-a-line layout: a patch gives exactly what a whole rewrite gives."""

from __future__ import annotations

import random
from typing import Any

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pmtui.store import rows

ROW = st.fixed_dictionaries(
    {"title": st.text(max_size=12), "n": st.integers(0, 9), "tags": st.lists(st.text(max_size=4))}
)
KEYS = st.sampled_from(
    [f"{i:02x}-{'x' * 6}" for i in range(12)] + ['odd "key"\n,', "é", 'a":b', "\\"]
)


def _index(body: dict[str, dict[str, object]]) -> dict[str, dict[str, Any]]:
    return {"_meta": {"meta": {"schema": 5, "shards": {"00": [1, 2, 3]}}}, "reviews": body}


@pytest.mark.parametrize("find_rows", [rows.FIND_ROWS, 0], ids=["searched", "one pass"])
@given(
    st.dictionaries(KEYS, ROW, max_size=8),
    st.dictionaries(KEYS, st.one_of(st.none(), ROW), max_size=6),
)
@settings(max_examples=300, deadline=None)
def test_a_patch_is_the_rewrite_with_the_changes(
    find_rows: int,
    before: dict[str, dict[str, object]],
    changes: dict[str, dict[str, object] | None],
) -> None:
    kept, rows.FIND_ROWS = rows.FIND_ROWS, find_rows  # 0: every row found in one pass
    try:
        _patch_is_the_rewrite(before, changes)
    finally:
        rows.FIND_ROWS = kept


def _patch_is_the_rewrite(
    before: dict[str, dict[str, object]], changes: dict[str, dict[str, object] | None]
) -> None:
    raw = rows.dump(_index(before))
    assert raw is not None
    assert orjson.loads(raw)["reviews"] == before  # plain JSON, as TinyDB reads it
    lines = rows.Lines.of(raw)
    assert lines is not None
    assert dict(lines.rows()) == before
    for key in before:
        assert lines.row(key) == before[key]
    after = dict(before)
    for key, row in changes.items():
        if row is None:
            after.pop(key, None)
        else:
            after[key] = row
    meta = {"schema": 5, "shards": {"00": [4, 5, 6]}}
    patched = b"".join(lines.patched_pieces(changes, meta))  # as a save writes them
    parsed = orjson.loads(patched)
    assert parsed["reviews"] == after
    assert {k: v for k, v in parsed["_meta"]["meta"].items() if k != "lines"} == meta
    again = rows.Lines.of(patched)
    assert again is not None, "a patched file is in the layout, checked"
    assert dict(again.rows()) == after


def test_any_change_to_the_rows_is_noticed() -> None:
    """A hand edit, even one that keeps the layout, makes the file be read whole."""
    raw = rows.dump(_index({"a": {"title": "one"}, "b": {"title": "two"}}))
    assert raw is not None and rows.Lines.of(raw) is not None
    edited = raw.replace(b'"one"', b'"One"')
    assert orjson.loads(edited)["reviews"]["a"] == {"title": "One"}
    assert rows.Lines.of(edited) is None
    assert rows.Lines.of(orjson.dumps(orjson.loads(raw))) is None  # rewritten by another tool
    assert rows.Lines.of(raw[:-5]) is None  # cut short
    rng = random.Random(4)
    for _ in range(200):
        at = rng.randrange(len(raw))
        flipped = raw[:at] + bytes([raw[at] ^ (1 << rng.randrange(8))]) + raw[at + 1 :]
        got = rows.Lines.of(flipped)
        if got is not None:  # the flip hit the meta's own text, and it still parses
            assert dict(got.rows()) == {"a": {"title": "one"}, "b": {"title": "two"}}


@pytest.mark.parametrize("extra", [{"open": {}}, {"_meta": {"meta": {}, "other": {}}}])
def test_other_shapes_are_not_written_in_the_layout(extra: dict[str, dict[str, object]]) -> None:
    assert rows.dump({**_index({}), **extra}) is None
