"""Filesystems whose file signatures cannot be trusted, and writers that count their saves.

``coarse_signatures()`` makes every file look as it does on many NFS servers
and FUSE filesystems: a modification time in whole seconds and one inode
number for every file (a new file reuses the number of the one it replaced).
It patches the one place pmtui reads a signature from, so the store's
detection of the filesystem sees the same thing.

Run as ``python -m tests.store.coarse STORE REVIEW_ID SAVES CHECK COARSE GO``
it is one writer process: it says "ready", waits for the file GO, bumps the counter in the
review's title SAVES times, and prints how many saves were acknowledged.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

from pmtui.domain.model import Review
from pmtui.store import atomic
from pmtui.store.repository import Store
from tests.store.helpers import make_review

SECOND = 1_000_000_000
ROOT = Path(__file__).resolve().parents[2]


def _coarse(st: os.stat_result) -> atomic.Signature:
    return (1, st.st_size, st.st_mtime_ns // SECOND * SECOND)


@contextmanager
def coarse_signatures() -> Iterator[None]:
    real = atomic.signature_of
    atomic.signature_of = _coarse
    try:
        yield
    finally:
        atomic.signature_of = real


def counter_title(n: int) -> str:
    """Every count has the same width, so every save keeps the files' sizes."""
    return f"counter {n:06d}"


def count(review: Review) -> int:
    return int(review.title.split()[-1])


def bump(store: Store, review_id: str) -> None:
    store.update(review_id, lambda r: setattr(r, "title", counter_title(count(r) + 1)))


def open_store(path: Path, check: str | None) -> Store:
    # No daily backup in the middle of the race: it would only slow a writer down.
    return Store(path, check=check, backup_every=timedelta(days=36500))


def counted_review(path: Path) -> str:
    """A review whose title counts saves, past revision 10 so sizes stay put for a while."""
    store = open_store(path, None)
    review = store.add(make_review(counter_title(0)))
    for _ in range(10):
        bump(store, review.id)
    return review.id


def race(path: Path, rid: str, check: str | None, saves: int, coarse: bool) -> tuple[int, int]:
    """Two writer processes bump the counter at once; (acknowledged, stored)."""
    go = path.parent / "go"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    procs = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tests.store.coarse",
                str(path),
                rid,
                str(saves),
                check or "",
                "coarse" if coarse else "fine",
                str(go),
            ],
            stdout=subprocess.PIPE,
            text=True,
            cwd=ROOT,
            env=env,
        )
        for _ in range(2)
    ]
    for proc in procs:
        assert proc.stdout is not None and proc.stdout.readline() == "ready\n"
    go.touch()
    acknowledged = 10
    for proc in procs:
        out, _err = proc.communicate(timeout=300)
        assert proc.returncode == 0
        acknowledged += int(out.split()[-1])
    go.unlink()
    return acknowledged, count(Store(path).get(rid))


def _writer(path: Path, review_id: str, saves: int, check: str | None, go: Path) -> int:
    store = open_store(path, check)
    store.get(review_id)  # a long-lived process: it has the store read before it starts
    print("ready", flush=True)
    deadline = time.monotonic() + 60
    while not go.exists():
        if time.monotonic() > deadline:
            raise SystemExit("no start signal")
        time.sleep(0.001)
    acknowledged = 0
    for _ in range(saves):
        bump(store, review_id)
        acknowledged += 1
        time.sleep(0.002)  # a person's next edit: the other writer gets the lock in between
    return acknowledged


def main(argv: list[str]) -> int:
    path, review_id, saves, check, coarse, go = argv
    if coarse == "coarse":
        atomic.signature_of = _coarse
    done = _writer(Path(path), review_id, int(saves), check or None, Path(go))
    print(done, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
