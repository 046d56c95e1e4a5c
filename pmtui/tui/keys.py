"""Which keys are commands and which are typing.

pmtui has single-key commands (``1``-``5`` open stages, ``a`` adds, ``w``
opens a private round, ``u`` undoes...). They must never fire while someone
is entering text: people type sentences without looking at where the focus
is, and a letter that lands on a tick box or a choice instead of a text
field used to toggle it or open a dialog. Two rules keep keys apart:

- A single-key command works only where no text is entered: on a list, a
  tree, a page, a button. While the focus is in a form field (a text field,
  a tick box, a choice, a list of ticks) the screen's and the pane's
  single-key bindings are off (:class:`CommandKeys`); forms use ctrl keys
  and buttons, and every action is in the command palette.
- A sentence typed where the focus is not a text field is not run
  (:class:`TypingGuard`): after a printable key that did nothing there,
  the printable keys that follow within :data:`TYPING_PAUSE` are dropped
  (a space would tick the box); the person is told once where the focus is.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from functools import cache
from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.dom import DOMNode, NoScreen
from textual.events import Key
from textual.keys import key_to_character

TYPING_PAUSE = 1.0
"""Seconds after a typed key during which printable keys still count as typing."""

FIELDS = (
    ("textual.widgets._input", "Input"),
    ("textual.widgets._text_area", "TextArea"),
    ("textual.widgets._toggle_button", "ToggleButton"),
    ("textual.widgets._radio_set", "RadioSet"),
    ("textual.widgets._select", "Select"),
    ("textual.widgets._selection_list", "SelectionList"),
)
"""Widgets of a form, by module and class: single-key commands are off while one of
them has the focus. They are looked up, not imported: the home screen has no text
area, and importing the editor's widgets would delay the app's first frame."""
TEXT_AREA = FIELDS[1]


def loaded(module: str, name: str) -> type | None:
    """Class ``name`` of ``module`` if that module is imported (no widget is one before)."""
    found = sys.modules.get(module)
    return getattr(found, name, None) if found is not None else None


def field_types() -> tuple[type, ...]:
    """The form field classes imported so far."""
    return tuple(cls for module, name in FIELDS if (cls := loaded(module, name)) is not None)


_PRINTABLE_NAMES = frozenset({"slash", "plus", "minus", "space", "asterisk", "backslash"})


def printable_key(key: str) -> bool:
    """Whether a binding's key name is a character someone might type in a sentence."""
    if len(key) == 1:
        return key.isprintable()
    if key in _PRINTABLE_NAMES:
        return True
    if "+" in key:
        return False  # ctrl+..., alt+..., shift+...
    char = key_to_character(key)
    return char is not None and len(char) == 1 and char.isprintable()


def is_text_entry(widget: DOMNode | None) -> bool:
    """Whether ``widget`` takes typed text (an editable text field or area)."""
    text_area = loaded(*TEXT_AREA)
    if text_area is not None and isinstance(widget, text_area):
        return not getattr(widget, "read_only", False)
    entry = loaded(*FIELDS[0])
    return entry is not None and isinstance(widget, entry)


def in_field(widget: DOMNode | None) -> bool:
    """Whether ``widget`` is (inside) a form field, where letters are not commands."""
    fields = field_types()
    node = widget
    while node is not None:
        if isinstance(node, fields):
            return True
        node = node.parent
    return False


@cache
def letter_actions(bindings: tuple[BindingType, ...]) -> frozenset[str]:
    """The actions bound only to printable keys (one also bound to ctrl+z stays on in fields)."""
    actions: dict[str, bool] = {}
    for binding in bindings:
        if not isinstance(binding, Binding):
            continue
        keys = [k.strip() for k in binding.key.split(",")]
        printable = all(printable_key(k) for k in keys)
        name = binding.action.split("(", 1)[
            0
        ]  # check_action gets "open_number", not "open_number(3)"
        actions[name] = actions.get(name, True) and printable
    return frozenset(a for a, letter in actions.items() if letter)


class CommandKeys:
    """Mixin for a screen or pane: its single-key bindings are off while a field has the focus.

    Put it first among the bases; a subclass that overrides ``check_action``
    calls ``super().check_action`` for the keys.
    """

    BINDINGS: ClassVar[list[BindingType]] = []

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        assert isinstance(self, DOMNode)
        if action in letter_actions(tuple(type(self).BINDINGS)):
            try:
                focused = self.screen.focused
            except NoScreen:  # not on a screen yet
                return True
            if in_field(focused):
                return False
        return True


class TypingGuard:
    """Keeps the rest of a sentence away from widgets that take no text.

    A printable key that does nothing where the focus is (a letter on a tick
    box) is the start of a sentence typed in the wrong place: printable keys
    that follow it within :attr:`pause`, on the same screen, are dropped
    even where they would do something (a space would tick the box), until
    a pause, escape or a ctrl key. A key that does something on its own (a
    space to tick a box just tabbed to) still works.
    """

    def __init__(
        self, pause: float = TYPING_PAUSE, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.pause = pause
        self.clock = clock
        self._stray = float("-inf")
        """When the last key that did nothing (or was dropped) arrived."""
        self._screen: object = None
        self._told = False

    def swallows(
        self, event: Key, focused: DOMNode | None, *, bound: bool, screen: object = None
    ) -> bool:
        """Whether ``event`` is typing that must not reach ``focused``; True means drop it.

        ``bound``: the key does something where the focus is now (a binding
        that is on); ``screen``: the screen it arrived on. Keys that are not
        characters (tab, enter, arrows) go through and neither start nor end
        a sentence; escape and ctrl keys are deliberate and end it.
        """
        if not event.is_printable:
            if event.key == "escape" or event.key.startswith("ctrl+"):
                self._stray = float("-inf")
            return False
        if is_text_entry(focused):
            self._stray = float("-inf")
            return False
        now = self.clock()
        if now - self._stray < self.pause and screen is self._screen:
            self._stray = now
            return True
        if not bound:
            self._stray = now
            self._screen = screen
            self._told = False
        return False

    def first_swallowed(self) -> bool:
        """True once per burst of swallowed typing, so the person is told once."""
        told, self._told = self._told, True
        return not told
