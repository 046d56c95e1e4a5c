"""First interactive frame and peak memory of the app, beside a bare Textual app.

Each launch runs in a pseudo-terminal (100x30, xterm-256color) with
``PMTUI_READY_LOG`` set; the time is from just before the process starts to
the ``ready`` line the app writes once its home screen is painted with its
data. Peak RSS is read from /proc before the app is stopped. The store has
been opened once before (long enough to leave its first-screen file), as it
has for anyone who used pmtui before. Each size is launched in turn with the
bare app and its ratio is against those bare launches (the machine's load
moves between sizes; the load is recorded beside each).
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import json
import os
import pty
import shutil
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from quick_path import child_env  # noqa: E402  (same bytecode-cache rules for both)

TIMEOUT = 60.0


def _launch(
    cmd: list[str], env_extra: dict[str, str], linger: float = 0.2, cwd: Path | None = None
) -> tuple[float, int, float]:
    """Start ``cmd`` in a pty with ``env_extra`` as its whole environment (plus the ready log).

    Returns the seconds to the ready line, the peak RSS in KiB and the CPU seconds the
    process had used at its first frame (all its threads): as the ready line gives it
    (``ready <monotonic> <CPU seconds>``), else read from /proc when the line was seen
    (10 ms steps; on a busy machine the line is seen late and that takes in work done
    after the frame). The CPU time moves far less with the machine's load than the wall.
    """
    with tempfile.TemporaryDirectory() as tmp:
        ready = Path(tmp) / "ready.log"
        env = {**env_extra, "PMTUI_READY_LOG": str(ready)}
        env.pop("NO_COLOR", None)
        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
        start = time.monotonic()
        proc = subprocess.Popen(
            cmd,
            cwd=cwd,
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=env,
            close_fds=True,
            start_new_session=True,
        )
        os.close(slave)
        os.set_blocking(master, False)
        peak = 0
        took = cpu = float("nan")
        try:
            deadline = start + TIMEOUT
            while time.monotonic() < deadline:
                with contextlib.suppress(BlockingIOError, OSError):
                    os.read(master, 65536)  # keep the pty drained so the app never blocks
                if ready.exists() and ready.read_text().strip():
                    cpu = _cpu_seconds(proc.pid)
                    fields = ready.read_text().split()
                    took = float(fields[1]) - start
                    if len(fields) > 2:  # the CPU time the process had used at its frame
                        cpu = float(fields[2])
                    break
                if proc.poll() is not None:
                    raise RuntimeError(
                        f"{cmd} exited with {proc.returncode} before its first frame"
                    )
                time.sleep(0.002)
            else:
                raise RuntimeError(f"{cmd} showed no first frame within {TIMEOUT:.0f} s")
            time.sleep(linger)
            peak = _peak_rss(proc.pid)
        finally:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
            os.close(master)
        return took, peak, cpu


def _cpu_seconds(pid: int) -> float:
    """User and system CPU time of process ``pid`` so far (threads that ended included)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return float("nan")
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _peak_rss(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _stats(values: list[float]) -> dict[str, float]:
    return {"median": statistics.median(values), "min": min(values), "max": max(values)}


def home_widget_count() -> int:
    """How many widgets pmtui's home screen mounts (the bare app gets the same)."""
    code = (
        "import asyncio, sys\n"
        "from pathlib import Path\n"
        "from pmtui.store.repository import Store\n"
        "from pmtui.tui.app import make_app\n"
        "async def main():\n"
        "    app = make_app(store=Store(Path(sys.argv[1])), clock=None, user='bench')\n"
        "    async with app.run_test(size=(100, 30)) as pilot:\n"
        "        await pilot.pause(0.5)\n"
        "        print(len(list(app.screen.walk_children())))\n"
        "asyncio.run(main())\n"
    )
    with tempfile.TemporaryDirectory() as tmp:
        out = subprocess.run(
            [sys.executable, "-c", code, str(Path(tmp) / "pmtui.json")],
            capture_output=True,
            text=True,
            timeout=120,
        )
    try:
        return int(out.stdout.strip().splitlines()[-1])
    except (ValueError, IndexError):
        return 6


def run(quick: bool = False, sizes: tuple[int, ...] | None = None) -> dict:
    from pmtui.devtools.synth import build_store

    sizes = sizes or ((0, 100) if quick else (0, 1_000, 10_000))
    reps = 2 if quick else 5
    widgets = home_widget_count()
    results: dict = {"widgets": widgets, "sizes": {}}
    with tempfile.TemporaryDirectory() as tmp:
        env = child_env(Path(tmp) / "pycache")
        bare = [sys.executable, str(HERE / "bare_app.py"), str(widgets)]
        _launch(bare, env)  # warm the file cache and compile the bytecode of both
        bare_times, bare_rss, bare_cpu = [], [], []
        for n in sizes:
            store = Path(tmp) / f"s{n}" / "pmtui.json"
            if n:
                build_store(store, n)
            app = [sys.executable, "-m", "pmtui", "--store", str(store)]
            # Open long enough to have read the whole list (and left its first-screen
            # file), as pmtui has been by anyone who used it before.
            _launch(app, env, linger=5.0)
            times, rss_all, cpu = [], [], []
            turn_times, turn_cpu = [], []
            load = os.getloadavg()[0]
            for _ in range(reps):  # interleaved, so both see the same machine load
                t, rss, used = _launch(bare, env)
                turn_times.append(t)
                bare_rss.append(rss)
                turn_cpu.append(used)
                t, rss, used = _launch(app, env)
                times.append(t)
                rss_all.append(rss)
                cpu.append(used)
            bare_times += turn_times
            bare_cpu += turn_cpu
            # Each size against the bare launches taken in turn with it: a machine whose
            # load moves between sizes moves both alike.
            results["sizes"][str(n)] = {
                "seconds": _stats(times),
                "peak_rss_kib": max(rss_all),
                "cpu_seconds": _stats(cpu),
                "bare_seconds": _stats(turn_times),
                "bare_cpu_seconds": _stats(turn_cpu),
                "ratio": statistics.median(times) / statistics.median(turn_times),
                "cpu_ratio": statistics.median(cpu) / statistics.median(turn_cpu),
                "load": [round(load, 2), round(os.getloadavg()[0], 2)],
            }
        results["bare"] = {
            "seconds": _stats(bare_times),
            "peak_rss_kib": max(bare_rss),
            "cpu_seconds": _stats(bare_cpu),
        }
    return results


def log_incidents(store: Path, count: int) -> None:
    """``count`` incidents logged in the store, as a team that logs them has: over the last
    weeks, every severity, one in three with its review started (the first one overdue)."""
    from datetime import datetime, timedelta

    from pmtui.domain.incidents import new_incident, review_from
    from pmtui.domain.kinds import Kind
    from pmtui.store.repository import Store

    opened = Store(store, backup_every=timedelta(days=36500))
    now = datetime.now().replace(microsecond=0)
    for i in range(count):
        when = now - timedelta(days=9 + 2 * i)
        logged = opened.add_incident(
            new_incident(
                f"incident {i}",
                now=when,
                author="ana",
                severity=f"SEV{3 - i % 3}",
                started=when.strftime("%Y-%m-%d %H:%M"),
            )
        )
        if i % 3 == 1:
            opened.review_incident(
                logged.id,
                lambda inc: review_from(inc, "postmortem", Kind.POSTMORTEM, now=now, user="ana"),
            )


def _case(name: str) -> tuple[int, int]:
    """``1000`` (reviews) or ``1000+3i`` (reviews, and incidents logged)."""
    reviews, _, incidents = name.partition("+")
    return int(reviews), int(incidents.rstrip("i") or 0)


def against(
    baseline: Path,
    sizes: tuple[str, ...] = ("1000", "10000"),
    reps: int = 9,
    stores: Path | None = None,
) -> dict:
    """This checkout, another pmtui source tree and the bare app, launch by launch.

    ``baseline`` is a source tree of another build (``git worktree add`` or
    ``git archive COMMIT | tar -x``); it is run with ``PYTHONPATH`` pointing
    at it, in the same interpreter, on a copy of the same store, alternating with this
    build and the bare app so that all three see the same machine load.
    With ``stores``, the stores are built there once and used again by later runs.
    A size ``1000+3i`` is a store of 1,000 reviews with 3 incidents logged
    (:func:`log_incidents`).
    """
    from pmtui.devtools.synth import build_store

    widgets = home_widget_count()
    results: dict = {"widgets": widgets, "baseline": str(baseline), "sizes": {}}
    with tempfile.TemporaryDirectory() as tmp:
        env = child_env(Path(tmp) / "pycache")
        base_env = {**env, "PYTHONPATH": str(baseline.resolve())}
        bare = [sys.executable, str(HERE / "bare_app.py"), str(widgets)]
        _launch(bare, env)
        for case in sizes:
            n, logged = _case(case)
            store = (stores or Path(tmp)) / f"s{case}" / "pmtui.json"
            if (n or logged) and not store.exists():
                if n:
                    build_store(store, n)
                log_incidents(store, logged)
            app = [sys.executable, "-m", "pmtui", "--store", str(store)]
            # Each build on its own copy of the store: their first-screen files may differ
            # in version, and each would make the other's unused.
            base_store = Path(tmp) / f"baseline-s{case}" / "pmtui.json"
            if store.parent.exists():
                shutil.copytree(store.parent, base_store.parent)
            base_app = [sys.executable, "-m", "pmtui", "--store", str(base_store)]
            # From the baseline's tree: ``-m`` puts the working directory first on the
            # path, before PYTHONPATH, so launched from this checkout it ran this build.
            _launch(base_app, base_env, linger=5.0, cwd=baseline)  # bytecode, the file
            _launch(app, env, linger=5.0)
            load_before = os.getloadavg()
            times: dict[str, list[float]] = {"bare": [], "baseline": [], "this": []}
            cpu: dict[str, list[float]] = {"bare": [], "baseline": [], "this": []}
            for _ in range(reps):
                for name, argv, build_env in (
                    ("bare", bare, env),
                    ("baseline", base_app, base_env),
                    ("this", app, env),
                ):
                    took, _, used = _launch(
                        argv, build_env, cwd=baseline if name == "baseline" else None
                    )
                    times[name].append(took)
                    cpu[name].append(used)
            fig: dict = {name: _stats(values) for name, values in times.items()}
            fig["cpu"] = {name: _stats(values) for name, values in cpu.items()}
            for name in ("baseline", "this"):
                fig["cpu"][name]["ratio"] = (
                    fig["cpu"][name]["median"] / fig["cpu"]["bare"]["median"]
                )
            bare_median = fig["bare"]["median"]
            for name in ("baseline", "this"):
                fig[name]["ratio"] = fig[name]["median"] / bare_median
            # Each launch of this build against the baseline's just before it: the
            # load changes slower than a launch, so the pairs cancel most of it.
            fig["this_vs_baseline"] = statistics.median(
                t / b for t, b in zip(times["this"], times["baseline"], strict=True)
            )
            fig["launches"] = {"seconds": times, "cpu_seconds": cpu}
            fig["load"] = {"start": load_before, "end": os.getloadavg()}
            results["sizes"][case] = fig
    results["load"] = os.getloadavg()
    return results


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument(
        "--against",
        type=Path,
        metavar="SRC",
        help="interleave with another pmtui source tree (a baseline commit's checkout)",
    )
    parser.add_argument("--reps", type=int, default=9)
    parser.add_argument("--stores", type=Path, metavar="DIR", help="keep the built stores here")
    parser.add_argument(
        "--sizes",
        nargs="+",
        default=["1000", "10000"],
        help="reviews in each store; 1000+3i: with 3 incidents logged (with --against)",
    )
    args = parser.parse_args()
    if args.against:
        print(
            json.dumps(against(args.against, tuple(args.sizes), args.reps, args.stores), indent=2)
        )
    else:
        print(json.dumps(run(args.quick), indent=2))
