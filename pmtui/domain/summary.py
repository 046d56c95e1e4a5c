"""Small views of reviews, kept in the store's index for fast listing.

A summary is derived from a :class:`Review` and can always be rebuilt from
it; the store keeps them so the home screen, ``pmtui due`` and the follow-up
view never have to load every review's timeline.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from pmtui.domain.model import Commitment, Kind, Review, Status

# Calling an enum class to look a value up costs microseconds each; building
# tens of thousands of rows from the index spent most of its time there.
# An unknown value raises KeyError, which the store reports as damage.
_KINDS = {k.value: k for k in Kind}
_STATUSES = {s.value: s for s in Status}
_DATES: dict[str, date] = {}
"""Parsed ISO dates: a store holds a few hundred distinct days across thousands of rows."""


def _day(text: str) -> date:
    got = _DATES.get(text)
    if got is None:
        got = date.fromisoformat(text)
        if len(_DATES) < 10_000:
            _DATES[text] = got
    return got


@dataclass(frozen=True, slots=True)
class CauseBrief:
    id: str
    statement: str
    category: str
    parent_id: str | None


@dataclass(frozen=True, slots=True)
class ReviewSummary:
    id: str
    kind: Kind
    title: str
    happened: str
    created: datetime
    updated: datetime
    status: Status
    severity: str | None
    tags: tuple[str, ...]
    participants: tuple[str, ...]
    facilitator: str
    follow_up_on: date
    follow_up_held: date | None
    rev: int
    facts: int
    commitments: int
    open_ids: tuple[str, ...]
    raw_causes: tuple[tuple[str, str, str, str | None], ...]
    """(id, statement, category, parent id) per cause; see :attr:`causes`."""

    @property
    def causes(self) -> tuple[CauseBrief, ...]:
        """The review's causes, built on demand: most listings never need them."""
        return tuple(CauseBrief(*c) for c in self.raw_causes)

    @classmethod
    def from_review(cls, r: Review) -> ReviewSummary:
        return cls(
            id=r.id,
            kind=r.kind,
            title=r.title,
            happened=r.happened,
            created=r.created,
            updated=r.updated,
            status=r.status,
            severity=r.severity,
            tags=tuple(r.tags),
            participants=tuple(r.participants),
            facilitator=r.facilitator,
            follow_up_on=r.follow_up_due(),
            follow_up_held=r.follow_up.held_on if r.follow_up else None,
            rev=r.rev,
            facts=len(r.facts),
            commitments=len(r.commitments),
            open_ids=tuple(c.id for c in r.commitments if c.is_open),
            raw_causes=tuple((c.id, c.statement, c.category, c.parent_id) for c in r.causes),
        )

    def to_raw(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind.value,
            "title": self.title,
            "happened": self.happened,
            "created": self.created.isoformat(),
            "updated": self.updated.isoformat(),
            "status": self.status.value,
            "severity": self.severity,
            "tags": list(self.tags),
            "participants": list(self.participants),
            "facilitator": self.facilitator,
            "follow_up_on": self.follow_up_on.isoformat(),
            "follow_up_held": self.follow_up_held.isoformat() if self.follow_up_held else None,
            "rev": self.rev,
            "facts": self.facts,
            "commitments": self.commitments,
            "open_ids": list(self.open_ids),
            "causes": [list(c) for c in self.raw_causes],
        }

    @classmethod
    def from_raw(cls, d: dict[str, Any]) -> ReviewSummary:
        held = d.get("follow_up_held")
        return cls(
            id=d["id"],
            kind=_KINDS[d["kind"]],
            title=d["title"],
            happened=d["happened"],
            created=datetime.fromisoformat(d["created"]),
            updated=datetime.fromisoformat(d["updated"]),
            status=_STATUSES[d["status"]],
            severity=d.get("severity"),
            tags=tuple(d["tags"]),
            participants=tuple(d["participants"]),
            facilitator=d["facilitator"],
            follow_up_on=_day(d["follow_up_on"]),
            follow_up_held=_day(held) if held else None,
            rev=int(d["rev"]),
            facts=int(d["facts"]),
            commitments=int(d["commitments"]),
            open_ids=tuple(d["open_ids"]),
            raw_causes=tuple(map(tuple, d["causes"])),
        )

    def follow_up_is_due(self, today: date) -> bool:
        """The follow-up date has come and no follow-up was held yet."""
        return self.follow_up_held is None and self.follow_up_on <= today and self.commitments > 0


@dataclass(frozen=True, slots=True)
class OpenCommitment:
    """An open commitment with enough of its review to list it anywhere."""

    id: str
    review_id: str
    review_title: str
    review_kind: Kind
    tags: tuple[str, ...]
    owner: str
    deliverable: str
    done_when: str
    due: date | None

    @staticmethod
    def raw_from(review: Review, c: Commitment) -> dict[str, Any]:
        return {
            "review": review.id,
            "title": review.title,
            "kind": review.kind.value,
            "tags": list(review.tags),
            "owner": c.owner,
            "deliverable": c.deliverable,
            "done_when": c.done_when,
            "due": c.due.isoformat() if c.due else None,
        }

    @classmethod
    def from_raw(cls, commitment_id: str, d: dict[str, Any]) -> OpenCommitment:
        due = d.get("due")
        return cls(
            id=commitment_id,
            review_id=d["review"],
            review_title=d["title"],
            review_kind=_KINDS[d["kind"]],
            tags=tuple(d["tags"]),
            owner=d["owner"],
            deliverable=d["deliverable"],
            done_when=d["done_when"],
            due=_day(due) if due else None,
        )

    def is_overdue(self, today: date) -> bool:
        return self.due is not None and self.due < today
