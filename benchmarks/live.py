"""How soon another person's save shows in an open review, with either store check.

Two sessions on one review, each with its own ``Store`` (as two processes
have): the other saves a new title, and the clock runs until this app's
session holds it. The app's :class:`~pmtui.tui.live.LiveWatcher` is woken
by file notifications (a check each second where there are none), so a save
shows within a fraction of a second plus the reload; the target is one
second. Measured with the signature check (local disks) and the generation
check (network filesystems), in the same run.

    python benchmarks/live.py           # 20 saves per check
    python benchmarks/live.py --quick   # 5
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import shutil
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from textual.app import App, ComposeResult

from pmtui.domain.model import Review
from pmtui.editing.session import ReviewSession
from pmtui.store.presence import Presence
from pmtui.store.repository import Store
from pmtui.tui.live import LiveWatcher

TARGET_MS = 1000.0


class _Watching(App[None]):
    def __init__(self, session: ReviewSession) -> None:
        super().__init__()
        self.session = session

    def compose(self) -> ComposeResult:
        s = self.session
        yield LiveWatcher(s, presence=Presence(s.store.layout.directory, s.review_id, s.user))


async def _latencies(path: Path, check: str, saves: int) -> list[float]:
    first = Store(path, check=check)
    review = first.add(Review(title="title 000"))
    mine = ReviewSession(first, first.get(review.id), user="ana")
    other_store = Store(path, check=check)
    other = ReviewSession(other_store, other_store.get(review.id), user="ben")
    rng = random.Random(3)
    out = []
    try:
        async with _Watching(mine).run_test() as pilot:
            for i in range(1, saves + 1):
                title = f"title {i:03d}"
                other.set("review", None, "title", title)
                assert other.flush()
                start = time.perf_counter()
                while mine.review.title != title:
                    if time.perf_counter() - start > 10:
                        raise RuntimeError(f"{title!r} never showed")
                    await pilot.pause(0.005)
                out.append((time.perf_counter() - start) * 1000)
                await pilot.pause(rng.uniform(0, 0.5))  # saves come at any point of a poll
    finally:
        mine.close()
        other.close()
    return out


def run(quick: bool) -> dict[str, Any]:
    saves = 5 if quick else 20
    root = Path(tempfile.mkdtemp(prefix="pmtui-bench-live-"))
    out: dict[str, Any] = {"target_ms": TARGET_MS, "checks": {}}
    try:
        for check in ("signature", "generation"):
            lat = asyncio.run(_latencies(root / check / "pmtui.json", check, saves))
            out["checks"][check] = {
                "median_ms": statistics.median(lat),
                "min_ms": min(lat),
                "max_ms": max(lat),
                "saves": saves,
                "meets_target": max(lat) <= TARGET_MS,
            }
    finally:
        shutil.rmtree(root, ignore_errors=True)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Time until another person's save shows.")
    parser.add_argument("--quick", action="store_true", help="5 saves per check")
    args = parser.parse_args(argv)
    result = run(args.quick)
    print(json.dumps(result, indent=2))
    return 0 if all(c["meets_target"] for c in result["checks"].values()) else 1


if __name__ == "__main__":
    raise SystemExit(main())
