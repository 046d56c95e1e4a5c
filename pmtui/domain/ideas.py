"""Ideas are not commitments: collect them freely, commit to the chosen few.

A good review produces many ideas for what could change. Listing them all as
action items is how action-item lists become wish lists nobody finishes. So
an idea needs nothing but its text (no owner, no date); it is an entry of
the ``ideas`` section (a template that collects them lists that section), so
it gets everything entries have: private rounds, live editing, merging on
sync. The team promotes the few it will really do to commitments with one
owner, a deliverable and a date; the rest stay parked in the review, counted
in its document, found across reviews by ``pmtui ideas`` and promotable later.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from pmtui.domain.model import Entry, Review

IDEAS = "ideas"
"""The entry section that holds a review's parked ideas."""


def parked(review: Review) -> list[Entry]:
    """The review's ideas not promoted yet (those still sealed in a round are left out)."""
    return [e for e in review.section(IDEAS) if not e.hidden and e.text.strip()]


@dataclass(frozen=True)
class FoundIdea:
    """A parked idea found across reviews."""

    review_id: str
    review_title: str
    idea_id: str
    text: str


def search(reviews: Iterable[Review], query: str = "") -> list[FoundIdea]:
    """Parked ideas of ``reviews`` whose text holds every word of ``query``, in any case."""
    words = [w.casefold() for w in query.split()]
    out = []
    for r in reviews:
        for idea in parked(r):
            folded = idea.text.casefold()
            if all(w in folded for w in words):
                out.append(FoundIdea(r.id, r.title, idea.id, idea.text))
    return out
