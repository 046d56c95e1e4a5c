"""Team stores: one directory on a shared host that a group of people all write to.

A team store is an ordinary store whose directory is owned by a group and has
the setgid bit (mode 2770): files created in it inherit the group, and the
store, seeing the bit, writes them group-writable (0660). This module prepares
such a directory and turns a refused file access into a message that names
the group and says how to get in.
"""

from __future__ import annotations

import grp
import os
import pwd
import stat
from pathlib import Path
from typing import NamedTuple

from pmtui.store.errors import StoreError, StoreWriteError
from pmtui.store.layout import Layout

DIR_MODE = 0o2770
FILE_MODE = 0o660
README_NAME = "README.txt"


class SharedSetupError(StoreError):
    """The team store could not be prepared; the message says why and what to do."""


class SharedAccessError(StoreError):
    """The current user may not use a team store; the message names the group."""


class SharedStore(NamedTuple):
    """A team store prepared (a named tuple: the module loads as the app starts)."""

    directory: Path
    group: str
    store_path: Path
    fixed: int
    """How many existing store files had their group or mode corrected."""

    @property
    def export_line(self) -> str:
        return f"export PMTUI_STORE={self.directory}"


def group_name(gid: int) -> str:
    try:
        return grp.getgrgid(gid).gr_name
    except KeyError:
        return str(gid)


def _user_name(uid: int) -> str:
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return str(uid)


def _resolve_group(name: str | None) -> tuple[str, int]:
    if name is None:
        gid = os.getegid()
        return group_name(gid), gid
    try:
        return name, grp.getgrnam(name).gr_gid
    except KeyError:
        raise SharedSetupError(
            f"there is no group {name!r} on this host. Create it first "
            f"(`sudo groupadd {name}`, then `sudo usermod -aG {name} $USER` for each teammate) "
            "or name an existing group with --group."
        ) from None


def is_shared(directory: Path) -> bool:
    """True when ``directory`` is a team store directory (it has the setgid bit)."""
    try:
        return bool(os.stat(directory).st_mode & stat.S_ISGID)
    except OSError:
        return False


def prepare(directory: Path, group: str | None = None) -> SharedStore:
    """Make ``directory`` a team store for ``group`` (default: the caller's group).

    Creates the directory if needed, gives it to the group with mode 2770,
    brings any store files already in it to the group with 0660 (directories
    2770), and writes a README saying what the directory is. Running it again
    is harmless and repairs permissions.
    """
    directory = Path(directory).expanduser().absolute()
    name, gid = _resolve_group(group)
    try:
        directory.mkdir(parents=True, exist_ok=True)
        os.chown(directory, -1, gid)
        os.chmod(directory, DIR_MODE)
        fixed = _fix_tree(directory, gid)
        _write_readme(directory, name)
    except PermissionError as exc:
        raise SharedSetupError(
            f"cannot prepare {directory} for group {name!r}: {exc.strerror}. "
            f"You must own the directory and belong to {name!r} "
            f"(`id -nG` lists your groups; `sudo usermod -aG {name} $USER` adds you)."
        ) from None
    return SharedStore(directory, name, directory / "pmtui.json", fixed)


def several_hosts_warning(directory: Path) -> str | None:
    """What to tell a team whose store sits on a network filesystem, or ``None``.

    pmtui's lock (``flock``) keeps the saves of every session on one host
    apart; on NFS, SMB and FUSE filesystems it may not reach the sessions of
    another host, whose saves can then overwrite each other.
    """
    from pmtui.store.filesystem import is_network, mount_type  # not for the app's start

    fstype = mount_type(directory)
    if not is_network(fstype):
        return None
    return (
        f"warning: {directory} is on a network filesystem ({fstype}). pmtui's lock keeps "
        "saves apart for everyone logged in to one host, but it may not reach other hosts "
        "that mount the same directory: two people saving from different machines can "
        "overwrite each other's changes. Have the whole team use the store from one host "
        "(log in there over SSH); teams on several hosts should each keep their own store "
        "and share reviews by syncing through git (`pmtui sync --init REMOTE`, see "
        "docs/sync.md), never by pointing several hosts at one store."
    )


def _fix_tree(directory: Path, gid: int) -> int:
    """Give the store files already in ``directory`` to the group; count those changed."""
    layout = Layout.for_store(directory / "pmtui.json")
    fixed = 0
    paths = [layout.index, layout.lock]
    for sub in (layout.shards, layout.backups):
        if sub.is_dir() and not sub.is_symlink():
            paths.append(sub)
            paths.extend(p for p in sub.rglob("*") if not p.is_symlink())
    for path in paths:
        try:
            st = os.lstat(path)
        except FileNotFoundError:
            continue
        if stat.S_ISLNK(st.st_mode):
            continue
        mode = DIR_MODE if stat.S_ISDIR(st.st_mode) else FILE_MODE
        if st.st_gid != gid or stat.S_IMODE(st.st_mode) != mode:
            os.chown(path, -1, gid, follow_symlinks=False)
            os.chmod(path, mode)
            fixed += 1
    return fixed


def _write_readme(directory: Path, group: str) -> None:
    text = (
        "This directory is a pmtui team store.\n\n"
        f"Everyone in the group '{group}' can open and edit its reviews.\n"
        "To use it, add this line to your shell profile (~/.profile or ~/.bashrc):\n\n"
        f"    export PMTUI_STORE={directory}\n\n"
        "or pass --store to any pmtui command:\n\n"
        f"    pmtui --store {directory}\n\n"
        "If pmtui says permission denied, ask the owner of this directory to add you\n"
        f"to the group: sudo usermod -aG {group} $USER (then log in again).\n\n"
        "Do not edit the files here by hand; pmtui keeps backups in pmtui.backups/\n"
        "(`pmtui restore --list`).\n"
    )
    path = directory / README_NAME
    if path.is_symlink():
        path.unlink()
    path.write_text(text, encoding="utf-8")
    os.chmod(path, 0o664)


def _shared_ancestor(path: Path) -> Path | None:
    for candidate in (path, *path.parents):
        if candidate.is_dir() and is_shared(candidate):
            return candidate
    return None


def access_problem(store_path: Path) -> str | None:
    """Why the current user cannot use the team store at ``store_path``, or ``None``.

    Only team stores are checked: a private store reports its own errors.
    """
    directory = Path(store_path).parent
    if not is_shared(directory):
        return None
    if os.access(directory, os.R_OK | os.W_OK | os.X_OK):
        return None
    return _explain(directory)


def explain_denied(exc: BaseException) -> str | None:
    """The message for a refused access (directly or behind a failed save), else ``None``."""
    if isinstance(exc, StoreWriteError) and isinstance(exc.cause, PermissionError):
        return permission_message(exc.cause)
    if isinstance(exc, PermissionError):
        return permission_message(exc)
    return None


def check_access(store_path: Path) -> None:
    """Raise :class:`SharedAccessError` when the user cannot use the team store."""
    problem = access_problem(store_path)
    if problem is not None:
        raise SharedAccessError(problem)


def permission_message(exc: PermissionError) -> str:
    """A readable line for a refused file access, naming the group for a team store."""
    filename = exc.filename if isinstance(exc.filename, str) else None
    if filename:
        shared = _shared_ancestor(Path(filename).parent)
        if shared is not None:
            return _explain(shared, Path(filename))
    where = filename or str(exc)
    return f"permission denied: {where}. Check the store's owner and group."


def _explain(directory: Path, path: Path | None = None) -> str:
    st = os.stat(directory)
    group = group_name(st.st_gid)
    owner = _user_name(st.st_uid)
    me = _user_name(os.geteuid())
    if st.st_gid not in os.getgroups() and st.st_gid != os.getegid():
        return (
            f"permission denied: {directory} is a team store for the group '{group}', "
            f"and {me} is not in that group. Ask its owner ({owner}) or an administrator "
            f"to run `sudo usermod -aG {group} {me}`, then log in again "
            "(a new group applies to new sessions)."
        )
    what = path if path is not None else directory
    return (
        f"permission denied: {what} in the team store {directory} is not writable by the "
        f"group '{group}'. Ask its owner ({owner}) to run "
        f"`pmtui init --shared {directory} --group {group}`, which repairs the permissions."
    )
