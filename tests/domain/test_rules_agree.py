"""Rules with one home agree wherever they show: insights and the coach, prompts and the coach.

Each rule here used to live in two or more places that could disagree on the
same data; these tests hold the places that show it to the same answer.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pmtui.domain.coach import (
    check_review,
    coached_section,
    default_rules,
    is_group_owner,
    usable_rules,
)
from pmtui.domain.insights import recurring_causes
from pmtui.domain.model import Cause, Commitment, Entry, Review
from pmtui.domain.summary import ReviewSummary
from pmtui.domain.templates import load_templates
from pmtui.prompts.quick import owner_check

WORDS = ("deploy", "rollback", "alert", "queue", "runbook", "owner", "the", "scripts", "disk")
OWNERS = (
    "ana",
    "Anne-Marie O'Neil",
    "the team",
    "Everyone",
    "ana, ben",
    "ana; ben",
    "ana and ben",
    "ops/dev",
    "?",
    "tbd",
    "the pager",
    "guild",
)


def _team_file(text: str) -> Path:
    config = Path(os.environ["PMTUI_CONFIG_DIR"])
    config.mkdir(parents=True, exist_ok=True)
    path = config / "coach.toml"
    path.write_text(text, encoding="utf-8")
    return path


def _coach_says_recurs(first: str, second: str) -> bool:
    now = Review(title="now", causes=[Cause(statement=first, category="system")])
    earlier = Review(title="earlier", causes=[Cause(statement=second, category="system")])
    found = check_review(now, history=[ReviewSummary.from_review(earlier)], rules=default_rules())
    return any(f.rule == "cause-recurs" for f in found)


def _insights_say_recurs(first: str, second: str) -> bool:
    reviews = [
        Review(id=rid, causes=[Cause(statement=text, category="system")])
        for rid, text in (("a", first), ("b", second))
    ]
    return any(set(g.review_ids) == {"a", "b"} for g in recurring_causes(reviews))


statements = st.lists(st.sampled_from(WORDS), min_size=1, max_size=5).map(" ".join)


@given(statements, statements)
@settings(max_examples=150, deadline=None)
def test_insights_and_the_coach_agree_on_which_causes_recur(first: str, second: str) -> None:
    assert _insights_say_recurs(first, second) == _coach_says_recurs(first, second)


def test_they_agree_with_a_teams_stop_words_too() -> None:
    first, second = "deploy queue runbook", "deploy queue alert"
    assert _insights_say_recurs(first, second) and _coach_says_recurs(first, second)
    _team_file('[stop_words]\nwords = ["deploy"]\n')
    assert not _insights_say_recurs(first, second)
    assert not _coach_says_recurs(first, second)


def _coach_flags_owner(owner: str) -> bool:
    review = Review(
        commitments=[
            Commitment(deliverable="Add a disk alert at 80%", owner=owner, due=date(2026, 12, 1))
        ]
    )
    return any(f.rule == "commitment-group-owner" for f in check_review(review))


@pytest.mark.parametrize("with_team", [False, True])
def test_the_quick_review_and_the_coach_agree_on_group_owners(with_team: bool) -> None:
    if with_team:
        _team_file('[commitments]\ngroup_owners = ["the pager", "guild"]\n')
    for owner in OWNERS:
        refused = owner_check(owner) is not None
        assert refused == is_group_owner(owner) == _coach_flags_owner(owner), owner
    assert is_group_owner("the pager") is with_team


def test_a_broken_team_file_keeps_the_packaged_group_words() -> None:
    _team_file("[commitments\n")
    assert is_group_owner("the team") and not is_group_owner("ana")
    assert usable_rules().words("commitments.group_owners")


def test_every_section_the_coach_reads_gets_its_hints_and_no_other() -> None:
    keys = {s.key for t in load_templates().values() for s in t.sections} | {"our_own"}
    for key in sorted(keys):
        review = Review(entries=[Entry(section=key, text="Dana was careless with the deploy")])
        flagged = any(f.item_id == review.entries[0].id for f in check_review(review))
        assert flagged == coached_section(key), key
    assert not coached_section("went_well") and coached_section("went_wrong")
