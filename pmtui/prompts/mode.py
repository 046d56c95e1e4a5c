"""Whether a flow may ask, and how it stops when it may not.

A flow asks only when standard input is a terminal and ``--no-input`` was
not given. Otherwise every required answer must come as a flag; a run that
lacks some stops with exit status 2 and names them, and never waits for
input that cannot come.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import TextIO

EXIT_MISSING = 2
EXIT_CANCELLED = 130


def can_ask(no_input: bool, stdin: TextIO | None = None) -> bool:
    stream = stdin or sys.stdin
    if no_input or stream is None:
        return False
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def refuse_missing(command: str, flags: Sequence[str], err: TextIO | None = None) -> int:
    """Say which flags a scripted run lacks; returns the exit status."""
    print(
        f"pmtui {command}: cannot ask without a terminal (or with --no-input); "
        f"missing {', '.join(flags)}. Nothing was written.",
        file=err or sys.stderr,
    )
    return EXIT_MISSING


def cancelled(err: TextIO | None = None) -> int:
    print("pmtui: cancelled, nothing written.", file=err or sys.stderr)
    return EXIT_CANCELLED
