"""How alike two statements are: stemmed content words, compared as sets.

Good enough to notice that "no alert on disk usage for the log hosts" and
"log host disks have no usage alerting" say the same thing, without a
language model: recurrence is a prompt to look, not a verdict.
"""

from __future__ import annotations

import functools
import heapq
import re
from collections import Counter, defaultdict
from itertools import chain
from typing import Generic, TypeVar

T = TypeVar("T")

_WORD = re.compile(r"[a-z0-9]+")
_SUFFIXES = ("ations", "ation", "ings", "ing", "ers", "ies", "ied", "ed", "es", "er", "ly", "s")


@functools.lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A crude English stem: enough to match "alerting" with "alerts"."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            if suffix in ("ies", "ied"):
                word += "y"
            break
    if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "aeiouls":
        word = word[:-1]
    return word


def terms(text: str, stop_words: frozenset[str]) -> frozenset[str]:
    """The stemmed content words of ``text``."""
    return frozenset(
        stem(w) for w in _WORD.findall(text.lower()) if w not in stop_words and len(w) > 1
    )


def similarity(a: frozenset[str], b: frozenset[str]) -> float:
    """Jaccard similarity of two term sets (0 when either is empty)."""
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


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
        self, text: str, threshold: float, min_shared: int = 2, limit: int = 50
    ) -> list[tuple[float, T]]:
        """Up to ``limit`` items at least ``threshold`` similar to ``text``, best first."""
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
