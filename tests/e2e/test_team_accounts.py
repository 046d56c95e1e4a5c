"""Team sessions tried as the other people on a shared host: real Unix accounts.

A private round is private only if a teammate, reading everything pmtui and
the file system let them read, still cannot see a hidden item; a served app
is its user's only if another account cannot get in on any port. These
tests create throw-away accounts (CI runs as root), run the installed pmtui
as each of them in tmux, and try as the attacker.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.accounts import Account, Accounts, requires_accounts, run_as
from tests.e2e.terminal import Terminal, requires_tmux

pytestmark = [pytest.mark.slow, requires_accounts(), requires_tmux()]

SECRET = "the deploy lock was held by hand"


@dataclass
class Team:
    store: Path
    launcher: Path
    ana: Account
    """Facilitates."""
    ben: Account
    cy: Account
    """In the group, writes nothing: the curious teammate."""
    out: Account
    """Not in the group."""

    def env(self, who: Account) -> dict[str, str]:
        return who.env(PMTUI_STORE=str(self.store))

    def run(self, who: Account, *args: str) -> subprocess.CompletedProcess[str]:
        return run_as(who, [str(self.launcher), *args], env=self.env(who))

    def terminal(self, who: Account) -> Terminal:
        argv = [
            "setpriv", f"--reuid={who.uid}", f"--regid={who.gid}", "--init-groups", "--",
            str(self.launcher),
        ]  # fmt: skip
        return Terminal(argv, env=self.env(who), cwd=who.home)


@pytest.fixture
def team(pmtui_for_all: Path, accounts: Accounts) -> Iterator[Team]:
    tag = uuid.uuid4().hex[:4]  # accounts live for the whole session: one set per test
    group = accounts.group(f"retro{tag}")
    ana, ben, cy = (accounts.user(f"{n}{tag}", groups=[group]) for n in ("ana", "ben", "cy"))
    out = accounts.user(f"out{tag}")
    shared = ana.home.parent / f"{group}-store"
    shared.mkdir()
    shared.chmod(0o755)
    os.chown(shared, ana.uid, ana.gid)
    made = Team(shared / "pmtui.json", pmtui_for_all, ana, ben, cy, out)
    done = run_as(ana, [str(pmtui_for_all), "init", "--shared", str(shared), "--group", group])
    assert done.returncode == 0, done.stderr
    yield made


def _quick_review(team: Team) -> str:
    done = team.run(
        team.ana, "quick", "--no-input", "--what", "checkout failed after deploy",
        "--cause", "the deploy runbook was out of date", "--category", "process",
        "--commitment", "update the runbook", "--due", "+2w",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return done.stdout.strip().split()[-1]


def _to_facts(term: Terminal) -> None:
    """Open the Facts stage by the palette (a participant may already follow the
    facilitator there, so "next stage" would not say where it lands)."""
    term.keys("C-p")
    term.wait_for("Search for commands")
    term.type("Open stage 2")
    term.wait_for("Facts")
    term.keys("Enter")
    term.wait_for("Two or three moments")


def _open_round(term: Terminal, title: str = "checkout failed") -> None:
    term.wait_for(title, timeout=60)
    term.keys("Enter")
    term.wait_for("Frame")
    _to_facts(term)  # the facts table: keys are commands there, not typing
    term.keys("w")
    term.wait_for("Hold a private round for:")
    term.keys("Enter")  # candidate causes come first
    term.wait_for("Private round: Candidate causes")


def _leave_round(term: Terminal) -> None:
    """Back to the review, then home: one key at a time, since an escape read together
    with the next key (a busy machine) is alt+key and leaves nothing."""
    term.keys("Escape")
    term.wait_for(lambda s: "Private round" not in s)
    term.keys("b")
    term.wait_for("checkout failed")


def test_a_hidden_item_cannot_be_read_by_teammates_or_outsiders_until_revealed(
    team: Team,
) -> None:
    _quick_review(team)
    with team.terminal(team.ana) as ana:
        _open_round(ana)
        ana.wait_for("You facilitate")
        with team.terminal(team.ben) as ben:
            _open_round(ben)
            ben.type(SECRET)
            ben.keys("Enter")
            ben.wait_for(lambda s: SECRET in s and "You have written 1" in s)
            ben.wait_for("1 item waiting")
            _leave_round(ben)
            ben.keys("C-q")
            assert ben.exit_status() == 0
        # The curious teammate: every export, the files, the keys, the app.
        for fmt in ("json", "md", "csv"):
            done = team.run(team.cy, "export", "--all", "--format", fmt)
            assert done.returncode == 0, done.stderr
            assert "deploy lock" not in done.stdout
        exported = json.loads(team.run(team.cy, "export", "--all", "--format", "json").stdout)
        (review,) = exported["reviews"]
        (sealed,) = review["sealed"]
        assert team.ben.name not in json.dumps(sealed)
        grep = run_as(team.cy, ["grep", "-rl", "deploy lock", str(team.store.parent)])
        assert grep.returncode == 1 and not grep.stdout  # readable, and nothing found
        listed = run_as(team.cy, ["ls", str(team.store.parent / "pmtui.reviews")])
        assert listed.returncode == 0 and listed.stdout  # the store files are readable
        for home in (team.ana.home, team.ben.home):
            keys = run_as(team.cy, ["ls", "-R", str(home)])
            assert keys.returncode != 0 and "Permission denied" in keys.stderr
        with team.terminal(team.cy) as cy:
            _open_round(cy)
            screen = cy.wait_for("1 item waiting")
            assert "deploy lock" not in screen and "You have written 0" in screen
            cy.keys("C-r")
            cy.wait_for("can reveal it")
            _leave_round(cy)
            cy.keys("C-q")
            assert cy.exit_status() == 0
        # The outsider: nothing at all.
        refused = team.run(team.out, "export", "--all", "--format", "json")
        assert refused.returncode == 2 and "is not in that group" in refused.stderr
        assert run_as(team.out, ["cat", str(team.store)]).returncode != 0
        # The facilitator reveals: fresh ids, no name.
        ana.wait_for("1 item waiting")
        ana.keys("C-r")
        ana.wait_for("Reveal the 1 item written")
        ana.keys("y")
        ana.wait_for("This round was revealed")
        _leave_round(ana)
        ana.keys("C-q")
        assert ana.exit_status() == 0
    after = json.loads(team.run(team.cy, "export", "--all", "--format", "json").stdout)
    (review,) = after["reviews"]
    (revealed,) = [c for c in review["causes"] if c["statement"] == SECRET]
    assert revealed["author"] == "" and revealed["id"] != sealed["id"]
    assert review["sealed"] == [] and review["rounds"][0]["revealed"] is True
    assert not list((team.ana.home / "data").rglob("round-*.key"))  # the key is gone


PROBE = r"""
import asyncio, json, sys, urllib.error, urllib.request
import aiohttp

ports, pids = json.loads(sys.argv[1]), json.loads(sys.argv[2])
guesses = ["", "token", "A" * 43, "0" * 43]
out = {"http": [], "ws": [], "proc": []}

def get(url):
    try:
        with urllib.request.urlopen(url, timeout=5) as resp:
            return resp.status
    except urllib.error.HTTPError as exc:
        return exc.code
    except OSError as exc:
        return str(exc)

async def ws(url):
    try:
        async with aiohttp.ClientSession() as client:
            async with client.ws_connect(url, timeout=aiohttp.ClientWSTimeout(ws_receive=5)):
                return "open"
    except aiohttp.WSServerHandshakeError as exc:
        return exc.status
    except Exception as exc:
        return type(exc).__name__

for port in ports:
    base = f"http://127.0.0.1:{port}"
    for guess in guesses:
        out["http"].append(get(f"{base}/?token={guess}"))
        out["ws"].append(asyncio.run(ws(f"ws://127.0.0.1:{port}/ws/{guess}")))
    out["http"].append(get(f"{base}/"))
    out["ws"].append(asyncio.run(ws(f"ws://127.0.0.1:{port}/ws")))
for pid in pids:
    for name in ("cmdline", "environ"):
        try:
            with open(f"/proc/{pid}/{name}", "rb") as fh:
                out["proc"].append(fh.read().decode(errors="replace"))
        except OSError as exc:
            out["proc"].append(type(exc).__name__)
print(json.dumps(out))
"""


def _listening_ports(uid: int) -> list[int]:
    """Every TCP port an account listens on (from /proc/net, as root sees it)."""
    ports = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            if fields[3] == "0A" and int(fields[7]) == uid:  # 0A: listening
                ports.add(int(fields[1].rsplit(":", 1)[1], 16))
    return sorted(ports)


def test_another_account_cannot_open_or_drive_a_served_app(team: Team) -> None:
    from tests.cli.test_serve import _descendants, _free_port, _websocket, served

    port = _free_port()
    argv = [
        "setpriv", f"--reuid={team.ana.uid}", f"--regid={team.ana.gid}", "--init-groups", "--",
        str(team.launcher), "serve", "--port", str(port),
    ]  # fmt: skip
    probe = team.launcher.parent.parent / f"probe-{port}.py"
    probe.write_text(PROBE)
    probe.chmod(0o644)
    site = str(team.launcher.parent.parent / "site")
    with served(argv, team.env(team.ana)) as (proc, url):
        token = url.rsplit("=", 1)[1]
        ports = _listening_ports(team.ana.uid)
        assert port in ports
        pids: list[int] = []

        def attack() -> None:
            pids.extend([proc.pid, *_descendants(proc.pid)])
            for who in (team.cy, team.out):  # a teammate in the group, and an outsider
                done = run_as(
                    who,
                    ["/usr/bin/python3", str(probe), json.dumps(ports), json.dumps(pids)],
                    env=who.env(PYTHONPATH=site),
                )
                assert done.returncode == 0, done.stderr
                seen = json.loads(done.stdout)
                assert set(seen["http"]) == {403}, seen["http"]
                assert set(seen["ws"]) <= {403, 404} and 403 in seen["ws"], seen["ws"]
                assert not [p for p in seen["proc"] if token in p]
                attempts.append(who.name)

        attempts: list[str] = []
        # While the owner's own browser session is open, so the app is running.
        got = asyncio.run(_websocket(f"ws://127.0.0.1:{port}/ws/{token}", while_open=attack))
        assert got == "app" and len(attempts) == 2 and len(pids) >= 2


def _open_facts(term: Terminal, title: str = "checkout failed") -> None:
    term.wait_for(title, timeout=60)
    term.keys("Enter")
    term.wait_for("Frame")
    _to_facts(term)


def _notices(screen: str) -> str:
    """The text of the notices on a screen, their wrapped lines joined."""
    lines = [line.split("▌", 1)[1].strip() for line in screen.splitlines() if "▌" in line]
    return " ".join(line for line in lines if line)


def _export(team: Team, who: Account) -> dict[str, Any]:
    done = team.run(who, "export", "--all", "--format", "json")
    assert done.returncode == 0, done.stderr
    (review,) = json.loads(done.stdout)["reviews"]
    return dict(review)


def test_edits_lost_to_a_teammate_are_kept_through_a_restart(team: Team) -> None:
    _quick_review(team)
    (fact,) = _export(team, team.ana)["facts"]
    with team.terminal(team.ana) as ana, team.terminal(team.ben) as ben:
        _open_facts(ana)
        _open_facts(ben)
        # Both open the same fact's form; ana saves first, ben saves over it.
        for term, evidence in ((ana, "PD-88"), (ben, "PD-99")):
            term.keys("e")
            term.wait_for("Edit fact")
            term.keys("Tab", "Tab")
            term.type(evidence)
        ana.keys("C-s")
        ana.wait_for(lambda s: "Edit fact" not in s)
        ben.keys("C-s")
        said = _notices(ana.wait_for(lambda s: "Yours is kept" in _notices(s), timeout=15))
        assert f"{team.ben.name} saved over your text in fact “checkout failed after" in said
        assert "(evidence). Yours is kept: press k to put it back." in said
        assert "You saved over" in _notices(ben.wait_for("Text replaced"))
        # Ana edits the fact again while ben deletes it.
        ana.keys("e")
        ana.wait_for("Edit fact")
        ana.keys("Tab", "Tab")
        ana.type(" (pager)")
        ben.keys("d")
        ben.wait_for("deleted")
        ana.keys("C-s")
        said = _notices(ana.wait_for(lambda s: "Your edit is kept" in _notices(s), timeout=15))
        assert f"{team.ben.name} deleted fact “checkout failed after deploy” while" in said
        assert "Your edit is kept: press k to put it back as a new fact." in said
        for term in (ana, ben):
            term.keys("C-q")
            assert term.exit_status() == 0
    stored = _export(team, team.cy)
    assert stored["facts"] == []
    kept = stored["kept"]
    assert isinstance(kept, list) and len(kept) == 2
    # After a restart, ana puts both back.
    with team.terminal(team.ana) as ana:
        _open_facts(ana)
        ana.wait_for("2 replaced texts kept")
        ana.keys("k")
        ana.wait_for("Put back as new")
        ana.keys("Tab", "Tab", "Enter")  # the deleted fact, as ana last saved it
        ana.wait_for(lambda s: "it is saved as the latest text" in _notices(s))
        ana.keys("C-q")
        assert ana.exit_status() == 0
    after = _export(team, team.cy)
    (back,) = after["facts"]
    assert back["id"] != fact["id"] and "(pager)" in back["evidence"]
    assert [k["field_name"] for k in after["kept"]] == ["evidence"]
