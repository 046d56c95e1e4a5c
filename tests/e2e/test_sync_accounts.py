"""A team store on a shared host that also syncs through git, used by two real accounts.

``pmtui init --shared DIR --group G --git REMOTE`` makes the team store and
its sync repository in one go; then each teammate, as their own Unix
account, saves reviews and runs ``pmtui sync``. git must accept a repository
another account made (pmtui vouches for it only after checking its config),
and every file pmtui and git write must stay writable by the group.
"""

from __future__ import annotations

import os
import subprocess
import uuid
from pathlib import Path

import pytest

from tests.accounts import Account, Accounts, requires_accounts, run_as
from tests.store.sync.machines import requires_git

pytestmark = [pytest.mark.slow, requires_accounts(), requires_git()]


def _run(launcher: Path, who: Account, store: Path, *args: str) -> str:
    done = run_as(who, [str(launcher), *args], env=who.env(PMTUI_STORE=str(store)))
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def _quick(launcher: Path, who: Account, store: Path, what: str) -> None:
    _run(
        launcher, who, store, "quick", "--no-input", "--what", what, "--cause", "no check",
        "--category", "tooling", "--commitment", f"check {what}", "--due", "+2w",
    )  # fmt: skip


def test_two_accounts_sync_one_shared_store(
    pmtui_for_all: Path, accounts: Accounts, tmp_path: Path
) -> None:
    tag = uuid.uuid4().hex[:4]
    group = accounts.group(f"sync{tag}")
    ana, ben = (accounts.user(f"{n}{tag}", groups=[group]) for n in ("ana", "ben"))
    outsider = accounts.user(f"out{tag}")
    base = ana.home.parent / f"{group}-place"
    base.mkdir()
    base.chmod(0o755)
    # the team's bare repository on the host, as `git init --bare --shared=group` makes it
    remote = base / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", "--shared=group", "-b", "main", str(remote)])
    subprocess.run(["chgrp", "-R", group, str(remote)], check=True)
    for who in (ana, ben):  # a bare repository someone else owns: each vouches for it once
        config = who.home / ".gitconfig"
        config.write_text(f"[safe]\n\tdirectory = {remote}\n")
        os.chown(config, who.uid, who.gid)
    store = base / "team"
    store.mkdir()
    os.chown(store, ana.uid, ana.gid)
    os.chown(base, ana.uid, ana.gid)

    out = _run(pmtui_for_all, ana, store, "init", "--shared", str(store), "--group", group,
               "--git", str(remote))  # fmt: skip
    assert "The store syncs with" in out
    _quick(pmtui_for_all, ana, store, "ana's incident")
    _run(pmtui_for_all, ana, store, "sync")
    # ben, another account in the group, saves and syncs the same store
    _quick(pmtui_for_all, ben, store, "ben's incident")
    out = _run(pmtui_for_all, ben, store, "sync")
    assert "Sent 1 changed review" in out
    assert "Nothing to sync" in _run(pmtui_for_all, ana, store, "sync", "--status")
    titles = subprocess.run(
        ["git", "--git-dir", str(remote), "grep", "-h", '"title"', "main", "--", "reviews"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "ana's incident" in titles and "ben's incident" in titles
    # and someone outside the group cannot sync it, nor read it
    done = run_as(outsider, [str(pmtui_for_all), "sync"], env=outsider.env(PMTUI_STORE=str(store)))
    assert done.returncode != 0
    assert "ana's incident" not in done.stdout + done.stderr
