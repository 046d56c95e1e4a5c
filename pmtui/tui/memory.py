"""Memory a running pmtui frees goes back to the system (glibc's C allocator).

A save at 10,000 reviews reads the 15 MB index and writes a patched copy of
it, and the home screen's whole list is read once after the first frame:
large blocks, each freed a moment later. glibc hands a block that large its
own mapping and unmaps it when freed, but the first time it frees one it
raises that threshold to the block's size (``M_MMAP_THRESHOLD`` adapts up to
32 MiB): every later block up to 15 MB then comes from the heap, and a heap
whose top is held by one small live object cannot give the freed space back.
Measured in tmux at 80x24, a review open at 10,000 reviews then
kept 130 MiB resident after its first save, against 85 MiB with the threshold
fixed; whether the memory came back depended on the order of allocations, so
the same pmtui measured 87 or 130 MiB on two stores.

Fixing the threshold at its default (which also fixes the trim threshold)
keeps every large block in a mapping of its own, given back when freed. The
cost is a fresh mapping per large block, its pages faulted in again on every
save; a save therefore allocates as few large blocks as it can (it writes the
patched index from the slices it read, :meth:`pmtui.store.rows.Lines.patched_pieces`).
Giving the memory back with ``malloc_trim`` once typing pauses instead was
tried and gives nothing back: the freed blocks sit at the top of the saving
thread's arena, which ``malloc_trim`` does not shrink (only the main arena's).
See docs/benchmarks.md, "Memory given back after a save".
"""

from __future__ import annotations

import sys

M_MMAP_THRESHOLD = -3
"""glibc's ``mallopt`` parameter number for the mapping threshold (malloc.h)."""

MMAP_THRESHOLD = 128 * 1024
"""glibc's default threshold: blocks at least this big get their own mapping."""


def give_back_freed_memory() -> bool:
    """Keep large blocks in their own mappings from now on; whether it could (glibc only).

    Called once the first frame is painted (``PmtuiApp.mark_ready``): what
    was allocated before stays where it is, and everything read after it
    (the whole list, every save) is given back when freed.
    """
    if not sys.platform.startswith("linux"):
        return False
    import ctypes  # about 1.5 ms, after the first frame

    try:
        libc = ctypes.CDLL(None)
        mallopt = libc.mallopt
    except (OSError, AttributeError):  # musl and other C libraries have no mallopt
        return False
    mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    mallopt.restype = ctypes.c_int
    return bool(mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD))
