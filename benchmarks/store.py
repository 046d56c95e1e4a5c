"""Save latency, load time and peak memory of the store, beside stock TinyDB.

For 100, 1,000 and 10,000 realistic synthetic reviews (10-40 facts, 3-8
causes, 2-6 commitments each; ``pmtui.devtools.synth``), on the same data in
the same run:

* pmtui's store: a save is ``Store.update`` of one review, timed until it
  returns, when it is on disk (fsynced, renamed, directory fsynced);
  load is a fresh ``Store`` listing every summary (what the home screen
  needs) and opening one review;
* stock TinyDB with its ``JSONStorage``, one document per review: a save
  is one ``Table.update``; load is a fresh ``TinyDB`` reading all documents.
  At 10,000 reviews stock TinyDB takes seconds per save, so only a few are
  timed.

Peak memory is the Python heap's peak (tracemalloc) while loading. pmtui's
saves are timed with the check the store picks for this disk, then with the
generation check it uses on network filesystems (``Store(check=...)``), on
the same data in the same run.
The targets (issue 2): a save durable within 50 ms p95 at 1,000 reviews and
250 ms at 10,000.

    python benchmarks/store.py           # 100, 1,000 and 10,000 reviews
    python benchmarks/store.py --quick   # 100 and 300: seconds
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import shutil
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

from tinydb import TinyDB
from tinydb.storages import JSONStorage

from pmtui.devtools.synth import make_review
from pmtui.domain.model import Review
from pmtui.domain.serial import review_to_dict
from pmtui.store.repository import Store

TARGETS_MS = {1_000: 50.0, 10_000: 250.0}
"""p95 save latency the store must stay under, by store size."""


def _reviews(n: int, seed: int = 11) -> list[Review]:
    rng = random.Random(seed)
    return [make_review(rng) for _ in range(n)]


def _pct(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _peak_mb(action: Callable[[], object]) -> float:
    gc.collect()
    tracemalloc.start()
    try:
        action()
        return tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


def _timed(action: Callable[[], object]) -> float:
    t = time.perf_counter()
    action()
    return (time.perf_counter() - t) * 1000


def _bench_pmtui(
    root: Path, reviews: list[Review], saves: int, check: str | None = None
) -> dict[str, float]:
    path = root / f"pmtui-{check or 'found'}" / "pmtui.json"
    store = Store(path, backup_every=timedelta(days=36500), check=check)
    with store.batch() as txn:
        for r in reviews:
            txn.put(r)
    ids = [r.id for r in reviews]

    def load() -> None:
        fresh = Store(path)
        fresh.summaries()
        fresh.get(ids[0])

    load_ms = min(_timed(load) for _ in range(3))
    peak = _peak_mb(load)
    rng = random.Random(5)
    writer = Store(path, check=check)
    writer.summaries()
    lat = []
    for i in range(saves):
        rid = rng.choice(ids)
        lat.append(
            _timed(lambda rid=rid, i=i: writer.update(rid, lambda r: setattr(r, "title", f"t{i}")))
        )
    size = sum(p.stat().st_size for p in path.parent.rglob("*.json") if "backups" not in str(p))
    return {
        "save_p50_ms": statistics.median(lat),
        "save_p95_ms": _pct(lat, 0.95),
        "saves": saves,
        "load_ms": load_ms,
        "peak_mb": peak,
        "disk_mb": size / 2**20,
    }


def _bench_tinydb(root: Path, reviews: list[Review], saves: int) -> dict[str, float]:
    path = root / "tinydb.json"
    docs = {r.id: review_to_dict(r) for r in reviews}
    index = {rid: i + 1 for i, rid in enumerate(docs)}
    with TinyDB(path, storage=JSONStorage) as db:
        db.table("reviews").insert_multiple(docs.values())

    def load() -> None:
        with TinyDB(path, storage=JSONStorage) as db:
            db.table("reviews").all()

    load_ms = min(_timed(load) for _ in range(2))
    peak = _peak_mb(load)
    rng = random.Random(5)
    lat = []
    with TinyDB(path, storage=JSONStorage) as db:
        table = db.table("reviews")
        for i in range(saves):
            doc_id = index[rng.choice(list(docs))]
            lat.append(_timed(lambda d=doc_id, i=i: table.update({"title": f"t{i}"}, doc_ids=[d])))
    return {
        "save_p50_ms": statistics.median(lat),
        "save_p95_ms": _pct(lat, 0.95),
        "saves": saves,
        "load_ms": load_ms,
        "peak_mb": peak,
        "disk_mb": path.stat().st_size / 2**20,
    }


def run(quick: bool) -> dict[str, Any]:
    """Measure every size; returns ``{"sizes": {n: {"pmtui": {...}, "tinydb": {...}}}}``."""
    sizes = (100, 300) if quick else (100, 1_000, 10_000)
    out: dict[str, Any] = {"sizes": {}, "targets_ms": TARGETS_MS}
    root = Path(tempfile.mkdtemp(prefix="pmtui-bench-store-"))
    try:
        for n in sizes:
            reviews = _reviews(n)
            saves = 20 if quick else (100 if n <= 1_000 else 60)
            stock_saves = saves if n <= 1_000 else 3
            here = root / str(n)
            here.mkdir()
            mine = _bench_pmtui(here, reviews, saves)
            safe = _bench_pmtui(here, reviews, saves, check="generation")
            stock = _bench_tinydb(here, reviews, stock_saves)
            target = TARGETS_MS.get(n)
            out["sizes"][n] = {
                "pmtui": mine,
                "generation": safe,
                "tinydb": stock,
                "target_p95_ms": target,
                "meets_target": None if target is None else mine["save_p95_ms"] <= target,
            }
            shutil.rmtree(here)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    return out


def _print(result: dict[str, Any]) -> None:
    cols = ("save p50", "save p95", "load", "peak mem")
    print(f"{'reviews':>8} {'store':<10} " + " ".join(f"{c:>9}" for c in cols) + f" {'on disk':>8}")
    for n, row in result["sizes"].items():
        for name in ("pmtui", "generation", "tinydb"):
            m = row[name]
            print(
                f"{n:>8,} {name:<10} {m['save_p50_ms']:>7.1f}ms {m['save_p95_ms']:>7.1f}ms "
                f"{m['load_ms']:>7.1f}ms {m['peak_mb']:>7.1f}MB {m['disk_mb']:>6.1f}MB"
                + (f"  ({m['saves']} saves)" if name == "tinydb" and m["saves"] < 10 else "")
            )
        if row["target_p95_ms"] is not None:
            verdict = "meets" if row["meets_target"] else "MISSES"
            print(f"{'':>8} pmtui {verdict} the {row['target_p95_ms']:.0f} ms p95 target")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Store save latency, load time and memory.")
    parser.add_argument("--quick", action="store_true", help="small sizes, a few seconds")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    result = run(args.quick)
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        _print(result)
    return 0 if all(row["meets_target"] is not False for row in result["sizes"].values()) else 1


if __name__ == "__main__":
    sys.exit(main())
