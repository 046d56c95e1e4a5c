"""What open apps cost while nothing changes, and how fast a save reaches all of them.

A team keeps pmtui open in several terminals on one host, all day. Each app
watches the store (file notifications, or a one-second check where there
are none), so the figures that matter are the CPU an app uses idle, with 1
and with 10 apps open on one review, and the time from a save by someone
else until every open app shows it. The baseline is a bare Textual app,
idle in the same way.

Every app runs in its own tmux window at 80x24, as a person would have it.
CPU is read from ``/proc/<pid>/stat`` over the idle period, per app. The
apps sit on the review's Facts stage (a table has the focus, so no cursor
blinks); ``frame`` is measured too, where the title field's cursor blinks for ten
seconds after the last key and then stays still.
``PMTUI_WATCH=poll`` measures the fallback without notifications.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import timedelta
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
BLINK_FOR = 10.0
"""pmtui.tui.app.BLINK_FOR: how long a cursor blinks after the last key."""
TICKS = os.sysconf("SC_CLK_TCK")


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


class Windows:
    """Commands in tmux windows of one private server, each at 80x24."""

    def __init__(self) -> None:
        self.socket = f"pmtui-idle-{uuid.uuid4().hex[:8]}"
        self.windows: list[str] = []

    def tmux(self, *args: str) -> str:
        done = subprocess.run(
            ["tmux", "-L", self.socket, "-f", "/dev/null", *args],
            capture_output=True,
            text=True,
            check=False,
        )
        return done.stdout

    def open(self, command: str) -> None:
        if not self.windows:
            self.tmux("new-session", "-d", "-x", "80", "-y", "24", command)
        else:
            self.tmux("new-window", "-t", "0:", command)
        self.windows = self.tmux("list-windows", "-F", "#{window_index}").split()

    def pids(self) -> list[int]:
        return [int(p) for p in self.tmux("list-panes", "-a", "-F", "#{pane_pid}").split()]

    def keys(self, *keys: str) -> None:
        for window in self.windows:
            self.tmux("send-keys", "-t", f"0:{window}", *keys)

    def screens(self) -> list[str]:
        return [self.tmux("capture-pane", "-p", "-t", f"0:{w}") for w in self.windows]

    def wait(self, check: Any, timeout: float = 60) -> float:
        start = time.monotonic()
        while not all(check(s) for s in self.screens()):
            if time.monotonic() - start > timeout:
                raise TimeoutError("the apps did not show what was expected")
            time.sleep(0.01)
        return time.monotonic() - start

    def close(self) -> None:
        self.tmux("kill-server")


def _env(tmp: Path, **extra: str) -> str:
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp),
        "TERM": "xterm-256color",
        "LANG": "C.UTF-8",
        "PMTUI_CONFIG_DIR": str(tmp / "config"),
        "XDG_DATA_HOME": str(tmp / "data"),
        # A run measuring another checkout (PYTHONPATH) measures it in every window too.
        **({"PYTHONPATH": os.environ["PYTHONPATH"]} if "PYTHONPATH" in os.environ else {}),
        **extra,
    }
    return " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items())


def _idle(pids: list[int], seconds: float) -> list[float]:
    """Per process, the share of one core used over ``seconds``, in percent."""
    before = [_cpu_seconds(p) for p in pids]
    start = time.monotonic()
    time.sleep(seconds)
    took = time.monotonic() - start
    return [100 * (_cpu_seconds(p) - b) / took for p, b in zip(pids, before, strict=True)]


def _figures(values: list[float]) -> dict[str, float]:
    return {
        "median_pct": statistics.median(values),
        "max_pct": max(values),
        "total_pct": sum(values),
    }


def measure_pmtui(apps: int, seconds: float, saves: int, watch: str = "") -> dict[str, Any]:
    from pmtui.domain.model import Review
    from pmtui.store.repository import Store

    tmp = Path(tempfile.mkdtemp(prefix="pmtui-idle-"))
    windows = Windows()
    try:
        store = Store(tmp / "store" / "pmtui.json", backup_every=timedelta(days=36500))
        review = store.add(Review(title="idle check", template="postmortem", facilitator="ana"))
        extra = {"PMTUI_WATCH": watch} if watch else {}
        for i in range(apps):
            argv = [sys.executable, "-m", "pmtui", "--store", str(tmp / "store"), "--as", f"u{i}"]
            windows.open(f"exec env -i {_env(tmp, **extra)} {shlex.join(argv)}")
        windows.wait(lambda s: "idle check" in s)
        time.sleep(2.0)  # the app has finished starting (the rest of the list, the collector)
        pids = windows.pids()
        home = _idle(pids, seconds)
        windows.keys("Enter")
        windows.wait(lambda s: "Frame" in s and "Home" in s)
        time.sleep(1.0)
        windows.keys("Enter")  # into the title, where the cursor blinks
        time.sleep(1.0)
        frame_typing = _idle(pids, min(seconds, 5.0))  # the cursor blinks after a key
        time.sleep(BLINK_FOR)
        frame = _idle(pids, seconds)
        windows.keys("C-n")
        windows.wait(lambda s: "No facts yet" in s)
        time.sleep(1.0)
        facts = _idle(pids, seconds)
        latencies = []
        for n in range(saves):
            title = f"idle check {n}"
            store.update(review.id, lambda r, t=title: setattr(r, "title", t))
            latencies.append(windows.wait(lambda s, t=title: t in s, timeout=20))
            time.sleep(0.3)
        return {
            "apps": apps,
            "seconds": seconds,
            "home": _figures(home),
            "review_frame_blinking": _figures(frame_typing),
            "review_frame": _figures(frame),
            "review_facts": _figures(facts),
            "save_to_all_median_s": statistics.median(latencies),
            "save_to_all_max_s": max(latencies),
        }
    finally:
        windows.close()
        shutil.rmtree(tmp, ignore_errors=True)


def measure_bare(seconds: float) -> dict[str, float]:
    windows = Windows()
    tmp = Path(tempfile.mkdtemp(prefix="pmtui-idle-"))
    try:
        argv = [sys.executable, str(HERE / "bare_app.py"), "34"]
        windows.open(f"exec env -i {_env(tmp)} {shlex.join(argv)}")
        windows.wait(lambda s: "widget 0" in s)
        time.sleep(1.0)
        return _figures(_idle(windows.pids(), seconds))
    finally:
        windows.close()
        shutil.rmtree(tmp, ignore_errors=True)


def run(quick: bool = False) -> dict[str, Any]:
    if shutil.which("tmux") is None:
        return {"skipped": "needs tmux"}
    seconds = 3.0 if quick else 20.0
    saves = 2 if quick else 7
    out: dict[str, Any] = {"bare": measure_bare(seconds)}
    for apps in (1, 3) if quick else (1, 10):
        out[f"apps_{apps}"] = measure_pmtui(apps, seconds, saves)
    if not quick:
        out["apps_10_polling"] = measure_pmtui(10, seconds, saves, watch="poll")
    return out


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true")
    print(json.dumps(run(parser.parse_args().quick), indent=2))
