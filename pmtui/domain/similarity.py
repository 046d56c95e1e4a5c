"""When two statements say the same thing: stemmed content words, compared as sets.

The one rule for "the same cause", read by the insights view (causes that
recur across reviews) and by the coach (the hint that a cause recurs, or
restates a fact), so the two never disagree on the same data. Good enough
to notice that "no alert on disk usage for the log hosts" and "log host
disks have no usage alerting" say the same thing, without a language model:
recurrence is a prompt to look, not a verdict.

The stop words are the coach's (``[stop_words]`` in its word list, which a
team may extend); callers pass them in.
"""

from __future__ import annotations

import functools
import heapq
import re
from collections import Counter, defaultdict
from itertools import chain
from typing import Generic, TypeVar

T = TypeVar("T")

SAME = 0.5
"""Statements whose term sets overlap this much (Jaccard) say the same thing."""
MIN_SHARED = 2
"""...and share at least this many terms: one common word is a coincidence."""

_WORD = re.compile(r"[a-z0-9]+")
_SUFFIXES = (
    "ations",
    "ation",
    "ments",
    "ment",
    "ings",
    "ing",
    "ies",
    "ied",
    "edly",
    "ed",
    "ers",
    "er",
    "ly",
    "es",
    "s",
)


@functools.lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A deliberately small stemmer: strips common English endings, keeps short words whole.

    Enough to match "alerting" with "alerts" and "processes" with "process".
    """
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            base = word[: -len(suffix)]
            if suffix in ("ies", "ied"):
                return base + "y"
            if suffix == "s" and base.endswith("s"):
                return word
            if len(base) > 3 and base[-1] == base[-2] and base[-1] not in "aeiouls":
                base = base[:-1]
            return base
    return word


def terms(text: str, stop_words: frozenset[str]) -> frozenset[str]:
    """The stemmed content words of ``text``: what similarity compares."""
    return frozenset(
        stem(w) for w in _WORD.findall(text.casefold()) if w not in stop_words and len(w) > 1
    )


def similarity(a: frozenset[str], b: frozenset[str]) -> float:
    """Jaccard similarity of two term sets (0 when either is empty)."""
    if not a or not b:
        return 0.0
    shared = len(a & b)
    return shared / (len(a) + len(b) - shared)


def alike(
    a: frozenset[str], b: frozenset[str], threshold: float = SAME, min_shared: int = MIN_SHARED
) -> bool:
    """Whether two term sets say the same thing (the rule every caller shares)."""
    return len(a & b) >= min_shared and similarity(a, b) >= threshold


class Index(Generic[T]):
    """Term sets with an inverted index, so a store of thousands of causes stays fast."""

    def __init__(self, stop_words: frozenset[str]) -> None:
        self.stop_words = stop_words
        self.items: list[tuple[frozenset[str], T]] = []
        self.by_term: dict[str, list[int]] = defaultdict(list)

    def add(self, text: str, item: T) -> None:
        ts = terms(text, self.stop_words)
        if not ts:
            return
        for t in ts:
            self.by_term[t].append(len(self.items))
        self.items.append((ts, item))

    def similar(
        self, text: str, threshold: float = SAME, min_shared: int = MIN_SHARED, limit: int = 50
    ) -> list[tuple[float, T]]:
        """Up to ``limit`` items :func:`alike` ``text``, best first."""
        query = terms(text, self.stop_words)
        counts = Counter(chain.from_iterable(self.by_term.get(t, ()) for t in query))
        found = []
        for k, shared in counts.items():
            if shared < min_shared:
                continue
            # Term sets hold each term once, so the shared count is the intersection.
            score = shared / (len(query) + len(self.items[k][0]) - shared)
            if score >= threshold:
                found.append((score, k))
        best = heapq.nsmallest(limit, found, key=lambda x: (-x[0], x[1]))
        return [(score, self.items[k][1]) for score, k in best]
