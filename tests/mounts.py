"""Real filesystems that keep whole-second mtimes and reuse inode numbers, for tests.

An ext2 image made with 128-byte inodes keeps timestamps in whole seconds
and hands a freed inode number to the next new file, as many NFS servers
do. ``coarse_mount`` mounts one two ways: through FUSE (``fuse2fs``, which
the store must recognise as a FUSE filesystem) and by the kernel on a loop
device (a local filesystem the store recognises only by probing its
timestamps). Mounting needs root and the tools; CI runs as root and
``.ci/run`` installs ``fuse2fs``. Where either is missing the test says so
and skips. The mount is undone when the test ends.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest


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
