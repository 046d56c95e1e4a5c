"""Edits: the small, replayable changes people make to a review.

The app never saves a whole review it read a while ago: it sends edits, and
the store applies them to the freshest copy under its lock. Two people adding
facts at once therefore both keep theirs. An edit of one field carries the
value it was based on, so overwriting someone else's newer text is noticed
(the later save still wins; the overwritten text is reported, never lost
silently).
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from pmtui.domain.model import Cause, Commitment, Entry, Fact, Review, SealedItem

Collection = Literal["facts", "causes", "commitments", "entries", "sealed"]
Target = Literal["review", "facts", "causes", "commitments", "entries", "sealed"]
Item = Fact | Cause | Commitment | Entry | SealedItem


@dataclass
class Overwrite:
    """A field this edit replaced although it had changed since the edit's base,
    or (``deleted``) an edit of an item someone deleted meanwhile."""

    target: Target
    item_id: str | None
    field: str
    replaced: Any
    """The value someone else had saved, which this edit replaced."""
    value: Any = None
    """The value this edit saved."""
    deleted: bool = False
    item: Any = None
    """The whole item as the editor had it (for a deleted one: to put it back)."""


class Edit:
    """One change to a review. Subclasses implement :meth:`apply`."""

    description: str = "change"

    def apply(self, review: Review) -> Overwrite | None:
        raise NotImplementedError

    def merge(self, later: Edit) -> Edit | None:
        """Fold a later edit into this one when they touch the same thing (typing)."""
        return None


def _target(review: Review, target: Target, item_id: str | None) -> Any:
    if target == "review":
        return review
    for item in getattr(review, target):
        if item.id == item_id:
            return item
    return None


@dataclass
class SetField(Edit):
    """Set one field of the review or of one item; ``base`` is what the editor saw."""

    target: Target
    item_id: str | None
    field: str
    value: Any
    base: Any
    description: str = "edit"
    item: Any = None
    """The whole item as the editor means it (a form's result), kept if it was deleted."""

    def apply(self, review: Review) -> Overwrite | None:
        obj = _target(review, self.target, self.item_id)
        if obj is None:  # deleted meanwhile: reported, so the edit can be kept
            return Overwrite(
                self.target, self.item_id, self.field, None, self.value, True, self.item
            )
        current = getattr(obj, self.field)
        setattr(obj, self.field, copy.deepcopy(self.value))
        if current != self.base and current != self.value:
            return Overwrite(self.target, self.item_id, self.field, current, self.value)
        return None

    def merge(self, later: Edit) -> Edit | None:
        same = (self.target, self.item_id, self.field)
        if isinstance(later, SetField) and (later.target, later.item_id, later.field) == same:
            return SetField(
                self.target,
                self.item_id,
                self.field,
                later.value,
                self.base,
                later.description,
                later.item if later.item is not None else self.item,
            )
        return None


@dataclass
class AddItem(Edit):
    """Add an item (at ``index``, or at the end); adding an id twice is a no-op."""

    collection: Collection
    item: Item
    index: int | None = None
    description: str = "add"

    def apply(self, review: Review) -> Overwrite | None:
        items = getattr(review, self.collection)
        if any(i.id == self.item.id for i in items):
            return None
        new = copy.deepcopy(self.item)
        if self.index is None or self.index >= len(items):
            items.append(new)
        else:
            items.insert(max(self.index, 0), new)
        return None


@dataclass
class RemoveItem(Edit):
    """Remove an item; removing what is already gone is a no-op.

    Facts and causes are removed through the review's own methods, which also
    unlink them from causes and commitments (and remove the whys below a cause).
    """

    collection: Collection
    item_id: str
    description: str = "delete"

    def apply(self, review: Review) -> Overwrite | None:
        try:
            if self.collection == "facts":
                review.remove_fact(self.item_id)
            elif self.collection == "causes":
                review.remove_cause(self.item_id)
            elif self.collection == "commitments":
                review.remove_commitment(self.item_id)
            elif self.collection == "sealed":
                review.sealed = [s for s in review.sealed if s.id != self.item_id]
            else:
                review.entries = [e for e in review.entries if e.id != self.item_id]
        except KeyError:
            pass
        return None


@dataclass
class Change(Edit):
    """Any other change, as a function of the review (votes, follow-up outcomes...)."""

    fn: Callable[[Review], object]
    description: str = "change"
    extra: dict[str, Any] = field(default_factory=dict)

    def apply(self, review: Review) -> Overwrite | None:
        self.fn(review)
        return None


def apply_all(review: Review, edits: list[Edit]) -> list[Overwrite]:
    """Apply edits in order; returns the fields that replaced someone else's newer text."""
    out = []
    for edit in edits:
        result = edit.apply(review)
        if result is not None:
            out.append(result)
    return out


def coalesce(edits: list[Edit]) -> list[Edit]:
    """Merge consecutive edits of the same field, so typing saves once, not per key."""
    out: list[Edit] = []
    for edit in edits:
        if out:
            merged = out[-1].merge(edit)
            if merged is not None:
                out[-1] = merged
                continue
        out.append(edit)
    return out
