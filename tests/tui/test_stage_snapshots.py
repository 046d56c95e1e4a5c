"""Pictures of the facts, causes and commitments panes at 80x24, with forms open.

Update them after an intended change with ``pytest tests/tui/test_stage_snapshots.py
--snapshot-update`` and look at the report before committing.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from textual.pilot import Pilot

from pmtui.domain.model import Cause, Commitment, Entry, Fact, Review
from pmtui.editing.session import ReviewSession
from pmtui.store.repository import Store
from pmtui.tui.stages.causes import CausesPane
from pmtui.tui.stages.commitments import CommitmentsPane
from pmtui.tui.stages.facts import FactsPane
from tests.conftest import FrozenClock
from tests.tui.pilot_helpers import SnapCompare
from tests.tui.stage_harness import PaneApp, open_session, template

SIZE = (80, 24)


@pytest.fixture
def session(store: Store) -> Iterator[ReviewSession]:
    review = Review(title="Checkout errors", participants=["ana", "ben"])
    review.facts = [
        Fact(what="Deploy 412 starts", at="2026-11-20 14:02", evidence="deploy log"),
        Fact(
            what="Error rate alert [bold]fires[/]",
            at="2026-11-20 14:09",
            approx=True,
            evidence="#incidents",
            decision=True,
            known_then="only the alert",
            options="roll back or wait",
            pressures="sale starts at 15:00",
        ),
    ]
    top = Cause(statement="No canary stage", category="process", fact_ids=[review.facts[0].id])
    why = Cause(statement="The canary took an hour", category="tooling", parent_id=top.id)
    review.causes = [top, why]
    review.entries = [Entry(section="went_well", text="Rollback took 2 minutes")]
    review.commitments = [
        Commitment(
            deliverable="Canary in 10 minutes",
            owner="ben",
            done_when="pipeline shows it",
            due=date(2026, 11, 20),
            cause_ids=[why.id],
        )
    ]
    s = open_session(store, review)
    yield s
    s.close()


async def _settle(pilot: Pilot[None]) -> None:
    await pilot.pause()
    pilot.app.clear_notifications()
    await pilot.pause()


def test_facts_with_the_form_open(
    snap_compare: SnapCompare, session: ReviewSession, clock: FrozenClock
) -> None:
    async def ready(pilot: Pilot[None]) -> None:
        await pilot.press("down", "enter")
        await _settle(pilot)

    app = PaneApp(FactsPane(session, template("postmortem")), clock)
    assert snap_compare(app, terminal_size=SIZE, run_before=ready)


def test_causes(snap_compare: SnapCompare, session: ReviewSession, clock: FrozenClock) -> None:
    app = PaneApp(CausesPane(session, template("postmortem")), clock)
    assert snap_compare(app, terminal_size=SIZE, run_before=_settle)


def test_commitments(snap_compare: SnapCompare, session: ReviewSession, clock: FrozenClock) -> None:
    app = PaneApp(CommitmentsPane(session, template("postmortem")), clock)
    assert snap_compare(app, terminal_size=SIZE, run_before=_settle)
