"""Anonymous rounds and dot voting, as pure rules on a review."""

from __future__ import annotations

import copy
import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pmtui.domain.model import (
    Cause,
    Commitment,
    Entry,
    Review,
    Round,
    SealedItem,
    ValidationError,
)
from pmtui.domain.rounds import (
    CAUSES_ROUND,
    Payload,
    add_opened_round,
    can_see,
    close_voting,
    commitment_drafts,
    current_round,
    is_facilitator,
    open_round,
    open_voting,
    place_vote,
    ranking,
    reveal_round,
    shown_author,
    take_back_vote,
    top_causes,
    votes_left,
    votes_used,
)
from pmtui.domain.serial import review_from_dict, review_to_dict


def _sealed_round(section: str = "went_wrong") -> tuple[Review, Round]:
    r = Review(title="sprint 12", facilitator="Ana")
    opened = open_round(r, section, "cHVibGlj", "ana")
    assert opened is not None
    r.sealed += [SealedItem(round_id=opened.id, sealed=f"box{i}") for i in range(3)]
    return r, opened


def test_one_round_is_open_per_section_and_replaying_the_opening_is_harmless() -> None:
    r, opened = _sealed_round()
    assert open_round(r, "went_wrong", "b3RoZXI=", "ben") is None
    assert current_round(r, "went_wrong") is opened
    add_opened_round(r, Round(section="went_wrong", public_key="x", opened_by="ben"))
    add_opened_round(r, opened)
    assert r.rounds == [opened]


def test_reveal_gives_fresh_ids_a_random_order_and_no_unsigned_writer() -> None:
    r, opened = _sealed_round()
    sealed_ids = [s.id for s in r.sealed]
    payloads = {
        sealed_ids[0]: Payload("deploys were slow"),
        sealed_ids[1]: Payload("on-call was noisy"),
        sealed_ids[2]: Payload("pairing helped", author="ben"),
    }
    orders = set()
    for seed in range(20):
        copy_ = copy.deepcopy(r)
        assert reveal_round(copy_, opened.id, payloads, random.Random(seed)) == 3
        orders.add(tuple(e.text for e in copy_.entries))
        assert not copy_.sealed and copy_.rounds[0].revealed
        assert not {e.id for e in copy_.entries} & set(sealed_ids)
        assert {(e.text, e.author) for e in copy_.entries} == {
            ("deploys were slow", ""),
            ("on-call was noisy", ""),
            ("pairing helped", "ben"),
        }
        assert reveal_round(copy_, opened.id, payloads) == 0  # replaying is harmless
    assert len(orders) > 1  # the order does not follow who wrote first


def test_a_cause_round_turns_into_causes() -> None:
    r, opened = _sealed_round(CAUSES_ROUND)
    first = r.sealed[0].id
    reveal_round(r, opened.id, {first: Payload("alerts lacked runbooks", "information")})
    (cause,) = r.causes
    assert (cause.statement, cause.category, cause.author) == (
        "alerts lacked runbooks",
        "information",
        "",
    )
    assert cause.id != first and r.sealed == []  # unreadable items go with the round
    r.validate()


def test_items_written_before_sealing_are_revealed_the_same_way() -> None:
    r, opened = _sealed_round()
    r.entries.append(
        Entry(section="went_wrong", text="old", author="cy", hidden=True, anonymous=True)
    )
    old_id = r.entries[0].id
    assert not can_see(r.entries[0], "ana") and can_see(r.entries[0], "CY")
    assert reveal_round(r, opened.id, {}) == 1
    (entry,) = r.entries
    assert (entry.text, entry.author, entry.hidden, entry.id != old_id) == ("old", "", False, True)
    assert shown_author(entry) == ""


def test_facilitator() -> None:
    assert is_facilitator(Review(facilitator="Ana"), "ana")
    assert not is_facilitator(Review(facilitator="Ana"), "ben")
    assert is_facilitator(Review(), "anyone")


def test_votes_respect_the_budget_and_can_be_taken_back() -> None:
    r = Review(causes=[Cause(statement="a"), Cause(statement="b")])
    a, b = r.causes
    assert not place_vote(r, a.id, "ana")  # voting not open
    open_voting(r, 3)
    assert place_vote(r, a.id, "ana") and place_vote(r, a.id, "Ana") and place_vote(r, b.id, "ana")
    assert not place_vote(r, b.id, "ana")
    assert votes_used(r, "ana") == 3 and votes_left(r, "ana") == 0
    assert a.votes == {"ana": 2}
    assert take_back_vote(r, a.id, "ana")
    assert not take_back_vote(r, b.id, "ben")
    assert votes_left(r, "ana") == 1
    assert not place_vote(r, "gone", "ana")
    close_voting(r)
    assert not take_back_vote(r, a.id, "ana")
    assert votes_used(r, "ana") == 2  # votes cast stay for the ranking


def test_the_budget_is_checked() -> None:
    with pytest.raises(ValidationError, match="dot_votes"):
        open_voting(Review(), 0)
    with pytest.raises(ValidationError, match="dot_votes"):
        open_voting(Review(), 21)


def test_ranking_top_and_commitment_drafts() -> None:
    r = Review(
        causes=[
            Cause(statement="a", votes={"ana": 1}),
            Cause(statement="b", votes={"ana": 2, "ben": 2}),
            Cause(statement="c", votes={"ben": 1}),
            Cause(statement="d"),
        ]
    )
    a, b, c, _d = r.causes
    assert [(x.statement, n) for x, n in ranking(r)] == [("b", 4), ("a", 1), ("c", 1), ("d", 0)]
    assert top_causes(r, 1) == [b]
    assert top_causes(r, 2) == [b, a, c]  # a tie with the last is kept
    assert top_causes(r, 9) == [b, a, c]  # a cause nobody voted for is not a top cause
    r.commitments.append(Commitment(deliverable="x", cause_ids=[a.id]))
    drafts = commitment_drafts(r, top_causes(r, 2), "ana")
    assert [m.cause_ids for m in drafts] == [[b.id], [c.id]]
    assert all(m.author == "ana" and m.deliverable == "" for m in drafts)


def test_the_budget_survives_a_round_trip_through_the_store_format() -> None:
    r = Review()
    open_voting(r, 5)
    assert review_from_dict(review_to_dict(r)).dot_votes == 5
    assert (
        review_from_dict({k: v for k, v in review_to_dict(r).items() if k != "dot_votes"}).dot_votes
        == 0
    )


@given(st.lists(st.tuples(st.sampled_from(["ana", "ben", "cy"]), st.integers(0, 2), st.booleans())))
def test_nobody_ever_exceeds_the_budget(moves: list[tuple[str, int, bool]]) -> None:
    r = Review(causes=[Cause(statement=s) for s in "xyz"])
    open_voting(r, 4)
    for user, i, add in moves:
        (place_vote if add else take_back_vote)(r, r.causes[i].id, user)
        assert 0 <= votes_used(r, user) <= 4
        assert all(n > 0 for c in r.causes for n in c.votes.values())
    assert sum(n for _, n in ranking(r)) == sum(votes_used(r, u) for u in ("ana", "ben", "cy"))
