"""Giving the focus at once, so the keys typed ahead go where the focus went.

Keys that arrive together are handed on in turn (:mod:`pmtui.tui.turns`):
the keys after one that runs an action wait until that action, and what it
posted, has been handled. ``Widget.focus()`` moves the focus only later, after
the messages already waiting, so an action that puts the cursor in a field
gives the focus with :func:`focus_now`: the keys after it then go there.
"""

from __future__ import annotations

from textual.widget import Widget


def focus_now(widget: Widget, *, scroll_visible: bool = True) -> None:
    """Give ``widget`` the focus before the next key is handled.

    ``Widget.focus()`` moves the focus only after the keys already waiting,
    so ``enter`` and a sentence arriving together (typed ahead over a slow
    SSH link, or a paste) sent the sentence to the stage, which drops it as
    stray typing. A key's action that puts the cursor in a field calls this,
    and so does a stage taking the focus on arrival (deferred, it took the
    focus back from the field an ``enter`` typed meanwhile had gone to).
    ``scroll_visible=False`` leaves the view where it is.
    """
    widget.screen.set_focus(widget, scroll_visible=scroll_visible)
