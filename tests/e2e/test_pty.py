"""The installed ``pmtui`` command in a real pseudo-terminal: start, type a review, quit."""

from __future__ import annotations

import fcntl
import os
import pty
import struct
import subprocess
import sys
import termios
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from pmtui.store.repository import Store
from tests.e2e.terminal import pmtui_command

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal"),
]


def wait_until(predicate: Callable[[], object], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.1)


def test_type_a_quick_review_in_a_terminal(tmp_path: Path) -> None:
    store_path = tmp_path / "store" / "pmtui.json"
    ready = tmp_path / "ready.log"
    env = {
        **os.environ,
        "TERM": "xterm-256color",
        "PMTUI_CONFIG_DIR": str(tmp_path / "config"),
        "PMTUI_READY_LOG": str(ready),
        "USER": "ana",
    }
    env.pop("NO_COLOR", None)
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
    proc = subprocess.Popen(
        [pmtui_command(), "--store", str(store_path)],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=env,
        start_new_session=True,
        close_fds=True,
    )
    os.close(slave)
    output = bytearray()

    def drain() -> None:  # the app blocks if nobody reads what it draws
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:
                return
            if not chunk:
                return
            output.extend(chunk)

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()

    def type_(text: str) -> None:
        os.write(master, text.encode())

    def quiet(seconds: float) -> Callable[[], bool]:
        """True once the app has drawn nothing for ``seconds``: the screen has settled."""
        seen = {"size": -1, "since": time.monotonic()}

        def check() -> bool:
            if len(output) != seen["size"]:
                seen["size"], seen["since"] = len(output), time.monotonic()
            return time.monotonic() - seen["since"] >= seconds

        return check

    title = "Pager woke us [bold]twice[/]"

    try:
        wait_until(ready.exists, 60, "the first frame of the home screen")
        type_("q")  # a quick review
        wait_until(lambda: b"Quick review" in output, 30, "the review screen")
        wait_until(quiet(0.5), 30, "the review screen to settle")
        type_("\r")  # the review opens on its first stage; enter goes into the title
        wait_until(quiet(0.3), 30, "the title field to take the focus")
        type_(title)
        wait_until(lambda: title.encode() in output, 30, "the typed title on screen")
        os.write(master, b"\x11")  # ctrl+q: quit (everything is saved first)
        proc.wait(timeout=60)
        reader.join(timeout=10)  # read what the app wrote last (an error would be there)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        os.close(master)
        reader.join(timeout=5)
    assert proc.returncode == 0, output.decode(errors="replace")[-2000:]
    (summary,) = Store(store_path).summaries()
    assert summary.title == title
    assert summary.kind.value == "quick"
