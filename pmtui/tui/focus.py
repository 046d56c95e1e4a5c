"""Moving the focus at once, so the keys typed ahead go where the focus went.

Over a slow SSH link, or from a quick typist, a key that moves the focus
(``tab``, ``shift+tab``, ``enter`` on the frame, ``/`` on the home screen, a
stage's number...) and the text typed after it
arrive together. Textual hands every key to the focused widget as it
arrives and runs a binding only once the key has come back up from that
widget: the text after ``tab`` went into the field it left. So:

- An action that moves the focus is marked with :func:`moves_focus`. When a
  key arrives whose binding where the focus is now is such an action
  (:func:`focus_binding`: none where the focused widget takes the key itself,
  such as a text area that indents with ``tab``), the app holds the keys that
  come after it. The key itself goes its usual way, after the keys before it.
- Once its binding has run and the focus has moved (at once, or when the form
  or stage it opened gives it), the held keys are handed on, in order
  (``PmtuiApp``).
- An action that puts the cursor in a field gives the focus with
  :func:`focus_now`, so the keys need not wait longer.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from textual.binding import ActiveBinding
from textual.dom import DOMNode
from textual.screen import Screen
from textual.widget import Widget

Action = TypeVar("Action", bound=Callable[..., object])

MOVES_FOCUS = "_pmtui_moves_focus"
"""The mark :func:`moves_focus` puts on an action method."""


def moves_focus(action: Action) -> Action:
    """Mark ``action_...`` as one that moves the focus: its keys run as they arrive."""
    setattr(action, MOVES_FOCUS, True)
    return action


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


def _target(node: DOMNode, action: str) -> tuple[DOMNode | None, str]:
    """The node an action string runs on and the action's name (``app.focus_next`` runs on
    the app), as Textual reads an action's namespace."""
    name = action.split("(", 1)[0].strip()
    if "." not in name:
        return node, name
    prefix, name = name.split(".", 1)
    app = node.app
    targets: dict[str, DOMNode | None] = {"app": app, "screen": app.screen, "focused": app.focused}
    return targets.get(prefix), name


def marked(node: DOMNode, action: str) -> bool:
    """Whether ``action``, bound on ``node``, is one that moves the focus (an override of
    a marked action is one too)."""
    target, name = _target(node, action)
    if target is None:
        return False
    method = f"action_{name}"
    return any(getattr(vars(cls).get(method), MOVES_FOCUS, False) for cls in type(target).__mro__)


def focus_binding(screen: Screen[Any], key: str) -> ActiveBinding | None:
    """The binding ``key`` will run on ``screen`` if it is one that moves the focus.

    Textual's ``active_bindings`` is what ``key`` does where the focus is now:
    the nearest binding to the focused widget, none where that widget takes
    the key itself (an editor that indents with ``tab`` says so through
    ``check_consume_key``), and none past a modal screen. A priority binding
    is left to Textual, which already runs it as the key arrives.

    Working ``active_bindings`` out takes about a third of a millisecond, so
    it is done only for a key bound, somewhere from the focus up, to an
    action that moves the focus (``down`` in a list never is).
    """
    if not _may_move_focus(screen, key):
        return None
    active = screen.active_bindings.get(key)
    if active is None or not active.enabled or active.binding.priority:
        return None
    return active if marked(active.node, active.binding.action) else None


def _may_move_focus(screen: Screen[Any], key: str) -> bool:
    """Whether any node from the focus up to the app binds ``key`` to an action that moves
    the focus (whether that binding is the one to run is for ``active_bindings``)."""
    focused = screen.focused
    chain = focused.ancestors_with_self if focused is not None else [screen, screen.app]
    return any(
        marked(node, binding.action)
        for node in chain
        for binding in node._bindings.key_to_bindings.get(key, ())
    )
