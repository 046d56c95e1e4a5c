"""Moving the focus at once, for keys that put the cursor in a field."""

from __future__ import annotations

from textual.widget import Widget


def focus_now(widget: Widget) -> None:
    """Give ``widget`` the focus before the next key is handled.

    ``Widget.focus()`` moves the focus only after the keys already waiting,
    so ``enter`` and a sentence arriving together (typed ahead over a slow
    SSH link, or a paste) sent the sentence to the stage, which drops it as
    stray typing. A key's action that puts the cursor in a field calls this.
    """
    widget.screen.set_focus(widget)
