"""The order of a timeline: facts in time order, a fact without a time beside the one before it.

The facts stage keeps the stored order this order, and the read-back and
the exports show it, so everyone walks the same sequence of events.
"""

from __future__ import annotations

from collections.abc import Sequence

from pmtui.domain.dates import fact_sort_key
from pmtui.domain.model import Fact


def _keys(facts: Sequence[Fact]) -> list[tuple[str, str]]:
    """Each fact's place in time; a fact with no time takes the place of the one before it."""
    out = []
    last = ("", "")
    for fact in facts:
        if fact.at:
            last = fact_sort_key(fact.at)
        out.append(last)
    return out


def timeline(facts: Sequence[Fact]) -> list[Fact]:
    """The facts in time order (stable: facts at the same time keep their order)."""
    keys = _keys(facts)
    order = sorted(range(len(facts)), key=lambda i: keys[i])
    return [facts[i] for i in order]


def insert_at(facts: Sequence[Fact], at: str) -> int | None:
    """Where a new fact at ``at`` belongs: before the first later fact (``None``: the end)."""
    if not at:
        return None
    key = fact_sort_key(at)
    for i, k in enumerate(_keys(facts)):
        if k > key:
            return i
    return None


def in_order(facts: Sequence[Fact]) -> bool:
    """Whether the facts are already stored in time order."""
    return [f.id for f in facts] == [f.id for f in timeline(facts)]
