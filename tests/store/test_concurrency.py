"""Several processes writing one store at once: every write lands, none twice."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time
from pathlib import Path

from pmtui.store.repository import Store
from tests.store.helpers import make_review

ROOT = Path(__file__).resolve().parents[2]

WRITER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    sys.path.insert(0, {root!r})
    from tests.store.helpers import make_review
    from pmtui.store.repository import Store

    path, start, who = Path(sys.argv[1]), float(sys.argv[2]), sys.argv[3]
    count, target = int(sys.argv[4]), sys.argv[5]
    store = Store(path, lock_timeout=60)
    while time.time() < start:
        time.sleep(0.001)
    for i in range(count):
        if target == "-":
            store.add(make_review(f"{{who}}-{{i}}", commitments=1))
        else:
            store.update(target, lambda r: r.tags.append(f"{{who}}-{{i}}"))
    """
)


def _run_writers(path: Path, n: int, count: int, target: str = "-") -> None:
    code = WRITER.format(root=str(ROOT))
    start = time.time() + 1.0  # every writer is up before the first write
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", code, str(path), str(start), f"p{w}", str(count), target],
            stderr=subprocess.PIPE,
        )
        for w in range(n)
    ]
    for p in procs:
        _out, err = p.communicate(timeout=120)
        assert p.returncode == 0, err.decode()


def test_eight_processes_hundred_adds_each(tmp_path: Path) -> None:
    path = tmp_path / "pmtui.json"
    _run_writers(path, 8, 100)
    store = Store(path)
    summaries = store.summaries()
    assert len(summaries) == 800
    assert len({s.id for s in summaries}) == 800
    titles = {s.title for s in summaries}
    assert titles == {f"p{w}-{i}" for w in range(8) for i in range(100)}
    whole = list(store.reviews())
    assert len(whole) == 800 and len({r.id for r in whole}) == 800
    assert len(store.open_commitments()) == 800


def test_concurrent_updates_of_one_review_all_merge(tmp_path: Path) -> None:
    path = tmp_path / "pmtui.json"
    r = Store(path).add(make_review())
    _run_writers(path, 4, 25, target=r.id)
    got = Store(path).get(r.id)
    assert sorted(got.tags) == sorted(
        ["payments"] + [f"p{w}-{i}" for w in range(4) for i in range(25)]
    )
    assert got.rev == 101
