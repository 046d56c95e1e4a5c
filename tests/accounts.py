"""Real Unix accounts for tests of who may see and do what.

A privacy or security claim ("an outsider cannot read a hidden item", "a
second user cannot open a served app") is only worth something when it is
tried as that other person: a second Unix account with its own uid and
groups, running the pmtui command with its own permissions. CI runs as root,
so the tests here create throw-away accounts and groups, run pmtui as them
with ``setpriv`` and remove them afterwards. Elsewhere they skip, saying why.

The test virtualenv usually lives under a directory other accounts cannot
enter (``/root``), so :func:`world_install` copies pmtui and exactly the
distributions it needs at run time into a world-readable directory and runs
them with the system's Python 3.11.
"""

from __future__ import annotations

import contextlib
import grp
import os
import pwd
import re
import shutil
import subprocess
import sys
import sysconfig
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement

import pmtui
from pmtui.tui.styles import styles_dir

SYSTEM_PYTHON = Path("/usr/bin/python3")
PREFIX = "pmt"
"""Accounts and groups made here are named ``pmt<pid>-<name>`` so several test
runs on one machine never share one, and a leftover is easy to recognise."""


def why_not() -> str | None:
    """Why real accounts cannot be used here, or None when they can."""
    if sys.platform != "linux":
        return "needs Linux accounts"
    if os.geteuid() != 0:
        return "needs root to create Unix accounts (CI runs as root)"
    for tool in ("useradd", "groupadd", "userdel", "groupdel", "setpriv"):
        if shutil.which(tool) is None:
            return f"needs the {tool} command"
    if not SYSTEM_PYTHON.exists():
        return f"needs {SYSTEM_PYTHON} to run pmtui as another account"
    found = subprocess.run(
        [str(SYSTEM_PYTHON), "-c", "import sys; print(sys.version_info[:2])"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    if found != str(sys.version_info[:2]):
        return f"{SYSTEM_PYTHON} is Python {found}, the tests run {sys.version_info[:2]}"
    return None


def requires_accounts() -> pytest.MarkDecorator:
    """Skip a test (with the reason) where real accounts cannot be made."""
    reason = why_not()
    return pytest.mark.skipif(reason is not None, reason=reason or "")


@dataclass(frozen=True)
class Account:
    """A throw-away Unix account; ``home`` is its own, mode 0700."""

    name: str
    uid: int
    gid: int
    home: Path

    def env(self, **extra: str) -> dict[str, str]:
        """A clean environment as this person would have after logging in."""
        env = {
            "HOME": str(self.home),
            "USER": self.name,
            "LOGNAME": self.name,
            "PATH": "/usr/local/bin:/usr/bin:/bin",
            "LANG": "C.UTF-8",
            "TERM": "xterm-256color",
            "PMTUI_CONFIG_DIR": str(self.home / "config"),
            "XDG_DATA_HOME": str(self.home / "data"),
            "XDG_CONFIG_HOME": str(self.home / "xdg-config"),
        }
        env.update(extra)
        return env


@dataclass
class Accounts:
    """Makes accounts and groups on demand and removes them all at the end."""

    base: Path
    tag: str = field(default_factory=lambda: f"{PREFIX}{os.getpid()}")
    _users: list[str] = field(default_factory=list)
    _groups: list[str] = field(default_factory=list)

    def group(self, name: str) -> str:
        """Create a group; returns its real name (prefixed)."""
        real = f"{self.tag}-{name}"[:32]
        subprocess.run(["groupadd", real], check=True, capture_output=True)
        self._groups.append(real)
        return real

    def user(self, name: str, groups: Sequence[str] = ()) -> Account:
        """Create an account, its own private group and a 0700 home."""
        real = f"{self.tag}-{name}"[:32]
        home = self.base / "home" / real
        argv = ["useradd", "--no-create-home", "--home-dir", str(home), "--shell", "/bin/sh"]
        argv += ["--user-group"]
        if groups:
            argv += ["--groups", ",".join(groups)]
        subprocess.run([*argv, real], check=True, capture_output=True)
        self._users.append(real)
        entry = pwd.getpwnam(real)
        home.mkdir(parents=True, mode=0o700)
        os.chown(home, entry.pw_uid, entry.pw_gid)
        return Account(real, entry.pw_uid, entry.pw_gid, home)

    def add_to_group(self, account: Account, group: str) -> None:
        subprocess.run(["usermod", "--append", "--groups", group, account.name], check=True)

    def remove_all(self) -> None:
        for name in reversed(self._users):
            subprocess.run(["userdel", name], check=False, capture_output=True)
        for name in reversed(self._groups):
            subprocess.run(["groupdel", name], check=False, capture_output=True)
        self._users.clear()
        self._groups.clear()


def sweep_leftovers() -> None:
    """Remove accounts and groups left by a test run that was killed."""
    pattern = re.compile(rf"^{PREFIX}(\d+)-")
    for entry in pwd.getpwall():
        found = pattern.match(entry.pw_name)
        if found and not _alive(int(found.group(1))):
            subprocess.run(["userdel", entry.pw_name], check=False, capture_output=True)
    for group in grp.getgrall():
        found = pattern.match(group.gr_name)
        if found and not _alive(int(found.group(1))):
            subprocess.run(["groupdel", group.gr_name], check=False, capture_output=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _runtime_distributions() -> set[str]:
    """pmtui's run-time dependencies, transitively, with the extras they ask for.

    Textual asks for ``markdown-it-py[linkify]``: the extra's own requirements
    are needed as soon as a Markdown widget is shown.
    """
    wanted: set[str] = set()
    todo: list[tuple[str, frozenset[str]]] = [("pmtui", frozenset())]
    done: set[tuple[str, frozenset[str]]] = set()
    while todo:
        name, extras = todo.pop()
        if (name, extras) in done:
            continue
        done.add((name, extras))
        dist = metadata.distribution(name)
        for line in dist.requires or ():
            req = Requirement(line)
            if req.marker is not None and not any(
                req.marker.evaluate({"extra": extra}) for extra in {"", *extras}
            ):
                continue
            wanted.add(req.name.lower().replace("-", "_"))
            todo.append((req.name, frozenset(req.extras)))
    return wanted


def build_world_install(target: Path) -> Path:
    """Copy pmtui and its run-time distributions where every account can read them.

    Returns the path of a ``pmtui`` launcher script that runs the copy with
    the system Python. Bytecode is compiled here, as root, so the accounts
    neither pay for it nor try to write it.
    """
    site = target / "site"
    site.mkdir(parents=True)
    for name in sorted(_runtime_distributions()):
        dist = metadata.distribution(name)
        for rel in dist.files or ():
            source = Path(str(dist.locate_file(rel)))
            if "__pycache__" in rel.parts or not source.is_file():
                continue
            if rel.parts[0].startswith("..") or Path(str(rel)).is_absolute():
                continue
            dest = site / rel
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, dest)
    package = Path(pmtui.__file__).parent
    shutil.copytree(
        package, site / "pmtui", ignore=shutil.ignore_patterns("__pycache__"), dirs_exist_ok=True
    )
    shutil.copytree(styles_dir(), site / "pmtui" / "styles", dirs_exist_ok=True)
    subprocess.run(
        [str(SYSTEM_PYTHON), "-m", "compileall", "-q", str(site)], check=False, capture_output=True
    )
    launcher = target / "bin" / "pmtui"
    launcher.parent.mkdir()
    launcher.write_text(
        "#!/bin/sh\n"
        f'PYTHONPATH="{site}" PYTHONDONTWRITEBYTECODE=1 exec {SYSTEM_PYTHON} -s -m pmtui "$@"\n'
    )
    for path in [target, *target.rglob("*")]:
        mode = 0o755 if path.is_dir() or path == launcher else 0o644
        path.chmod(mode)
    return launcher


@contextlib.contextmanager
def world_install() -> Iterator[tuple[Path, Accounts]]:
    """A world-readable pmtui launcher and an account factory, cleaned up after."""
    purelib = sysconfig.get_paths()["purelib"]
    assert purelib, "no site-packages to copy from"
    base = Path(tempfile.mkdtemp(prefix="pmtui-accounts-", dir="/tmp"))
    base.chmod(0o755)
    sweep_leftovers()
    accounts = Accounts(base)
    try:
        launcher = build_world_install(base / "install")
        (base / "home").mkdir(mode=0o755)
        yield launcher, accounts
    finally:
        accounts.remove_all()
        shutil.rmtree(base, ignore_errors=True)


def run_as(
    account: Account,
    argv: Sequence[str],
    *,
    env: Mapping[str, str] | None = None,
    input: str | None = None,
    cwd: Path | None = None,
    timeout: float = 60,
) -> subprocess.CompletedProcess[str]:
    """Run a command as ``account``, with its groups, never as root."""
    command = [
        "setpriv",
        f"--reuid={account.uid}",
        f"--regid={account.gid}",
        "--init-groups",
        "--reset-env",
        "--",
        "env",
        "-i",
        *[f"{k}={v}" for k, v in (env or account.env()).items()],
        *argv,
    ]
    return subprocess.run(
        command,
        input=input,
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=str(cwd or account.home),
        check=False,
    )
