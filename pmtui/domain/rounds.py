"""Team rounds: writing privately until the facilitator reveals, and dot voting.

**Private rounds.** In a reflection round (went well, went wrong, check-in
answers, or candidate causes) each person writes on their own, so nobody
anchors on the first loud answer and nobody is named against their will.
The facilitator opens a round: their pmtui makes a key pair, keeps the
private half where only their account can read it, and stores the public
half in the review (:class:`Round`). Every item is then stored sealed to that
key (:class:`SealedItem`): the store, its backups and every export hold only
ciphertext, and no writer's name. The writer also seals a copy to their own
key, so they see and delete their items. On reveal the facilitator's pmtui
opens the items (:func:`reveal_round`): they become ordinary entries (or
causes) with fresh ids, in a random order, signed only when their writer
chose to sign. The sealing itself lives in :mod:`pmtui.store.keys`; the
threat model is in docs/team.md.

**Dot voting.** The facilitator gives everyone ``review.dot_votes`` votes to
spread over the causes (several on one cause is allowed); the ranking shows
what the team thinks matters most, and the facilitator turns the top causes
into commitment drafts linked to them.

Every function that changes a review is safe to replay on a fresher copy (the
session applies edits locally, then again on what is on disk): they never
raise for a state someone else produced meanwhile, they just do nothing.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from pmtui.domain.model import (
    MAX_DOT_VOTES,
    Cause,
    Commitment,
    Entry,
    Review,
    Round,
    SealedItem,
    ValidationError,
)

CAUSES_ROUND = "round_causes"
"""Section of a private round of candidate causes (revealed as causes)."""


# == private rounds ===========================================================


def same_person(a: str, b: str) -> bool:
    return a.strip().casefold() == b.strip().casefold()


def is_facilitator(review: Review, user: str) -> bool:
    """Whether ``user`` runs the review (anyone does when no facilitator is named)."""
    return not review.facilitator.strip() or same_person(review.facilitator, user)


@dataclass(frozen=True)
class Payload:
    """What a sealed item holds: its text, and its writer only if they signed it."""

    text: str
    category: str = ""
    author: str = ""


def open_round(review: Review, section: str, public_key: str, user: str) -> Round | None:
    """Start a private round in ``section``; ``None`` when one is already open there."""
    if current_round(review, section) is not None:
        return None
    new = Round(section=section, public_key=public_key, opened_by=user)
    review.rounds.append(new)
    return new


def add_opened_round(review: Review, new: Round) -> None:
    """Add a round opened elsewhere (replayed on a fresher copy): once, and only if none is open."""
    if current_round(review, new.section) is None and not any(
        r.id == new.id for r in review.rounds
    ):
        review.rounds.append(new)


def current_round(review: Review, section: str) -> Round | None:
    """The round open in ``section`` (written in, not yet revealed), if any."""
    return next((r for r in review.rounds if r.section == section and not r.revealed), None)


def find_round(review: Review, round_id: str) -> Round | None:
    return next((r for r in review.rounds if r.id == round_id), None)


def sealed_items(review: Review, round_id: str) -> list[SealedItem]:
    return [s for s in review.sealed if s.round_id == round_id]


def open_rounds(review: Review) -> list[Round]:
    return [r for r in review.rounds if not r.revealed]


def legacy_hidden(review: Review, section: str) -> list[Entry]:
    """Items written in a private round before items were sealed (stored in plain text)."""
    return [e for e in review.entries if e.hidden and e.section == section]


def can_see(entry: Entry, user: str) -> bool:
    """An unsealed hidden item (written before sealing) is shown to its writer only."""
    return not entry.hidden or same_person(entry.author, user)


def shown_author(entry: Entry) -> str:
    """The name to show next to an item: none for an anonymous one."""
    return "" if entry.anonymous else entry.author


def reveal_round(
    review: Review,
    round_id: str,
    opened: dict[str, Payload],
    rng: random.Random | None = None,
) -> int:
    """Publish a round's items; returns how many were published.

    ``opened`` maps the id of each sealed item to what it holds (the
    facilitator's pmtui opens them with the round's key). Each item comes
    out with a fresh id, in a random order, with no trace of who wrote it
    or when, except the name of a writer who signed. Sealed items that could
    not be opened are dropped with the round: nobody could ever read them.
    Revealing a round twice does nothing.
    """
    found = find_round(review, round_id)
    if found is None or found.revealed:
        return 0
    payloads = [opened[s.id] for s in sealed_items(review, round_id) if s.id in opened]
    for e in legacy_hidden(review, found.section):
        payloads.append(Payload(e.text, e.category, "" if e.anonymous else e.author))
    review.entries = [e for e in review.entries if not (e.hidden and e.section == found.section)]
    review.sealed = [s for s in review.sealed if s.round_id != round_id]
    (rng or random.SystemRandom()).shuffle(payloads)
    for p in payloads:
        if found.section == CAUSES_ROUND:
            review.causes.append(
                Cause(statement=p.text, category=p.category or "system", author=p.author)
            )
        else:
            review.entries.append(
                Entry(section=found.section, text=p.text, category=p.category, author=p.author)
            )
    found.revealed = True
    return len(payloads)


def add_after_reveal(review: Review, section: str, text: str, author: str) -> Cause | Entry:
    """An item written once the round is revealed: shown at once, like any other."""
    if section == CAUSES_ROUND:
        return Cause(statement=text, author=author)
    return Entry(section=section, text=text, author=author)


# == dot voting ===============================================================


def check_dot_votes(count: int) -> int:
    if not 1 <= count <= MAX_DOT_VOTES:
        raise ValidationError("dot_votes", f"a number of votes from 1 to {MAX_DOT_VOTES}")
    return count


def open_voting(review: Review, votes_each: int) -> None:
    """Give everyone ``votes_each`` votes (a vote already over the new budget stays)."""
    review.dot_votes = check_dot_votes(votes_each)


def close_voting(review: Review) -> None:
    """Stop voting; the votes cast stay, for the ranking."""
    review.dot_votes = 0


def _key(votes: dict[str, int], user: str) -> str:
    return next((k for k in votes if same_person(k, user)), user)


def votes_used(review: Review, user: str) -> int:
    return sum(n for c in review.causes for k, n in c.votes.items() if same_person(k, user))


def votes_left(review: Review, user: str) -> int:
    return max(review.dot_votes - votes_used(review, user), 0)


def my_votes(cause: Cause, user: str) -> int:
    return sum(n for k, n in cause.votes.items() if same_person(k, user))


def place_vote(review: Review, cause_id: str, user: str) -> bool:
    """Put one of ``user``'s votes on a cause; False when voting is closed or none are left."""
    cause = next((c for c in review.causes if c.id == cause_id), None)
    if cause is None or votes_left(review, user) <= 0:
        return False
    key = _key(cause.votes, user)
    cause.votes[key] = cause.votes.get(key, 0) + 1
    return True


def take_back_vote(review: Review, cause_id: str, user: str) -> bool:
    """Take one of ``user``'s votes off a cause (allowed while voting is open)."""
    cause = next((c for c in review.causes if c.id == cause_id), None)
    if cause is None or review.dot_votes <= 0:
        return False
    key = _key(cause.votes, user)
    if cause.votes.get(key, 0) <= 0:
        return False
    cause.votes[key] -= 1
    if not cause.votes[key]:
        del cause.votes[key]
    return True


def total(cause: Cause) -> int:
    return sum(cause.votes.values())


def ranking(review: Review) -> list[tuple[Cause, int]]:
    """Causes by votes, most first; ties keep the order the causes were written in."""
    order = {c.id: i for i, c in enumerate(review.causes)}
    ranked = [(c, total(c)) for c in review.causes]
    return sorted(ranked, key=lambda ct: (-ct[1], order[ct[0].id]))


def top_causes(review: Review, count: int) -> list[Cause]:
    """The ``count`` most-voted causes that have votes, and ties with the last of them."""
    ranked = [(c, n) for c, n in ranking(review) if n > 0]
    if count <= 0 or not ranked:
        return []
    cut = ranked[min(count, len(ranked)) - 1][1]
    return [c for c, n in ranked if n >= cut]


def addressed(review: Review, cause_id: str) -> bool:
    """Whether a commitment already links to the cause."""
    return any(cause_id in m.cause_ids for m in review.commitments)


def commitment_drafts(review: Review, causes: list[Cause], user: str) -> list[Commitment]:
    """One commitment draft per cause not yet addressed, linked to it (add with edits).

    The deliverable, owner and due date are left for the team to fill in:
    a commitment is only real once it has all three.
    """
    return [
        Commitment(cause_ids=[c.id], author=user) for c in causes if not addressed(review, c.id)
    ]
