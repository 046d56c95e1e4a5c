"""The review policy: which review an incident needs, by when, and what is waiting."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from pmtui.domain.incidents import Incident, new_incident
from pmtui.domain.policy import (
    DEFAULT_POLICY,
    UNRATED,
    PolicyError,
    ReviewLink,
    ReviewState,
    Rule,
    backlog,
    load_policy,
    parse_within,
    policy_or_default,
    render_toml,
    reviews_due,
    status,
    statuses,
)

FRIDAY = date(2026, 11, 27)


def incident(started: str, severity: str | None = None, title: str = "x") -> Incident:
    return new_incident(
        title, now=datetime(2026, 11, 30, 9), author="ana", severity=severity, started=started
    )


def test_working_days_skip_the_weekend() -> None:
    rule = Rule("postmortem", 5, working=True)
    assert rule.due(FRIDAY) == date(2026, 12, 4)  # Friday -> next Friday
    assert rule.due(date(2026, 11, 28)) == date(2026, 12, 4)  # Saturday -> Friday
    assert Rule("quick", 2).due(FRIDAY) == date(2026, 11, 29)  # calendar days
    assert Rule("quick", None).due(FRIDAY) is None


def test_the_defaults_follow_common_practice() -> None:
    p = DEFAULT_POLICY
    assert (p.rule_for("SEV1").template, p.rule_for("SEV1").within()) == (
        "postmortem",
        "5 working days",
    )
    assert p.rule_for("SEV2") == p.rule_for("SEV1")
    assert (p.rule_for("SEV3").template, p.rule_for("SEV3").within()) == ("quick", "2 days")
    assert not p.rule_for("SEV4").required and not p.rule_for("SEV5").required
    assert p.rule_for(None).required  # an unrated incident is not silently optional


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("5 working days", (5, True)),
        ("1 working day", (1, True)),
        ("3 business days", (3, True)),
        ("2wd", (2, True)),
        ("2 days", (2, False)),
        ("1 week", (7, False)),
        ("2w", (14, False)),
        ("Optional", (None, False)),
    ],
)
def test_within_reads_what_people_write(text: str, want: tuple[int | None, bool]) -> None:
    assert parse_within(text) == want


@pytest.mark.parametrize("bad", ["soon", "5", "-1 days", "5 fortnights", 5, ""])
def test_within_refuses_the_rest_and_says_what_works(bad: object) -> None:
    with pytest.raises(PolicyError, match="working days"):
        parse_within(bad)


def test_state_on_each_day() -> None:
    i = incident("2026-11-27 14:02", "SEV2")
    assert status(i, DEFAULT_POLICY, date(2026, 12, 4)).state is ReviewState.DUE
    late = status(i, DEFAULT_POLICY, date(2026, 12, 5))
    assert late.state is ReviewState.OVERDUE and late.describe() == "overdue since 2026-12-05"
    link = ReviewLink("r1", date(2026, 12, 1), held=True)
    done = status(i, DEFAULT_POLICY, date(2026, 12, 9), link)
    assert done.state is ReviewState.DONE and done.days_to_review == 4
    assert done.describe() == "reviewed"
    i.waive("a drill", "bo", date(2026, 11, 28))
    assert status(i, DEFAULT_POLICY, date(2026, 12, 9)).state is ReviewState.WAIVED
    minor = incident("2026-11-27 14:02", "SEV4")
    assert status(minor, DEFAULT_POLICY, date(2027, 1, 1)).state is ReviewState.OPTIONAL


def test_a_review_started_and_not_held_keeps_the_incident_waiting() -> None:
    i = incident("2026-11-27 14:02", "SEV2")  # due by 2026-12-04
    draft = ReviewLink("r1", date(2026, 11, 30))
    early = status(i, DEFAULT_POLICY, date(2026, 12, 1), draft)
    assert early.state is ReviewState.STARTED and early.state.open and early.started
    assert early.describe() == "started, due 2026-12-04"
    late = status(i, DEFAULT_POLICY, date(2026, 12, 5), draft)
    assert late.state is ReviewState.OVERDUE and late.describe() == "overdue, started"
    held = status(i, DEFAULT_POLICY, date(2026, 12, 5), ReviewLink("r1", date(2026, 11, 30), True))
    assert held.state is ReviewState.DONE and not held.state.open
    minor = incident("2026-11-27 14:02", "SEV4")
    optional = status(minor, DEFAULT_POLICY, date(2026, 12, 5), draft)
    assert optional.state is ReviewState.OPTIONAL and optional.describe() == "optional, started"
    b = backlog(
        [early, status(incident("2026-11-20 10:00", "SEV3"), DEFAULT_POLICY, date(2026, 12, 1))]
    )
    assert b.line() == "2 incidents without a review, oldest 11 days (1 overdue, 1 started)"
    i.waive("a drill after all", "bo", date(2026, 12, 2))
    assert status(i, DEFAULT_POLICY, date(2026, 12, 5), draft).state is ReviewState.WAIVED


def test_a_waiver_needs_a_reason() -> None:
    i = incident("2026-11-27 14:02")
    with pytest.raises(ValueError, match="reason"):
        i.waive("  \n", "bo", FRIDAY)
    assert not i.is_waived


def test_backlog_line_counts_what_waits_and_the_oldest() -> None:
    today = date(2026, 12, 6)
    items = statuses(
        [
            incident("2026-11-27 10:00", "SEV2"),  # overdue
            incident("2026-12-05 10:00", "SEV3"),  # due
            incident("2026-12-04 10:00", None),  # due today (2 days)
            incident("2026-11-01 10:00", "SEV5"),  # optional: not a backlog
        ],
        DEFAULT_POLICY,
        today,
        {},
    )
    b = backlog(items)
    assert (b.waiting, b.overdue, b.oldest_days) == (3, 1, 9)
    assert b.line() == "3 incidents without a review, oldest 9 days (1 overdue)"
    one = backlog(items[:1])
    assert one.line().startswith("1 incident without a review, 9 days old")
    assert backlog([]).line() == ""


def test_statuses_put_what_waits_first_then_the_newest() -> None:
    today = date(2026, 12, 6)
    old_done = incident("2026-11-01 10:00", "SEV2", "old, reviewed")
    new_optional = incident("2026-12-05 10:00", "SEV5", "new, optional")
    waiting = incident("2026-11-30 10:00", "SEV3", "waiting")
    got = statuses(
        [old_done, new_optional, waiting],
        DEFAULT_POLICY,
        today,
        {old_done.id: ReviewLink("r", date(2026, 11, 2), held=True)},
    )
    assert [s.incident.title for s in got] == ["waiting", "new, optional", "old, reviewed"]


def test_reviews_due_within_a_window_and_by_who_logged() -> None:
    today = date(2026, 12, 1)
    a = incident("2026-11-20 10:00", "SEV3")  # overdue
    b = incident("2026-11-30 10:00", "SEV2")  # due 2026-12-07
    b.author = "Bo"
    got = reviews_due([a, b], DEFAULT_POLICY, today, {}, due_by=date(2026, 12, 3))
    assert [s.incident.id for s in got] == [a.id]
    wide = reviews_due([a, b], DEFAULT_POLICY, today, {}, due_by=date(2026, 12, 8))
    assert [s.incident.id for s in wide] == [a.id, b.id]
    mine = reviews_due([a, b], DEFAULT_POLICY, today, {}, due_by=date(2026, 12, 8), author="bo")
    assert [s.incident.id for s in mine] == [b.id]


def test_a_team_file_changes_only_what_it_names(tmp_path: Path) -> None:
    (tmp_path / "policy.toml").write_text(
        '[sev3]\nreview = "postmortem"\nwithin = "3 working days"\n\n'
        '[unrated]\nwithin = "optional"\n'
    )
    p = load_policy(tmp_path)
    assert p.rule_for("SEV3") == Rule("postmortem", 3, working=True)
    assert p.rule_for(None) == Rule("quick", None)
    assert p.rule_for("SEV1") == DEFAULT_POLICY.rule_for("SEV1")
    assert p.source == str(tmp_path / "policy.toml")
    assert load_policy(tmp_path / "nowhere") == DEFAULT_POLICY


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("[SEV9]\nwithin = '2 days'\n", "SEV9"),
        ("[SEV1]\nwhen = '2 days'\n", "SEV1.when"),
        ("[SEV1]\nwithin = 'soon'\n", "SEV1.within"),
        ("[SEV1]\nreview = 'Post Mortem!'\n", "SEV1.review"),
        ("SEV1 = 'postmortem'\n", "SEV1"),
        ("[SEV1\n", "valid TOML"),
    ],
)
def test_a_bad_team_file_names_the_key(tmp_path: Path, text: str, where: str) -> None:
    (tmp_path / "policy.toml").write_text(text)
    with pytest.raises(PolicyError, match=where.replace(".", r"\.")):
        load_policy(tmp_path)
    policy, problem = policy_or_default(tmp_path)
    assert policy == DEFAULT_POLICY and problem is not None and "policy.toml" in problem


def test_the_file_pmtui_shows_reads_back_as_the_same_policy(tmp_path: Path) -> None:
    (tmp_path / "policy.toml").write_text(render_toml(DEFAULT_POLICY))
    again = load_policy(tmp_path)
    assert dict(again.rules) == dict(DEFAULT_POLICY.rules)
    assert UNRATED in again.rules


def test_review_coverage_per_month_counts_each_outcome_once() -> None:
    from pmtui.domain.insights import review_coverage

    today = date(2026, 12, 20)
    a = incident("2026-11-02 10:00", "SEV2")
    b = incident("2026-11-03 10:00", "SEV3")
    c = incident("2026-11-04 10:00", "SEV5")
    d = incident("2026-11-05 10:00", "SEV3")
    d.waive("a drill", "bo", date(2026, 11, 5))
    e = incident("2026-12-19 10:00", "SEV3")
    links = {a.id: ReviewLink("ra", date(2026, 11, 6), held=True)}
    months = review_coverage(statuses([a, b, c, d, e], DEFAULT_POLICY, today, links))
    assert [m.month for m in months] == ["2026-11", "2026-12"]
    nov, dec = months
    assert nov.value() == "1 reviewed, 1 waived, 1 skipped (1 optional)"
    assert (nov.median_days, nov.review_ids) == (4.0, ("ra",))
    assert dec.value() == "0 reviewed, 0 waived, 0 skipped (1 waiting)"
    assert dec.median_days is None
