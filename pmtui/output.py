"""What a command writes to standard output and standard error: safe, and failing cleanly.

:func:`pmtui.cli.main` runs every command with ``sys.stdout`` and
``sys.stderr`` wrapped in a :class:`SafeStream`, so every line pmtui prints
(results, messages, errors that quote an argument) passes through
:func:`pmtui.domain.text.shown`, whatever the store, a file or an argument
held: an escape sequence is shown as ``␛[2J``, never executed. Tools that
draw the terminal themselves (the prompts, the full-screen app) write to
:func:`raw` instead and neutralise the text they show.

A write that fails (a closed pipe, a full disk, a closed descriptor) raises
:class:`OutputError`, which the command line turns into one line and an exit
status instead of a traceback.
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
from collections.abc import Iterator
from typing import Any, TextIO, cast

from pmtui.domain.text import shown

EXIT_CLOSED_PIPE = 141
"""What a shell reports for a tool stopped by SIGPIPE (``pmtui mine | head -1``)."""


class OutputError(Exception):
    """Writing to standard output or standard error failed."""

    def __init__(self, where: str, cause: OSError) -> None:
        self.where = where
        self.cause = cause
        super().__init__(f"could not write to {where}: {cause.strerror or cause}")

    @property
    def closed_pipe(self) -> bool:
        """The reader went away (``| head``): not an error for a Unix tool."""
        return isinstance(self.cause, BrokenPipeError) or self.cause.errno == errno.EPIPE


class SafeStream:
    """A text stream that shows unsafe characters visibly and reports failed writes.

    Only what ``print`` and the standard library's writers use is offered;
    in particular no ``buffer``, so nothing can write bytes around it.
    """

    def __init__(self, inner: TextIO, where: str) -> None:
        self.raw_stream = inner
        self.where = where

    def write(self, s: str) -> int:
        try:
            self.raw_stream.write(shown(s, multiline=True))
        except OSError as exc:
            raise OutputError(self.where, exc) from None
        return len(s)

    def writelines(self, lines: Any) -> None:
        for line in lines:
            self.write(line)

    def flush(self) -> None:
        try:
            self.raw_stream.flush()
        except OSError as exc:
            raise OutputError(self.where, exc) from None

    def isatty(self) -> bool:
        return self.raw_stream.isatty()

    def fileno(self) -> int:
        return self.raw_stream.fileno()

    def writable(self) -> bool:
        return True

    @property
    def encoding(self) -> str:
        return getattr(self.raw_stream, "encoding", None) or "utf-8"

    @property
    def errors(self) -> str | None:
        return getattr(self.raw_stream, "errors", None)


def raw(stream: TextIO) -> TextIO:
    """The stream under a :class:`SafeStream`, for code that draws the terminal itself."""
    return cast(TextIO, getattr(stream, "raw_stream", stream))


@contextlib.contextmanager
def safe_standard_streams() -> Iterator[None]:
    """Wrap ``sys.stdout`` and ``sys.stderr`` for the time of one command."""
    import sys

    out, err = sys.stdout, sys.stderr
    if out is not None:
        sys.stdout = cast(TextIO, SafeStream(out, "standard output"))
    if err is not None:
        sys.stderr = cast(TextIO, SafeStream(err, "standard error"))
    try:
        yield
    finally:
        sys.stdout, sys.stderr = out, err


def silence(stream: TextIO | None) -> None:
    """Point a failed stream's descriptor at /dev/null, so nothing fails again at exit.

    Python flushes standard output once more when it exits; after a closed
    pipe or a full disk that flush would fail again and print a traceback.
    """
    if stream is None:
        return
    with contextlib.suppress(OSError, ValueError, io.UnsupportedOperation, AttributeError):
        fd = stream.fileno()
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, fd)
        os.close(devnull)
