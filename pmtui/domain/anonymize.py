"""Share-safe copies of reviews: people's names become stable pseudonyms.

A review shared beyond the team should teach what happened in the system
without pointing at anyone. Every person named in a review (facilitator,
participants, owners, item authors, voters, whoever recorded a follow-up or
a follow-up answer) gets
one pseudonym for the whole review: owners are "Owner A", "Owner B"...,
everyone else "Responder 1", "Responder 2"... in the order they first appear,
so exporting the same review twice gives the same pseudonyms. Names are also
replaced inside free text, whole words only and ignoring case, including each
part of a "First Last" name on its own ("Ana" and "Lima" as well as "Ana
Lima"), and a handle with or without its "@". A part shared by two people
cannot say which one is meant and becomes "a participant". Item authorship
is dropped.
"""

from __future__ import annotations

import copy
import dataclasses
import re
from collections.abc import Callable, Iterable
from enum import Enum
from typing import Any

from pmtui.domain.model import Review

AMBIGUOUS = "a participant"
"""What a name part shared by two people becomes (it cannot name either)."""

_PARTICLES = frozenset(
    {"da", "de", "del", "der", "di", "do", "dos", "du", "la", "le", "van", "von"}
)

_NOT_TEXT = frozenset(
    {"id", "parent_id", "fact_ids", "cause_ids", "item_id", "rule", "section", "question", "author"}
    | {"round_id", "public_key", "sealed", "mine"}
)
"""Fields that hold identifiers or fixed vocabulary, never a person's words."""


def pseudonyms(review: Review) -> dict[str, str]:
    """Each person named in ``review`` (lowercased) mapped to their pseudonym."""
    owners: list[str] = []
    others: list[str] = []
    for commitment in review.commitments:
        _add(owners, commitment.owner)
    people = [review.facilitator, *review.participants, review.author]
    people += [item.author for item in _items(review)]
    for cause in review.causes:
        people += list(cause.votes)
    if review.follow_up is not None:
        people.append(review.follow_up.by)
    people += [h.by for h in review.dismissed_hints]
    people += [h.by for c in review.commitments for h in c.history]
    for person in people:
        if _norm(person) not in {_norm(o) for o in owners}:
            _add(others, person)
    mapping = {_norm(name): f"Owner {_letters(i)}" for i, name in enumerate(owners)}
    mapping.update({_norm(name): f"Responder {i + 1}" for i, name in enumerate(others)})
    return mapping


def anonymize(review: Review) -> Review:
    """A copy of ``review`` with every name replaced and authorship dropped."""
    mapping = pseudonyms(review)
    replace = name_replacer(mapping)
    out = copy.deepcopy(review)
    _rewrite(out, replace, mapping)
    for item in (out, *_items(out)):
        item.author = ""
    for opened in out.rounds:
        opened.opened_by = ""
    # Who replaced whose text, and who last wrote each field, name people.
    out.kept, out.last_writers, out.deleted_by = [], {}, {}
    out.last_sessions, out.deleted_sessions = {}, {}
    return out


def anonymize_all(reviews: Iterable[Review]) -> list[Review]:
    return [anonymize(r) for r in reviews]


def name_replacer(mapping: dict[str, str]) -> Callable[[str], str]:
    """A function that replaces every name (and name part) in a text, in one pass.

    One pass over one alternation, longest names first, so a pseudonym just
    written is never itself rewritten and "Ana Lima" wins over "Ana".
    """
    variants: dict[str, str] = dict(mapping)
    parts: dict[str, set[str]] = {}
    for name, alias in mapping.items():
        if name.startswith("@") and len(name) > 2:
            variants.setdefault(name[1:], alias)
        words = name.split()
        if len(words) < 2:
            continue
        for word in words:
            if len(word) >= 2 and word not in _PARTICLES:
                parts.setdefault(word, set()).add(alias)
    for word, aliases in parts.items():
        if word not in variants:
            variants[word] = aliases.pop() if len(aliases) == 1 else AMBIGUOUS
    if not variants:
        return lambda text: text
    alternation = "|".join(
        re.escape(v).replace(r"\ ", r"\s+") for v in sorted(variants, key=len, reverse=True)
    )
    pattern = re.compile(rf"(?<!\w)(?:{alternation})(?!\w)", re.IGNORECASE)

    def replace(text: str) -> str:
        return pattern.sub(lambda m: variants.get(_norm(m.group(0)), AMBIGUOUS), text)

    return replace


def _rewrite(obj: Any, replace: Callable[[str], str], mapping: dict[str, str]) -> None:
    for f in dataclasses.fields(obj):
        if f.name in _NOT_TEXT:
            continue
        value = getattr(obj, f.name)
        if isinstance(value, Enum):
            continue
        if isinstance(value, str):
            setattr(obj, f.name, replace(value))
        elif isinstance(value, list):
            setattr(obj, f.name, [_rewritten(v, replace, mapping) for v in value])
        elif f.name == "votes" and isinstance(value, dict):
            votes: dict[str, int] = {}
            for voter, n in value.items():
                key = mapping.get(_norm(voter), replace(voter))
                votes[key] = votes.get(key, 0) + n
            setattr(obj, f.name, votes)
        elif dataclasses.is_dataclass(value):
            _rewrite(value, replace, mapping)


def _rewritten(value: Any, replace: Callable[[str], str], mapping: dict[str, str]) -> Any:
    if isinstance(value, str):
        return replace(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        _rewrite(value, replace, mapping)
    return value


def _items(review: Review) -> list[Any]:
    return [*review.facts, *review.causes, *review.commitments, *review.entries]


def _norm(name: str) -> str:
    return " ".join(name.split()).lower()


def _add(names: list[str], name: str) -> None:
    if _norm(name) and _norm(name) not in {_norm(n) for n in names}:
        names.append(name)


def _letters(i: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA: spreadsheet-style letters for owners."""
    out = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        out = chr(ord("A") + r) + out
    return out
