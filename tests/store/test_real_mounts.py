"""The same race on real filesystems that keep whole-second mtimes and reuse inode numbers.

An ext2 image made with 128-byte inodes keeps timestamps in whole seconds
and hands a freed inode number to the next new file, as many NFS servers
do. It is mounted two ways: through FUSE (``fuse2fs``, which the store must
recognise as a FUSE filesystem) and by the kernel on a loop device (a local
filesystem the store recognises only by probing its timestamps). Mounting
needs root and the tools; CI runs as root and ``.ci/run`` installs
``fuse2fs``. Where either is missing the test says so and skips.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from pmtui.store import filesystem
from pmtui.store.repository import Store
from tests.store.test_coarse_signatures import _race, counted_review

pytestmark = pytest.mark.slow


def _run(argv: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(argv, capture_output=True, text=True, timeout=60)


def _mounted(mnt: Path) -> bool:
    return os.path.ismount(mnt)


@pytest.fixture(params=["fuse2fs", "loop"])
def coarse_mount(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[str, Path]]:
    how = request.param
    if os.geteuid() != 0:
        pytest.skip("mounting a filesystem needs root (CI runs as root)")
    mkfs = shutil.which("mkfs.ext2")
    if mkfs is None:
        pytest.skip("mkfs.ext2 (e2fsprogs) is not installed")
    if how == "fuse2fs" and (shutil.which("fuse2fs") is None or not Path("/dev/fuse").exists()):
        pytest.skip("fuse2fs or /dev/fuse is missing (.ci/run installs fuse2fs)")
    image, mnt = tmp_path / "disk.img", tmp_path / "mnt"
    mnt.mkdir()
    with image.open("wb") as f:
        f.truncate(64 << 20)
    made = _run([mkfs, "-q", "-F", "-I", "128", str(image)])
    assert made.returncode == 0, made.stderr
    mount = [shutil.which("fuse2fs") or "fuse2fs"] if how == "fuse2fs" else ["mount", "-o", "loop"]
    done = _run([*mount, str(image), str(mnt)])
    if done.returncode != 0 or not _mounted(mnt):
        pytest.skip(f"cannot mount an ext2 image with {how} here: {done.stderr.strip()}")
    try:
        yield how, mnt
    finally:
        for _ in range(50):
            if _run(["umount", str(mnt)]).returncode == 0 or not _mounted(mnt):
                break
            time.sleep(0.1)  # a writer process may still be closing its files


def test_the_store_uses_the_generation_check_there(coarse_mount: tuple[str, Path]) -> None:
    how, mnt = coarse_mount
    check = Store(mnt / "store" / "pmtui.json").check
    assert check.name == filesystem.GENERATION
    if how == "fuse2fs":
        assert check.fstype is not None and check.fstype.startswith("fuse")
        assert "network or FUSE" in check.reason
    else:
        assert check.fstype == "ext2"
        assert "no nanosecond timestamps" in check.reason


@pytest.mark.parametrize("check", ["signature", None], ids=["signature-only", "detected"])
def test_two_writer_processes_lose_nothing(
    coarse_mount: tuple[str, Path], check: str | None
) -> None:
    _how, mnt = coarse_mount
    path = mnt / "store" / "pmtui.json"
    rid = counted_review(path)
    acknowledged, stored = _race(path, rid, check, 80, coarse=False)
    if check == "signature":
        assert stored < acknowledged, "the signature check alone should have lost saves here"
    else:
        assert stored == acknowledged


def _pmtui() -> str:
    beside = Path(sys.executable).with_name("pmtui")
    found = str(beside) if beside.exists() else shutil.which("pmtui")
    if not found:
        pytest.skip("the pmtui console script is not installed")
    return found


def test_locate_and_init_say_what_the_filesystem_allows(
    coarse_mount: tuple[str, Path], tmp_path: Path
) -> None:
    """The installed command, as a team lead setting up a store there would run it."""
    how, mnt = coarse_mount
    env = {**os.environ, "PMTUI_CONFIG_DIR": str(tmp_path / "config")}
    env.pop(filesystem.ENV, None)
    located = subprocess.run(
        [_pmtui(), "locate", "--store", str(mnt / "team")],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert located.returncode == 0, located.stderr
    lines = dict(line.split(None, 1) for line in located.stdout.splitlines())
    assert lines["check"].startswith("generation (")
    init = subprocess.run(
        [_pmtui(), "init", "--shared", str(mnt / "team")],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert init.returncode == 0, init.stderr
    assert f"export PMTUI_STORE={mnt / 'team'}" in init.stdout
    if how == "fuse2fs":
        assert init.stderr.startswith(f"warning: {mnt / 'team'} is on a network filesystem (fuse")
        assert "syncing through git" in " ".join(init.stderr.split())
    else:
        assert init.stderr == ""  # a local disk: one host by definition
