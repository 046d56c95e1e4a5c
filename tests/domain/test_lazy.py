"""A list built when read: only what is read is built, once, whichever view reads it."""

from __future__ import annotations

import pytest

from pmtui.domain.lazy import Built


def _counting(n: int, *, bulk: bool = False) -> tuple[Built[str], list[int]]:
    calls: list[int] = []

    def build(i: int) -> str:
        calls.append(i)
        return f"item {i}"

    def build_all(start: int, stop: int) -> list[str]:
        calls.extend(range(start, stop))
        return [f"item {i}" for i in range(start, stop)]

    return Built(n, build, build_all if bulk else None), calls


def test_only_what_is_read_is_built_and_kept() -> None:
    items, calls = _counting(1000)
    assert len(items) == 1000 and items.built == 0
    assert items[3] == "item 3" and items[-1] == "item 999"
    assert items[3] is items[3]
    assert calls == [3, 999] and items.built == 2


def test_a_slice_is_a_view_of_the_same_items() -> None:
    items, calls = _counting(1000)
    part = items[10:20]
    assert len(part) == 10 and calls == []
    assert list(part[:3]) == ["item 10", "item 11", "item 12"]
    assert items[11] is part[1]
    assert calls == [10, 11, 12]
    assert len(items[990:2000]) == 10 and len(items[50:40]) == 0
    assert list(items[0:6:2]) == ["item 0", "item 2", "item 4"]
    with pytest.raises(IndexError):
        part[10]
    with pytest.raises(IndexError):
        items[-1001]


def test_going_through_all_builds_the_rest_at_once() -> None:
    items, calls = _counting(6, bulk=True)
    first = items[2]
    assert list(items[1:5]) == ["item 1", "item 2", "item 3", "item 4"]
    assert items[2] is first, "an item read before keeps its identity"
    assert calls == [2, 1, 2, 3, 4]
    assert items.built == 4
    assert list(items) == [f"item {i}" for i in range(6)]
    assert calls[5:] == list(range(6))


def test_compares_as_the_list_it_holds() -> None:
    items, _calls = _counting(3)
    assert items == ["item 0", "item 1", "item 2"]
    assert items != ["item 0"] and items != "item 0"
    assert Built.of(["a", "b"]) == ["a", "b"] and Built.of(["a"])[0] == "a"
