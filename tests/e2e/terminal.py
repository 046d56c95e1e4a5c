"""The installed ``pmtui`` in a real terminal (tmux), driven by keys as a person would.

Pilot tests drive widgets; these drive the command a user types, in a tmux
window of the size people have (80x24 by default), with ``send-keys`` and
``capture-pane``. They catch what Pilot cannot: where focus lands on open,
what a stray key does, what fits at 80 columns, what reaches the terminal.
Each :class:`Terminal` runs on its own tmux server socket, so tests never see
each other's windows or the user's own tmux.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import pytest


def pmtui_command() -> str:
    """The installed console script beside this Python, or on PATH."""
    beside = Path(sys.executable).with_name("pmtui")
    found = str(beside) if beside.exists() else shutil.which("pmtui")
    if not found:
        pytest.skip("the pmtui console script is not installed")
    return found


def requires_tmux() -> pytest.MarkDecorator:
    return pytest.mark.skipif(
        shutil.which("tmux") is None, reason="needs tmux (.ci/run installs it)"
    )


class Terminal:
    """One tmux window running one command; ``screen()`` is what a person sees."""

    def __init__(
        self,
        argv: Sequence[str],
        *,
        env: Mapping[str, str],
        width: int = 80,
        height: int = 24,
        cwd: Path | None = None,
    ) -> None:
        if shutil.which("tmux") is None:
            pytest.skip("needs tmux (.ci/run installs it)")
        self.socket = f"pmtui-test-{uuid.uuid4().hex[:12]}"
        exports = " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items())
        # `; sleep` keeps the pane after the command ends, so its last screen
        # and exit status can still be read.
        shell = f'env -i {exports} {shlex.join(argv)}; echo "[exit $?]"; sleep 600'
        self._tmux(
            "new-session", "-d", "-x", str(width), "-y", str(height),
            "-c", str(cwd or Path.cwd()), shell,
        )  # fmt: skip
        self._tmux("set-option", "-g", "status", "off")

    def _tmux(self, *args: str) -> str:
        done = subprocess.run(
            ["tmux", "-L", self.socket, "-f", "/dev/null", *args],
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0 and args[0] != "kill-server":
            raise RuntimeError(f"tmux {args[0]} failed: {done.stderr.strip()}")
        return done.stdout

    def keys(self, *keys: str, pause: float = 0.15) -> None:
        """Send tmux key names (``Enter``, ``Tab``, ``C-s``, ``Escape``...) one by one."""
        for key in keys:
            self._tmux("send-keys", "-t", "0", key)
            time.sleep(pause)

    def burst(self, *keys: str, pause: float = 0.2) -> None:
        """Send key names and literal text in one write, as they arrive typed ahead over a
        slow link (a key name such as ``Enter`` is the key, any other string its characters)."""
        self._tmux("send-keys", "-t", "0", *keys)
        time.sleep(pause)

    def type(self, text: str, pause: float = 0.2) -> None:
        """Type text literally, as a paste of keystrokes."""
        self._tmux("send-keys", "-t", "0", "-l", text)
        time.sleep(pause)

    def paste(self, text: str, pause: float = 0.3) -> None:
        """Paste text as a terminal does, wrapped in bracketed-paste markers."""
        self._tmux("set-buffer", "-b", "pmtui-test", "--", text)
        self._tmux("paste-buffer", "-p", "-d", "-b", "pmtui-test", "-t", "0")
        time.sleep(pause)

    def screen(self) -> str:
        """The visible screen as plain text, one line per row."""
        return self._tmux("capture-pane", "-p", "-t", "0")

    def styled_screen(self) -> str:
        """The visible screen with its escape sequences (colours, reverse video)."""
        return self._tmux("capture-pane", "-p", "-e", "-t", "0")

    def pane_title(self) -> str:
        """The window title the program set (an OSC 0 or 2 sequence changes it)."""
        return self._tmux("display-message", "-p", "-t", "0", "#{pane_title}").strip()

    def accept_clipboard_writes(self) -> None:
        """Let programs set tmux's paste buffers with OSC 52, as many terminals allow."""
        self._tmux("set-option", "-g", "set-clipboard", "on")

    def paste_buffers(self) -> str:
        """tmux's paste buffers: an OSC 52 clipboard write lands here."""
        return self._tmux("list-buffers")

    def record_output(self, path: Path) -> None:
        """Append every byte the program writes to its terminal to ``path`` from now on."""
        self._tmux("pipe-pane", "-O", "-t", "0", f"cat >> {shlex.quote(str(path))}")

    def wait_for(
        self, what: str | Callable[[str], bool], timeout: float = 30.0, settle: float = 0.3
    ) -> str:
        """Wait until ``what`` is on screen (or the predicate holds); returns the screen."""
        check = (lambda s: what in s) if isinstance(what, str) else what
        deadline = time.monotonic() + timeout
        screen = self.screen()
        while not check(screen):
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out waiting for {what!r}; the screen:\n{screen}")
            time.sleep(0.1)
            screen = self.screen()
        time.sleep(settle)
        return self.screen()

    def exit_status(self, timeout: float = 30.0) -> int:
        """Wait for the command to end and return its exit status."""
        screen = self.wait_for("[exit ", timeout=timeout, settle=0)
        tail = screen[screen.rindex("[exit ") + 6 :]
        status = int(tail[: tail.index("]")])
        if status != 0:  # shown by pytest under "Captured stdout" when the test fails
            print(f"the command ended with {status}; the terminal:\n{self.scrollback()}")
        return status

    def scrollback(self, lines: int = 200) -> str:
        """The screen with up to ``lines`` rows above it (an error printed at exit lands there)."""
        return self._tmux("capture-pane", "-p", "-t", "0", "-S", f"-{lines}")

    def close(self) -> None:
        self._tmux("kill-server")

    def __enter__(self) -> Terminal:
        return self

    def __exit__(self, exc_type: object, *exc: object) -> None:
        if exc_type is not None:  # shown by pytest under "Captured stdout"
            print(f"the terminal when the test failed:\n{self.scrollback()}")
        self.close()


def app_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    """What a user's shell would pass: a private config, a real TERM, no NO_COLOR."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path / "home"),
        "LANG": "C.UTF-8",
        "TERM": "xterm-256color",
        "USER": "ana",
        "PMTUI_CONFIG_DIR": str(tmp_path / "config"),
        "XDG_DATA_HOME": str(tmp_path / "xdg-data"),
        "XDG_CONFIG_HOME": str(tmp_path / "xdg-config"),
    }
    env.update(extra)
    return env


def open_export_dialog(term: Terminal, words: str = "export markdown") -> str:
    """From an open review: the palette, then its export entry; returns the palette's
    screen as it listed the entry."""
    term.keys("C-p")
    term.wait_for("Search for commands")
    term.type(words)
    palette = term.wait_for("Export this review as Markdown")
    term.keys("Enter")
    term.wait_for("File name")
    return palette
