"""A teammate attacks a shared store by hand; another member reads it. Real Unix accounts.

Eve and Ana share a team store (``pmtui init --shared``). Eve, a member of
the group, opens a shard in an editor: she writes escape sequences into a
title and a deliverable, then replaces a shard with a link to a file in
Ana's private home. Ana's ``pmtui due``, ``mine``, ``export`` and the
full-screen app (in tmux, as Ana) show the text with its escapes visible and
never run them; the link is never followed, and ``pmtui restore`` moves it
aside and brings Ana's review back.
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from pmtui.store.layout import Layout
from tests.accounts import Account, Accounts, requires_accounts, run_as
from tests.e2e.terminal import Terminal, requires_tmux
from tests.hostile import ATTACK, unsafe_in

pytestmark = [pytest.mark.slow, requires_accounts(), requires_tmux()]

EDIT_BY_HAND = """
import json, sys
path, rid, attack = sys.argv[1], sys.argv[2], sys.argv[3]
with open(path) as fh:
    data = json.load(fh)
review = data["reviews"][rid]
review["title"] = "Deploy " + attack
review["commitments"][0]["deliverable"] = "Alert " + attack + "\\u202eexe.txt"
with open(path, "w") as fh:  # in place, as an editor or a redirection writes it
    json.dump(data, fh)
"""


def _team(accounts: Accounts, pmtui: Path, tag: str) -> tuple[Account, Account, Path, str]:
    """Ana and Eve in one group, a team store, and a review Ana wrote in it."""
    group = accounts.group(f"team{tag}")
    ana = accounts.user(f"ana{tag}", groups=[group])
    eve = accounts.user(f"eve{tag}", groups=[group])
    team = accounts.base / f"team{tag}"
    team.mkdir()
    os.chown(team, ana.uid, ana.gid)
    made = run_as(ana, [str(pmtui), "init", "--shared", str(team), "--group", group])
    assert made.returncode == 0, made.stderr
    quick = run_as(
        ana,
        [str(pmtui), "--store", str(team), "quick", "--no-input", "--title", "Deploy",
         "--what", "The deploy hung", "--cause", "The lock has no timeout",
         "--category", "tooling", "--commitment", "Alert on lock age", "--due", "+1d"],
    )  # fmt: skip
    assert quick.returncode == 0, quick.stderr
    return ana, eve, team, quick.stdout.strip()


def test_a_teammates_hand_edit_is_shown_to_another_member_never_run(
    pmtui_for_all: Path, accounts: Accounts
) -> None:
    ana, eve, team, rid = _team(accounts, pmtui_for_all, "edit")
    shard = Layout.for_store(team / "pmtui.json").shard_path(Layout.shard_of(rid))
    edited = run_as(eve, ["/usr/bin/python3", "-c", EDIT_BY_HAND, str(shard), rid, ATTACK])
    assert edited.returncode == 0, edited.stderr
    for command in (["due"], ["mine"], ["export", "--all", "--format", "md"]):
        done = run_as(ana, [str(pmtui_for_all), "--store", str(team), *command])
        assert done.returncode in (0, 1), (command, done.stderr)
        assert not unsafe_in(done.stdout + done.stderr), (command, done.stdout)
        assert "␛]0;PWNED␇" in done.stdout.replace("\\", ""), (command, done.stdout)
    as_ana = shlex.join(
        ["setpriv", f"--reuid={ana.uid}", f"--regid={ana.gid}", "--init-groups", "--",
         str(pmtui_for_all), "--store", str(team)]
    )  # fmt: skip
    with Terminal(["sh", "-c", f"sleep 0.5; exec {as_ana}"], env=ana.env()) as term:
        term.accept_clipboard_writes()
        screen = term.wait_for("␛]0;PWNED␇", timeout=60)
        assert "Deploy" in screen
        assert "PWNED" not in term.pane_title()
        assert term.paste_buffers() == ""
        term.keys("C-q")
        assert term.exit_status() == 0


def test_a_planted_link_is_never_followed_and_restore_moves_it_aside(
    pmtui_for_all: Path, accounts: Accounts
) -> None:
    ana, eve, team, rid = _team(accounts, pmtui_for_all, "link")
    secret = ana.home / "secret.txt"
    secret.write_text("ana's private notes\n")
    os.chown(secret, ana.uid, ana.gid)
    secret.chmod(0o600)
    shard = Layout.for_store(team / "pmtui.json").shard_path(Layout.shard_of(rid))
    planted = run_as(eve, ["sh", "-c", f"rm {shlex.quote(str(shard))} && ln -s {secret} {shard}"])
    assert planted.returncode == 0, planted.stderr
    due = run_as(ana, [str(pmtui_for_all), "--store", str(team), "due"])
    assert due.returncode == 2 and "symbolic link" in due.stderr and "Traceback" not in due.stderr
    restored = run_as(ana, [str(pmtui_for_all), "--store", str(team), "restore"])
    assert restored.returncode == 0, restored.stderr
    assert "moved into the replaced backup" in restored.stdout
    assert secret.read_text() == "ana's private notes\n"
    aside = next((team / "pmtui.backups").glob(f"*-replaced/reviews/{shard.name}"))
    assert aside.is_symlink() and os.readlink(aside) == str(secret)
    listed = run_as(ana, [str(pmtui_for_all), "--store", str(team), "export", "--all",
                          "--format", "json"])  # fmt: skip
    assert [r["id"] for r in json.loads(listed.stdout)["reviews"]] == [rid]


FORGE = """
import json, sys
from pathlib import Path
from pmtui.store import health_sums
directory, month = Path(sys.argv[1]), sys.argv[2]
head = json.loads((directory / "head.json").read_text())
sums = json.loads((directory / f"{month}.json").read_text())
sums["blame"][0] += 40  # "40 more statements", with every checksum made to agree
data = json.dumps(sums, separators=(",", ":")).encode()
(directory / f"{month}.json").write_bytes(data)
head["months"][month] = health_sums._digest(data)
head["check"] = health_sums._head_check(head)
(directory / "head.json").write_text(json.dumps(head))
"""
"""Sums that would pass every check, as someone who read the store's could forge them."""


def test_a_link_planted_for_the_health_sums_is_never_read_written_or_tidied(
    pmtui_for_all: Path, accounts: Accounts
) -> None:
    """Eve, who can write the team directory, replaces the kept practice-health sums with a
    link to a directory of Ana's holding sums that would pass every check, a file named like
    a month no longer kept (a tidy would delete it) and notes; and puts a link to Ana's notes
    where an older pmtui kept its sums file. Ana's pmtui health, a save and another look
    neither read, write nor delete anything there."""
    ana, eve, team, _rid = _team(accounts, pmtui_for_all, "sums")
    health = [str(pmtui_for_all), "--store", str(team), "health", "--since", "2m", "--json"]
    first = run_as(ana, health)
    assert first.returncode == 0, first.stderr
    truth = json.loads(first.stdout)
    kept = team / "pmtui.health"
    assert (kept / "head.json").is_file()
    private = ana.home / "private"
    shutil.copytree(kept, private)
    forged = subprocess.run(
        [sys.executable, "-c", FORGE, str(private), truth[-1]["month"]],
        capture_output=True,
        text=True,
        check=False,
    )
    assert forged.returncode == 0, forged.stderr
    (private / "2020-01.json").write_text('{"ana": "a file named like an old month"}')
    (private / "notes.json").write_text('{"ana": "private notes"}')
    for path in [private, *private.iterdir()]:
        os.chown(path, ana.uid, ana.gid)
    private.chmod(0o700)
    before = {p.name: p.read_bytes() for p in private.iterdir()}
    old_file = team / "pmtui.health.json"
    planted = run_as(
        eve,
        ["sh", "-c", f"mv {kept} {team}/eve-moved && ln -s {private} {kept} "
         f"&& ln -s {private / 'notes.json'} {old_file}"],
    )  # fmt: skip
    assert planted.returncode == 0, planted.stderr
    looked = run_as(ana, health)
    assert looked.returncode == 0, looked.stderr
    assert json.loads(looked.stdout) == truth  # not the forged 40 statements
    saved = run_as(
        ana,
        [str(pmtui_for_all), "--store", str(team), "quick", "--no-input", "--title", "Disk",
         "--what", "The disk filled", "--cause", "Logs are never rotated",
         "--category", "tooling", "--commitment", "Rotate logs", "--due", "+2d"],
    )  # fmt: skip
    assert saved.returncode == 0, saved.stderr
    again = run_as(ana, health)
    assert again.returncode == 0, again.stderr
    assert "Traceback" not in looked.stderr + saved.stderr + again.stderr
    assert sum(m["shallow"]["top_causes"] for m in json.loads(again.stdout)) == 2
    assert {p.name: p.read_bytes() for p in private.iterdir()} == before
    assert stat.S_IMODE(private.stat().st_mode) == 0o700
    assert kept.is_symlink() and os.readlink(kept) == str(private)
    assert old_file.is_symlink()  # a link where the old file was is not removed either


FORGE_GROUPS = """
import json, sys
from pathlib import Path
from pmtui.store import health_sums
directory, target = Path(sys.argv[1]), Path(sys.argv[2])
head = json.loads((directory / "head.json").read_text())
every = set()
for month in head["months"]:
    for _when, _top, terms in json.loads((directory / f"{month}.terms.json").read_text()).values():
        every.update(t for t in terms if " " in t)
every = sorted(every)
data = json.dumps({"nodes": "\\n".join(every), "groups": [every]}).encode()  # all alike
target.write_bytes(data)
head["groups"] = health_sums._digest(data)
head["check"] = health_sums._head_check(head)
(directory / "head.json").write_text(json.dumps(head))
"""
"""Groups of the last count that would pass every check: one group of every cause."""


def test_a_link_planted_for_the_kept_groups_is_never_read_or_written_through(
    pmtui_for_all: Path, accounts: Accounts
) -> None:
    """After Eve saves a cause, she replaces the groups of alike causes the last count kept
    with a link to a file of Ana's holding groups that would pass every check (every cause
    alike). Ana's pmtui health groups every cause again and counts no recurring cause, and
    neither reads nor writes Ana's file."""
    ana, eve, team, _rid = _team(accounts, pmtui_for_all, "groups")
    health = [str(pmtui_for_all), "--store", str(team), "health", "--since", "2m", "--json"]
    first = run_as(ana, health)
    assert first.returncode == 0, first.stderr
    kept = team / "pmtui.health"
    assert (kept / "groups.json").is_file()
    saved = run_as(
        eve,
        [str(pmtui_for_all), "--store", str(team), "quick", "--no-input", "--title", "Disk",
         "--what", "The disk filled", "--cause", "Logs are never rotated",
         "--category", "tooling", "--commitment", "Rotate logs", "--due", "+2d"],
    )  # fmt: skip
    assert saved.returncode == 0, saved.stderr
    private = ana.home / "groups.json"
    forged = subprocess.run(
        [sys.executable, "-c", FORGE_GROUPS, str(kept), str(private)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert forged.returncode == 0, forged.stderr
    os.chown(private, ana.uid, ana.gid)
    private.chmod(0o600)
    before = private.read_bytes()
    assert len(json.loads(before)["groups"][0]) == 2  # Ana's cause and Eve's, said alike
    planted = run_as(
        eve, ["sh", "-c", f"rm {kept}/groups.json && ln -s {private} {kept}/groups.json"]
    )
    assert planted.returncode == 0, planted.stderr
    looked = run_as(ana, health)
    assert looked.returncode == 0, looked.stderr
    assert "Traceback" not in looked.stderr
    months = json.loads(looked.stdout)
    assert sum(m["shallow"]["top_causes"] for m in months) == 2
    assert sum(m["shallow"]["recurring"] for m in months) == 0  # the forged groups said 1
    assert private.read_bytes() == before
    assert not (kept / "groups.json").is_symlink()  # a file of Ana's pmtui's in its place
