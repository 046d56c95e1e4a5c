"""Keypress-to-frame in a stage pane, with a big store versus an almost empty one.

Drives the real app headless with Textual's Pilot: opens one review at its
Frame stage, focuses the title field and times each keypress until the app
has processed it and refreshed. The store size should not matter: the pane
works on its own review and saves in the background.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import tempfile
import time
from datetime import timedelta
from pathlib import Path

KEYS = "the scheduler retries forever with no backoff "


async def _measure(store_path: Path, keys: str) -> list[float]:
    from textual.widgets import Input

    from pmtui.store.repository import Store
    from pmtui.tui import messages
    from pmtui.tui.app import make_app

    store = Store(store_path, backup_every=timedelta(days=36500))
    review_id = store.summaries()[0].id
    app = make_app(store=store, clock=store.clock, user="bench")
    times: list[float] = []
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause(0.5)
        app.post_message(messages.OpenReview(review_id, "frame"))
        for _ in range(100):
            await pilot.pause(0.05)
            inputs = [w for w in app.screen.query(Input) if w.display]
            if inputs:
                break
        else:
            raise RuntimeError("the review screen showed no text field")
        inputs[0].focus()
        await pilot.pause()
        for key in keys:
            start = time.perf_counter()
            await pilot.press("space" if key == " " else key)
            await pilot.pause()
            times.append(time.perf_counter() - start)
        await pilot.pause(0.5)
    return times


def run(quick: bool = False) -> dict:
    from pmtui.devtools.synth import build_store

    big = 500 if quick else 10_000
    keys = KEYS[:12] if quick else KEYS * 2
    out: dict = {}
    with tempfile.TemporaryDirectory() as tmp:
        for label, n in (("small", 1), ("big", big)):
            path = Path(tmp) / label / "pmtui.json"
            build_store(path, n)
            times = asyncio.run(_measure(path, keys))
            out[label] = {
                "reviews": n,
                "median_ms": statistics.median(times) * 1000,
                "p95_ms": sorted(times)[int(len(times) * 0.95) - 1] * 1000,
                "min_ms": min(times) * 1000,
                "max_ms": max(times) * 1000,
            }
    out["ratio"] = out["big"]["median_ms"] / out["small"]["median_ms"]
    return out


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true")
    print(json.dumps(run(parser.parse_args().quick), indent=2))
