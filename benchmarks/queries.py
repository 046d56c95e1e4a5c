"""How fast the follow-up view and `pmtui due` answer on a big store.

Builds a store of 10,000 reviews holding 50,000 commitments (``--quick``:
1,000 and 5,000), then times the queries behind the follow-up view and
``pmtui due``: a cold read (a fresh process's first query, parsing the
index) and warm reads (the app polling a store that did not change).
The goal is under 100 ms of query time for each. Cold reads run in a
fresh process so the big store this script holds does not slow them.
"""

from __future__ import annotations

import random
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from common import main

from pmtui.domain.followup import DueQuery, Filters, build_board
from pmtui.domain.model import CAUSE_CATEGORIES, Cause, Commitment, Kind, Outcome, Review, Status
from pmtui.store.repository import Store

TODAY = date(2026, 11, 23)
PEOPLE = ("ana", "bo", "chen", "dara", "eli", "fern", "gus", "hana", "ivo", "jun")
GOAL_MS = 100.0


def lean_reviews(n: int, per_review: int, seed: int = 7) -> Iterator[Review]:
    """Reviews with exactly ``per_review`` commitments and little else: quick to build.

    Due dates spread from a year ago to two months ahead; commitments due
    more than a month ago mostly have an outcome, as in a store in real use.
    """
    rng = random.Random(seed)
    for i in range(n):
        created = datetime.combine(TODAY - timedelta(days=rng.randint(0, 400)), datetime.min.time())
        people = rng.sample(PEOPLE, 3)
        coms = []
        for _ in range(per_review):
            due = TODAY + timedelta(days=rng.randint(-365, 60))
            done = due < TODAY - timedelta(days=30) and rng.random() < 0.8
            coms.append(
                Commitment(
                    deliverable=f"deliverable {rng.randint(1, 10**6)}",
                    owner=rng.choice(people),
                    due=due,
                    status=Outcome.KEPT if done else Outcome.OPEN,
                    reviewed_at=datetime.combine(due, datetime.min.time()) if done else None,
                    id=str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                )
            )
        yield Review(
            title=f"review {i}",
            kind=rng.choice(list(Kind)),
            created=created,
            updated=created,
            status=Status.REVIEWED,
            participants=list(people),
            causes=[Cause(f"cause {rng.randint(1, 500)}", rng.choice(CAUSE_CATEGORIES))],
            commitments=coms,
            tags=[rng.choice(("infra", "data", "release"))],
            id=str(uuid.UUID(int=rng.getrandbits(128), version=4)),
        )


def build(path: Path, reviews: int, per_review: int, chunk: int = 1000) -> float:
    """Fill a store through ``Store.batch()``, a chunk per write; returns seconds taken."""
    store = Store(path, backup_every=timedelta(days=36500))
    start = time.perf_counter()
    pending: list[Review] = []
    for review in lean_reviews(reviews, per_review):
        pending.append(review)
        if len(pending) >= chunk:
            _write(store, pending)
            pending = []
    if pending:
        _write(store, pending)
    return time.perf_counter() - start


def _write(store: Store, reviews: list[Review]) -> None:
    with store.batch() as txn:
        for r in reviews:
            txn.put(r)


def timed(fn: Callable[[], object], repeat: int) -> dict[str, float]:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        runs.append((time.perf_counter() - start) * 1000)
    return {
        "median_ms": round(statistics.median(runs), 2),
        "min_ms": round(min(runs), 2),
        "max_ms": round(max(runs), 2),
    }


def run(quick: bool) -> dict[str, Any]:
    """Build the store, time the queries, and return the figures (used by benchmarks/run.py)."""
    reviews, per = (1_000, 5) if quick else (10_000, 5)
    repeat = 5 if quick else 9
    with tempfile.TemporaryDirectory(prefix="pmtui-bench-") as tmp:
        path = Path(tmp) / "pmtui.json"
        build_s = build(path, reviews, per)
        warm = Store(path)

        def follow_up_view(store: Store) -> object:
            commitments, due = store.follow_up_lists(TODAY)
            return build_board(commitments, (), TODAY, Filters(), due_reviews=due)

        def due(store: Store) -> object:
            return store.due(DueQuery(within=timedelta(days=7)), TODAY)

        follow_up_view(warm)
        warm.keep_follow_up()  # as the view does once it has shown the board
        board = follow_up_view(warm)
        figures: dict[str, Any] = {
            "reviews": reviews,
            "commitments": reviews * per,
            "open_commitments": len(warm.open_commitments()),
            "build_s": round(build_s, 1),
            "index_mb": round(path.stat().st_size / 1e6, 1),
            "board_groups": {
                "overdue": len(board.overdue),  # type: ignore[attr-defined]
                "this_week": len(board.this_week),  # type: ignore[attr-defined]
                "later": len(board.later),  # type: ignore[attr-defined]
                "reviews_due": len(board.reviews_due),  # type: ignore[attr-defined]
            },
            "follow_up_view_warm": timed(lambda: follow_up_view(warm), repeat),
            "due_warm": timed(lambda: due(warm), repeat),
            "follow_up_view_cold": _cold(path, "view", max(3, repeat // 2)),
            "follow_up_view_after_save": _cold(path, "view", max(3, repeat // 2), after_save=True),
            "due_cold": _cold(path, "due", max(3, repeat // 2)),
            "pmtui_due_process": timed(lambda: _process(path), max(3, repeat // 3)),
        }
        worst = max(
            figures[k]["median_ms"]
            for k in ("follow_up_view_warm", "follow_up_view_cold", "due_warm", "due_cold")
        )
        figures["goal_ms"] = GOAL_MS
        figures["within_goal"] = worst <= GOAL_MS
        return figures


_COLD = """
import sys, time
from datetime import date, timedelta
from pathlib import Path
from pmtui.domain.followup import DueQuery, build_board
from pmtui.store.repository import Store
today, what = date.fromisoformat(sys.argv[2]), sys.argv[3]
start = time.perf_counter()
store = Store(Path(sys.argv[1]))
if what == "view":
    commitments, due = store.follow_up_lists(today)
    build_board(commitments, (), today, due_reviews=due)
else:
    store.due(DueQuery(within=timedelta(days=7)), today)
print((time.perf_counter() - start) * 1000)
"""


def _cold(path: Path, what: str, repeat: int, after_save: bool = False) -> dict[str, float]:
    """Query time in a fresh process (as `pmtui due` runs): reading the index included,
    interpreter start-up and imports left out. ``after_save``: each time right after a
    save (the follow-up view then reads the store whole and writes its file again)."""
    runs = []
    store = Store(path)
    some = store.listing()[0].id
    for i in range(repeat):
        if after_save:
            store.update(some, lambda r, i=i: setattr(r, "title", f"review, saved {i}"))
        done = subprocess.run(
            [sys.executable, "-c", _COLD, str(path), TODAY.isoformat(), what],
            capture_output=True,
            text=True,
            check=True,
        )
        runs.append(float(done.stdout.strip()))
    return {
        "median_ms": round(statistics.median(runs), 2),
        "min_ms": round(min(runs), 2),
        "max_ms": round(max(runs), 2),
    }


def _process(path: Path) -> None:
    """A whole `pmtui due` run, interpreter start-up included (for scale, not the goal)."""
    subprocess.run(
        [sys.executable, "-m", "pmtui", "due", "--store", str(path)],
        capture_output=True,
        check=False,
    )


def _head(figures: dict[str, Any]) -> str:
    return (
        f"{figures['reviews']:,} reviews, {figures['commitments']:,} commitments "
        f"({figures['open_commitments']:,} open); built in {figures['build_s']} s, "
        f"index {figures['index_mb']} MB"
    )


def _tail(figures: dict[str, Any]) -> str:
    verdict = "within" if figures["within_goal"] else "OVER"
    return f"  query time {verdict} the {GOAL_MS:.0f} ms goal"


if __name__ == "__main__":
    main(__doc__, run, "1,000 reviews instead of 10,000", head=_head, tail=_tail)
