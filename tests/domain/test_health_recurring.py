"""Recurrence kept in memory between counts: after any sequence of changes, each count is
exactly what counting every review's terms afresh gives."""

from __future__ import annotations

import copy
import random
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pmtui.domain.health import recount_from_terms
from pmtui.domain.health_recurring import KeptRecurrence

WORDS = ("deploy", "script", "rollback", "alert", "disk", "budget", "cut", "page", "host", "log")
MONTHS = ("2026-07", "2026-08", "2026-09", "2026-10")


def _set(rng: random.Random) -> str:
    """A cause's terms: few words from a small vocabulary, so sets are often alike."""
    return " ".join(sorted(set(rng.sample(WORDS, rng.randint(1, 4)))))


def _review(rng: random.Random) -> tuple[str, list[Any]]:
    month = rng.choice(MONTHS)
    when = f"{month}-{rng.randint(10, 12):02d}T09:00:00"  # ties in time: ordered by id
    return month, [when, rng.randint(0, 1), [_set(rng) for _ in range(rng.randint(0, 4))]]


def _fresh(months: dict[str, dict[str, Any]]) -> tuple[dict[str, int], Any, set[str]]:
    sums = {"months": {m: {"terms": t, "recurring": 0} for m, t in months.items()}}
    again = recount_from_terms(sums)
    nodes = set(filter(None, again["groups"]["nodes"].split("\n")))
    recurring = {m: again["months"][m]["recurring"] for m in months}
    return recurring, again["groups"]["groups"], nodes


def _check(
    kept: KeptRecurrence,
    months: dict[str, dict[str, Any]],
    step: object,
    last: dict[str, object],
) -> None:
    """Count ``months`` from what was kept, each month the store did not read again (the
    same object as ``last`` time) given as None; compare with a fresh count."""
    recurring, groups, nodes = _fresh(months)
    given = {m: None if last.get(m) is t else t for m, t in months.items()}
    last.clear()
    last.update(months)
    assert kept.count(given) == recurring, f"step {step}"
    mine = kept.kept_groups()
    assert mine["groups"] == groups, f"step {step}"
    assert set(filter(None, mine["nodes"].split("\n"))) == nodes, f"step {step}"


def _edit(rng: random.Random, months: dict[str, dict[str, Any]], n: int) -> None:
    """A save: reword, add or drop causes, flip top causes, add, move or delete reviews;
    only the months it touches are new objects (as the store reads them again)."""
    fresh: set[str] = set()

    def month(m: str) -> dict[str, Any]:
        if m not in fresh:
            months[m] = copy.deepcopy(months.get(m, {}))
            fresh.add(m)
        return months[m]

    for _ in range(rng.randint(1, 3)):
        everyone = [(m, rid) for m, t in months.items() for rid in t]
        what = rng.randrange(6)
        if what == 0 or not everyone:
            m, entry = _review(rng)
            month(m)[f"r{n}-{rng.randrange(10**6)}"] = entry
            continue
        m, rid = rng.choice(everyone)
        entry = month(m)[rid]
        if what == 1 and entry[2]:
            entry[2][rng.randrange(len(entry[2]))] = _set(rng)
        elif what == 2:
            entry[2].append(_set(rng))
        elif what == 3:
            entry[2] = entry[2][1:]
            entry[1] = rng.randint(0, 1)
        elif what == 4:
            del month(m)[rid]
            m2, moved = _review(rng)
            moved[2] = entry[2]
            month(m2)[rid] = moved
        else:
            del month(m)[rid]
    for m in [m for m, t in months.items() if not t]:
        del months[m]


@pytest.mark.parametrize("seed", range(40))
def test_random_edits_counted_from_what_was_kept_equal_a_fresh_count(seed: int) -> None:
    rng = random.Random(seed)
    months: dict[str, dict[str, Any]] = {}
    for i in range(rng.randint(0, 30)):
        m, entry = _review(rng)
        months.setdefault(m, {})[f"r{i}"] = entry
    kept, last = KeptRecurrence(), dict[str, object]()
    _check(kept, months, "first", last)
    for step in range(25):
        _edit(rng, months, step)
        _check(kept, months, step, last)


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 10**9), st.booleans())
def test_a_first_count_from_the_groups_kept_on_disk_is_a_fresh_count(
    seed: int, stale: bool
) -> None:
    """The first count in a process starts from the groups an earlier count kept (those of
    the terms before a change, or of the same terms); the result is the same."""
    rng = random.Random(seed)
    months: dict[str, dict[str, Any]] = {}
    for i in range(rng.randint(1, 30)):
        m, entry = _review(rng)
        months.setdefault(m, {})[f"r{i}"] = entry
    sums = {"months": {m: {"terms": t, "recurring": 0} for m, t in months.items()}}
    kept_on_disk = recount_from_terms(sums)["groups"]
    if stale:
        _edit(rng, months, 0)
    kept = KeptRecurrence()
    recurring, groups, _nodes = _fresh(months)
    assert kept.count(months, kept_on_disk) == recurring
    assert kept.kept_groups()["groups"] == groups


def test_terms_of_the_wrong_shape_raise_and_the_next_count_starts_afresh() -> None:
    months: dict[str, dict[str, Any]] = {"2026-10": {"a": ["2026-10-01T09:00:00", 1, ["x y"]]}}
    kept = KeptRecurrence()
    with pytest.raises(KeyError):
        kept.count({"2026-10": None})  # nothing counted to be the same as
    kept.count(months)
    broken = {"2026-10": {"a": ["2026-10-01T09:00:00", 1, [3]]}}
    with pytest.raises(TypeError):
        kept.count(broken)
    assert not kept.counted
    again = {
        "2026-10": {
            "a": ["2026-10-01T09:00:00", 1, ["x y"]],
            "b": ["2026-10-02T09:00:00", 1, ["x y z"]],
        }
    }
    assert kept.count(again) == {"2026-10": 1}
