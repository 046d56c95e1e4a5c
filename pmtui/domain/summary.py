"""Small views of reviews, kept in the store's index for fast listing.

A summary is derived from a :class:`Review` and can always be rebuilt from
it; the store keeps them so the home screen, ``pmtui due`` and the follow-up
view never have to load every review's timeline.
"""

from __future__ import annotations

import heapq
import operator
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import FrozenInstanceError
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any, ClassVar, NamedTuple, Self

from pmtui.domain.kinds import Kind, Status

if TYPE_CHECKING:
    # A summary is read from its stored row without the model (the home screen's first
    # frame); only building one from a whole review needs it.
    from pmtui.domain.model import Commitment, Review

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


class CauseBrief(NamedTuple):
    """A cause as a summary keeps it (a named tuple: this module loads before the first
    frame, and Python builds a dataclass's methods as its module loads)."""

    id: str
    statement: str
    category: str
    parent_id: str | None


def _held(text: str | None) -> date | None:
    return _day(text) if text else None


_PARSE: dict[str, Callable[[dict[str, Any]], Any]] = {
    "id": operator.itemgetter("id"),
    "kind": lambda d: _KINDS[d["kind"]],
    "title": operator.itemgetter("title"),
    "happened": operator.itemgetter("happened"),
    "created": lambda d: datetime.fromisoformat(d["created"]),
    "updated": lambda d: datetime.fromisoformat(d["updated"]),
    "status": lambda d: _STATUSES[d["status"]],
    "severity": lambda d: d.get("severity"),
    "tags": lambda d: tuple(d["tags"]),
    "participants": lambda d: tuple(d["participants"]),
    "facilitator": operator.itemgetter("facilitator"),
    "follow_up_on": lambda d: _day(d["follow_up_on"]),
    "follow_up_held": lambda d: _held(d.get("follow_up_held")),
    "rev": lambda d: int(d["rev"]),
    "facts": lambda d: int(d["facts"]),
    "commitments": lambda d: int(d["commitments"]),
    "open_ids": lambda d: tuple(d["open_ids"]),
    "raw_causes": lambda d: tuple(map(tuple, d["causes"])),
    "health": lambda d: d.get("health"),
}
"""How each field is read from a stored summary, on first access."""
_FIELDS = tuple(_PARSE)
_OPTIONAL = frozenset(("severity", "follow_up_held", "health"))
"""Fields whose key a stored row may lack or hold null."""
LISTED = frozenset(
    ("id", "kind", "title", "happened", "created", "status", "severity", "tags", "participants",
     "facilitator", "open_ids")
)  # fmt: skip
"""The keys of a stored summary that a list of reviews shows or filters on
(:class:`ListedReview`)."""
WAITING = frozenset(
    ("id", "kind", "title", "tags", "participants", "facilitator", "open_ids", "follow_up_on",
     "follow_up_held", "commitments")
)  # fmt: skip
"""The keys of a stored summary that the follow-up view shows or filters on for a review
waiting for its follow-up (:class:`WaitingReview`)."""


def _key(name: str) -> str:
    return "causes" if name == "raw_causes" else name


class _StoredRow:
    """A review's stored row read field by field: each parsed on first access, then kept.

    Immutable. A row type names its fields (``_FIELDS``); a field it does not
    have is not there (``AttributeError``, and an error for mypy), so code that
    needs more than a list keeps must ask for whole summaries. Missing keys
    are refused at once; a malformed value raises ``ValueError``/``KeyError``
    when its field is read.
    """

    __slots__ = ("_raw",)
    _FIELDS: ClassVar[tuple[str, ...]] = ()
    _HAS: ClassVar[frozenset[str]] = frozenset()
    _NEEDED: ClassVar[frozenset[str]] = frozenset()
    """The keys every stored row of this type has (the others may be missing or null)."""
    _raw: dict[str, Any] | None

    def __init_subclass__(cls, fields: Iterable[str] = (), **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls._FIELDS = tuple(name for name in _FIELDS if name in {*cls._FIELDS, *fields})
        cls._HAS = frozenset(cls._FIELDS)
        cls._NEEDED = frozenset(_key(name) for name in cls._FIELDS if name not in _OPTIONAL)

    def __getattr__(self, name: str) -> Any:
        """A field not read yet: parse it from the stored row and keep it."""
        raw = _RAW.__get__(self, _StoredRow) if name in self._HAS else None
        if raw is None:
            raise AttributeError(name)
        value = _PARSE[name](raw)
        _set(self, name, value)
        return value

    def __setattr__(self, name: str, value: object) -> None:
        raise FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise FrozenInstanceError(f"cannot delete field {name!r}")

    @classmethod
    def from_raw(cls, d: dict[str, Any]) -> Self:
        """A row of a stored summary (which it keeps: the caller must not change it).

        ``d`` may be trimmed to this type's fields (``LISTED``, ``WAITING``).
        """
        if not d.keys() >= cls._NEEDED:
            raise KeyError(", ".join(sorted(cls._NEEDED - d.keys())))
        s = _new(cls)
        _RAW.__set__(s, d)
        return s

    @property
    def stored(self) -> dict[str, Any] | None:
        """The stored row this was read from, if it was (never change it)."""
        return _RAW.__get__(self, _StoredRow)  # type: ignore[no-any-return]

    def _values(self) -> tuple[object, ...]:
        return tuple(getattr(self, name) for name in self._FIELDS)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        assert isinstance(other, _StoredRow)
        return self._values() == other._values()

    def __hash__(self) -> int:
        # the health numbers are a dict, and derived
        return hash(
            tuple(v for n, v in zip(self._FIELDS, self._values(), strict=True) if n != "health")
        )

    def __repr__(self) -> str:
        fields = ", ".join(
            f"{name}={value!r}" for name, value in zip(self._FIELDS, self._values(), strict=True)
        )
        return f"{type(self).__name__}({fields})"

    def __reduce__(self) -> tuple[object, ...]:
        raw = self.stored
        if raw is not None:
            return (_from_raw, (type(self), raw))
        return (_rebuild, (dict(zip(self._FIELDS, self._values(), strict=True)),))


class ListedReview(_StoredRow, fields=LISTED):
    """A review as a list of reviews shows it: what the home screen lists, searches and
    filters on, read from a row trimmed to :data:`LISTED`.

    The causes and the health numbers were most of the home list's memory at
    ten thousand reviews; a :class:`ReviewSummary` is a listed review too.
    """

    __slots__ = tuple(name for name in _FIELDS if name in LISTED)

    id: str
    kind: Kind
    title: str
    happened: str
    created: datetime
    status: Status
    severity: str | None
    tags: tuple[str, ...]
    participants: tuple[str, ...]
    facilitator: str
    open_ids: tuple[str, ...]


class WaitingReview(_StoredRow, fields=WAITING):
    """A review waiting for its follow-up as the follow-up view lists it, read from a row
    trimmed to :data:`WAITING`."""

    __slots__ = tuple(name for name in _FIELDS if name in WAITING)

    id: str
    kind: Kind
    title: str
    tags: tuple[str, ...]
    participants: tuple[str, ...]
    facilitator: str
    open_ids: tuple[str, ...]
    follow_up_on: date
    follow_up_held: date | None
    commitments: int


class ReviewSummary(ListedReview, fields=_FIELDS):
    """A review's summary: immutable, built from the index row by row as read.

    The home screen lists ten thousand of these on its first frame but shows a
    screenful; :meth:`from_raw` keeps the stored row and each field is parsed
    the first time it is read (then kept).
    """

    __slots__ = tuple(name for name in _FIELDS if name not in LISTED)

    updated: datetime
    follow_up_on: date
    follow_up_held: date | None
    rev: int
    facts: int
    commitments: int
    raw_causes: tuple[tuple[str, str, str, str | None], ...]
    """(id, statement, category, parent id) per cause; see :attr:`causes`."""
    health: dict[str, Any] | None
    """The numbers practice health counts (:func:`pmtui.domain.health.review_numbers`);
    ``None`` in a row written before they were kept."""

    def __init__(
        self,
        *,
        id: str,
        kind: Kind,
        title: str,
        happened: str,
        created: datetime,
        updated: datetime,
        status: Status,
        severity: str | None,
        tags: tuple[str, ...],
        participants: tuple[str, ...],
        facilitator: str,
        follow_up_on: date,
        follow_up_held: date | None,
        rev: int,
        facts: int,
        commitments: int,
        open_ids: tuple[str, ...],
        raw_causes: tuple[tuple[str, str, str, str | None], ...],
        health: dict[str, Any] | None = None,
    ) -> None:
        values = locals()
        for name in _FIELDS:
            _set(self, name, values[name])
        _set(self, "_raw", None)

    @property
    def causes(self) -> tuple[CauseBrief, ...]:
        """The review's causes, built on demand: most listings never need them."""
        return tuple(CauseBrief(*c) for c in self.raw_causes)

    @property
    def cause_categories(self) -> tuple[str, ...]:
        """The causes' categories alone."""
        return tuple(c[2] for c in self.raw_causes)

    @property
    def cause_statements(self) -> tuple[str, ...]:
        """The causes' statements alone (comparing ten thousand reviews' causes needs no more)."""
        return tuple(c[1] for c in self.raw_causes)

    @classmethod
    def from_review(cls, r: Review) -> ReviewSummary:
        from pmtui.domain.verdicts import review_numbers  # with the model it needs

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
            health=review_numbers(r),
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
            "health": self.health,
        }

    def follow_up_is_due(self, today: date) -> bool:
        """The follow-up date has come and no follow-up was held yet."""
        return self.follow_up_held is None and self.follow_up_on <= today and self.commitments > 0


_set = object.__setattr__
_new = object.__new__
_RAW: Any = _StoredRow.__dict__["_raw"]
"""The slot's descriptor: setting through it skips the frozen ``__setattr__``."""


def _rebuild(fields: dict[str, Any]) -> ReviewSummary:
    return ReviewSummary(**fields)


def _from_raw(cls: type[_StoredRow], raw: dict[str, Any]) -> _StoredRow:
    return cls.from_raw(raw)


def created_order(text: str) -> str:
    """A sort key for a stored ``created`` timestamp, as its wall-clock time.

    Summaries are listed by creation time with any UTC offset ignored (as
    ``created.replace(tzinfo=None)``); on the stored ISO text that is the
    date, time and microseconds, which compare as text without parsing.
    """
    return text[:26] if text[19:20] == "." else text[:19]


_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def list_order(happened: object, created: str) -> tuple[str, str]:
    """The sort key of a list of reviews, which is sorted on it newest first.

    By the day the review happened, as the list's date column shows it; a
    review with no such day (none given, or text that is not a date) by the
    day it was entered, as the column shows it then. Reviews of the same day
    come most recently entered first. Works on the stored text, as
    :func:`created_order` does: the day is the ``happened`` text's first ten
    characters, which compare as dates.
    """
    entered = created_order(created)
    if isinstance(happened, str) and _ISO_DAY.match(happened):
        return (happened[:10], entered)
    return (entered[:10], entered)


class OpenCommitment(NamedTuple):
    """An open commitment with enough of its review to list it anywhere (a named tuple,
    as the records below: this module loads before the first frame)."""

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

    @classmethod
    def from_values(cls, values: list[Any]) -> OpenCommitment:
        """One from ``[id, *what raw_from stores, in its order]`` (a compact row)."""
        cid, review, title, kind, tags, owner, deliverable, done_when, due = values
        return cls(
            cid,
            review,
            title,
            _KINDS[kind],
            tuple(tags),
            owner,
            deliverable,
            done_when,
            _day(due) if due else None,
        )

    def is_overdue(self, today: date) -> bool:
        return self.due is not None and self.due < today


DUE_SOON = timedelta(days=7)
"""Due "soon": today or within the seven days after it. One window for ``pmtui due``,
``pmtui followup``, the carry-over and the follow-up view (see
:class:`pmtui.domain.followup.DueQuery`)."""
CARRY_OVER_WITHIN = DUE_SOON
"""Open commitments due this soon (or overdue) are carried over onto the home screen."""
CARRY_OVER_ROWS = 50
"""The most urgent of them listed (the counts cover them all)."""
HOME_FIRST_ROWS = 100
"""Reviews in the home screen's first frame; the rest are added as soon as it is painted."""


class OpenDigest(NamedTuple):
    """What the home screen shows of the open commitments on one day.

    Counts for every open commitment, objects only for the few listed: a
    store with ten thousand overdue commitments builds fifty.
    """

    today: date
    overdue_by_review: Mapping[str, int]
    """Overdue open commitments per review id (reviews with none are absent)."""
    overdue: int
    due_soon: int
    """Due from today to ``today + within``, not overdue."""
    most_urgent: tuple[OpenCommitment, ...]
    """The first ``top`` of those overdue or due soon: soonest due, then review title, then id."""

    @classmethod
    def of(
        cls,
        commitments: Iterable[OpenCommitment],
        today: date,
        within: timedelta = CARRY_OVER_WITHIN,
        top: int = CARRY_OVER_ROWS,
    ) -> OpenDigest:
        """The digest of open commitments already built."""
        limit = today + within
        late: dict[str, int] = {}
        urgent = []
        for c in commitments:
            if c.due is None or c.due > limit:
                continue
            urgent.append(c)
            if c.due < today:
                late[c.review_id] = late.get(c.review_id, 0) + 1
        overdue = sum(late.values())
        picked = heapq.nsmallest(top, urgent, key=lambda c: (c.due, c.review_title, c.id))
        return cls(today, late, overdue, len(urgent) - overdue, tuple(picked))
