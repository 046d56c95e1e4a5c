"""Practice health: the four ways reviews fail, per month, each with its counts.

pmtui exists to counter blame, skipped reviews, shallow analysis and no
follow-through. This module is the one home of how each is counted:

- **blame**: of the fact and cause statements written in a month's reviews
  that the coach judged when they were written, the share it flagged for
  blame or hindsight; how many of those were rewritten until it no longer
  did, and how many were set aside with a reason.
- **skipped**: of the incidents that started in a month and whose review
  time has come, the share past the team's policy without a held review;
  how many reviews were held after the policy's last day, and the median
  days from incident to review.
- **shallow**: of the top causes of a month's reviews, the share with no
  "why" below them; how deep the cause trees go; how many causes recur from
  earlier reviews.
- **follow-through**: of the commitments first due in a month (dropped ones
  aside), the share kept by that date; kept late, still open past the date,
  re-planned, dropped (:mod:`pmtui.domain.follow_through`, the one rule);
  follow-up reviews due that month and held on time.

The figures come from per-review numbers (:func:`review_numbers`) the store
keeps in its index with every save, so a team lead's monthly look never reads
every review. The coach's verdicts are the ones it gave when each statement
was written (:func:`record_verdicts`, stored with the review): a better coach
later does not rewrite history. :func:`recompute_blame` judges every
statement again with today's coach, and is labelled as such wherever shown.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from statistics import median
from typing import TYPE_CHECKING, Any, ClassVar, Protocol

from pmtui.domain.dates import DateError, parse_duration
from pmtui.domain.follow_through import DROPPED, counts, fate
from pmtui.domain.insights import Member, cause_groups, grouped, held_order, regrouped
from pmtui.domain.model import Review
from pmtui.domain.policy import IncidentStatus, ReviewState
from pmtui.domain.similarity import terms
from pmtui.domain.verdicts import (
    Fill,
    Judge,
    numbers_current,
    numbers_of,
    record_verdicts,
    review_numbers,
)
from pmtui.domain.wordlists import stop_words as team_stop_words

if TYPE_CHECKING:
    from pmtui.domain.incidents import Incident

FIGURES = ("blame", "skipped", "shallow", "follow-through")
"""The four figures, in the order every view lists them."""

WORDS: dict[str, tuple[str, str]] = {
    "blame": ("Blame or hindsight wording", "of the statements the coach judged"),
    "skipped": ("Incidents skipped", "of those due a review"),
    "shallow": ("Top causes with no why below them", "of top causes"),
    "follow-through": ("Commitments kept by their due date", "of those due"),
}
"""Per figure: what its share counts, and of what."""
TITLES = {
    "blame": "Blame: statements flagged when written (%)",
    "skipped": "Skipped: incidents past policy, no review (%)",
    "shallow": "Shallow: top causes with no why (%)",
    "follow-through": "Follow-through: kept by due date (%)",
}
"""Chart titles: what the bars measure, with the unit."""

# -- the figures per month -----------------------------------------------------------------


class ReviewRow(Protocol):
    """What the figures read of a review: its summary in the index."""

    @property
    def id(self) -> str: ...

    @property
    def created(self) -> datetime: ...

    @property
    def health(self) -> Mapping[str, Any] | None: ...

    @property
    def follow_up_on(self) -> date: ...

    @property
    def follow_up_held(self) -> date | None: ...

    @property
    def cause_statements(self) -> Sequence[str]: ...


@dataclass(frozen=True)
class MonthFigure:
    """One figure of one month: a share (``PART`` of ``WHOLE``) and the counts behind it.

    Each figure names the fields its share is made of and which fields it
    reports, under the names ``pmtui health --json`` gives them (``COUNTS``).
    """

    PART: ClassVar[str]
    WHOLE: ClassVar[str]
    COUNTS: ClassVar[tuple[tuple[str, str], ...]]
    """``(name in the JSON, field)`` of every count, in the order they are shown."""

    review_ids: tuple[str, ...] = ()
    """The reviews behind the figure."""

    @property
    def part(self) -> int:
        return int(getattr(self, self.PART))

    @property
    def whole(self) -> int:
        return int(getattr(self, self.WHOLE))

    @property
    def share(self) -> float | None:
        whole = self.whole
        return self.part / whole if whole else None

    def counts(self) -> dict[str, Any]:
        return {name: getattr(self, attr) for name, attr in self.COUNTS}


def _counts(*names: str) -> tuple[tuple[str, str], ...]:
    """``COUNTS`` from field names, ``"name=field"`` where the JSON names a field otherwise."""
    return tuple((n.partition("=")[0], n.partition("=")[2] or n) for n in names)


@dataclass(frozen=True)
class Blame(MonthFigure):
    PART, WHOLE = "flagged", "judged"
    COUNTS = _counts("statements", "judged", "flagged", "rewritten", "set_aside")

    statements: int = 0
    judged: int = 0
    """Statements the coach judged when written (older ones were not)."""
    flagged: int = 0
    rewritten: int = 0
    set_aside: int = 0


@dataclass(frozen=True)
class Skipped(MonthFigure):
    PART, WHOLE = "skipped", "due"
    COUNTS = _counts(
        "incidents_due=due",
        "skipped",
        "reviewed",
        "reviewed_late=late",
        "median_days_to_review=median_days",
    )

    due: int = 0
    """Incidents whose review time has come: held, or past the policy without one."""
    skipped: int = 0
    reviewed: int = 0
    late: int = 0
    """Held after the policy's last day."""
    median_days: float | None = None
    """From incident to its review, over those reviewed."""
    incident_ids: tuple[str, ...] = ()
    """The skipped incidents (they have no review to open)."""


@dataclass(frozen=True)
class Shallow(MonthFigure):
    PART, WHOLE = "no_why", "top_causes"
    COUNTS = _counts("top_causes", "no_why", "causes", "mean_depth", "recurring")

    top_causes: int = 0
    no_why: int = 0
    trees: int = 0
    """Reviews with causes."""
    depth_total: int = 0
    causes: int = 0
    recurring: int | None = 0
    """Causes alike a cause of an earlier review (None: still being counted)."""

    @property
    def mean_depth(self) -> float | None:
        return round(self.depth_total / self.trees, 2) if self.trees else None


@dataclass(frozen=True)
class FollowThrough(MonthFigure):
    PART, WHOLE = "kept_on_time", "counted"
    COUNTS = _counts(
        "due=counted",
        "kept_on_time",
        "kept_late",
        "open_past_due=open_late",
        "replanned",
        "dropped",
        "follow_ups_due",
        "follow_ups_on_time",
    )

    counted: int = 0
    """First due in the month and counted by today (:func:`~pmtui.domain.follow_through.counts`),
    dropped ones aside."""
    kept_on_time: int = 0
    kept_late: int = 0
    open_late: int = 0
    """Still open past the due date."""
    replanned: int = 0
    dropped: int = 0
    follow_ups_due: int = 0
    follow_ups_on_time: int = 0


@dataclass(frozen=True)
class MonthHealth:
    month: str
    """``YYYY-MM``"""
    blame: Blame = field(default_factory=Blame)
    skipped: Skipped = field(default_factory=Skipped)
    shallow: Shallow = field(default_factory=Shallow)
    follow_through: FollowThrough = field(default_factory=FollowThrough)

    def figure(self, name: str) -> MonthFigure:
        figures: dict[str, MonthFigure] = {
            "blame": self.blame,
            "skipped": self.skipped,
            "shallow": self.shallow,
            "follow-through": self.follow_through,
        }
        return figures[name]

    def to_json(self) -> dict[str, Any]:
        """One month as ``pmtui health --json`` prints it: the four figures and their counts."""
        out: dict[str, Any] = {"month": self.month}
        for name in FIGURES:
            fig = self.figure(name)
            share = fig.share
            out[name.replace("-", "_")] = {
                "percent": None if share is None else round(share * 100, 1),
                **fig.counts(),
                "reviews": len(fig.review_ids),
            }
        return out


@dataclass(frozen=True)
class Health:
    months: list[MonthHealth]
    recomputed: bool = False
    """Blame was judged again with today's coach, not as shown when written."""
    unfilled: int = 0
    """Reviews whose numbers were missing from the index and were read whole."""
    recurring_counted: bool = True
    """False while the recurring causes are still being counted (each month's is None)."""

    def month(self, month: str) -> MonthHealth | None:
        return next((m for m in self.months if m.month == month), None)


SINCE_FORMS = (
    "a number of months such as 6m, weeks or days such as 8w or 90d, or a month such as 2026-06"
)
_MONTHS = re.compile(r"^(\d{1,3})m$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def since_month(today: date, since: str) -> str:
    """The first month ``--since`` covers: ``6m`` is this month and the five before it.

    ``8w`` or ``90d`` start in the month of that many days ago; ``2026-06``
    names the month. Raises :class:`DateError` saying which forms work.
    """
    raw = since.strip().lower()
    bad = DateError(f"--since {since.strip()!r} is not a period pmtui reads; use {SINCE_FORMS}")
    m = _MONTHS.match(raw)
    if m:
        n = int(m.group(1))
        if n < 1:
            raise bad
        index = today.year * 12 + today.month - 1 - (n - 1)
        return f"{index // 12:04d}-{index % 12 + 1:02d}"
    m = _MONTH.match(raw)
    if m:
        if not 1 <= int(m.group(2)) <= 12 or raw > today.strftime("%Y-%m"):
            raise bad
        return raw
    try:
        span = parse_duration(raw)
    except DateError:
        raise bad from None
    if span.days < 1:
        raise bad
    return (today - span).strftime("%Y-%m")


def compute(
    rows: Iterable[ReviewRow],
    incidents: Iterable[IncidentStatus[Incident]],
    today: date,
    *,
    first_month: str = "",
    stop_words: frozenset[str] | None = None,
    fill: Fill | None = None,
    blame: Mapping[str, Mapping[str, int]] | None = None,
    groups: list[list[Member]] | None = None,
) -> Health:
    """The four figures per month from ``first_month`` to ``today``'s, oldest first.

    ``rows`` are every review (recurrence looks at earlier ones); months
    with nothing in them are listed with zeros so charts keep their spacing.
    ``fill(review_id)`` gives the numbers of a row that has none of this
    pmtui's (the review read whole). ``blame`` replaces the stored verdicts'
    counts per review id (a recompute, :func:`recompute_blame`). ``groups``
    are :func:`pmtui.domain.insights.cause_groups` of ``rows`` in the order
    they were held, when the caller has them already.

    The same as :func:`figures` of :func:`month_sums`: the store keeps those
    sums beside its index, so the figures come out the same either way.
    """
    sums = month_sums(rows, stop_words=stop_words, fill=fill, blame=blame, groups=groups)
    return figures(sums, incidents, today, first_month=first_month, recomputed=blame is not None)


# -- per-month sums: what the figures are made of, kept beside the index --------------------

RECURRING_STALE = "recurring_stale"
"""Set in sums whose recurring causes are still to be counted again (never stored)."""
BLAME_KEYS = ("statements", "judged", "flagged", "rewritten", "set_aside")
SHALLOW_KEYS = ("top", "no_why", "trees", "depth", "causes")
SETTLED_KEYS = ("counted", "kept_on_time", "kept_late", "replanned", "dropped")
"""Commitments with an outcome (:func:`pmtui.domain.follow_through.fate`), counted but dropped."""


def month_sums(
    rows: Iterable[ReviewRow],
    *,
    stop_words: frozenset[str] | None = None,
    fill: Fill | None = None,
    blame: Mapping[str, Mapping[str, int]] | None = None,
    groups: list[list[Member]] | None = None,
) -> dict[str, Any]:
    """Every review's part of the figures, summed per month: small, and JSON as it is.

    ``{"total": reviews, "unfilled": rows read whole, "months": {"YYYY-MM": sums},
    "groups": the alike causes found (:func:`kept_groups`)}``.
    What does not depend on the day asked about is summed (blame, shallow,
    commitments with an outcome); what does is listed (open commitments by due
    date, follow-up reviews by date), so :func:`figures` answers for any day.
    A review's part can be taken out and put back (:func:`add_row`), so a save
    keeps the sums without reading every review; recurrence alone is global.
    """
    words = stop_words if stop_words is not None else team_stop_words()
    ordered = held_order(rows)
    if groups is None:
        groups = cause_groups(ordered, stop_words=words)
    recurring = _recurring(groups)
    sums: dict[str, Any] = {"total": 0, "unfilled": 0, "months": {}}
    seen: dict[str, str] = {}
    for r in ordered:
        sums["unfilled"] += not numbers_current(r.health)
        numbers = numbers_of(r, fill)
        counts = blame.get(r.id) if blame is not None else None
        found = cause_terms(r.cause_statements, words, seen)
        add_row(sums, r, numbers, blame=counts, recurring=recurring.get(r.id, 0), terms=found)
    alike = (sorted({seen[text] for _order, _rid, text in members}) for members in groups)
    sums["groups"] = kept_groups(seen.values(), sorted(keys for keys in alike if len(keys) > 1))
    return sums


def kept_groups(nodes: Iterable[str], groups: list[list[str]]) -> dict[str, Any]:
    """What a count keeps of its groups for the next (:func:`recount_from_terms`): every term
    set it grouped (one string, a set a line, in the order the reviews were held) and its
    groups of two or more alike ones."""
    return {"nodes": "\n".join(key for key in dict.fromkeys(nodes) if " " in key), "groups": groups}


def cause_terms(
    statements: Iterable[str], stop_words: frozenset[str], seen: dict[str, str] | None = None
) -> list[str]:
    """Each cause statement's terms (what recurrence compares), sorted, in one string: kept
    with the sums so recurrence is counted again without reading the index. ``seen``:
    terms already found."""
    seen = {} if seen is None else seen
    out = []
    for text in statements:
        got = seen.get(text)
        if got is None:
            got = seen[text] = " ".join(sorted(terms(text, stop_words)))
        out.append(got)
    return out


def recount_from_terms(sums: Mapping[str, Any]) -> dict[str, Any]:
    """``sums`` with each month's recurring causes counted again from the terms kept in them.

    What :func:`month_sums` counts from the reviews' statements, from their
    terms (:func:`cause_terms`) instead: in the order the reviews were held,
    every cause alike a cause of an earlier review. The groups of alike terms
    (``groups``, kept with the sums) are found from those of the last count
    when the sums have them (:func:`pmtui.domain.insights.regrouped`: the work
    grows with the causes changed since), else from every cause's terms.
    """
    months: Mapping[str, Any] = sums["months"]
    held = sorted(
        (entry[0], rid, entry[1], entry[2], month)
        for month, m in months.items()
        for rid, entry in m["terms"].items()
    )
    nodes: dict[str, list[tuple[int, str]]] = {}
    for order, (_when, rid, _top, found, _month) in enumerate(held):
        for words in found:
            got = nodes.get(words)
            if got is None:
                if " " not in words:
                    continue  # fewer words than alike asks to share: never alike
                got = nodes[words] = []
            got.append((order, rid))
    kept = sums.get("groups")
    if kept is None:
        groups = grouped(nodes)
    else:
        groups = regrouped(kept["groups"], frozenset(kept["nodes"].split("\n")), nodes)
    recurring: dict[str, int] = {}

    def recur(members: list[tuple[int, str]]) -> None:
        first = min(members)[1]
        for _order, rid in members:
            if rid != first:
                recurring[rid] = recurring.get(rid, 0) + 1

    in_groups = set()
    for keys in groups:
        recur([m for key in keys for m in nodes[key]])
        in_groups.update(keys)
    for key, members in nodes.items():
        if len(members) > 1 and key not in in_groups:  # the same terms in several causes
            recur(members)
    per_month: dict[str, int] = {}
    for _when, rid, top, _found, month in held:
        n = recurring.get(rid)
        if n and top:
            per_month[month] = per_month.get(month, 0) + n
    return {
        **sums,
        "months": {k: {**m, "recurring": per_month.get(k, 0)} for k, m in months.items()},
        "groups": kept_groups(nodes, groups),
    }


def empty_month() -> dict[str, Any]:
    """One month's sums before any review is counted in it."""
    return {
        "reviews": 0,
        "blame": [0] * len(BLAME_KEYS),
        "blame_ids": [],
        "shallow": [0] * len(SHALLOW_KEYS),
        "recurring": 0,
        "shallow_ids": [],
        "settled": [0] * len(SETTLED_KEYS),
        "settled_ids": [],
        "open": [],  # [due, review id] of each open commitment first due then, never moved
        "follow_ups": [],  # [day, held on time (0/1), review id] of each follow-up due then
        "terms": {},  # review id: [held (ISO), has top causes (0/1), each cause's terms]
    }


def add_row(
    sums: dict[str, Any],
    row: ReviewRow,
    numbers: Mapping[str, Any],
    *,
    sign: int = 1,
    blame: Mapping[str, int] | None = None,
    recurring: int = 0,
    terms: list[str] | None = None,
) -> None:
    """Count one review's part in ``sums`` (``sign=-1`` takes it out again).

    Review ids are kept sorted, once per month and figure; a month left with
    nothing in it is dropped, so sums kept up to date save by save are equal
    to sums built afresh. ``terms`` are its causes' (:func:`cause_terms`), kept
    in the month it was held in for :func:`recount_from_terms`.
    """
    rid = row.id
    months: dict[str, Any] = sums["months"]
    touched: set[str] = set()

    def month(key: str) -> dict[str, Any]:
        touched.add(key)
        got = months.get(key)
        if got is None:
            got = months[key] = empty_month()
        return got

    created = row.created
    m = month(f"{created.year:04d}-{created.month:02d}")
    sums["total"] += sign
    m["reviews"] += sign
    if sign < 0:
        m["terms"].pop(rid, None)
    elif terms:
        when = created.replace(tzinfo=None).isoformat()
        m["terms"][rid] = [when, int(bool(numbers["top"])), terms]
    counts = blame if blame is not None else numbers
    if counts.get("statements"):
        _add(m["blame"], [counts.get(k, 0) for k in BLAME_KEYS], sign)
        _mark(m["blame_ids"], rid, sign)
    if numbers["top"]:
        part = [numbers["top"], numbers["no_why"], 1, numbers["depth"], numbers["causes"]]
        _add(m["shallow"], part, sign)
        m["recurring"] += sign * recurring
        _mark(m["shallow_ids"], rid, sign)
    for item in numbers["commitments"]:
        due = item[0]
        if due is None:
            continue
        dm = month(due[:7])
        became = fate(item)
        if became is None:  # open: counted once its date has passed, the day asked about decides
            _mark(dm["open"], [due, rid], sign, once=False)
            continue
        part = [0] * len(SETTLED_KEYS)
        part[0] = int(became != DROPPED)
        part[SETTLED_KEYS.index(became)] = 1
        _add(dm["settled"], part, sign)
        _mark(dm["settled_ids"], rid, sign)
    if numbers["commitments"]:
        due_on, held = row.follow_up_on, row.follow_up_held
        on_time = int(held is not None and held <= due_on)
        fm = month(f"{due_on.year:04d}-{due_on.month:02d}")
        _mark(fm["follow_ups"], [due_on.isoformat(), on_time, rid], sign, once=False)
    if sign < 0:
        empty = empty_month()
        for key in touched:
            if months.get(key) == empty:
                del months[key]


def _add(into: list[int], part: list[int], sign: int) -> None:
    for i, n in enumerate(part):
        into[i] += sign * n


def _mark(items: list[Any], item: Any, sign: int, *, once: bool = True) -> None:
    """Put ``item`` in the sorted list ``items`` (once, for ids), or take it out."""
    at = bisect.bisect_left(items, item)
    present = at < len(items) and items[at] == item
    if sign > 0:
        if not (once and present):
            items.insert(at, item)
    elif present:
        del items[at]


def figures(
    sums: Mapping[str, Any],
    incidents: Iterable[IncidentStatus[Incident]],
    today: date,
    *,
    first_month: str = "",
    recomputed: bool = False,
) -> Health:
    """The four figures per month from ``first_month`` to ``today``'s, from :func:`month_sums`."""
    last = today.strftime("%Y-%m")
    day = today.isoformat()
    months: Mapping[str, Any] = sums["months"]
    shown: dict[str, MonthHealth] = {}
    by_incident: dict[str, dict[str, Any]] = {}
    for s in incidents:
        month = s.incident.started[:7]
        if first_month <= month <= last:
            _incident(by_incident.setdefault(month, _no_incidents()), s)
    present = set(by_incident)
    counted = not sums.get(RECURRING_STALE, False)
    for month, m in months.items():
        if not first_month <= month <= last:
            continue
        opened = [e for e in m["open"] if counts(e[0], False, day)]
        held = [e for e in m["follow_ups"] if e[0] <= day]
        if m["reviews"] or any(m["settled"]) or opened or held:
            present.add(month)
        shown[month] = _month(month, m, opened, held, by_incident.get(month), counted)
    span = _months(first_month or min(present, default=last), last)
    empty = empty_month()
    return Health(
        [shown.get(m) or _month(m, empty, [], [], by_incident.get(m), counted) for m in span],
        recomputed=recomputed,
        unfilled=int(sums.get("unfilled", 0)),
        recurring_counted=counted,
    )


def _no_incidents() -> dict[str, Any]:
    return {
        "due": 0,
        "skipped": 0,
        "reviewed": 0,
        "late": 0,
        "days": [],
        "incident_review_ids": {},
        "skipped_ids": [],
    }


def _incident(b: dict[str, Any], s: IncidentStatus[Incident]) -> None:
    if s.state is ReviewState.OVERDUE:
        b["due"] += 1
        b["skipped"] += 1
        b["skipped_ids"].append(s.incident.id)
    elif s.state is ReviewState.DONE and s.review is not None:
        b["due"] += 1
        b["reviewed"] += 1
        if s.due is not None and s.review.created > s.due:
            b["late"] += 1
        if s.days_to_review is not None:
            b["days"].append(s.days_to_review)
        b["incident_review_ids"][s.review.review_id] = None


def _month(
    month: str,
    m: Mapping[str, Any],
    opened: list[list[Any]],
    held: list[list[Any]],
    incidents: dict[str, Any] | None,
    recurring_counted: bool = True,
) -> MonthHealth:
    """One month's figures: its sums, the open commitments and follow-ups due by the day
    (``recurring_counted``: whether its recurring causes are; else they are None)."""
    b = incidents or _no_incidents()
    counted, on_time, late, replanned, dropped = m["settled"]
    follow_ids = set(m["settled_ids"]) | {e[1] for e in opened} | {e[2] for e in held}
    top, no_why, trees, depth, causes = m["shallow"]
    return MonthHealth(
        month,
        Blame(**dict(zip(BLAME_KEYS, m["blame"], strict=True)), review_ids=tuple(m["blame_ids"])),
        Skipped(
            due=b["due"],
            skipped=b["skipped"],
            reviewed=b["reviewed"],
            late=b["late"],
            median_days=float(median(b["days"])) if b["days"] else None,
            review_ids=tuple(b["incident_review_ids"]),
            incident_ids=tuple(b["skipped_ids"]),
        ),
        Shallow(
            top_causes=top,
            no_why=no_why,
            trees=trees,
            depth_total=depth,
            causes=causes,
            recurring=m["recurring"] if recurring_counted else None,
            review_ids=tuple(m["shallow_ids"]),
        ),
        FollowThrough(
            counted=counted + len(opened),
            kept_on_time=on_time,
            kept_late=late,
            open_late=len(opened),
            replanned=replanned,
            dropped=dropped,
            follow_ups_due=len(held),
            follow_ups_on_time=sum(e[1] for e in held),
            review_ids=tuple(sorted(follow_ids)),
        ),
    )


def _months(first: str, last: str) -> list[str]:
    """Every ``YYYY-MM`` from ``first`` to ``last``."""
    if first > last:
        return []
    year, month = int(first[:4]), int(first[5:7])
    out = []
    while True:
        text = f"{year:04d}-{month:02d}"
        out.append(text)
        if text >= last:
            return out
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def _recurring(groups: list[list[Member]]) -> dict[str, int]:
    """Per review id, how many of its causes are alike a cause of an earlier review.

    ``groups`` hold the alike statements in the order the reviews were held
    (the coach's rule, :func:`pmtui.domain.insights.cause_groups`).
    """
    out: dict[str, int] = {}
    for members in groups:
        first = members[0][1]
        for _order, rid, _text in members:
            if rid != first:
                out[rid] = out.get(rid, 0) + 1
    return out


def recompute_blame(reviews: Iterable[Review], judge: Judge) -> dict[str, dict[str, int]]:
    """Blame counts per review id with every statement judged again by today's coach.

    Nothing is stored: this answers "what would the coach say now", and is
    shown as a recompute, never in place of what people saw when writing.
    """
    out: dict[str, dict[str, int]] = {}
    for review in reviews:
        judged = review.coach_verdicts
        again = Review(
            id=review.id,
            facts=review.facts,
            causes=review.causes,
            dismissed_hints=review.dismissed_hints,
            participants=review.participants,
            facilitator=review.facilitator,
            commitments=review.commitments,
        )
        again.coach_verdicts = {}
        record_verdicts(again, {}, judge)
        # a rewrite seen when written still counts as one
        for item_id, verdict in again.coach_verdicts.items():
            old = judged.get(item_id)
            if old is not None:
                verdict.ever = sorted(set(verdict.ever) | set(old.ever))
        numbers = review_numbers(again)
        out[review.id] = {
            k: numbers[k] for k in ("statements", "judged", "flagged", "rewritten", "set_aside")
        }
    return out


def percent(share: float | None) -> str:
    """``40%``, or ``-`` when there was nothing to count."""
    return "-" if share is None else f"{share * 100:.0f}%"


def headline(figure: MonthFigure) -> str:
    """``40% (2 of 5)``, or ``- (none)`` when there was nothing to count."""
    if not figure.whole:
        return "- (none)"
    return f"{percent(figure.share)} ({figure.part} of {figure.whole})"


def change(name: str, before: MonthHealth | None, now: MonthHealth) -> str:
    """One plain sentence on what changed in figure ``name`` since the month before.

    ``Blame or hindsight wording fell from 18% to 7% of the statements the
    coach judged (3 of 41).``
    """
    what, of = WORDS[name]
    cur = now.figure(name)
    counted = f"({cur.part} of {cur.whole})"
    if cur.share is None:
        return f"{what}: nothing to count in {now.month}."
    prev = before.figure(name) if before is not None else None
    if prev is None or prev.share is None:
        return (
            f"{what}: {percent(cur.share)} {of} {counted} in {now.month}; "
            "nothing to compare with the month before."
        )
    p, c = percent(prev.share), percent(cur.share)
    if p == c:
        return f"{what} stayed at {c} {of} {counted}."
    verb = "rose" if cur.share > prev.share else "fell"
    return f"{what} {verb} from {p} to {c} {of} {counted}."
