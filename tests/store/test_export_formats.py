"""Golden-file tests of every export format on one hand-built review.

The review holds the text that breaks naive exporters: pipes, ``[bold]``
markup, line breaks, emoji, HTML, a formula-looking cell, shell quotes and
people's names inside sentences. Set ``PMTUI_UPDATE_GOLDEN=1`` to rewrite the
golden files after an intended change, then read the diff.
"""

from __future__ import annotations

import os
from datetime import date, datetime
from pathlib import Path

import pytest

from pmtui.domain.model import (
    Cause,
    Commitment,
    Entry,
    Fact,
    FollowUpRecord,
    ImpactFigures,
    Kind,
    Outcome,
    Replan,
    Review,
    Status,
)
from pmtui.store.exports import FORMATS, render

GOLDEN = Path(__file__).parent.parent / "data" / "golden"
TODAY = date(2026, 11, 23)
NAMES = ("Ana Lima", "Bo Chen", "Dana Wu", "carol", "@ana-lima")
"""Every person in the sample review, as written there."""


def sample_review() -> Review:
    """A postmortem written by people, with everything an exporter must survive."""
    f1 = Fact(
        id="f0000000-0000-4000-8000-000000000001",
        what="Deploy 42 started | canary skipped",
        at="2026-11-20 14:02",
        evidence="CI log: <script>alert(1)</script>",
        moment="started",
        author="Ana Lima",
    )
    f2 = Fact(
        id="f0000000-0000-4000-8000-000000000002",
        what="Ana paged Bo Chen;\nBo rolled back 🔥",
        at="14:20",
        approx=True,
        decision=True,
        known_then="error rate *rising*, cause unknown",
        options="roll back | wait",
        pressures="Black Friday traffic",
        moment="mitigated",
        author="Bo Chen",
    )
    c1 = Cause(
        id="c0000000-0000-4000-8000-000000000001",
        statement="Deploys can skip the canary stage",
        category="process",
        fact_ids=[f1.id],
        votes={"Ana Lima": 2, "carol": 1},
        author="Dana Wu",
    )
    c2 = Cause(
        id="c0000000-0000-4000-8000-000000000002",
        statement="The skip flag is `--fast` and\n# looks like a comment",
        category="tooling",
        parent_id=c1.id,
        author="carol",
    )
    c3 = Cause(
        id="c0000000-0000-4000-8000-000000000003",
        statement="1. Nobody owns the pipeline [bold]config[/bold]",
        category="resourcing",
        parent_id=c2.id,
        question="how",
    )
    commitments = [
        Commitment(
            id="a0000000-0000-4000-8000-000000000001",
            deliverable="Remove the --fast flag | make canary mandatory",
            owner="@ana-lima",
            done_when="a deploy without canary fails in CI",
            due=date(2026, 12, 4),
            cause_ids=[c2.id],
            type="prevent",
            priority="P1",
            link="https://tracker.example/browse/OPS-123?focus=a|b",
            author="Dana Wu",
        ),
        Commitment(
            id="a0000000-0000-4000-8000-000000000002",
            deliverable="Name an owner for the pipeline config; ask Dana Wu's team",
            owner="Bo Chen",
            done_when="=owner listed in CODEOWNERS",
            due=date(2026, 11, 20),
            cause_ids=[c3.id],
            type="process",
            priority="P2",
            link="#42",
        ),
        Commitment(
            id="a0000000-0000-4000-8000-000000000003",
            deliverable="Write the canary runbook",
            owner="carol",
            done_when="runbook reviewed by Bo",
            due=date(2027, 1, 15),
            in_the_way="Ana's and carol's time went to the migration",
            in_the_way_category="resourcing",
            history=[
                Replan(
                    old_due=date(2026, 12, 10),
                    new_due=date(2027, 1, 15),
                    on=date(2026, 11, 22),
                    outcome=Outcome.NOT_KEPT,
                    in_the_way="Ana's and carol's time went to the migration",
                    in_the_way_category="resourcing",
                    by="Bo Chen",
                )
            ],
        ),
        Commitment(
            id="a0000000-0000-4000-8000-000000000004",
            deliverable="Add a second approver",
            owner="Dana Wu",
            due=None,
            status=Outcome.DROPPED,
            dropped_reason="another gate would slow everyone; the canary covers it",
        ),
    ]
    return Review(
        id="9e5f0c1a-7b1d-4c2e-9a4f-0123456789ab",
        title="Checkout | payments [bold] outage 🔥",
        kind=Kind.POSTMORTEM,
        happened="2026-11-20 14:02",
        created=datetime(2026, 11, 21, 9, 30),
        updated=datetime(2026, 11, 22, 16, 45),
        severity="SEV2",
        status=Status.REVIEWED,
        participants=["Ana Lima", "Bo Chen", "carol"],
        facilitator="Dana Wu",
        facilitator_part="I (Dana) approved the fast path last spring.",
        ground_rule_ack=True,
        summary="Checkout failed for 18 minutes.\nAna Lima noticed; BO CHEN rolled back.\n\n"
        "| not a table |\n- not a list\n<b>not bold</b> & &amp; not an entity",
        impact="~4% of orders failed _(estimate)_",
        impact_figures=ImpactFigures(
            users=1200, requests=5400, revenue="EUR 12,000 | at risk", error_budget=35.0
        ),
        trigger="A config push made `--fast` the default:\n# deploys skipped the canary",
        detection="Bo Chen's pager alert on 5xx, about 18 minutes in",
        resolution="Bo rolled back at 14:20; the flag was removed the next day",
        template="postmortem",
        facts=[f1, f2],
        causes=[c1, c2, c3],
        commitments=commitments,
        entries=[
            Entry(
                id="e0000000-0000-4000-8000-000000000001",
                section="went_well",
                text="Paging reached Bo in 2 minutes",
                author="carol",
            ),
            Entry(
                id="e0000000-0000-4000-8000-000000000002",
                section="went_wrong",
                text="Dashboards | alerts disagreed\n---\nfor 10 min",
                author="Ana Lima",
            ),
            Entry(
                id="e0000000-0000-4000-8000-000000000003",
                section="lucky",
                text="It was not Black Friday itself ✨",
            ),
            Entry(
                id="e0000000-0000-4000-8000-000000000004",
                section="went_wrong",
                text="still hidden: written in an anonymous round",
                hidden=True,
                anonymous=True,
            ),
            Entry(
                id="e0000000-0000-4000-8000-000000000005",
                section="start",
                text="Start pairing on deploys (carol's idea)",
            ),
        ],
        tags=["payments", "deploy: canary"],
        follow_up_on=date(2027, 1, 4),
        follow_up=FollowUpRecord(held_on=None, by="", notes=""),
        author="Dana Wu",
        rev=3,
    )


def _golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("PMTUI_UPDATE_GOLDEN"):
        path.write_bytes(text.encode("utf-8"))
    assert path.exists(), f"{path} missing; run with PMTUI_UPDATE_GOLDEN=1 and read the diff"
    assert text == path.read_bytes().decode("utf-8")


@pytest.mark.parametrize("fmt", list(FORMATS))
@pytest.mark.parametrize("anonymize", [False, True], ids=["named", "anonymized"])
def test_matches_golden_file(fmt: str, anonymize: bool) -> None:
    text = render(fmt, [sample_review()], anonymize=anonymize, today=TODAY)
    suffix = "-anonymized" if anonymize else ""
    _golden(f"sample{suffix}{FORMATS[fmt].suffix}", text)


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_rendering_does_not_change_the_review(fmt: str) -> None:
    review = sample_review()
    render(fmt, [review], anonymize=True, today=TODAY)
    assert review == sample_review()
