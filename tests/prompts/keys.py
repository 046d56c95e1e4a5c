"""Typing into a prompt flow through a prompt_toolkit pipe, as questionary's own tests do."""

from __future__ import annotations

import io
from dataclasses import dataclass

from pmtui.prompts.ask import Prompter

ENTER = "\r"
DOWN = "\x1b[B"
CTRL_C = "\x03"
CLEAR = "\x15"
"""Ctrl-U: clears the text a prompt offers (or kept after a rejected answer)."""


class Raw(str):
    """Keys sent as they are, without Enter: "y" or "n" answers a confirm at once."""


@dataclass
class Keys:
    """Type keys into the flow; ``said`` holds what it printed between questions."""

    prompter: Prompter
    said: io.StringIO
    _inp: object

    def answer(self, *answers: str) -> None:
        """Type every answer, each followed by Enter unless it is a control key.

        A Ctrl-C goes last: a flow that wants more answers than the test gave
        is cancelled (and the test fails on its assertions) instead of hanging.
        """
        for a in answers:
            raw = isinstance(a, Raw) or a == CTRL_C or a.startswith("\x1b")
            self._inp.send_text(a if raw else a + ENTER)  # type: ignore[attr-defined]
        self._inp.send_text(CTRL_C)  # type: ignore[attr-defined]
