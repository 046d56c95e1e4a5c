"""Textual's terminal driver, without waking ten times a second while nobody types.

Textual's Linux driver reads keys on a thread that looks at the terminal
every 0.1 s, pressed or not, to notice that the app is closing and to end
a lone ``escape`` that no other byte followed. An app left open over SSH
all day then wakes 864,000 times for nothing; with a teammate's ten apps on
one host that shows. :class:`QuietLinuxDriver` sleeps on the terminal and
on a pipe instead: the thread wakes for a key, for the end of a pending
escape (the parser says when), or because the app is closing (setting the
exit event writes to the pipe). Pastes are taken whole before the parser
sees them (:mod:`pmtui.tui.paste`). Everything else is Textual's own.
"""

from __future__ import annotations

import contextlib
import os
import select
from codecs import getincrementaldecoder
from threading import Event
from time import monotonic
from typing import Any

from textual import events
from textual._parser import ParseError
from textual._xterm_parser import XTermParser
from textual.drivers.linux_driver import LinuxDriver

from pmtui.tui.paste import PasteSplitter, pasted


class _WakingEvent(Event):
    """An event whose ``set`` also wakes a thread sleeping on ``fd``."""

    def __init__(self, fd: int) -> None:
        super().__init__()
        self.fd = fd

    def set(self) -> None:
        super().set()
        with contextlib.suppress(OSError):
            os.write(self.fd, b"x")


class QuietLinuxDriver(LinuxDriver):
    """The Linux driver whose input thread sleeps until there is something to do."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._wake_r, self._wake_w = os.pipe()
        os.set_blocking(self._wake_r, False)
        self.exit_event = _WakingEvent(self._wake_w)

    def run_input_thread(self) -> None:
        """Textual's loop (``LinuxDriver.run_input_thread``), sleeping without a timeout."""
        fileno = self.fileno
        parser = XTermParser(self._debug)
        pastes = PasteSplitter()
        decode = getincrementaldecoder("utf-8")().decode

        def read(final: bool = False) -> bool:
            data = decode(os.read(fileno, 1024 * 4), final=final)
            if not data:
                return False  # stdin is piped and ended
            for is_paste, text in pastes.feed(data):
                if is_paste:
                    self.process_message(events.Paste(pasted(text)))
                    continue
                for event in parser.feed(text):
                    self.process_message(event)
            return True

        def tick() -> None:
            for event in parser.tick():
                self.process_message(event)

        try:
            while not self.exit_event.is_set():
                due = parser._timeout_time  # a pending escape ends at this time
                timeout = None if due is None else max(0.0, due - monotonic())
                ready = select.select([fileno, self._wake_r], [], [], timeout)[0]
                if self._wake_r in ready:
                    with contextlib.suppress(BlockingIOError):
                        os.read(self._wake_r, 64)
                if fileno in ready and not read():
                    break
                tick()
            if select.select([fileno], [], [], 0.1)[0]:
                read(final=True)
            tick()
        finally:
            with contextlib.suppress(EOFError, ParseError):
                for _event in parser.feed(""):
                    pass

    def close(self) -> None:
        super().close()
        for fd in (self._wake_r, self._wake_w):
            with contextlib.suppress(OSError):
                os.close(fd)
