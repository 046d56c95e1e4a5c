"""Cleaning user text before it is stored.

People paste from terminals, chat and logs; escape sequences and control
characters would otherwise travel into the store and later into someone's
terminal. Limits keep one runaway paste from making the store unusable.
"""

from __future__ import annotations

import re

# ESC-introduced sequences (CSI, OSC, and two-character escapes) first, so the
# printable tail of a colour code does not survive as "[31m" noise.
_ESCAPES = re.compile(
    r"\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"  # OSC ... BEL / ST
    r"|\x1b\[[0-?]*[ -/]*[@-~]"  # CSI
    r"|\x1b[@-Z\\-_]"  # two-character escapes
    r"|\x9b[0-?]*[ -/]*[@-~]"  # 8-bit CSI
)
_CONTROLS_MULTILINE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_CONTROLS_SINGLE = re.compile(r"[\x00-\x1f\x7f-\x9f]")

SHORT_LIMIT = 300
"""Characters allowed in a one-line field such as a title or an owner."""
LONG_LIMIT = 20_000
"""Characters allowed in a free-text field such as a fact or a reason."""


def clean(text: str, *, multiline: bool = False) -> str:
    """Return ``text`` without terminal escape sequences or control characters.

    Line breaks survive in multi-line fields (normalised to ``\\n``); in
    one-line fields they become spaces. Tabs become spaces in both.
    """
    text = _ESCAPES.sub("", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    if multiline:
        return _CONTROLS_MULTILINE.sub("", text)
    text = text.replace("\n", " ")
    return _CONTROLS_SINGLE.sub("", text).strip()
