"""The review session: edits show at once, are saved in order, and are never lost."""

from __future__ import annotations

from pathlib import Path

from pmtui.domain.edits import AddItem, Change, RemoveItem
from pmtui.domain.model import Fact, Review
from pmtui.editing.session import ReviewSession, SaveState, SessionEvent
from pmtui.store.repository import Store


def _open(
    store: Store, review: Review, user: str = "ana"
) -> tuple[ReviewSession, list[SessionEvent]]:
    events: list[SessionEvent] = []
    return ReviewSession(store, store.get(review.id), user=user, listener=events.append), events


def test_edits_show_at_once_and_reach_the_store(store: Store) -> None:
    review = store.add(Review(title="Checkout outage"))
    session, events = _open(store, review)
    session.apply(AddItem("facts", Fact(what="page fired")))
    assert [f.what for f in session.review.facts] == ["page fired"]  # before any save
    assert session.flush()
    assert [f.what for f in store.get(review.id).facts] == ["page fired"]
    assert events[-1].state is SaveState.SAVED
    session.close()


def test_undo_puts_a_deleted_fact_back(store: Store) -> None:
    fact = Fact(what="deploy started")
    review = store.add(Review(title="t", facts=[fact]))
    session, _ = _open(store, review)
    session.apply(RemoveItem("facts", fact.id), undo=AddItem("facts", fact, index=0))
    session.flush()
    assert store.get(review.id).facts == []
    assert session.can_undo() == "delete"
    session.undo()
    session.flush()
    assert [f.id for f in store.get(review.id).facts] == [fact.id]
    session.close()


def test_two_sessions_adding_at_once_both_keep_theirs(store_path: Path) -> None:
    first = Store(store_path)
    review = first.add(Review(title="t"))
    a, _ = _open(first, review, "ana")
    b, _ = _open(Store(store_path), review, "bo")
    a.apply(AddItem("facts", Fact(what="from ana")))
    b.apply(AddItem("facts", Fact(what="from bo")))
    a.flush()
    b.flush()
    assert sorted(f.what for f in first.get(review.id).facts) == ["from ana", "from bo"]
    a.close()
    b.close()


def test_an_edit_that_raises_is_kept_reported_and_retried(store: Store) -> None:
    review = store.add(Review(title="t"))
    session, events = _open(store, review)
    attempts: list[int] = []

    def flaky(r: Review) -> None:
        attempts.append(1)
        if len(attempts) == 2:  # the first apply is the local one; the save fails once
            raise RuntimeError("boom")
        r.title = "saved at last"

    session.apply(Change(flaky))
    assert not session.flush(timeout=5)
    assert session.state is SaveState.FAILED
    assert "boom" in (session.error or "")
    session.retry()
    assert session.flush(timeout=10)
    assert store.get(review.id).title == "saved at last"
    assert any(e.state is SaveState.FAILED for e in events)
    session.close()
