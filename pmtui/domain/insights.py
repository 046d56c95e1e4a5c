"""The figures that say whether reviews change anything, each with the reviews behind it.

Every figure carries the ids of the reviews it was computed from, so a
person who doubts a number can open the reviews and see for themselves.
Computed from the store's index alone (each summary and its health numbers,
:func:`pmtui.domain.verdicts.review_numbers`), never from every review whole:
a store of ten thousand reviews answers in well under a second.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import combinations
from statistics import median
from typing import TYPE_CHECKING, Any, Protocol

from pmtui.domain.follow_through import DROPPED, KEPT_ON_TIME, counts, fate
from pmtui.domain.model import Kind, Status, category_name, event_day
from pmtui.domain.moments import SPANS, minutes_text
from pmtui.domain.policy import IncidentStatus, ReviewState
from pmtui.domain.similarity import MIN_SHARED, SAME, alike, terms
from pmtui.domain.text import plural
from pmtui.domain.verdicts import Fill, numbers_of
from pmtui.domain.wordlists import stop_words as team_stop_words

if TYPE_CHECKING:
    from pmtui.domain.incidents import Incident

SMALL_SEVERITIES = ("SEV4", "SEV5")


class WithCauses(Protocol):
    """A review, or its summary in the store's index: an id and cause statements."""

    @property
    def id(self) -> str: ...

    @property
    def cause_statements(self) -> Sequence[str]: ...


class Indexed(Protocol):
    """A review as the store's index holds it (:class:`pmtui.domain.summary.ReviewSummary`)."""

    @property
    def id(self) -> str: ...

    @property
    def kind(self) -> Kind: ...

    @property
    def status(self) -> Status: ...

    @property
    def severity(self) -> str | None: ...

    @property
    def happened(self) -> str: ...

    @property
    def created(self) -> datetime: ...

    @property
    def cause_categories(self) -> Sequence[str]: ...

    @property
    def cause_statements(self) -> Sequence[str]: ...

    @property
    def health(self) -> Mapping[str, Any] | None: ...


@dataclass(frozen=True)
class Figure:
    """One number or row on the insights screen and the reviews it stands on."""

    section: str
    label: str
    value: str
    review_ids: tuple[str, ...]
    incident_ids: tuple[str, ...] = ()
    """Incidents behind the figure that have no review to show (skipped, waived)."""


@dataclass(frozen=True)
class MonthRate:
    """Of the commitments due in a month (by now), how many were kept by their due date."""

    month: str
    """``YYYY-MM``"""
    kept_on_time: int
    counted: int
    review_ids: tuple[str, ...]

    @property
    def rate(self) -> float | None:
        return self.kept_on_time / self.counted if self.counted else None


@dataclass(frozen=True)
class MonthTimes:
    """Median times to detect, mitigate and resolve of the incidents of one month."""

    month: str
    """``YYYY-MM`` of the day the incidents happened."""
    minutes: tuple[float | None, float | None, float | None]
    """(to detect, to mitigate, to resolve), ``None`` where no review of the month knows it."""
    review_ids: tuple[str, ...]

    def text(self) -> str:
        parts = [
            f"{verb} {minutes_text(round(m))}"
            for (verb, _moment), m in zip(SPANS, self.minutes, strict=True)
            if m is not None
        ]
        return " · ".join(parts)


@dataclass(frozen=True)
class CategoryCount:
    category: str
    count: int
    review_ids: tuple[str, ...]


@dataclass(frozen=True)
class RecurringCause:
    """Similar cause statements found in two or more reviews."""

    statement: str
    """The statement of the earliest review, as a readable name for the group."""
    statements: tuple[str, ...]
    review_ids: tuple[str, ...]


@dataclass(frozen=True)
class TimeToReview:
    median_days: float | None
    review_ids: tuple[str, ...]


@dataclass(frozen=True)
class QuickCoverage:
    """Small incidents (SEV4/SEV5, or reviewed as quick reviews) and how they were reviewed."""

    quick: tuple[str, ...]
    """Reviewed with a quick review."""
    fuller: tuple[str, ...]
    """Reviewed with another kind of review."""
    unfinished: tuple[str, ...]
    """Still a draft: the review was started and not finished."""

    @property
    def total(self) -> int:
        return len(self.quick) + len(self.fuller) + len(self.unfinished)


@dataclass(frozen=True)
class ReviewCoverage:
    """The incidents that started in one month, by what became of the review the policy asked."""

    month: str
    """``YYYY-MM``"""
    reviewed: tuple[IncidentStatus[Incident], ...]
    waived: tuple[IncidentStatus[Incident], ...]
    skipped: tuple[IncidentStatus[Incident], ...]
    """The policy asked for a review, its time is past, and none was held (maybe started)."""
    waiting: tuple[IncidentStatus[Incident], ...]
    """The policy asks for a review and there is still time (started or not)."""
    optional: tuple[IncidentStatus[Incident], ...]
    """The policy asked for none, and none was held."""

    @property
    def days_to_review(self) -> list[int]:
        return [s.days_to_review for s in self.reviewed if s.days_to_review is not None]

    @property
    def median_days(self) -> float | None:
        days = self.days_to_review
        return float(median(days)) if days else None

    @property
    def review_ids(self) -> tuple[str, ...]:
        return tuple(s.review.review_id for s in self.reviewed if s.review is not None)

    def value(self) -> str:
        """``3 reviewed, 1 waived, 1 skipped (1 waiting, 2 optional)``."""
        text = (
            f"{len(self.reviewed)} reviewed, {len(self.waived)} waived, {len(self.skipped)} skipped"
        )
        extra = [
            f"{n} {word}"
            for n, word in ((len(self.waiting), "waiting"), (len(self.optional), "optional"))
            if n
        ]
        return text + (f" ({', '.join(extra)})" if extra else "")


@dataclass(frozen=True)
class Insights:
    months: list[MonthRate] = field(default_factory=list)
    key_times: list[MonthTimes] = field(default_factory=list)
    categories: list[CategoryCount] = field(default_factory=list)
    recurring: list[RecurringCause] = field(default_factory=list)
    time_to_review: TimeToReview = TimeToReview(None, ())
    coverage: QuickCoverage = QuickCoverage((), (), ())
    review_coverage: list[ReviewCoverage] = field(default_factory=list)

    def figures(self) -> list[Figure]:
        """Every figure as a row, in the order the insights screen lists them."""
        rows = [
            Figure(
                "follow-through",
                m.month,
                f"{m.kept_on_time}/{m.counted} kept on time ({_pct(m.rate)})",
                m.review_ids,
            )
            for m in self.months
        ]
        rows += [Figure("median time to", t.month, t.text(), t.review_ids) for t in self.key_times]
        rows += [
            Figure("cause categories", c.category, plural(c.count, "cause"), c.review_ids)
            for c in self.categories
        ]
        rows += [
            Figure(
                "recurring causes",
                r.statement,
                f"in {plural(len(r.review_ids), 'review')}",
                r.review_ids,
            )
            for r in self.recurring
        ]
        t = self.time_to_review
        rows.append(
            Figure(
                "time to review",
                "event to review (median)",
                "-" if t.median_days is None else plural(t.median_days, "day"),
                t.review_ids,
            )
        )
        cov = self.coverage
        rows += [
            Figure("small incidents", "had a quick review", str(len(cov.quick)), cov.quick),
            Figure("small incidents", "had a fuller review", str(len(cov.fuller)), cov.fuller),
            Figure(
                "small incidents",
                "review started, not finished",
                str(len(cov.unfinished)),
                cov.unfinished,
            ),
        ]
        for c in self.review_coverage:
            unreviewed = (*c.skipped, *c.waived, *c.waiting, *c.optional)
            rows.append(
                Figure(
                    "review coverage",
                    c.month,
                    c.value(),
                    c.review_ids,
                    tuple(s.incident.id for s in unreviewed),
                )
            )
        for c in self.review_coverage:
            if c.reviewed:
                days = c.median_days
                rows.append(
                    Figure(
                        "incident to review",
                        c.month,
                        f"median {'-' if days is None else plural(days, 'day')} "
                        f"({len(c.reviewed)} reviewed)",
                        c.review_ids,
                    )
                )
        return rows


def _pct(rate: float | None) -> str:
    return "-" if rate is None else f"{rate:.0%}"


def held_order(rows: Iterable[Any]) -> list[Any]:
    """``rows`` in the order the reviews were held (their creation, any UTC offset ignored,
    then their id): recurrence counts from the earliest, and every figure lists them so."""
    return sorted(rows, key=lambda r: (r.created.replace(tzinfo=None), r.id))


def compute(
    rows: Iterable[Indexed],
    today: date,
    *,
    top: int = 8,
    stop_words: frozenset[str] | None = None,
    incidents: Iterable[IncidentStatus[Incident]] = (),
    fill: Fill | None = None,
    groups: list[list[Member]] | None = None,
) -> Insights:
    """All insight figures from the index's rows (the store's summaries) in one pass each.

    ``stop_words`` are the coach's (see :func:`recurring_causes`);
    ``incidents`` are the logged incidents with where their reviews stand;
    ``fill(review_id)`` gives the numbers of a row that has none;
    ``groups`` are :func:`cause_groups` of ``rows`` in the order they were
    held, when the caller has them already.
    """
    items = held_order(rows)
    numbers = {r.id: numbers_of(r, fill) for r in items}
    return Insights(
        months=follow_through(items, today, numbers),
        key_times=key_time_trend(items, numbers),
        categories=cause_categories(items)[:top],
        recurring=recurring_causes(items, stop_words=stop_words, groups=groups)[:top],
        time_to_review=time_to_review(items),
        coverage=quick_coverage(items),
        review_coverage=review_coverage(incidents),
    )


# -- incidents and their reviews ---------------------------------------------------


def review_coverage(incidents: Iterable[IncidentStatus[Incident]]) -> list[ReviewCoverage]:
    """Per month an incident started: reviewed, waived, skipped, waiting, optional.

    Computed from the incidents and the policy alone (never from the reviews),
    so it is as cheap as the incident list. Oldest month first.
    """
    by_month: dict[str, dict[ReviewState, list[IncidentStatus[Incident]]]] = {}
    for s in incidents:
        month = s.incident.started[:7]
        by_month.setdefault(month, {}).setdefault(s.state, []).append(s)
    out = []
    for month in sorted(by_month):
        states = {state: tuple(items) for state, items in by_month[month].items()}
        out.append(
            ReviewCoverage(
                month,
                reviewed=states.get(ReviewState.DONE, ()),
                waived=states.get(ReviewState.WAIVED, ()),
                skipped=states.get(ReviewState.OVERDUE, ()),
                waiting=(*states.get(ReviewState.DUE, ()), *states.get(ReviewState.STARTED, ())),
                optional=states.get(ReviewState.OPTIONAL, ()),
            )
        )
    return out


# -- follow-through ----------------------------------------------------------------


def follow_through(
    rows: Iterable[Indexed], today: date, numbers: Mapping[str, Mapping[str, Any]]
) -> list[MonthRate]:
    """Kept-by-due-date rate per month a commitment was first due, oldest month first.

    Counted by the one rule (:mod:`pmtui.domain.follow_through`), as practice
    health counts it: kept by the date first promised, out of those counted by
    today, dropped ones aside. ``numbers`` are each review's (by id), which
    hold its commitments.
    """
    kept: Counter[str] = Counter()
    counted: Counter[str] = Counter()
    ids: dict[str, dict[str, None]] = {}
    day = today.isoformat()
    for r in rows:
        for item in numbers[r.id]["commitments"]:
            due, became = item[0], fate(item)
            if due is None or became == DROPPED or not counts(due, became is not None, day):
                continue
            month = due[:7]
            counted[month] += 1
            ids.setdefault(month, {})[r.id] = None
            kept[month] += became == KEPT_ON_TIME
    return [MonthRate(m, kept[m], counted[m], tuple(ids[m])) for m in sorted(counted)]


def key_time_trend(
    rows: Iterable[Indexed], numbers: Mapping[str, Mapping[str, Any]]
) -> list[MonthTimes]:
    """Per month of the incidents, the median times from the timelines' key moments.

    A review counts in the month its event happened, once its timeline has a
    *started* moment and at least one of *detected*, *mitigated*, *resolved*
    (its numbers then hold the minutes, :func:`pmtui.domain.moments.key_times`).
    """
    found: dict[str, list[tuple[str, list[int | None]]]] = {}
    for r in rows:
        day = event_day(r.happened)
        minutes = numbers[r.id].get("key_minutes")
        if day is None or not minutes:
            continue
        found.setdefault(day.strftime("%Y-%m"), []).append((r.id, minutes))
    out = []
    for month in sorted(found):
        got = found[month]
        detect, mitigate, resolve = (_median([m[i] for _rid, m in got]) for i in range(3))
        out.append(MonthTimes(month, (detect, mitigate, resolve), tuple(r for r, _m in got)))
    return out


def _median(values: list[int | None]) -> float | None:
    known = [v for v in values if v is not None]
    return float(median(known)) if known else None


# -- causes ------------------------------------------------------------------------


def cause_categories(reviews: Iterable[Indexed]) -> list[CategoryCount]:
    """Cause categories by how many causes name them, most frequent first."""
    counts: Counter[str] = Counter()
    ids: dict[str, dict[str, None]] = {}
    for r in reviews:
        for category in r.cause_categories:
            cat = category_name(category) or "uncategorised"
            counts[cat] += 1
            ids.setdefault(cat, {})[r.id] = None
    ordered = sorted(counts, key=lambda k: (-counts[k], k))
    return [CategoryCount(k, counts[k], tuple(ids[k])) for k in ordered]


Member = tuple[int, str, str]
"""(order of the review among those given, review id, statement)"""


def recurring_causes(
    reviews: Iterable[WithCauses],
    threshold: float = SAME,
    *,
    stop_words: frozenset[str] | None = None,
    groups: list[list[Member]] | None = None,
) -> list[RecurringCause]:
    """Groups of similar cause statements that appear in at least two reviews.

    Statements are linked when the coach would call them alike
    (:func:`pmtui.domain.similarity.alike`, with the coach's stop words, a
    team's included); groups are the connected sets of links, so "deploy
    script lacks a rollback" and "no rollback in the deploy scripts" end up
    together. ``groups`` are :func:`cause_groups` of the same reviews, when known.
    """
    out = []
    if groups is None:
        groups = cause_groups(reviews, threshold, stop_words=stop_words)
    for members in groups:
        rids = tuple(dict.fromkeys(rid for _order, rid, _text in members))
        if len(rids) < 2:
            continue
        texts = tuple(dict.fromkeys(text for _order, _rid, text in members))
        out.append(RecurringCause(members[0][2], texts, rids))
    out.sort(key=lambda g: (-len(g.review_ids), g.statement))
    return out


def cause_groups(
    reviews: Iterable[WithCauses],
    threshold: float = SAME,
    *,
    stop_words: frozenset[str] | None = None,
) -> list[list[Member]]:
    """Every cause statement, in groups of alike ones, each in the order the reviews came.

    Equal token sets are merged first, and only sets sharing a pair of their
    rarest words are compared (:func:`linked`), so thousands of reviews cost
    little more than reading them.
    """
    if stop_words is None:
        stop_words = team_stop_words()
    # Equal token sets: one node each, remembering every (review, statement).
    nodes: dict[frozenset[str], list[Member]] = {}
    seen_text: dict[str, frozenset[str]] = {}  # a statement repeated costs one reading
    for order, r in enumerate(reviews):
        for text in r.cause_statements:
            toks = seen_text.get(text)
            if toks is None:
                toks = seen_text[text] = terms(text, stop_words)
            if len(toks) >= MIN_SHARED:  # fewer words than alike asks to share: never alike
                nodes.setdefault(toks, []).append((order, r.id, text))
    return linked(nodes, threshold)


def linked(
    nodes: dict[frozenset[str], list[Member]], threshold: float = SAME
) -> list[list[Member]]:
    """The statements of ``nodes`` (by their term sets) in groups of alike ones, each group in
    the order the reviews came (:func:`cause_groups`, from terms already found).

    Pairs are found as a similarity join does, by pairs of words: alike sets share at
    least two words (``MIN_SHARED``) and enough of them for the threshold, so their two
    rarest shared words lie in each set's first few words taken rarest first. Sets are
    taken smallest first; each is looked up by the word pairs of its first words against
    earlier sets no smaller than the threshold allows, and only those are compared. Two
    common words seldom come together, so tens of thousands of different statements
    (years of a team's causes) cost little more than reading them, where looking up by
    single words grew with the square of their number. The groups are exactly those of
    comparing every pair.
    """
    sets = list(nodes)
    groups: dict[int, list[Member]] = {}
    for i, root in enumerate(components(sets, threshold)):
        groups.setdefault(root, []).extend(nodes[sets[i]])
    for members in groups.values():
        members.sort()  # in the order the reviews came
    return list(groups.values())


def components(sets: Sequence[frozenset[str]], threshold: float = SAME) -> list[int]:
    """Per set of ``sets``, the index of a set of its group: sets linked by :func:`alike`,
    directly or through others, share it (the similarity join :func:`linked` describes)."""
    df: Counter[str] = Counter(t for toks in sets for t in toks)
    parent = list(range(len(sets)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    eps = 1e-9  # bounds are rounded towards more candidates, never fewer
    double = 2 * threshold / (1 + threshold)
    words = [sorted(toks, key=lambda t: (df[t], t)) for toks in sets]
    index: dict[tuple[str, str], list[int]] = {}  # word pair -> earlier sets, smallest first
    for x in sorted(range(len(sets)), key=lambda k: len(sets[k])):
        xs = words[x]
        nx = len(xs)
        if nx < MIN_SHARED:
            continue
        # Against a set no larger, alike needs at least max(t * nx, 2) shared words...
        probe = nx - max(math.ceil(threshold * nx - eps), MIN_SHARED) + 2
        least = threshold * nx - eps
        found: set[int] = set()
        for pair in combinations(xs[:probe], 2):
            for y in index.get(pair, ()):
                if y not in found and len(sets[y]) >= least:
                    found.add(y)
                    if find(x) != find(y) and alike(sets[x], sets[y], threshold):
                        parent[find(x)] = find(y)
        # ...and against a set no smaller, max(2t / (1 + t) * nx, 2).
        kept = nx - max(math.ceil(double * nx - eps), MIN_SHARED) + 2
        for pair in combinations(xs[:kept], 2):
            index.setdefault(pair, []).append(x)
    return [find(i) for i in range(len(sets))]


def grouped(nodes: Iterable[str], threshold: float = SAME) -> list[list[str]]:
    """The groups of two or more alike term sets among ``nodes``, each set written as its
    sorted terms joined by spaces (as :func:`pmtui.domain.health.cause_terms` keeps them):
    the groups of :func:`components`, each sorted, in the order of their first set. A set
    alike no other is in no group."""
    keys = list(nodes)
    roots = components([frozenset(k.split()) for k in keys], threshold)
    out: dict[int, list[str]] = {}
    for key, root in zip(keys, roots, strict=True):
        out.setdefault(root, []).append(key)
    return sorted(sorted(g) for g in out.values() if len(g) > 1)


REGROUP_ALL = 0.1
"""Above this share of new sets, grouping every set again is cheaper than looking each up."""


def regrouped(
    kept: Sequence[Sequence[str]],
    was: Collection[str],
    nodes: Collection[str],
    threshold: float = SAME,
) -> list[list[str]]:
    """:func:`grouped` of ``nodes``, from ``kept``: the groups :func:`grouped` found among
    the earlier sets ``was``.

    Groups are closed under links (no set of one is alike a set of another, nor
    a set in no group), so a group that lost a set is grouped again alone, a
    group that lost none stays as it was, and a new set can join only groups
    (or lone sets) holding a set alike it: each new set is compared with the
    sets sharing two of its words. The work grows with what changed, not with
    every statement of the store; the groups are exactly those of grouping every
    set again. ``kept`` that is not groups of ``was`` (a set in two groups, or not
    among ``was``) is not trusted: every set is grouped again.
    """
    member: dict[str, int] = {}
    for g, keys in enumerate(kept):
        for key in keys:
            if key in member or key not in was:
                return grouped(nodes, threshold)
            member[key] = g
    added = [key for key in nodes if key not in was]
    if len(added) > REGROUP_ALL * len(nodes) + 50:
        return grouped(nodes, threshold)
    broken = {g for key, g in member.items() if key not in nodes}
    out: list[list[str]] = []
    for g, keys in enumerate(kept):
        if g not in broken:
            out.append(list(keys))
        else:
            out.extend(grouped([key for key in keys if key in nodes], threshold))
    if not added:
        return sorted(sorted(g) for g in out)
    part = {key: i for i, keys in enumerate(out) for key in keys}
    parent: list[int] = []

    def join(key: str) -> int:
        """The part ``key`` is in (a part of its own for a set in no group yet)."""
        got = part.get(key)
        if got is None:
            got = part[key] = len(out)
            out.append([key])
        while len(parent) < len(out):
            parent.append(len(parent))
        return got

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for key in added:
        join(key)
    fresh = [frozenset(key.split()) for key in added]
    by_word: dict[str, list[int]] = {}
    for i, toks in enumerate(fresh):
        for word in toks:
            by_word.setdefault(word, []).append(i)
    for key in nodes:  # each set that shares two words with a new one is compared with it
        shared = [word for word in key.split() if word in by_word]
        if len(shared) < MIN_SHARED:
            continue
        hits = Counter(i for word in shared for i in by_word[word])
        toks = frozenset(key.split())
        for i, n in hits.items():
            if n >= MIN_SHARED and alike(fresh[i], toks, threshold):
                a, b = find(join(added[i])), find(join(key))
                if a != b:
                    parent[a] = b
    joined: dict[int, list[str]] = {}
    for i, keys in enumerate(out):
        joined.setdefault(find(i), []).extend(keys)
    return sorted(sorted(g) for g in joined.values() if len(g) > 1)


# -- timing and coverage -----------------------------------------------------------


def time_to_review(reviews: Iterable[Indexed]) -> TimeToReview:
    """Median days from the event to the day it was reviewed, over reviews that know both."""
    days: list[int] = []
    ids: list[str] = []
    for r in reviews:
        event = event_day(r.happened)
        if event is None:
            continue
        days.append(max((r.created.date() - event).days, 0))
        ids.append(r.id)
    return TimeToReview(float(median(days)) if days else None, tuple(ids))


def is_small_incident(r: Indexed) -> bool:
    return r.severity in SMALL_SEVERITIES or r.kind is Kind.QUICK


def quick_coverage(reviews: Iterable[Indexed]) -> QuickCoverage:
    """How small incidents were reviewed: quick, fuller, or started and left unfinished."""
    quick: list[str] = []
    fuller: list[str] = []
    unfinished: list[str] = []
    for r in reviews:
        if not is_small_incident(r):
            continue
        if r.status is Status.DRAFT:
            unfinished.append(r.id)
        elif r.kind is Kind.QUICK:
            quick.append(r.id)
        else:
            fuller.append(r.id)
    return QuickCoverage(tuple(quick), tuple(fuller), tuple(unfinished))
