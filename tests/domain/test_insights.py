"""Insight figures on hand-built reviews with answers worked out by hand."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from pmtui.domain.coach import usable_rules
from pmtui.domain.insights import (
    Member,
    cause_categories,
    compute,
    follow_through,
    grouped,
    key_time_trend,
    linked,
    quick_coverage,
    recurring_causes,
    regrouped,
    time_to_review,
)
from pmtui.domain.model import Cause, Commitment, Fact, Kind, Outcome, Review, Status
from pmtui.domain.similarity import MIN_SHARED, alike, similarity, stem, terms
from pmtui.domain.summary import ReviewSummary
from pmtui.store.repository import Store

TODAY = date(2026, 11, 23)
STOP = usable_rules().words("stop_words.words")
WORDS = ("deploy", "rollback", "alert", "queue", "runbook", "owner", "the", "scripts", "script")


def _kept(due: date, on: date, status: Outcome = Outcome.KEPT) -> Commitment:
    return Commitment(
        deliverable="d",
        owner="ana",
        due=due,
        status=status,
        reviewed_at=datetime.combine(on, datetime.min.time()),
    )


def _indexed(reviews: list[Review]) -> list[ReviewSummary]:
    """The reviews as the store's index holds them (what the figures read)."""
    return [ReviewSummary.from_review(r) for r in reviews]


def _numbers(rows: list[ReviewSummary]) -> dict[str, Any]:
    return {r.id: r.health for r in rows}


def _review(rid: str, **kw: object) -> Review:
    return Review(id=rid, title=rid, created=datetime(2026, 9, 1, 9), **kw)  # type: ignore[arg-type]


def test_follow_through_per_month_counts_kept_by_due_date() -> None:
    a = _review(
        "a",
        commitments=[
            _kept(date(2026, 9, 10), date(2026, 9, 10)),  # kept on the day: counts
            _kept(date(2026, 9, 20), date(2026, 9, 25)),  # kept late: not on time
            _kept(date(2026, 9, 30), date(2026, 9, 1), Outcome.PARTLY_KEPT),
        ],
    )
    b = _review(
        "b",
        commitments=[
            _kept(date(2026, 10, 5), date(2026, 10, 1)),
            Commitment(deliverable="open, overdue", owner="bo", due=date(2026, 10, 9)),
            Commitment(deliverable="open, not due", owner="bo", due=date(2026, 12, 1)),
            Commitment(
                deliverable="dropped",
                owner="bo",
                due=date(2026, 10, 1),
                status=Outcome.DROPPED,
                dropped_reason="superseded",
            ),
            Commitment(deliverable="no date", owner="bo"),
        ],
    )
    rows = _indexed([a, b])
    months = follow_through(rows, TODAY, _numbers(rows))
    assert [(m.month, m.kept_on_time, m.counted) for m in months] == [
        ("2026-09", 1, 3),
        ("2026-10", 1, 2),
    ]
    assert months[0].review_ids == ("a",)
    assert months[1].review_ids == ("b",)
    assert months[1].rate == 0.5


def test_cause_categories_most_frequent_first_with_reviews() -> None:
    a = _review("a", causes=[Cause("x", "process"), Cause("y", "tooling"), Cause("z", "process")])
    b = _review("b", causes=[Cause("w", "tooling"), Cause("v", "process")])
    got = cause_categories(_indexed([a, b]))
    assert [(c.category, c.count, c.review_ids) for c in got] == [
        ("process", 3, ("a", "b")),
        ("tooling", 2, ("a", "b")),
    ]


def test_causes_filed_under_tools_are_counted_as_tooling() -> None:
    """The lessons-learned templates said ``tools`` where every other list says ``tooling``:
    one category, counted under one name."""
    a = _review("a", causes=[Cause("x", "tools"), Cause("y", "tooling")])
    got = cause_categories(_indexed([a]))
    assert [(c.category, c.count) for c in got] == [("tooling", 2)]


def test_stemmer_and_tokens() -> None:
    assert stem("deploying") == stem("deployed") == stem("deploys") == "deploy"
    assert stem("retries") == "retry"
    assert stem("process") == stem("processes") == "process"
    assert terms("The deploy script lacks a rollback", STOP) == {
        "deploy",
        "script",
        "lack",
        "rollback",
    }
    assert similarity(frozenset(), frozenset({"a"})) == 0.0


def test_recurring_causes_groups_similar_statements_across_reviews() -> None:
    a = _review("a", causes=[Cause("The deploy script lacks a rollback", "tooling")])
    b = _review("b", causes=[Cause("No rollback in the deploy scripts", "tooling")])
    c = _review(
        "c",
        causes=[
            Cause("Deploy scripts lacking rollbacks", "tooling"),
            Cause("On-call rota had a gap over the holidays", "resourcing"),
        ],
    )
    d = _review("d", causes=[Cause("Nobody owned the billing dashboard", "process")])
    e = _review("e", causes=[Cause("Holiday gap in the on-call rota", "resourcing")])
    got = recurring_causes(_indexed([a, b, c, d, e]))
    assert [(g.statement, g.review_ids) for g in got] == [
        ("The deploy script lacks a rollback", ("a", "b", "c")),
        ("On-call rota had a gap over the holidays", ("c", "e")),
    ]


def test_same_statement_twice_in_one_review_is_not_recurring() -> None:
    a = _review("a", causes=[Cause("flaky test suite", "tooling"), Cause("flaky tests", "tooling")])
    assert recurring_causes([a]) == []


def test_median_time_from_event_to_review() -> None:
    reviews = [
        _review("a", happened="2026-08-30"),  # 2 days
        _review("b", happened="2026-08-22 14:00"),  # 10 days
        _review("c", happened="2026-08-31"),  # 1 day
        _review("d", happened="2026-08-28"),  # 4 days
        _review("e", happened=""),  # unknown: left out
    ]
    got = time_to_review(_indexed(reviews))
    assert got.median_days == 3.0
    assert got.review_ids == ("a", "b", "c", "d")
    assert time_to_review([]).median_days is None


def test_quick_review_coverage_of_small_incidents() -> None:
    reviews = [
        _review("q1", kind=Kind.QUICK, severity="SEV5", status=Status.REVIEWED),
        _review("q2", kind=Kind.QUICK, status=Status.CLOSED),
        _review("f1", kind=Kind.POSTMORTEM, severity="SEV4", status=Status.REVIEWED),
        _review("u1", kind=Kind.QUICK, severity="SEV4", status=Status.DRAFT),
        _review("big", kind=Kind.POSTMORTEM, severity="SEV1", status=Status.REVIEWED),
    ]
    got = quick_coverage(_indexed(reviews))
    assert got.quick == ("q1", "q2")
    assert got.fuller == ("f1",)
    assert got.unfinished == ("u1",)
    assert got.total == 4


def test_compute_from_a_store_keeps_review_ids_on_every_figure(store: Store) -> None:
    r1 = store.add(
        Review(
            title="Outage",
            happened="2026-11-01",
            created=datetime(2026, 11, 3, 9),
            causes=[Cause("alerts went to an unwatched channel", "information")],
            commitments=[_kept(date(2026, 11, 10), date(2026, 11, 9))],
        )
    )
    r2 = store.add(
        Review(
            title="Near miss",
            kind=Kind.QUICK,
            severity="SEV5",
            status=Status.REVIEWED,
            happened="2026-11-10",
            created=datetime(2026, 11, 10, 9),
            causes=[Cause("Alert sent to unwatched channels", "information")],
        )
    )
    got = compute(store.summaries(), TODAY)
    assert [(m.month, m.kept_on_time, m.counted, m.review_ids) for m in got.months] == [
        ("2026-11", 1, 1, (r1.id,))
    ]
    assert got.categories[0].review_ids == (r1.id, r2.id)
    assert got.recurring[0].review_ids == (r1.id, r2.id)
    assert got.time_to_review.median_days == 1.0
    assert got.coverage.quick == (r2.id,)
    figures = got.figures()
    assert {f.section for f in figures} >= {
        "follow-through",
        "cause categories",
        "recurring causes",
        "time to review",
        "small incidents",
    }
    assert (
        next(f for f in figures if f.section == "follow-through").value == "1/1 kept on time (100%)"
    )


def _naive_groups(reviews: list[Review], threshold: float) -> set[frozenset[str]]:
    """Every pair compared, linked groups by flooding: slow, obviously right."""
    items = [(r.id, terms(c.statement, STOP)) for r in reviews for c in r.causes]
    items = [(rid, t) for rid, t in items if len(t) >= MIN_SHARED]
    group = list(range(len(items)))
    changed = True
    while changed:
        changed = False
        for i, (_a, ta) in enumerate(items):
            for j, (_b, tb) in enumerate(items):
                if group[i] != group[j] and alike(ta, tb, threshold):
                    low = min(group[i], group[j])
                    group[i] = group[j] = low
                    changed = True
    found: dict[int, set[str]] = {}
    for (rid, _t), g in zip(items, group, strict=True):
        found.setdefault(g, set()).add(rid)
    return {frozenset(v) for v in found.values() if len(v) > 1}


@given(
    st.lists(
        st.lists(
            st.lists(st.sampled_from(WORDS), min_size=1, max_size=5).map(" ".join),
            max_size=3,
        ),
        max_size=12,
    )
)
@settings(max_examples=60, deadline=None)
def test_recurring_causes_agrees_with_comparing_every_pair(statements: list[list[str]]) -> None:
    reviews = [
        _review(f"r{i}", causes=[Cause(text, "system") for text in causes])
        for i, causes in enumerate(statements)
    ]
    got = {frozenset(g.review_ids) for g in recurring_causes(reviews)}
    assert got == _naive_groups(reviews, 0.5)


def test_times_to_detect_mitigate_and_resolve_are_trended_by_month() -> None:
    def incident(rid: str, happened: str, *marks: tuple[str, str]) -> Review:
        facts = [Fact(at=at, what=moment, moment=moment) for at, moment in marks]
        return _review(rid, happened=happened, facts=facts)

    reviews = [
        incident(
            "a", "2026-10-02", ("10:00", "started"), ("10:10", "detected"), ("11:00", "resolved")
        ),
        incident("b", "2026-10-20", ("09:00", "started"), ("09:30", "detected")),
        incident("c", "2026-11-05", ("23:50", "started"), ("00:05", "mitigated")),
        incident("d", "2026-11-06", ("12:00", "detected")),  # no start: nothing to count
        _review("e", happened="2026-11-07"),
    ]
    rows = _indexed(reviews)
    trend = key_time_trend(rows, _numbers(rows))
    assert [(t.month, t.minutes, t.review_ids) for t in trend] == [
        ("2026-10", (20.0, None, 60.0), ("a", "b")),
        ("2026-11", (None, 15.0, None), ("c",)),
    ]
    assert trend[0].text() == "detect 20m · resolve 1h"
    figures = compute(_indexed(reviews), TODAY).figures()
    times = [f for f in figures if f.section == "median time to"]
    assert [(f.label, f.review_ids) for f in times] == [
        ("2026-10", ("a", "b")),
        ("2026-11", ("c",)),
    ]


def _every_pair_linked(
    nodes: dict[frozenset[str], list[Member]], threshold: float
) -> list[list[Member]]:
    """:func:`linked` by comparing every pair: slow, obviously right."""
    sets = list(nodes)
    group = list(range(len(sets)))
    for i, a in enumerate(sets):
        for j in range(i):
            if group[i] != group[j] and alike(a, sets[j], threshold):
                old, new = max(group[i], group[j]), min(group[i], group[j])
                group = [new if g == old else g for g in group]
    out: dict[int, list[Member]] = {}
    for i, s in enumerate(sets):
        out.setdefault(group[i], []).extend(nodes[s])
    return [sorted(members) for members in out.values()]


@given(
    st.lists(st.lists(st.integers(0, 30), min_size=1, max_size=10), max_size=60),
    st.sampled_from([0.34, 0.5, 0.7, 0.9]),
)
@settings(max_examples=150, deadline=None)
def test_linked_groups_are_those_of_comparing_every_pair(
    sets: list[list[int]], threshold: float
) -> None:
    """The similarity join's filters (prefix, size, position) never lose a link: the same
    groups, in the same order, as comparing every pair."""
    nodes: dict[frozenset[str], list[Member]] = {}
    for n, words in enumerate(sets):
        toks = frozenset(f"w{k}" for k in words)
        nodes.setdefault(toks, []).append((n, f"r{n}", " ".join(sorted(toks))))
    assert linked(nodes, threshold) == _every_pair_linked(nodes, threshold)


def _node(words: list[int]) -> str:
    """A term set as the kept terms write it: its sorted terms joined by spaces."""
    return " ".join(sorted({f"w{k}" for k in words}))


_STEP = st.tuples(
    st.sampled_from(["add", "remove", "reword"]),
    st.integers(0, 1000),
    st.lists(st.lists(st.integers(0, 25), min_size=2, max_size=8), min_size=1, max_size=4),
)


@given(
    st.lists(st.lists(st.integers(0, 25), min_size=2, max_size=8), max_size=40),
    st.lists(_STEP, max_size=25),
    st.sampled_from([0.34, 0.5, 0.7]),
)
@settings(max_examples=150, deadline=None)
def test_groups_kept_through_adds_removes_and_rewords_are_those_of_grouping_again(
    start: list[list[int]], steps: list[tuple[str, int, list[list[int]]]], threshold: float
) -> None:
    """Causes added, removed and reworded one save after another: each time the groups
    found from the last ones are those of comparing every pair of what is there now."""
    causes = [_node(words) for words in start]
    was = dict.fromkeys(c for c in causes if " " in c)
    kept = grouped(was, threshold)
    for what, at, wordings in steps:
        new = [_node(words) for words in wordings]
        if what == "add" or not causes:
            causes.extend(new)
        elif what == "remove":
            del causes[at % len(causes) : at % len(causes) + len(new)]
        else:
            causes[at % len(causes)] = new[0]
        nodes = dict.fromkeys(c for c in causes if " " in c)
        kept, was = regrouped(kept, was, nodes, threshold), nodes
        sets = {frozenset(c.split()): [(0, c, c)] for c in nodes}
        every_pair = _every_pair_linked(sets, threshold)
        assert kept == sorted(sorted(t for _o, _r, t in g) for g in every_pair if len(g) > 1)


def test_groups_that_are_not_groups_of_the_earlier_causes_are_grouped_again() -> None:
    """A cause in two kept groups, or in none of the earlier causes (a file edited by hand),
    is not trusted."""
    was = ["a b c", "a b d", "x y z"]
    nodes = [*was, "p q"]
    assert regrouped([["a b c", "x y z"], ["a b c"]], was, nodes) == [["a b c", "a b d"]]
    assert regrouped([["a b c", "a b c"]], was, nodes) == [["a b c", "a b d"]]
    assert regrouped([["a b c", "p q"]], was, nodes) == [["a b c", "a b d"]]
    assert regrouped([["a b c", "a b d"]], was, nodes) == [["a b c", "a b d"]]


def test_more_figures_word_one_of_a_thing_in_the_singular() -> None:
    """`1 causes` and `1 days` read wrong: every count is worded by one rule (plural)."""
    a = _review("a", happened="2026-08-31", causes=[Cause("x", "process"), Cause("y", "tooling")])
    b = _review("b", happened="2026-08-29", causes=[Cause("w", "process")])
    rows = {(f.section, f.label): f.value for f in compute(_indexed([a]), TODAY).figures()}
    assert rows[("cause categories", "process")] == "1 cause"
    assert rows[("time to review", "event to review (median)")] == "1 day"
    rows = {(f.section, f.label): f.value for f in compute(_indexed([a, b]), TODAY).figures()}
    assert rows[("cause categories", "process")] == "2 causes"
    assert rows[("time to review", "event to review (median)")] == "2 days"  # 1 and 3
