"""Large blocks a running pmtui frees go back to the system (pmtui.tui.memory).

Each case runs in a fresh interpreter, since the C allocator's state is the
process's: a first large block is freed (as the start's reads are), then a
block as big as a 10,000-review index is allocated, a small one after it
holds the heap's top, and the large one is freed, as a save frees the index
it read. The control shows the loss the module exists for.
"""

from __future__ import annotations

import platform
import subprocess
import sys

import pytest

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux") or platform.libc_ver()[0] != "glibc",
    reason="the mapping threshold is glibc's (mallopt); other C libraries behave otherwise",
)

PROBE = """
import sys
from pmtui.tui.memory import give_back_freed_memory

def rss_kib():
    with open("/proc/self/status") as fh:
        return next(int(l.split()[1]) for l in fh if l.startswith("VmRSS"))

start = b"s" * (20 << 20)  # read while starting, then freed
del start
fixed = give_back_freed_memory() if sys.argv[1] == "fixed" else None
before = rss_kib()
index = b"i" * (12 << 20)  # a save's copy of a 15 MB index
held = b"h" * (100 << 10)  # something small that lives on
del index
print(fixed, rss_kib() - before)
"""


def _kept_kib(mode: str) -> tuple[str, int]:
    out = subprocess.run(
        [sys.executable, "-c", PROBE, mode], capture_output=True, text=True, check=True
    ).stdout.split()
    return out[0], int(out[1])


def test_a_large_block_freed_after_the_first_frame_goes_back_to_the_system() -> None:
    fixed, kept = _kept_kib("fixed")
    assert fixed == "True"
    assert kept < 4 * 1024, f"{kept} KiB of a freed 12 MiB block still resident"


def test_control_without_it_the_freed_block_stays_resident() -> None:
    fixed, kept = _kept_kib("control")
    assert fixed == "None"
    assert kept > 10 * 1024, f"only {kept} KiB kept: the control no longer shows the loss"
