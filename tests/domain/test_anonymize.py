"""Share-safe exports leave no name behind, in fields or inside sentences."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pmtui.domain.anonymize import AMBIGUOUS, anonymize, name_replacer, pseudonyms
from pmtui.domain.model import Cause, Commitment, Entry, Fact, Review
from pmtui.store.exports import FORMATS, render
from tests.store.test_export_formats import NAMES, TODAY, sample_review


def _name_words(names: tuple[str, ...]) -> set[str]:
    words = set()
    for name in names:
        words.add(name.lstrip("@"))
        words.update(w for w in name.lstrip("@").split() if len(w) >= 2)
    return words


def _leaks(text: str, names: tuple[str, ...]) -> list[str]:
    return [
        w
        for w in _name_words(names)
        if re.search(rf"(?<!\w){re.escape(w)}(?!\w)", text, re.IGNORECASE)
    ]


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_no_name_is_left_in_any_format(fmt: str) -> None:
    plain = render(fmt, [sample_review()], today=TODAY)
    assert _leaks(plain, NAMES), "the check must see names in the plain export"
    shared = render(fmt, [sample_review()], anonymize=True, today=TODAY)
    assert _leaks(shared, NAMES) == []


def test_each_person_gets_one_stable_pseudonym() -> None:
    review = sample_review()
    assert pseudonyms(review) == {
        "@ana-lima": "Owner A",
        "bo chen": "Owner B",
        "carol": "Owner C",
        "dana wu": "Owner D",
        "ana lima": "Responder 1",
    }
    first, second = anonymize(review), anonymize(sample_review())
    assert first == second
    assert first.participants == ["Responder 1", "Owner B", "Owner C"]
    assert first.facilitator == "Owner D"
    assert [c.owner for c in first.commitments] == ["Owner A", "Owner B", "Owner C", "Owner D"]


def test_names_inside_sentences_in_any_case_and_split_across_lines() -> None:
    replace = name_replacer({"ana lima": "Responder 1", "bo": "Owner A"})
    text = "ANA LIMA asked bo; Ana's pager woke Lima.\nAna\nLima too. Bob and bonus stay."
    assert replace(text) == (
        "Responder 1 asked Owner A; Responder 1's pager woke Responder 1.\n"
        "Responder 1 too. Bob and bonus stay."
    )


def test_a_first_name_two_people_share_names_neither() -> None:
    replace = name_replacer({"ana lima": "Responder 1", "ana costa": "Responder 2"})
    assert replace("Ana said Costa agreed") == f"{AMBIGUOUS} said Responder 2 agreed"


def test_a_pseudonym_is_never_rewritten_again() -> None:
    replace = name_replacer({"owner": "Responder 1", "responder": "Owner A"})
    assert replace("owner and responder") == "Responder 1 and Owner A"


def test_authorship_is_dropped_and_votes_keep_their_totals() -> None:
    shared = anonymize(sample_review())
    items: list[Review | Fact | Cause | Commitment | Entry] = [
        shared,
        *shared.facts,
        *shared.causes,
        *shared.commitments,
        *shared.entries,
    ]
    assert all(item.author == "" for item in items)
    assert shared.causes[0].votes == {"Responder 1": 2, "Owner C": 1}


def test_the_original_review_is_not_touched() -> None:
    review = sample_review()
    anonymize(review)
    assert review == sample_review()


FIRST = st.sampled_from(["Ana", "Bo", "Chidi", "Dana", "Eun", "Farah", "Gus", "Hana"])
LAST = st.sampled_from(["Lima", "Chen", "Okafor", "Wu", "Ng", "Silva"])
FILLER = st.sampled_from(["the deploy", "paged", "said", "and", "rolled back", ";", ",", "\n"])


@settings(max_examples=100, deadline=None)
@given(
    people=st.lists(st.tuples(FIRST, LAST), min_size=1, max_size=4, unique=True),
    words=st.lists(st.integers(0, 3) | FILLER, max_size=20),
    shout=st.booleans(),
)
def test_names_mentioned_anywhere_are_gone(
    people: list[tuple[str, str]], words: list[int | str], shout: bool
) -> None:
    names = [f"{first} {last}" for first, last in people]

    def say(word: int | str) -> str:
        if isinstance(word, str):
            return word
        first, last = people[word % len(people)]
        return (first, last, f"{first} {last}")[word % 3]

    text = " ".join(say(w) for w in words)
    text = text.upper() if shout else text
    review = Review(
        participants=names[:-1],
        facilitator=names[0],
        summary=text,
        causes=[Cause(statement=text, author=names[-1])],
        commitments=[Commitment(deliverable=text, owner=names[-1], done_when=text)],
        entries=[Entry(text=text, author=names[0])],
    )
    shared = anonymize(review)
    for field in (shared.summary, shared.causes[0].statement, shared.commitments[0].deliverable):
        assert _leaks(field, tuple(names)) == [], field
