"""``pmtui serve``: answers HTTP on localhost, and is careful about other addresses."""

from __future__ import annotations

import asyncio
import contextlib
import io
import os
import re
import shlex
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO

import aiohttp
import pytest

from pmtui.cli import main
from pmtui.commands.serve import app_command, choose_host, is_loopback
from pmtui.context import Context


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _waiting(stream: IO[bytes] | None) -> bytes:
    """What a pipe holds now, without waiting for more."""
    return stream.read1() if isinstance(stream, io.BufferedReader) else b""


@contextlib.contextmanager
def served(argv: list[str], env: dict[str, str]) -> Iterator[tuple[subprocess.Popen[bytes], str]]:
    """Run ``pmtui serve`` (``argv``) until it prints its link; yields the process and link."""
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline().decode()
        found = re.search(r"(http://\S+/\?token=[\w-]+)", line)
        assert found, f"no link printed: {line!r} {_waiting(proc.stderr)!r}"
        url = found.group(1)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(url, timeout=2):
                    break
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.2)
        yield proc, url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _status(url: str, headers: dict[str, str] | None = None) -> tuple[int, str]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=5) as resp:
            return resp.status, resp.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()


async def _websocket(
    url: str, origin: str | None = None, while_open: Callable[[], object] | None = None
) -> str:
    """What a raw websocket client gets: ``refused NNN``, or ``app`` once pmtui has drawn."""
    headers = {"Origin": origin} if origin else {}
    timeout = aiohttp.ClientWSTimeout(ws_receive=20)
    async with aiohttp.ClientSession() as client:
        try:
            async with client.ws_connect(url, headers=headers, timeout=timeout) as ws:
                await ws.send_json(["resize", {"width": 80, "height": 24}])
                got = b""
                while b"pmtui" not in got and len(got) < 200_000:
                    message = await ws.receive(timeout=20)
                    if message.type != aiohttp.WSMsgType.BINARY:
                        break
                    got += message.data
                if while_open is not None:
                    while_open()
                return "app" if b"pmtui" in got else "nothing"
        except aiohttp.WSServerHandshakeError as exc:
            return f"refused {exc.status}"


def test_serve_opens_only_with_the_printed_token(tmp_path: Path) -> None:
    port = _free_port()
    env = {**os.environ, "PMTUI_STORE": str(tmp_path / "store")}
    argv = [sys.executable, "-m", "pmtui", "serve", "--port", str(port)]
    with served(argv, env) as (proc, url):
        token = url.rsplit("=", 1)[1]
        assert url == f"http://127.0.0.1:{port}/?token={token}" and len(token) >= 40
        base = f"http://127.0.0.1:{port}"
        assert _status(f"{base}/")[0] == 403
        assert _status(f"{base}/?token={token[:-1]}x")[0] == 403
        code, body = _status(url)
        assert code == 200 and f"ws://127.0.0.1:{port}/ws/{token}" in body
        # Through a tunnel the browser says localhost: the page follows it.
        code, body = _status(url, {"Host": f"localhost:{port}"})
        assert f"ws://localhost:{port}/ws/{token}" in body
        assert asyncio.run(_websocket(f"ws://127.0.0.1:{port}/ws/{'A' * 43}")) == "refused 403"
        assert asyncio.run(_websocket(f"ws://127.0.0.1:{port}/ws")) == "refused 404"
        evil = asyncio.run(_websocket(f"ws://127.0.0.1:{port}/ws/{token}", "http://evil.test"))
        assert evil == "refused 403"
        family: list[int] = []
        shown: list[bytes] = []

        def look() -> None:
            family.extend([proc.pid, *_descendants(proc.pid)])
            for pid in family:
                for name in ("cmdline", "environ"):
                    with contextlib.suppress(OSError):
                        shown.append(Path(f"/proc/{pid}/{name}").read_bytes())

        got = asyncio.run(_websocket(f"ws://127.0.0.1:{port}/ws/{token}", while_open=look))
        assert got == "app"
        assert len(family) >= 2, "the app's process was not found"
        assert not [b for b in shown if token.encode() in b]
    out = proc.stdout.read().decode() if proc.stdout else ""
    assert f"open http://localhost:{port}/?token={token}" in out


def _descendants(pid: int) -> list[int]:
    found: list[int] = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found += [int(entry.name), *_descendants(int(entry.name))]
    return found


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
        sys.executable, "-m", "pmtui", "--store", str(ctx.store_path), "--as", "ana lima",
        "app", "--browser",
    ]  # fmt: skip
