"""Ideas are not commitments: parked freely, found again, promoted one at a time."""

from __future__ import annotations

from pmtui.domain.ideas import IDEAS, parked, search
from pmtui.domain.model import Commitment, Entry, Review
from pmtui.editing import changes
from pmtui.store.repository import Store
from tests.tui.stage_harness import open_session, saved_review


def _review(title: str, *ideas: str) -> Review:
    return Review(title=title, entries=[Entry(section=IDEAS, text=t) for t in ideas])


def test_parked_ideas_are_found_by_every_word_in_any_case() -> None:
    a = _review("Checkout outage", "Canary for config pushes", "A chaos day")
    b = _review("Search slow", "Cache the CONFIG lookups")
    a.entries.append(Entry(section=IDEAS, text="still sealed", hidden=True))
    a.entries.append(Entry(section="went_well", text="config rollback was quick"))
    assert [e.text for e in parked(a)] == ["Canary for config pushes", "A chaos day"]
    found = search([a, b], "config")
    assert [(f.review_title, f.text) for f in found] == [
        ("Checkout outage", "Canary for config pushes"),
        ("Search slow", "Cache the CONFIG lookups"),
    ]
    assert [f.text for f in search([a, b], "config canary")] == ["Canary for config pushes"]
    assert len(search([a, b])) == 3


def test_promoting_an_idea_is_one_step_and_undo_parks_it_again(store: Store) -> None:
    session = open_session(store, _review("R", "Canary for config pushes", "A chaos day"))
    try:
        idea = parked(session.review)[0]
        com = Commitment(deliverable=idea.text, owner="ana", author="ana")
        changes.promote_idea(session, idea.id, com)
        stored = saved_review(store, session)
        assert [c.deliverable for c in stored.commitments] == ["Canary for config pushes"]
        assert [e.text for e in parked(stored)] == ["A chaos day"]
        session.undo()
        stored = saved_review(store, session)
        assert stored.commitments == []
        assert [e.text for e in parked(stored)] == ["Canary for config pushes", "A chaos day"]
    finally:
        session.close()
