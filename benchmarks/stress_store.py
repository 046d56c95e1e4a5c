"""Kill -9 a store writer at random moments and check that nothing acknowledged is lost.

Each round forks a writer that adds, updates and deletes reviews, reporting
each change on a pipe only after the store call returned. The round ends with
SIGKILL after a random delay. Then a fresh Store must open, every store file
must parse, the index must agree with the shards, and every acknowledged
change must be there.

    python benchmarks/stress_store.py              # 1,000 kills, realistic reviews
    python benchmarks/stress_store.py --kills 200 --seed 7 --dir /tmp/stress

``tests/store/test_crash.py`` runs the same rounds (200 of them when
``PMTUI_CI_STRESS=1``).
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import orjson

from pmtui.domain.model import Review
from pmtui.store.repository import Store

MakeReview = Callable[[random.Random], Review]


@dataclass
class Ledger:
    """What writers acknowledged: the parent's view of what must be on disk."""

    added: set[str] = field(default_factory=set)
    deleted: set[str] = field(default_factory=set)
    doomed: set[str] = field(default_factory=set)
    """Deletes announced but not acknowledged: the review may or may not be there."""
    titles: dict[str, int] = field(default_factory=dict)
    """Review id -> the highest acknowledged ``vN`` title number."""
    acks: int = 0

    def alive(self) -> list[str]:
        return sorted(self.added - self.deleted - self.doomed)

    def take(self, line: str) -> None:
        op, rid, *rest = line.split()
        if op == "D":
            self.doomed.add(rid)
            return
        self.acks += 1
        if op == "a":
            self.added.add(rid)
        elif op == "d":
            self.deleted.add(rid)
        elif op == "u":
            self.titles[rid] = max(self.titles.get(rid, 0), int(rest[0]))


def _writer(
    path: Path, out: int, rng: random.Random, alive: list[str], base: int, make: MakeReview
) -> None:
    store = Store(path)
    n = base
    while True:
        roll = rng.random()
        if roll < 0.6 or not alive:
            review = store.add(make(rng))
            alive.append(review.id)
            line = f"a {review.id}"
        elif roll < 0.9:
            rid = rng.choice(alive)
            n += 1
            title = f"v{n}"
            store.update(rid, lambda r, t=title: setattr(r, "title", t))
            line = f"u {rid} {n}"
        else:
            rid = alive.pop(rng.randrange(len(alive)))
            os.write(out, f"D {rid}\n".encode())
            store.delete(rid)
            line = f"d {rid}"
        os.write(out, (line + "\n").encode())


def _one_round(
    path: Path, ledger: Ledger, rng: random.Random, base: int, max_delay: float, make: MakeReview
) -> None:
    r, w = os.pipe()
    child_rng = random.Random(rng.getrandbits(64))
    alive = ledger.alive()
    pid = os.fork()
    if pid == 0:  # the writer; it only ever ends by SIGKILL (or a crash, exit 70)
        try:
            os.close(r)
            _writer(path, w, child_rng, alive, base, make)
        finally:
            os._exit(70)
    os.close(w)
    chunks = []
    # Half the rounds time the kill from the fork, so it can land while the store
    # opens and mends what the last kill left; half from the writer's first
    # acknowledged write, so that on a slow or busy machine, where one save can
    # take longer than max_delay, rounds still kill in the middle of later saves.
    if rng.random() < 0.5:
        chunks.append(_first_ack(r))
    time.sleep(rng.uniform(0, max_delay))
    os.kill(pid, signal.SIGKILL)
    _, status = os.waitpid(pid, 0)
    while chunk := os.read(r, 1 << 16):
        chunks.append(chunk)
    os.close(r)
    if not (os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL):
        raise AssertionError(f"the writer died by itself (status {status}) before it was killed")
    text = b"".join(chunks).decode()
    for line in text.split("\n")[:-1]:  # a torn last line was never acknowledged
        ledger.take(line)


def _first_ack(r: int) -> bytes:
    """Read the writer's lines up to and including its first acknowledged write."""
    seen = b""
    while True:
        chunk = os.read(r, 1 << 16)
        if not chunk:
            raise AssertionError(f"the writer stopped before its first write: {seen!r}")
        seen += chunk
        if any(line[:1] in (b"a", b"u", b"d") for line in seen.split(b"\n")[:-1]):
            return seen


def check(path: Path, ledger: Ledger) -> int:
    """Open the store fresh and check everything acknowledged is there; returns the count."""
    for p in [path, *path.parent.joinpath(f"{path.stem}.reviews").glob("*.json")]:
        if p.exists() and not p.name.startswith("."):
            assert isinstance(orjson.loads(p.read_bytes()), dict), f"{p} does not parse"
    store = Store(path)
    summaries = {s.id: s.title for s in store.summaries()}
    for rid in ledger.added - ledger.deleted - ledger.doomed:
        assert rid in summaries, f"acknowledged review {rid} is missing"
    for rid in ledger.deleted:
        assert rid not in summaries, f"acknowledged delete of {rid} is undone"
    for rid, n in ledger.titles.items():
        if rid in ledger.deleted or rid in ledger.doomed:
            continue
        title = summaries[rid]
        assert title.startswith("v") and int(title[1:]) >= n, f"{rid}: update v{n} lost ({title})"
    return len(summaries)


def check_whole(path: Path) -> None:
    """The index and the open commitments agree with the shards (slower: reads every review)."""
    store = Store(path)
    reviews = list(store.reviews())
    assert {r.id: r.title for r in reviews} == {s.id: s.title for s in store.summaries()}
    opened = {c.id for r in reviews for c in r.commitments if c.is_open}
    assert {c.id for c in Store(path).open_commitments()} == opened


def run_kills(
    path: Path,
    kills: int,
    *,
    seed: int = 0,
    max_delay: float = 0.03,
    make: MakeReview | None = None,
    whole_every: int = 50,
    report: Callable[[int, Ledger, int], None] | None = None,
) -> Ledger:
    """Run ``kills`` kill rounds on the store at ``path``; raises AssertionError on a loss."""
    if make is None:
        from pmtui.devtools.synth import make_review

        make = make_review
    rng = random.Random(seed)
    ledger = Ledger()
    for i in range(kills):
        _one_round(path, ledger, rng, base=(i + 1) * 1_000_000, max_delay=max_delay, make=make)
        count = check(path, ledger)
        if (i + 1) % whole_every == 0 or i + 1 == kills:
            check_whole(path)
        if report is not None:
            report(i + 1, ledger, count)
    return ledger


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kills", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--max-delay", type=float, default=0.03, help="seconds before the kill")
    parser.add_argument("--dir", type=Path, help="where to put the store (default: a temp dir)")
    args = parser.parse_args(argv)
    root = args.dir or Path(tempfile.mkdtemp(prefix="pmtui-stress-"))
    path = root / "pmtui.json"
    started = time.monotonic()

    def report(done: int, ledger: Ledger, count: int) -> None:
        if done % 50 == 0 or done == args.kills:
            print(
                f"{done:5d} kills  {ledger.acks:6d} acknowledged writes  {count:5d} reviews  "
                f"{time.monotonic() - started:6.1f} s",
                flush=True,
            )

    ledger = run_kills(path, args.kills, seed=args.seed, max_delay=args.max_delay, report=report)
    print(f"ok: {args.kills} kills, {ledger.acks} acknowledged writes, none lost; store in {root}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
