"""How fast practice health and the insights view answer on a big store, beside the old way.

- the old insights view: every review read whole and its figures computed
  (what the view did before the index kept the health numbers; about 10 s
  at 10,000 reviews), in a fresh process;
- the insights view from the index: its work when it summed the index's
  health numbers (the index's summaries, the incidents, the health figures
  of six months and the other figures), in a fresh process;
- the insights view now: the charts' work, from the sums per month kept
  beside the index (``pmtui.health``) and the incidents, in a fresh
  process; and the same when the sums must be summed again (the first
  look after a change to causes, or on a store that never had them);
- ``pmtui health --json``: the whole command, spawn to exit, with the kept
  sums and without them, beside ``pmtui --version`` (the import floor);
- the insights view in a real terminal: ``pmtui`` at 80x24 in tmux, from
  the key ``i`` until the chart's sentence is painted, with the kept sums
  and without them;
- a save of one review's title, with the sums kept up to date by it
  and with no sums kept (what keeping them costs a save).

10,000 realistic reviews (``pmtui.devtools.synth``) and 1,000 incidents
(``--quick``: 1,000 reviews, 100 incidents). Target: under 1 s for the view
and for the command.

    python benchmarks/health.py [--quick] [--json]
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from common import child_env, main, stats, timed_runs

TARGET_MS = 1000.0

OLD_VIEW = """
import sys, time
from datetime import date
from pmtui.domain.insights import compute
from pmtui.domain.policy import DEFAULT_POLICY
from pmtui.domain.summary import ReviewSummary
from pmtui.store.repository import Store
start, cpu = time.perf_counter(), time.process_time()
store = Store(sys.argv[1])
today = date.today()
statuses = store.incident_lists().statuses(DEFAULT_POLICY, today)
rows = [ReviewSummary.from_review(r) for r in store.reviews()]
compute(rows, today, incidents=statuses)
print((time.perf_counter() - start) * 1000, (time.process_time() - cpu) * 1000)
"""
"""The old view's work: every review read whole, then its figures (from those reviews)."""

INDEX_VIEW = """
import sys, time
from datetime import date
from pmtui.domain.health import compute as health, since_month
from pmtui.domain.insights import cause_groups, compute
from pmtui.domain.policy import DEFAULT_POLICY
from pmtui.store.health import indexed
from pmtui.store.repository import Store
start, cpu = time.perf_counter(), time.process_time()
store = Store(sys.argv[1])
today = date.today()
rows = indexed(store)
statuses = store.incident_lists().statuses(DEFAULT_POLICY, today)
held = sorted(rows, key=lambda r: (r.created.replace(tzinfo=None), r.id))
groups = cause_groups(held)
health(held, statuses, today, first_month=since_month(today, "6m"), groups=groups)
compute(held, today, incidents=statuses, groups=groups)
print((time.perf_counter() - start) * 1000, (time.process_time() - cpu) * 1000)
"""
"""What the insights view's worker ran before the kept sums: the index and the incidents file.
Each script prints its wall-clock and CPU milliseconds: on a machine shared with
other work the CPU time is what the same work costs on an idle one."""

SUMS_VIEW = """
import sys, time
from datetime import date
from pmtui.domain.health import figures, since_month
from pmtui.domain.policy import DEFAULT_POLICY
from pmtui.store.health import kept_sums
from pmtui.store.repository import Store
start, cpu = time.perf_counter(), time.process_time()
store = Store(sys.argv[1])
today = date.today()
statuses = store.incident_lists().statuses(DEFAULT_POLICY, today)
figures(kept_sums(store), statuses, today, first_month=since_month(today, "6m"))
print((time.perf_counter() - start) * 1000, (time.process_time() - cpu) * 1000)
"""
"""What the insights view's worker runs now before the chart: the kept sums and the incidents
(the index is read, and the file written again, only when the file does not hold)."""

SAVE = """
import statistics, sys, time
from pmtui.store.repository import Store
store = Store(sys.argv[1])
rid = store.summaries()[0].id
runs = []
for i in range(5):
    start = time.perf_counter()
    store.update(rid, lambda r: setattr(r, "title", f"renamed {i}"))
    runs.append((time.perf_counter() - start) * 1000)
print(statistics.median(runs), 0)
"""
"""Five saves of one review's title in one process: the median."""


def _no_sums(store: Path) -> None:
    """Take the sums away: the next look sums the index (and writes them again)."""
    shutil.rmtree(store.with_name(store.stem + ".health"), ignore_errors=True)


def _in_process(
    script: str, store: Path, env: dict[str, str], repeat: int, *, cold: bool = False
) -> dict[str, Any]:
    """``script``'s own figures in a fresh process; ``cold``: with no kept sums each time."""
    runs, cpu = [], []
    for _ in range(repeat):
        if cold:
            _no_sums(store)
        done = subprocess.run(
            [sys.executable, "-c", script, str(store)],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        wall, used = done.stdout.strip().splitlines()[-1].split()
        runs.append(float(wall))
        cpu.append(float(used))
    return {**stats(runs), "cpu_median_ms": round(statistics.median(cpu), 1)}


def _in_tmux(
    store: Path, env: dict[str, str], repeat: int, *, cold: bool = False
) -> dict[str, float] | None:
    """From the key ``i`` to the chart's sentence on screen, in tmux at 80x24."""
    tmux = shutil.which("tmux")
    if tmux is None:
        return None
    runs = []
    for n in range(repeat):
        if cold:
            _no_sums(store)
        sock = f"pmtui-bench-health-{os.getpid()}-{n}-{int(cold)}"
        base = [tmux, "-L", sock]
        cmd = " ".join([sys.executable, "-m", "pmtui", "--store", str(store)])
        subprocess.run(
            [*base, "new-session", "-d", "-x", "80", "-y", "24", cmd],
            env={**env, "TERM": "xterm-256color"},
            check=True,
        )
        try:
            _until(base, ("Carry-over", " reviews\n"), 60.0)  # the home screen, with its data
            start = time.perf_counter()
            subprocess.run([*base, "send-keys", "i"], check=True)
            _until(base, ("Blame or hindsight wording",), 30.0)
            runs.append((time.perf_counter() - start) * 1000)
        except TimeoutError as exc:
            print(f"health: the view in tmux was not measured ({exc})", file=sys.stderr)
            return None
        finally:
            subprocess.run([*base, "kill-server"], check=False, capture_output=True)
    return stats(runs)


def _until(base: list[str], texts: tuple[str, ...], timeout: float) -> None:
    """Until one of ``texts`` is on the screen."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        shown = subprocess.run(
            [*base, "capture-pane", "-p"], capture_output=True, text=True, check=False
        ).stdout
        if any(text in shown for text in texts):
            return
        time.sleep(0.01)
    raise TimeoutError(f"none of {texts!r} showed")


def _incidents(path: Path, n: int) -> None:
    from pmtui.domain.incidents import new_incident
    from pmtui.store.repository import Store

    store = Store(path, backup_every=timedelta(days=36500))
    now = datetime.now().replace(microsecond=0)
    for i in range(n):
        when = now - timedelta(hours=7 * i)
        store.add_incident(
            new_incident(
                f"incident {i}",
                now=when,
                author="ana",
                severity=f"SEV{1 + i % 5}",
                started=when.strftime("%Y-%m-%d %H:%M"),
            )
        )


def run(quick: bool) -> dict[str, Any]:
    from pmtui.devtools.synth import build_store

    reviews, incidents = (1_000, 100) if quick else (10_000, 1_000)
    repeat = 2 if quick else 5
    with tempfile.TemporaryDirectory(prefix="pmtui-bench-health-") as name:
        tmp = Path(name)
        env = child_env(tmp)
        store = tmp / "store" / "pmtui.json"
        build_store(store, reviews)
        _incidents(store, incidents)
        figures: dict[str, Any] = {"reviews": reviews, "incidents": incidents}
        figures["old_view"] = _in_process(OLD_VIEW, store, env, max(1, repeat // 2))
        figures["index_view"] = _in_process(INDEX_VIEW, store, env, repeat)
        figures["view_unsummed"] = _in_process(SUMS_VIEW, store, env, repeat, cold=True)
        figures["view"] = _in_process(SUMS_VIEW, store, env, repeat)
        pmtui = [sys.executable, "-m", "pmtui"]
        figures["version"] = timed_runs([*pmtui, "--version"], env, repeat, check=True)
        health = [*pmtui, "--store", str(store), "health", "--json"]
        figures["health_unsummed"] = timed_runs(
            health, env, repeat, check=True, before=lambda: _no_sums(store)
        )
        figures["health"] = timed_runs(health, env, repeat, check=True)
        figures["save_unsummed"] = _in_process(SAVE, store, env, 3, cold=True)
        _in_process(SUMS_VIEW, store, env, 1)  # writes the sums again
        figures["save"] = _in_process(SAVE, store, env, 3)
        terminal = 1 if quick else 3
        figures["view_in_terminal_unsummed"] = _in_tmux(store, env, terminal, cold=True)
        _in_process(SUMS_VIEW, store, env, 1)
        figures["view_in_terminal"] = _in_tmux(store, env, terminal)
        figures["target_ms"] = TARGET_MS
        figures["meets_target"] = (
            figures["view"]["median_ms"] <= TARGET_MS
            and figures["health"]["median_ms"] <= TARGET_MS
        )
        return figures


if __name__ == "__main__":
    main(__doc__, run, "a smaller store")
