"""What pmtui costs a person on the far end of an SSH link, beside a bare Textual app.

Every byte the app writes to its terminal crosses the link, so this section
counts them, in a real pseudo-terminal at 80x24 (``TERM=xterm-256color``,
``SSH_CONNECTION`` set as sshd sets it), with keys sent as a terminal sends
them. For pmtui at 1,000 and 10,000 reviews, and for the baseline, a bare
Textual app with one Input (``bare_input.py``), launched in turn so that
both see the same machine load:

- first screen: bytes written from the start until the first frame is
  painted (``PMTUI_READY_LOG``) and the terminal has been quiet for 0.5 s;
- typing: the home screen's ``enter`` opens the newest review at its Frame
  stage, ``enter`` puts the cursor in its title, then 20 characters are typed
  0.3 s apart (an unhurried typist: every key's save is done before the
  next, and no cursor blinks between keys); bytes per typed character count
  everything written until 0.45 s after the last key (the saving and saved
  marks, not the bare Input's next blink); key-to-echo is the time from
  writing a key to the first byte written back;
- idle: bytes written and CPU used (``/proc/<pid>/stat``, all threads) over
  10 s starting 2 s after the last key, the cursor in the title field;
- memory: resident set (``VmRSS``) with the review open, after the idle;
  then ``escape`` leaves the title and ``3`` opens the review's Causes, a stage
  that shows the coach's hints (its model and word lists read, the stepper's
  hints counted), and after 3 s the resident set again (``rss_causes_kib``).

Medians over the repetitions, with min-max; ratios are of medians. With
``PMTUI_BENCH_BEFORE`` naming a checkout of an older pmtui (its
``PYTHONPATH``), that pmtui is launched too, in turn with this one on the same
stores, and its figures are under ``before``.
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import json
import os
import pty
import select
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
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from quick_path import child_env  # noqa: E402  (same bytecode-cache rules for both)

ROWS, COLS = 24, 80
TYPED = "the scheduler retrie"
"""20 characters, typed into the review's title (and into the bare Input)."""
CADENCE = 0.3
SETTLE = 0.45
IDLE_AFTER = 2.0
SSH_CONNECTION = "192.0.2.10 50522 192.0.2.20 22"
"""What sshd sets for a session (documentation addresses)."""
TICKS = os.sysconf("SC_CLK_TCK")
TIMEOUT = 60.0
COACH_SETTLE = 3.0
"""Seconds after the Causes stage opens for the coach to be read and the hints counted."""

BYTES_TARGET = 1.2
IDLE_CPU_TARGET_PCT = 0.3
RSS_TARGET_MIB = 100


class Terminal:
    """One command in a pseudo-terminal at 80x24, every byte it writes counted."""

    def __init__(self, argv: list[str], env: dict[str, str], cwd: str | None = None) -> None:
        self.ready = Path(env["PMTUI_READY_LOG"])
        self.master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLS, 0, 0))
        self.start = time.monotonic()
        self.proc = subprocess.Popen(
            argv,
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=env,
            cwd=cwd,
            close_fds=True,
            start_new_session=True,
        )
        os.close(slave)
        self.written = 0
        self.seen = b""

    def _read(self, timeout: float) -> bytes:
        if not select.select([self.master], [], [], max(timeout, 0))[0]:
            return b""
        try:
            chunk = os.read(self.master, 65536)
        except OSError:
            raise RuntimeError(f"the app ended: {self.seen[-400:]!r}") from None
        self.written += len(chunk)
        self.seen = (self.seen + chunk)[-200_000:]
        return chunk

    def pump(self, seconds: float) -> None:
        """Read (and count) everything written for ``seconds``."""
        end = time.monotonic() + seconds
        while (left := end - time.monotonic()) > 0:
            self._read(left)

    def quiet(self, for_s: float = 0.5, limit: float = TIMEOUT) -> None:
        """Read until nothing has been written for ``for_s`` seconds."""
        end = time.monotonic() + limit
        while self._read(for_s):
            if time.monotonic() > end:
                raise RuntimeError("the app never fell quiet")

    def wait_ready(self) -> float:
        """Read until the app logs its first frame; seconds since the start."""
        end = self.start + TIMEOUT
        while time.monotonic() < end:
            self._read(0.005)
            text = self.ready.read_text() if self.ready.exists() else ""
            if text.strip():
                return float(text.split()[1]) - self.start
            if self.proc.poll() is not None:
                raise RuntimeError(f"exited with {self.proc.returncode}: {self.seen[-400:]!r}")
        raise RuntimeError("no first frame")

    def wait_for(self, text: bytes, limit: float = TIMEOUT) -> None:
        self.seen = b""
        end = time.monotonic() + limit
        while text not in self.seen:
            if time.monotonic() > end:
                raise RuntimeError(f"never showed {text!r}: {self.seen[-400:]!r}")
            self._read(0.05)

    def key(self, data: bytes) -> float:
        """Send ``data`` as typed; seconds until the app writes its first byte back."""
        sent = time.monotonic()
        os.write(self.master, data)
        while not self._read(5.0):
            if time.monotonic() - sent > 5.0:
                raise RuntimeError(f"no echo of {data!r}")
        return time.monotonic() - sent

    def cpu_seconds(self) -> float:
        fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / TICKS

    def rss_kib(self) -> int:
        for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
        return 0

    def close(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGTERM)
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()
        os.close(self.master)


def session(
    argv: list[str], env: dict[str, str], opens_review: bool, idle_s: float, cwd: str | None = None
) -> dict:
    """One launch: first screen, typing, idle and memory, as described above."""
    term = Terminal(argv, env, cwd)
    try:
        first_frame_s = term.wait_ready()
        term.quiet()
        first_screen = term.written
        if opens_review:
            term.key(b"\r")
            term.wait_for(b"Frame")
            term.quiet()
            term.key(b"\r")
            term.quiet()
        before = term.written
        echoes = []
        for ch in TYPED:
            echoes.append(term.key(ch.encode()))
            term.pump(CADENCE - echoes[-1])
        term.pump(SETTLE)
        typed_bytes = term.written - before
        term.pump(IDLE_AFTER - SETTLE)
        before, cpu, start = term.written, term.cpu_seconds(), time.monotonic()
        term.pump(idle_s)
        took = time.monotonic() - start
        idle_bytes = term.written - before
        idle_cpu = 100 * (term.cpu_seconds() - cpu) / took
        out = {
            "first_frame_s": first_frame_s,
            "first_screen_bytes": first_screen,
            "bytes_per_char": typed_bytes / len(TYPED),
            "echo_ms": statistics.median(echoes) * 1000,
            "idle_bytes": idle_bytes * 10 / idle_s,
            "idle_cpu_pct": idle_cpu,
            "rss_kib": term.rss_kib(),
        }
        if opens_review:
            term.key(b"\x1b")  # out of the title
            term.quiet()
            term.key(b"3")
            term.wait_for(b"Causes")
            term.pump(COACH_SETTLE)
            term.quiet()
            out["rss_causes_kib"] = term.rss_kib()
        return out
    finally:
        term.close()


def _median(runs: list[dict], key: str) -> dict[str, float]:
    values = [r[key] for r in runs]
    return {"median": statistics.median(values), "min": min(values), "max": max(values)}


def _summary(runs: list[dict]) -> dict[str, dict[str, float]]:
    return {key: _median(runs, key) for key in runs[0]}


def run(quick: bool = False) -> dict[str, Any]:
    from pmtui.devtools.synth import build_store

    sizes = (100,) if quick else (1_000, 10_000)
    reps = 1 if quick else 3
    idle_s = 2.0 if quick else 10.0
    out: dict[str, Any] = {"idle_seconds": idle_s, "repetitions": reps, "sizes": {}}
    tmp = Path(tempfile.mkdtemp(prefix="pmtui-bench-ssh-"))
    try:
        base = child_env(tmp / "pycache")
        for key in ("NO_COLOR", "TMUX", "PMTUI_STORE", "PMTUI_BLINK"):
            base.pop(key, None)
        base.update(
            {
                "HOME": str(tmp / "home"),
                "PMTUI_CONFIG_DIR": str(tmp / "config"),
                "XDG_DATA_HOME": str(tmp / "data"),
                "SSH_CONNECTION": SSH_CONNECTION,
                "COLUMNS": str(COLS),
                "LINES": str(ROWS),
            }
        )

        def launch(argv: list[str], opens_review: bool, n: int) -> dict:
            env = {**base, "PMTUI_READY_LOG": str(tmp / f"ready-{time.monotonic_ns()}")}
            return session(argv, env, opens_review, idle_s)

        older = os.environ.get("PMTUI_BENCH_BEFORE")

        def launch_before(argv: list[str], n: int) -> dict:
            # Started in the older tree: ``-m`` puts the working directory first on the
            # path, before PYTHONPATH (from this checkout it would run this pmtui).
            env = {**base, "PMTUI_READY_LOG": str(tmp / f"ready-{time.monotonic_ns()}")}
            env.update(PYTHONPATH=str(older), PYTHONPYCACHEPREFIX=str(tmp / "pycache-before"))
            return session(argv, env, True, idle_s, cwd=older)

        bare = [sys.executable, str(HERE / "bare_input.py")]
        launch(bare, False, 0)  # warm the file cache and compile the bytecode
        bare_runs: list[dict] = []
        if older:
            out["before"] = {"checkout": older, "sizes": {}}
        for n in sizes:
            store = tmp / f"s{n}" / "pmtui.json"
            build_store(store, n)
            app = [sys.executable, "-m", "pmtui", "--store", str(store), "--as", "ana"]
            launch(app, True, n)
            if older:
                launch_before(app, n)
            runs = []
            before_runs = []
            for _ in range(reps):  # interleaved, so both see the same load
                bare_runs.append(launch(bare, False, 0))
                runs.append(launch(app, True, n))
                if older:
                    before_runs.append(launch_before(app, n))
            out["sizes"][str(n)] = _summary(runs)
            if older:
                out["before"]["sizes"][str(n)] = _summary(before_runs)
        out["bare"] = _summary(bare_runs)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    bare_fig = out["bare"]
    for fig in out["sizes"].values():
        fig["first_screen_ratio"] = (
            fig["first_screen_bytes"]["median"] / bare_fig["first_screen_bytes"]["median"]
        )
        fig["bytes_per_char_ratio"] = (
            fig["bytes_per_char"]["median"] / bare_fig["bytes_per_char"]["median"]
        )
    out["load"] = os.getloadavg()
    return out


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true")
    print(json.dumps(run(parser.parse_args().quick), indent=2))
