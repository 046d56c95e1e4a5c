"""Seeded synthetic reviews of realistic size, for benchmarks and tests.

Sizes follow what real reviews hold: 10-40 facts, 3-8 causes (some of them
whys below others), 2-6 commitments, a few went-well and lucky entries.
The same seed always gives the same store.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path

from pmtui.domain.model import (
    CAUSE_CATEGORIES,
    Cause,
    Commitment,
    Entry,
    Fact,
    Kind,
    Outcome,
    Review,
    Status,
)

PEOPLE = ("ana", "bo", "chen", "dara", "eli", "fern", "gus", "hana", "ivo", "jun")
SYSTEMS = ("checkout", "ingest", "billing", "search", "auth", "scheduler", "cdn", "payments")
EVENTS = (
    "error rate on {s} rose above 5%",
    "on-call paged for {s} latency",
    "deploy of {s} started",
    "rollback of {s} finished",
    "queue depth on {s} reached 40k",
    "{s} health check flapped",
    "customer reports about {s} arrived in support chat",
    "feature flag for {s} turned off",
)
CAUSES = (
    "the {s} retry policy retries forever with no backoff",
    "alerts for {s} fire on averages that hide the tail",
    "the runbook for {s} predates the current topology",
    "deploys of {s} skip the canary stage when the queue is long",
    "{s} dashboards do not show queue depth",
    "ownership of {s} config is split between two teams",
)
DELIVERABLES = (
    "Add a queue-depth panel to the {s} dashboard",
    "Cap {s} retries at 5 with exponential backoff",
    "Page on p99 latency for {s} instead of the mean",
    "Rewrite the {s} failover runbook and test it in a game day",
    "Make the {s} canary stage mandatory in the deploy pipeline",
)


def _rid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def make_review(rng: random.Random, *, today: date = date(2026, 11, 23)) -> Review:
    """One realistic review; ``rng`` decides everything."""
    s = rng.choice(SYSTEMS)
    happened = today - timedelta(days=rng.randint(0, 720))
    created = datetime.combine(happened + timedelta(days=rng.randint(0, 10)), datetime.min.time())
    created += timedelta(hours=rng.randint(8, 18))
    kind = rng.choice((Kind.POSTMORTEM, Kind.POSTMORTEM, Kind.QUICK, Kind.LESSONS, Kind.PERSONAL))
    people = rng.sample(PEOPLE, rng.randint(2, 6))
    facts = []
    t = datetime.combine(happened, datetime.min.time()) + timedelta(hours=rng.randint(0, 20))
    for _ in range(rng.randint(10, 40)):
        t += timedelta(minutes=rng.randint(1, 30))
        decision = rng.random() < 0.15
        facts.append(
            Fact(
                what=rng.choice(EVENTS).format(s=s),
                at=t.strftime("%Y-%m-%d %H:%M"),
                approx=rng.random() < 0.1,
                evidence=f"https://chat.example/{s}/{rng.randint(1000, 9999)}",
                decision=decision,
                known_then="dashboards showed normal averages" if decision else "",
                options="roll back or scale out" if decision else "",
                pressures="peak traffic" if decision else "",
                author=rng.choice(people),
                id=_rid(rng),
            )
        )
    causes: list[Cause] = []
    for _ in range(rng.randint(3, 8)):
        parent = rng.choice(causes).id if causes and rng.random() < 0.5 else None
        causes.append(
            Cause(
                statement=rng.choice(CAUSES).format(s=s),
                category=rng.choice(CAUSE_CATEGORIES),
                fact_ids=[f.id for f in rng.sample(facts, min(3, len(facts)))],
                parent_id=parent,
                author=rng.choice(people),
                id=_rid(rng),
            )
        )
    commitments = []
    for _ in range(rng.randint(2, 6)):
        due = created.date() + timedelta(days=rng.randint(7, 60))
        closed = (Outcome.KEPT, Outcome.DROPPED)  # partly and not kept stay open, re-planned
        status = Outcome.OPEN if due >= today - timedelta(days=30) else rng.choice(closed)
        commitments.append(
            Commitment(
                deliverable=rng.choice(DELIVERABLES).format(s=s),
                owner=rng.choice(people),
                done_when="the change is deployed and checked in the next game day",
                due=due,
                cause_ids=[rng.choice(causes).id],
                status=status,
                dropped_reason="superseded by the platform migration"
                if status is Outcome.DROPPED
                else "",
                reviewed_at=datetime.combine(due, datetime.min.time())
                if status is not Outcome.OPEN
                else None,
                author=rng.choice(people),
                id=_rid(rng),
            )
        )
    entries = [
        Entry(
            section=sec,
            text=f"{sec.replace('_', ' ')}: {rng.choice(SYSTEMS)} team responded fast",
            id=_rid(rng),
        )
        for sec in ("went_well", "went_well", "lucky")
    ]
    return Review(
        title=f"{s} incident {rng.randint(100, 999)}",
        kind=kind,
        happened=happened.isoformat(),
        created=created,
        updated=created,
        severity=rng.choice((None, "SEV2", "SEV3", "SEV4", "SEV5")),
        status=rng.choice(list(Status)),
        participants=people,
        facilitator=people[0],
        facilitator_part="I merged the config change without a second look at the retry limits.",
        facts=facts,
        causes=causes,
        commitments=commitments,
        entries=entries,
        tags=rng.sample(("infra", "customer", "data", "security", "release"), 2),
        id=_rid(rng),
    )


def reviews(n: int, seed: int = 1) -> Iterator[Review]:
    rng = random.Random(seed)
    for _ in range(n):
        yield make_review(rng)


def build_store(path: Path, n: int, seed: int = 1, chunk: int = 500) -> None:
    """Fill the store at ``path`` with ``n`` synthetic reviews, a chunk per write."""
    from pmtui.store.repository import Store

    store = Store(path, backup_every=timedelta(days=36500))
    batch: list[Review] = []
    for review in reviews(n, seed):
        batch.append(review)
        if len(batch) >= chunk:
            _write(store, batch)
            batch = []
    if batch:
        _write(store, batch)


def _write(store: object, batch: list[Review]) -> None:
    with store.batch() as txn:  # type: ignore[attr-defined]
        for review in batch:
            txn.put(review)
