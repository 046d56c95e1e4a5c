"""What the filesystem under a store keeps, and so how pmtui tells that a file changed.

A process keeps the files it parsed and serves them again while nothing
changed. On a local disk the file's signature (inode, size, modification time
in nanoseconds) tells: pmtui stamps every new file with a strictly rising
nanosecond time, and the disk keeps it. Many NFS servers and FUSE
filesystems keep whole seconds and give a new file the inode number of one
just removed; there two saves of the same size within a second look alike,
and a process that trusted its copy would build its next save on a stale
one. On those filesystems the store checks the save generation instead (see
:mod:`pmtui.store.generation`), which every save changes whatever the
filesystem keeps.

:func:`choose` decides once per store, when it is first read or written:
``PMTUI_STORE_CHECK`` (``signature`` or ``generation``) if set, else the
generation check on a network or FUSE filesystem or where a probe file does
not keep a nanosecond timestamp, else the signature check.
"""

from __future__ import annotations

import contextlib
import os
import time
from dataclasses import dataclass
from pathlib import Path

from pmtui.store import atomic
from pmtui.store.errors import StoreError

SIGNATURE = "signature"
"""Trust a kept file while its (inode, size, nanosecond mtime) is unchanged."""
GENERATION = "generation"
"""Trust a kept file only while the store's save generation is unchanged."""
CHECKS = (SIGNATURE, GENERATION)
ENV = "PMTUI_STORE_CHECK"

NETWORK_TYPES = frozenset(
    {
        "9p",
        "afs",
        "beegfs",
        "ceph",
        "cifs",
        "coda",
        "davfs",
        "gfs2",
        "glusterfs",
        "gpfs",
        "lustre",
        "ncpfs",
        "nfs",
        "nfs4",
        "ocfs2",
        "smb3",
        "smbfs",
        "virtiofs",
    }
)
"""Filesystems whose files other machines may change, and that may keep coarse times."""

_PROBE_STAMP_NS = 987_654_321
"""The sub-second part a probe file is stamped with: every digit must come back."""


@dataclass(frozen=True)
class Check:
    """The check one store uses, and why (``pmtui locate`` prints it)."""

    name: str
    fstype: str | None
    reason: str

    @property
    def safe(self) -> bool:
        """True for the generation check, which holds without nanosecond timestamps."""
        return self.name == GENERATION

    def describe(self) -> str:
        return f"{self.name} ({self.reason})"


def is_network(fstype: str | None) -> bool:
    """A network filesystem, or FUSE (sshfs, rclone and the like sit on a network too)."""
    if fstype is None:
        return False
    return fstype in NETWORK_TYPES or fstype == "fuse" or fstype.startswith(("fuse.", "fuseblk"))


def existing_dir(path: Path) -> Path:
    """``path`` or its nearest existing ancestor: a store not made yet lives on its filesystem."""
    path = Path(path).absolute()
    for candidate in (path, *path.parents):
        if candidate.is_dir():
            return candidate
    return Path("/")


def mount_type(path: Path) -> str | None:
    """The filesystem type of the mount holding ``path`` (Linux), or ``None`` if unknown."""
    directory = existing_dir(path)
    try:
        dev = os.stat(directory).st_dev
        text = Path("/proc/self/mountinfo").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    want = f"{os.major(dev)}:{os.minor(dev)}"
    resolved = str(directory.resolve())
    by_dev: str | None = None
    best: tuple[int, str] | None = None
    for line in text.splitlines():
        head, sep, tail = line.partition(" - ")
        fields, rest = head.split(), tail.split()
        if not sep or len(fields) < 5 or not rest:
            continue
        point = _unescape(fields[4])
        inside = resolved == point or resolved.startswith(point.rstrip("/") + "/")
        if fields[2] == want and inside:
            by_dev = rest[0]
        if inside and (best is None or len(point) >= best[0]):
            best = (len(point), rest[0])
    return by_dev or (best[1] if best else None)


def _unescape(field: str) -> str:
    """Mount points in mountinfo escape space, tab, newline and backslash as octal."""
    for code, char in (("\\040", " "), ("\\011", "\t"), ("\\012", "\n"), ("\\134", "\\")):
        field = field.replace(code, char)
    return field


def keeps_nanoseconds(directory: Path) -> bool | None:
    """Whether a file in ``directory`` keeps the nanosecond mtime pmtui stamps on it.

    Stamps a throw-away file (named like pmtui's temporary files, so a
    writer sweeps it if this process dies first) and reads the stamp back
    through the same signature the store trusts. ``None`` when no file can be
    made there (a read-only directory).
    """
    stamp = (time.time_ns() // 1_000_000_000) * 1_000_000_000 + _PROBE_STAMP_NS
    try:
        tmp, fd = atomic.temp_beside(Path(directory) / ".pmtui-probe")
    except OSError:
        return None
    try:
        os.utime(fd, ns=(stamp, stamp))
        kept = atomic.signature_of(os.fstat(fd))[2]
    except OSError:
        return None
    finally:
        os.close(fd)
        with contextlib.suppress(OSError):
            os.unlink(tmp)
    return kept == stamp


def choose(directory: Path, wanted: str | None = None) -> Check:
    """The check a store in ``directory`` uses: ``wanted``, ``$PMTUI_STORE_CHECK``, or found."""
    where = existing_dir(directory)
    fstype = mount_type(where)
    named = wanted or os.environ.get(ENV, "").strip().lower()
    if named:
        if named not in CHECKS:
            raise StoreError(f"{ENV} must be {' or '.join(CHECKS)}, not {named!r}")
        how = "chosen by the caller" if wanted else f"set by {ENV}"
        return Check(named, fstype, how)
    kind = fstype or "this filesystem"
    if is_network(fstype):
        return Check(GENERATION, fstype, f"{kind} is a network or FUSE filesystem")
    kept = keeps_nanoseconds(where)
    if kept is None:
        return Check(GENERATION, fstype, f"cannot test the timestamps {kind} keeps in {where}")
    if not kept:
        return Check(GENERATION, fstype, f"{kind} keeps no nanosecond timestamps")
    return Check(SIGNATURE, fstype, f"{kind} keeps nanosecond timestamps")
