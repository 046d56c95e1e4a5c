"""Bracketed pastes taken whole before Textual's key parser sees them.

A terminal in bracketed-paste mode wraps pasted text in ``ESC[200~`` and
``ESC[201~``. Textual's parser reads an escape character inside a paste as
the start of a key sequence: the characters after it were sent as keys at
once and the text before it was inserted at the paste's end, so a pasted
log line with colour codes came out scrambled (``…^[1mta, omega, gam ma,
del``). :class:`PasteSplitter` cuts the pastes out of what the terminal
sends; the driver hands each one to the app whole, cleaned by the domain's
one rule for typed text (escape sequences and control characters removed,
the rest in order), and everything else to Textual's parser as before.
"""

from __future__ import annotations

from pmtui.domain.text import clean

START = "\x1b[200~"
END = "\x1b[201~"
_HOLD_START_FROM = 3
"""A read ending in this much or more of ``START`` waits for the next read; a
shorter tail (a lone ``escape``, or ``escape [``) goes on to the parser at once,
as a key pressed alone must."""


def pasted(text: str) -> str:
    """What a paste gives a field: its text in order, without escapes or controls."""
    return clean(text, multiline=True)


class PasteSplitter:
    """Splits what the terminal sends into keys and whole pastes, read by read."""

    def __init__(self) -> None:
        self._pasting = False
        self._paste: list[str] = []
        self._held = ""

    def feed(self, data: str) -> list[tuple[bool, str]]:
        """``(is_paste, text)`` pieces of ``data`` in order; a paste only once it ended."""
        out: list[tuple[bool, str]] = []
        data, self._held = self._held + data, ""
        while data:
            if self._pasting:
                end = data.find(END)
                if end < 0:
                    keep = _partial_tail(data, END, 1)
                    self._paste.append(data[: len(data) - keep])
                    self._held = data[len(data) - keep :]
                    break
                self._paste.append(data[:end])
                out.append((True, "".join(self._paste)))
                self._paste.clear()
                self._pasting = False
                data = data[end + len(END) :]
            else:
                start = data.find(START)
                if start < 0:
                    keep = _partial_tail(data, START, _HOLD_START_FROM)
                    if len(data) > keep:
                        out.append((False, data[: len(data) - keep]))
                    self._held = data[len(data) - keep :]
                    break
                if start:
                    out.append((False, data[:start]))
                self._pasting = True
                data = data[start + len(START) :]
        return out


def _partial_tail(data: str, marker: str, shortest: int) -> int:
    """How many characters at the end of ``data`` begin ``marker`` (at least ``shortest``)."""
    for size in range(min(len(marker) - 1, len(data)), shortest - 1, -1):
        if data.endswith(marker[:size]):
            return size
    return 0
