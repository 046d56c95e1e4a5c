"""What a person does in one step, as edits the session can undo in one step.

Every change goes through :class:`ReviewSession`; each one a person makes in
one step (a form saved, an item deleted, a hint set aside) is undone in one
step too, and undo of a delete puts back everything the delete took with
it: the whys below a cause and the links from causes and commitments.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, fields
from typing import Any

from pmtui.domain.coach import known_people, review_names
from pmtui.domain.edits import AddItem, Change, Collection, Edit, Overwrite, RemoveItem, SetField
from pmtui.domain.model import Cause, Commitment, Entry, Fact, HintDismissal, Review
from pmtui.editing.session import ReviewSession

Item = Fact | Cause | Commitment | Entry

_NOT_EDITED = {"id", "author"}


@dataclass
class Group(Edit):
    """Several edits applied as one (the undo of a form that changed several fields)."""

    edits: list[Edit]
    description: str = "change"

    def apply(self, review: Review) -> Overwrite | None:
        first: Overwrite | None = None
        for edit in self.edits:
            result = edit.apply(review)
            first = first or result
        return first


def add(
    session: ReviewSession, collection: Collection, item: Item, what: str, index: int | None = None
) -> None:
    session.apply(
        AddItem(collection, item, index, description=f"add {what}"),
        undo=RemoveItem(collection, item.id, description=f"add {what}"),
    )


def save(session: ReviewSession, collection: Collection, old: Item, new: Item, what: str) -> bool:
    """Apply the fields a form changed, one edit each, undone together; False if none changed."""
    changed = [
        f.name
        for f in fields(old)
        if f.name not in _NOT_EDITED and getattr(old, f.name) != getattr(new, f.name)
    ]
    if not changed:
        return False
    description = f"edit {what}"
    inverses: list[Edit] = []
    for i, name in enumerate(changed):
        before, after = getattr(old, name), getattr(new, name)
        inverses.append(SetField(collection, old.id, name, before, after, description))
        last = i == len(changed) - 1
        session.apply(
            SetField(collection, old.id, name, after, before, description, copy.deepcopy(new)),
            undo=Group(inverses, description) if last else None,
        )
    return True


def promote_idea(session: ReviewSession, idea_id: str, commitment: Commitment) -> None:
    """Turn a parked idea into ``commitment`` in one undoable step (undo parks it again)."""
    entries = session.review.entries
    index = _index(entries, idea_id)
    idea = copy.deepcopy(entries[index])
    what = "promote idea"
    session.apply(
        Group([AddItem("commitments", commitment), RemoveItem("entries", idea_id)], what),
        undo=Group(
            [AddItem("entries", idea, index), RemoveItem("commitments", commitment.id)], what
        ),
    )


def save_review_fields(session: ReviewSession, values: dict[str, Any], what: str) -> bool:
    """Set the review's own fields a form changed, one edit each, undone together."""
    review = session.review
    changed = [name for name, value in values.items() if getattr(review, name) != value]
    if not changed:
        return False
    description = f"edit {what}"
    inverses: list[Edit] = []
    for i, name in enumerate(changed):
        before, after = copy.deepcopy(getattr(review, name)), values[name]
        inverses.append(SetField("review", None, name, before, after, description))
        last = i == len(changed) - 1
        session.apply(
            SetField("review", None, name, after, before, description),
            undo=Group(inverses, description) if last else None,
        )
    return True


def _index(items: list[Any], item_id: str) -> int:
    return next(i for i, item in enumerate(items) if item.id == item_id)


def delete_fact(session: ReviewSession, fact_id: str) -> None:
    review = session.review
    index = _index(review.facts, fact_id)
    fact = copy.deepcopy(review.facts[index])
    linked = [c.id for c in review.causes if fact_id in c.fact_ids]

    def restore(r: Review) -> None:
        if not any(f.id == fact_id for f in r.facts):
            r.facts.insert(min(index, len(r.facts)), copy.deepcopy(fact))
        for cause in r.causes:
            if cause.id in linked and fact_id not in cause.fact_ids:
                cause.fact_ids.append(fact_id)

    session.apply(
        RemoveItem("facts", fact_id, description="delete fact"),
        undo=Change(restore, description="delete fact"),
    )


def delete_cause(session: ReviewSession, cause_id: str) -> int:
    """Delete a cause and the whys below it; returns how many causes went."""
    review = session.review
    removed = copy.deepcopy(review).remove_cause(cause_id)
    gone = {c.id for c in removed}
    places = sorted((_index(review.causes, c.id), c) for c in removed)
    links = {m.id: [i for i in m.cause_ids if i in gone] for m in review.commitments}
    links = {k: v for k, v in links.items() if v}
    what = "delete cause" if len(removed) == 1 else f"delete cause and {len(removed) - 1} below it"

    def restore(r: Review) -> None:
        present = {c.id for c in r.causes}
        for index, cause in places:
            if cause.id not in present:
                r.causes.insert(min(index, len(r.causes)), copy.deepcopy(cause))
        for commitment in r.commitments:
            for cid in links.get(commitment.id, []):
                if cid not in commitment.cause_ids:
                    commitment.cause_ids.append(cid)

    session.apply(
        RemoveItem("causes", cause_id, description=what), undo=Change(restore, description=what)
    )
    return len(removed)


def delete_plain(session: ReviewSession, collection: Collection, item_id: str, what: str) -> None:
    """Delete a commitment or an entry; undo puts it back where it was."""
    items = getattr(session.review, collection)
    index = _index(items, item_id)
    item = copy.deepcopy(items[index])
    session.apply(
        RemoveItem(collection, item_id, description=f"delete {what}"),
        undo=AddItem(collection, item, index, description=f"delete {what}"),
    )


def dismiss_hint(session: ReviewSession, item_id: str | None, rule: str, reason: str) -> None:
    """Keep a hint someone set aside on the review, so it stays away for everyone."""
    dismissal = HintDismissal(item_id=item_id or "", rule=rule, reason=reason, by=session.user)

    def keep(review: Review) -> None:
        if not any(
            (d.item_id, d.rule) == (dismissal.item_id, rule) for d in review.dismissed_hints
        ):
            review.dismissed_hints.append(copy.deepcopy(dismissal))

    session.apply(Change(keep, description="set a hint aside"))


def people(session: ReviewSession) -> tuple[str, ...]:
    """Everyone the coach should read as a person in this review: its own and the store's.

    The host's accounts are left to the hints, which load them off the UI thread.
    """
    known = known_people(session.store.listing(), host=False)
    return tuple(dict.fromkeys([*review_names(session.review), *known]))
