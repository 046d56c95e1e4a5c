"""The coach's rules on whole reviews and its word files (its speed: benchmarks/recurrence.py)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pmtui.domain.coach import (
    RULES,
    Finding,
    Rules,
    RulesError,
    check_review,
    check_text,
    load_rules,
)
from pmtui.domain.model import (
    Cause,
    Commitment,
    Entry,
    Fact,
    HintDismissal,
    Kind,
    Outcome,
    Review,
)
from pmtui.domain.similarity import similarity, stem, terms
from pmtui.domain.summary import ReviewSummary

CREATED = datetime(2026, 11, 23, 10, 0)


@pytest.fixture
def rules(tmp_path: Path) -> Rules:
    return load_rules(tmp_path)


def review(**kw: Any) -> Review:
    r = Review(title="Checkout errors after deploy", created=CREATED, updated=CREATED, **kw)
    return r


def rules_of(findings: list[Finding], item_id: str | None = None) -> set[str]:
    return {f.rule for f in findings if item_id is None or f.item_id == item_id}


def test_every_rule_has_a_message_and_suggestion(rules: Rules) -> None:
    for rule in RULES:
        message, suggestion = rules.message(rule)
        assert message != rule and suggestion, rule


def test_check_text_rejects_unknown_stages(rules: Rules) -> None:
    with pytest.raises(ValueError, match="facts, causes, commitments"):
        check_text("frame", "x", rules=rules)


def test_findings_quote_the_words_and_name_the_stage(rules: Rules) -> None:
    [finding] = check_text("causes", "Human error during the deploy", rules=rules)
    assert finding.rule == "cause-blame"
    assert "human error" in finding.message.lower()
    assert finding.stage == "causes"
    assert "system" in finding.suggestion


def test_participant_names_count_as_people(rules: Rules) -> None:
    text = "Zephyrine restarted the wrong node"
    assert "cause-person" in rules_of(
        check_text("causes", text, names=["Zephyrine Okafor"], rules=rules)
    )
    assert "cause-person" in rules_of(
        check_text("causes", "zeph.k deployed on Friday", names=["zeph.k"], rules=rules)
    )
    # An account handle names a person, whoever it is.
    text = "Then @mr0grog restarted the payments cluster"
    assert "cause-person" in rules_of(check_text("causes", text, rules=rules))


def test_systems_named_like_people_stay_quiet(rules: Rules) -> None:
    for text in (
        "Jenkins retried the job three times with no backoff",
        "Kafka dropped the consumer from the group after the session timeout",
        "The job failed to start because the secret was missing",
    ):
        assert check_text("causes", text, rules=rules) == [], text


def test_facts_fields_time_and_evidence(rules: Rules) -> None:
    r = review(facts=[Fact(what="Error rate rose to 11%", at="", evidence="")])
    assert rules_of(check_review(r, rules=rules)) == {"fact-no-time", "fact-no-evidence"}
    r.facts[0].at, r.facts[0].evidence = "14:05", "Grafana checkout board"
    assert check_review(r, rules=rules) == []
    quick = review(kind=Kind.QUICK, facts=[Fact(what="Error rate rose", at="14:05")])
    assert check_review(quick, rules=rules) == []


def test_cause_without_why_is_flagged_unless_systemic(rules: Rules) -> None:
    shallow = Cause(statement="The deploy went out with a bad build")
    systemic = Cause(statement="The pipeline has no canary stage for config changes")
    r = review(causes=[shallow, systemic])
    found = check_review(r, rules=rules)
    assert rules_of(found, shallow.id) == {"cause-no-why"}
    assert rules_of(found, systemic.id) == set()
    why = Cause(
        statement="Config changes skip the canary: there is no canary stage for them",
        parent_id=shallow.id,
    )
    r.causes.append(why)
    assert rules_of(check_review(r, rules=rules), shallow.id) == set()


def test_cause_that_restates_a_fact(rules: Rules) -> None:
    fact = Fact(
        what="Replication lag on the read replica reached 38 minutes", at="11:20", evidence="graph"
    )
    cause = Cause(statement="Replication lag on the read replica reached 38 minutes")
    r = review(facts=[fact], causes=[cause, Cause(statement="why", parent_id=cause.id)])
    assert "cause-restates-fact" in rules_of(check_review(r, rules=rules), cause.id)


def test_recurring_cause_names_the_earlier_review(rules: Rules) -> None:
    earlier = Review(
        title="Log hosts ran out of disk",
        created=datetime(2026, 9, 1, 9, 0),
        causes=[Cause(statement="No alert on disk usage for the log hosts")],
    )
    other = Review(
        title="Unrelated", causes=[Cause(statement="Payment vendor changed its API without notice")]
    )
    cause = Cause(statement="Log host disks have no usage alerting")
    r = review(causes=[cause])
    history = [
        ReviewSummary.from_review(earlier),
        ReviewSummary.from_review(other),
        ReviewSummary.from_review(r),
    ]
    [finding] = [
        f for f in check_review(r, history=history, rules=rules) if f.rule == "cause-recurs"
    ]
    assert "Log hosts ran out of disk" in finding.message
    assert "2026-09-01" in finding.message
    assert earlier.id[:8] in finding.message
    assert finding.item_id == cause.id


def test_commitment_fields(rules: Rules) -> None:
    good = Commitment(
        deliverable="Add a queue-depth panel to the ingest dashboard",
        owner="ana",
        due=date(2026, 12, 10),
        done_when="The panel is on the dashboard and linked from the alert",
    )
    bare = Commitment(deliverable="Add a disk alert at 80% on log hosts")
    group = Commitment(
        deliverable="Rotate the shared API key",
        owner="the team",
        due=date(2027, 3, 1),
        done_when="key rotated",
    )
    r = review(commitments=[good, bare, group])
    found = check_review(r, rules=rules)
    assert rules_of(found, good.id) == set()
    assert rules_of(found, bare.id) == {
        "commitment-no-owner",
        "commitment-no-due",
        "commitment-no-done-when",
    }
    assert rules_of(found, group.id) == {"commitment-group-owner", "commitment-after-follow-up"}
    assert all(f.stage == "commitments" for f in found)


def test_closed_commitments_and_empty_items_stay_quiet(rules: Rules) -> None:
    done = Commitment(deliverable="Be more careful", status=Outcome.KEPT)
    r = review(commitments=[done, Commitment()], causes=[Cause()], facts=[Fact()])
    assert check_review(r, rules=rules) == []


def test_owner_groups(rules: Rules) -> None:
    for owner in ("everyone", "Ops", "ana, lee", "ana and lee", "platform team", "TBD"):
        c = Commitment(
            deliverable="Add a canary stage", owner=owner, due=date(2026, 12, 1), done_when="x"
        )
        assert rules_of(check_review(review(commitments=[c]), rules=rules)) == {
            "commitment-group-owner"
        }, owner


def test_blame_in_reflection_sections(rules: Rules) -> None:
    bad = Entry(section="went_wrong", text="Lee was careless with the import")
    praise = Entry(section="went_well", text="Lee rolled back within five minutes")
    r = review(entries=[bad, praise])
    assert rules_of(check_review(r, rules=rules)) == {"cause-blame"}


def test_dismissed_hints_are_not_reported(rules: Rules) -> None:
    fact = Fact(what="Obviously the backup was old", at="03:00", evidence="log")
    r = review(facts=[fact])
    assert rules_of(check_review(r, rules=rules)) == {"fact-judgement"}
    r.dismissed_hints.append(HintDismissal(fact.id, "fact-judgement", "quoting the vendor", "ana"))
    assert check_review(r, rules=rules) == []


def test_participants_are_people_in_review_causes(rules: Rules) -> None:
    cause = Cause(statement="Zephyrine restarted the node")
    r = review(
        participants=["Zephyrine"], causes=[cause, Cause(statement="why", parent_id=cause.id)]
    )
    assert "cause-person" in rules_of(check_review(r, rules=rules), cause.id)


def test_team_words_extend_quiet_and_disable(tmp_path: Path) -> None:
    (tmp_path / "coach.toml").write_text(
        'disabled = ["commitment-gate"]\n'
        '[people]\nroles = ["pager"]\n'
        '[commitments]\nchange_verbs = ["monitor"]\n'
        '[quiet.commitments]\nsoft = ["monitor"]\nopen_ended_verbs = ["monitor"]\n'
        '[messages.cause-person]\nmessage = "Who, not what."\nsuggestion = "Ask what."\n',
        encoding="utf-8",
    )
    rules = load_rules(tmp_path)
    [f] = check_text("causes", "The pager restarted the canary", rules=rules)
    assert f.message.startswith("Who, not what.")
    assert check_text("commitments", "Monitor disk usage on log hosts", rules=rules) == []
    assert check_text("commitments", "Require two approvals for config changes", rules=rules) == []


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("disabled = ['no-such-rule']\n", "disabled"),
        ("[people]\nroles = 'pager'\n", "people.roles"),
        ("[colours]\nred = []\n", "colours"),
        ("[messages.nope]\nmessage = 'x'\n", "messages.nope"),
        ("[quiet.nowhere]\nx = []\n", "quiet.nowhere"),
    ],
)
def test_team_file_errors_name_the_key(tmp_path: Path, text: str, field: str) -> None:
    (tmp_path / "coach.toml").write_text(text, encoding="utf-8")
    with pytest.raises(RulesError) as info:
        load_rules(tmp_path)
    assert info.value.field == field
    assert "coach.toml" in str(info.value)


def test_unknown_language(tmp_path: Path) -> None:
    with pytest.raises(RulesError, match="no coach words"):
        load_rules(tmp_path, language="xx")


def test_stemming_and_similarity() -> None:
    assert stem("alerting") == stem("alerts") == stem("alert")
    stop = frozenset({"the", "on", "for", "no", "have"})
    a = terms("No alert on disk usage for the log hosts", stop)
    b = terms("Log host disks have no usage alerting", stop)
    assert similarity(a, b) >= 0.5
    assert similarity(a, terms("Payment vendor changed its API", stop)) == 0


PACKAGED = load_rules(Path("/nonexistent-config"))


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300), st.sampled_from(["facts", "causes", "commitments"]))
def test_any_text_is_read_without_crashing(text: str, stage: str) -> None:
    for f in check_text(stage, text, names=["Ana", "x"], rules=PACKAGED):
        assert f.rule in RULES and f.stage == stage


def test_packaged_word_lists_have_no_duplicates() -> None:
    import tomllib
    from importlib import resources

    path = resources.files("pmtui") / "data" / "coach" / "en.toml"
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    for section, table in data.items():
        if section == "messages":
            continue
        for key, words in table.items():
            repeated = sorted({w for w in words if words.count(w) > 1})
            assert not repeated, f"{section}.{key}: {repeated}"
