"""Team rounds: writing privately until the facilitator reveals, and dot voting.

**Anonymous rounds.** In a reflection round (went well, went wrong, check-in
answers, or candidate causes) each person writes on their own: an item is a
hidden :class:`Entry` that only its writer sees, so nobody anchors on the
first loud answer. The facilitator reveals a round's items all at once. In an
anonymous round the writer's name is then dropped from the item for good (it
is not in the store, so not in any export either); while the item is hidden
its writer's name is kept only so that writer can still see and edit it.
Candidate causes are written as entries of the section :data:`CAUSES_ROUND`
and become causes when revealed (keeping their id, so every app agrees).

**Dot voting.** The facilitator gives everyone ``review.dot_votes`` votes to
spread over the causes (several on one cause is allowed); the ranking shows
what the team thinks matters most, and the facilitator turns the top causes
into commitment drafts linked to them.

Every function that changes a review is safe to replay on a fresher copy (the
session applies edits locally, then again on what is on disk): they never
raise for a state someone else produced meanwhile, they just do nothing.
"""

from __future__ import annotations

from pmtui.domain.model import Cause, Commitment, Entry, Review, ValidationError

CAUSES_ROUND = "round_causes"
"""Section of the entries written in an anonymous round of candidate causes."""
MAX_DOT_VOTES = 20


# == anonymous rounds =========================================================


def same_person(a: str, b: str) -> bool:
    return a.strip().casefold() == b.strip().casefold()


def is_facilitator(review: Review, user: str) -> bool:
    """Whether ``user`` runs the review (anyone does when no facilitator is named)."""
    return not review.facilitator.strip() or same_person(review.facilitator, user)


def write_privately(
    section: str, text: str, user: str, *, anonymous: bool = True, category: str = ""
) -> Entry:
    """A new hidden item of ``section`` written by ``user`` (add it with an edit)."""
    return Entry(
        section=section,
        text=text,
        category=category,
        author=user,
        hidden=True,
        anonymous=anonymous,
    )


def can_see(entry: Entry, user: str) -> bool:
    """Hidden items are seen by their writer only."""
    return not entry.hidden or same_person(entry.author, user)


def visible_entries(review: Review, user: str, section: str | None = None) -> list[Entry]:
    """The entries ``user`` may see, optionally of one section, in the order written."""
    return [
        e for e in review.entries if (section is None or e.section == section) and can_see(e, user)
    ]


def shown_author(entry: Entry) -> str:
    """The name to show next to an item: none for an anonymous one."""
    return "" if entry.anonymous else entry.author


def hidden_counts(review: Review) -> dict[str, int]:
    """How many items wait to be revealed, by section."""
    out: dict[str, int] = {}
    for e in review.entries:
        if e.hidden:
            out[e.section] = out.get(e.section, 0) + 1
    return out


def hidden_writers(review: Review, section: str) -> int:
    """How many different people have written hidden items in ``section``."""
    return len({e.author.casefold() for e in review.entries if e.hidden and e.section == section})


def reveal(review: Review, section: str) -> int:
    """Show every hidden item of ``section`` to everyone; returns how many.

    Anonymous items lose their writer's name. Items of :data:`CAUSES_ROUND`
    become top-level causes with the same id.
    """
    revealed = 0
    kept: list[Entry] = []
    for e in review.entries:
        if not (e.hidden and e.section == section):
            kept.append(e)
            continue
        revealed += 1
        author = "" if e.anonymous else e.author
        if section == CAUSES_ROUND:
            if not any(c.id == e.id for c in review.causes):
                review.causes.append(
                    Cause(statement=e.text, category=e.category or "system", author=author, id=e.id)
                )
            continue
        e.hidden = False
        e.author = author
        kept.append(e)
    review.entries = kept
    return revealed


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
