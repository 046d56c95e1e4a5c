"""Team stores: modes, group, README, and the message a teammate without access gets.

Tests that need a user outside the store's group fork a child that drops to
``nobody`` (possible when the tests run as root) and report what it saw; run
as an ordinary user they are skipped, since one cannot give a directory to a
group one is not in.
"""

from __future__ import annotations

import contextlib
import grp
import io
import os
import pickle
import stat
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from pmtui.cli import main
from pmtui.domain.model import Review
from pmtui.errors import describe
from pmtui.store.repository import Store
from pmtui.store.shared import (
    SharedSetupError,
    access_problem,
    group_name,
    is_shared,
    permission_message,
    prepare,
)

NOBODY = 65534


def _mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def _other_group() -> grp.struct_group | None:
    """A group the current user is not in (root may use any)."""
    mine = {os.getegid(), *os.getgroups()}
    for g in grp.getgrall():
        if g.gr_gid not in mine and g.gr_gid != NOBODY:
            return g
    return None


@pytest.fixture
def open_dir() -> Iterator[Path]:
    """A directory under /tmp that a child dropped to ``nobody`` can reach."""
    base = Path(tempfile.mkdtemp(prefix="pmtui-shared-"))
    os.chmod(base, 0o711)
    yield base
    for p in sorted(base.rglob("*"), reverse=True):
        if p.is_dir() and not p.is_symlink():
            p.rmdir()
        else:
            p.unlink()
    base.rmdir()


def _as_nobody(fn: Callable[[], Any], groups: tuple[int, ...] = ()) -> Any:
    """Run ``fn`` in a forked child as ``nobody`` in ``groups`` only; return its result."""
    if os.geteuid() != 0:
        pytest.skip("dropping to another user needs root; run as root to check outsiders")
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child
        os.close(read)
        try:
            os.setgroups(list(groups))
            os.setgid(NOBODY)
            os.setuid(NOBODY)
            result: Any = ("ok", fn())
        except BaseException as exc:
            result = ("raised", exc)
        with os.fdopen(write, "wb") as out:
            pickle.dump(result, out)
        os._exit(0)
    os.close(write)
    with os.fdopen(read, "rb") as inp:
        data = inp.read()
    os.waitpid(pid, 0)
    return pickle.loads(data)


def test_prepare_makes_a_setgid_group_directory_with_a_readme(tmp_path: Path) -> None:
    shared = prepare(tmp_path / "team")
    assert _mode(shared.directory) == 0o2770
    assert os.stat(shared.directory).st_gid == os.getegid()
    assert shared.group == group_name(os.getegid())
    readme = (shared.directory / "README.txt").read_text()
    assert f"export PMTUI_STORE={shared.directory}" in readme
    assert shared.group in readme
    assert is_shared(shared.directory)


def test_a_store_in_a_team_directory_writes_group_writable_files(tmp_path: Path) -> None:
    shared = prepare(tmp_path / "team")
    store = Store(shared.store_path)
    review = store.add(Review(title="db failover"))
    assert _mode(shared.store_path) == 0o660
    shard = store.layout.shard_path(store.layout.shard_of(review.id))
    assert _mode(shard) == 0o660
    assert _mode(store.layout.shards) == 0o2770
    assert os.stat(shard).st_gid == os.getegid()


def test_prepare_again_repairs_an_existing_private_store(tmp_path: Path) -> None:
    directory = tmp_path / "team"
    private = Store(directory / "pmtui.json")
    private.add(Review(title="before sharing"))
    assert _mode(directory / "pmtui.json") == 0o600
    shared = prepare(directory)
    assert shared.fixed >= 2
    assert _mode(directory / "pmtui.json") == 0o660
    assert _mode(private.layout.shards) == 0o2770
    assert prepare(directory).fixed == 0  # nothing left to repair


def test_prepare_with_a_named_group(tmp_path: Path) -> None:
    other = _other_group()
    if os.geteuid() != 0 or other is None:
        pytest.skip("giving a directory to a group one is not in needs root")
    shared = prepare(tmp_path / "team", other.gr_name)
    assert os.stat(shared.directory).st_gid == other.gr_gid
    assert shared.group == other.gr_name


def test_an_unknown_group_is_refused_with_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(SharedSetupError, match=r"no group 'no-such-team'.*groupadd"):
        prepare(tmp_path / "team", "no-such-team")
    assert not (tmp_path / "team").exists()


def test_an_outsider_is_told_which_group_to_join(open_dir: Path) -> None:
    other = _other_group()
    if other is None:
        pytest.skip("no group to share with on this host")
    shared = prepare(open_dir / "team", other.gr_name if os.geteuid() == 0 else None)
    Store(shared.store_path).add(Review(title="shared review"))

    def outsider() -> tuple[str | None, str | None, int, str]:
        problem = access_problem(shared.store_path)
        err = io.StringIO()
        with contextlib.redirect_stderr(err):
            code = main(["--store", str(shared.directory), "app"])
        try:
            Store(shared.store_path).add(Review(title="mine"))
        except Exception as exc:
            return problem, describe(exc), code, err.getvalue()
        return problem, None, code, err.getvalue()

    status, (problem, message, code, app_err) = _as_nobody(outsider)
    assert status == "ok"
    assert problem is not None and message is not None
    assert code == 2  # the app never starts
    for text in (problem, message, app_err):
        assert f"group '{shared.group}'" in text
        assert f"sudo usermod -aG {shared.group} nobody" in text


def test_a_member_blocked_by_a_private_file_is_told_to_repair(open_dir: Path) -> None:
    if os.geteuid() != 0:
        pytest.skip("dropping to another user needs root")
    shared = prepare(open_dir / "team", group_name(NOBODY))
    Store(shared.store_path).add(Review(title="shared review"))
    os.chmod(shared.store_path, 0o600)  # someone's umask or a hand copy made it private

    def member() -> str | None:
        try:
            Store(shared.store_path).summaries()
        except Exception as exc:
            return describe(exc)
        return None

    status, message = _as_nobody(member, (NOBODY,))
    assert status == "ok"
    assert message is not None
    assert "not writable by the group" in message
    assert f"pmtui init --shared {shared.directory}" in message


def test_a_member_can_write_to_the_team_store(open_dir: Path) -> None:
    if os.geteuid() != 0:
        pytest.skip("dropping to another user needs root")
    shared = prepare(open_dir / "team", group_name(NOBODY))
    Store(shared.store_path).add(Review(title="shared review"))

    def member() -> int:
        store = Store(shared.store_path)
        store.add(Review(title="from a teammate"))
        return len(store.summaries())

    assert _as_nobody(member, (NOBODY,)) == ("ok", 2)
    assert len(Store(shared.store_path).summaries()) == 2


def test_a_private_store_gets_the_plain_message(tmp_path: Path) -> None:
    exc = PermissionError(13, "Permission denied", str(tmp_path / "x" / "pmtui.json"))
    assert permission_message(exc).startswith("permission denied: ")
    assert "group" in permission_message(exc)
    assert access_problem(tmp_path / "x" / "pmtui.json") is None
