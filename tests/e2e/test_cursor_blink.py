"""The installed pmtui sends nothing while nobody types, over SSH or when blinking is off.

A blinking cursor is a redraw twice a second, and over SSH every redraw
crosses the link. These tests type into a review's title in tmux, then
record every byte the app writes to its terminal while nobody touches it.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from pmtui.domain.model import Review
from pmtui.store.repository import Store
from tests.e2e.terminal import Terminal, app_env, pmtui_command, requires_tmux

pytestmark = [pytest.mark.slow, requires_tmux()]

SSH = {"SSH_CONNECTION": "192.0.2.10 50522 192.0.2.20 22"}


def size(path: Path) -> int:
    return path.stat().st_size if path.exists() else 0


def settled(path: Path, *, quiet: float, limit: float) -> None:
    """Wait until nothing was written for ``quiet`` seconds, or ``limit`` seconds passed
    (a blinking cursor never stops within it: the blinking is what is measured then)."""
    deadline = time.monotonic() + limit
    last, since = size(path), time.monotonic()
    while time.monotonic() < deadline and time.monotonic() - since < quiet:
        time.sleep(0.1)
        if size(path) != last:
            last, since = size(path), time.monotonic()


def bytes_while_idle(tmp_path: Path, *, config: str = "", **env: str) -> int:
    """Bytes written in 2 s after typing in a review's title, the cursor resting there."""
    store = tmp_path / "store" / "pmtui.json"
    Store(store).add(Review(title="blink check", template="postmortem", facilitator="ana"))
    if config:
        (tmp_path / "config").mkdir(parents=True, exist_ok=True)
        (tmp_path / "config" / "config.toml").write_text(config)
    written = tmp_path / "written.bin"
    argv = [pmtui_command(), "--store", str(store)]
    with Terminal(argv, env=app_env(tmp_path, **env)) as term:
        term.wait_for("blink check", timeout=60)
        term.keys("Enter")
        term.wait_for("1 Frame")
        term.keys("Enter")
        term.wait_for("┃blink check")  # the cursor is in the title before a letter is typed
        term.type("s")
        term.wait_for(lambda s: "blink checks" in s and "saved" in s)
        term.record_output(written)
        settled(written, quiet=1.0, limit=3.0)  # the save mark, the coach's look at the title
        start = size(written)
        time.sleep(2.0)
        idle = size(written) - start
        term.type("t")  # the field still takes keys, and the app still draws them
        term.wait_for("blink checkst")
        assert written.stat().st_size > start + idle
    return idle


def test_a_local_cursor_blinks_while_someone_types(tmp_path: Path) -> None:
    assert bytes_while_idle(tmp_path) > 0


def test_nothing_is_sent_while_idle_over_ssh(tmp_path: Path) -> None:
    assert bytes_while_idle(tmp_path, **SSH) == 0


def test_blink_false_in_config_stops_the_blinking(tmp_path: Path) -> None:
    assert bytes_while_idle(tmp_path, config="blink = false\n") == 0


def test_pmtui_blink_turns_it_back_on_over_ssh(tmp_path: Path) -> None:
    assert bytes_while_idle(tmp_path, PMTUI_BLINK="1", **SSH) > 0
