"""``pmtui serve``: answers HTTP on localhost, and is careful about other addresses."""

from __future__ import annotations

import os
import shlex
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from pmtui.cli import main
from pmtui.commands.serve import app_command, choose_host, is_loopback
from pmtui.context import Context


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_serve_answers_on_localhost(tmp_path: Path) -> None:
    port = _free_port()
    env = {**os.environ, "PMTUI_STORE": str(tmp_path / "store")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "pmtui", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 30
        body = b""
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                break
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as resp:
                    assert resp.status == 200
                    body = resp.read()
                    break
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.2)
        assert body, f"serve did not answer: {proc.stderr.read1() if proc.stderr else b''!r}"  # type: ignore[union-attr]
        assert b"pmtui" in body
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    out = proc.stdout.read().decode() if proc.stdout else ""
    assert f"http://127.0.0.1:{port}" in out


def test_loopback_is_the_default_and_other_addresses_warn() -> None:
    assert choose_host(None) == ("127.0.0.1", None)
    assert choose_host("localhost")[1] is None
    assert choose_host("::1")[1] is None
    host, warning = choose_host("0.0.0.0")
    assert host == "0.0.0.0" and warning is not None
    assert "ssh -L 8000:localhost:8000" in warning
    assert choose_host("192.0.2.7")[1] is not None
    assert not is_loopback("no-such-host.invalid")


def test_bad_port_and_empty_host_are_refused(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", "--port", "70000"]) == 2
    assert "--port must be from 1 to 65535" in capsys.readouterr().err
    assert main(["serve", "--host", " "]) == 2
    assert "--host needs an address" in capsys.readouterr().err


def test_each_browser_session_runs_this_pmtui_on_this_store(tmp_path: Path) -> None:
    ctx = Context(store_path=tmp_path / "my store" / "pmtui.json", user="ana lima")
    words = shlex.split(app_command(ctx))
    assert words == [
        sys.executable, "-m", "pmtui", "--store", str(ctx.store_path), "--as", "ana lima", "app"
    ]  # fmt: skip
