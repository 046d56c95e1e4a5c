"""The multi-line text field, where ctrl+a selects all of its text.

Textual's ``TextArea`` takes ctrl+a to the start of the line (``home`` does
that too) and selects all only with F7, so rewriting a cause that blamed
someone meant deleting it a piece at a time, and pieces of the blamed text
stayed. Here ctrl+a selects the whole text: the next key typed replaces
it. One-line fields keep Textual's ctrl+a (to the start), as a shell's.
"""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.widgets import TextArea


class TextBox(TextArea):
    """A multi-line field: ctrl+a selects all (``home`` still goes to the line's start)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+a", "select_all", "Select all", show=False),
    ]
