"""Anonymous rounds and dot voting, as pure rules on a review."""

from __future__ import annotations

import copy

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pmtui.domain.model import Cause, Commitment, Review, ValidationError
from pmtui.domain.rounds import (
    CAUSES_ROUND,
    close_voting,
    commitment_drafts,
    hidden_counts,
    hidden_writers,
    is_facilitator,
    open_voting,
    place_vote,
    ranking,
    reveal,
    shown_author,
    take_back_vote,
    top_causes,
    visible_entries,
    votes_left,
    votes_used,
    write_privately,
)
from pmtui.domain.serial import review_from_dict, review_to_dict


def _round() -> Review:
    r = Review(title="sprint 12", facilitator="Ana")
    r.entries += [
        write_privately("went_wrong", "deploys were slow", "ana"),
        write_privately("went_wrong", "on-call was noisy", "ben"),
        write_privately("went_well", "pairing helped", "ben", anonymous=False),
    ]
    return r


def test_hidden_items_are_seen_by_their_writer_only() -> None:
    r = _round()
    assert [e.text for e in visible_entries(r, "ana", "went_wrong")] == ["deploys were slow"]
    assert [e.text for e in visible_entries(r, "BEN")] == ["on-call was noisy", "pairing helped"]
    assert visible_entries(r, "cy") == []
    assert hidden_counts(r) == {"went_wrong": 2, "went_well": 1}
    assert hidden_writers(r, "went_wrong") == 2


def test_reveal_shows_a_section_and_forgets_anonymous_writers() -> None:
    r = _round()
    assert reveal(r, "went_wrong") == 2
    shown = visible_entries(r, "cy")
    assert [e.text for e in shown] == ["deploys were slow", "on-call was noisy"]
    assert all(e.author == "" and shown_author(e) == "" for e in shown)
    assert hidden_counts(r) == {"went_well": 1}
    stored = review_to_dict(r)
    assert "ana" not in str(
        [e["author"] for e in stored["entries"] if e["section"] == "went_wrong"]
    )
    assert reveal(r, "went_wrong") == 0  # replaying is harmless


def test_a_named_round_keeps_the_writer() -> None:
    r = _round()
    reveal(r, "went_well")
    (entry,) = visible_entries(r, "cy", "went_well")
    assert shown_author(entry) == "ben"


def test_a_cause_round_turns_into_causes_with_stable_ids() -> None:
    r = Review()
    e = write_privately(CAUSES_ROUND, "alerts lacked runbooks", "ana", category="information")
    r.entries.append(e)
    again = copy.deepcopy(r)
    assert reveal(r, CAUSES_ROUND) == 1
    assert r.entries == []
    (cause,) = r.causes
    assert (cause.id, cause.statement, cause.category, cause.author) == (
        e.id,
        "alerts lacked runbooks",
        "information",
        "",
    )
    reveal(again, CAUSES_ROUND)
    assert again.causes[0].id == cause.id  # every app that replays it agrees
    r.validate()


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
