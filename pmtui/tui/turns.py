"""Keys in turn: each key, and what it sets off, is done before the next key is handed on.

Over a slow SSH link, or from a quick typist, keys arrive together. Textual
hands each key to the focused widget as it arrives, runs a key's binding
only once the key has come back up from that widget to the app, and runs a
priority binding (``ctrl+s`` in a form) as the key arrives, before the
widget has handled the keys sent to it before. Keys arriving together were
lost or reordered:

- ``ctrl+u`` (or ``end``) and a date: the date went into the field first,
  then ``ctrl+u`` erased it; the field was saved empty (a field's own keys
  are bindings, run at the app too);
- text and ``ctrl+s``: the form read its fields before the text was in
  them ("Write what happened before saving." with the text on screen, or
  the fact saved as its first few words);
- ``tab`` and text: the text went into the field ``tab`` left.

So the app hands keys on in turn (:class:`KeyTurns`). Text typed into a
text field goes to it at once: the field takes it in order and runs no
binding. Any other key first waits until the field typed in has handled
that text and what it set off (its ``Changed`` messages, up to the stage
that saves them); then it goes its usual way, and the keys after it wait
until it has been handled, from the focused widget up to the app where its
binding runs, and what that set off (a focus moved, a field emptied).

That is known without timing: a callback posted to a widget runs once the
widget has handled everything posted to it before. Posted to the widget
and then to each node above it, twice each (past what was queued, then past
what that queued), it reaches the app once the key, and what it set off,
has been handled all the way up. Should a node close with the callback not
run (the key closed a form), the keys go on after :data:`AT_MOST` seconds.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from functools import partial
from typing import Any

from textual import events
from textual.app import App
from textual.message_pump import MessagePump
from textual.timer import Timer
from textual.widget import Widget

AT_MOST = 1.0
"""Seconds the keys wait at most for the key before them (a node closed under it)."""

Typed = events.Key | events.Paste
"""What a person sends: keys, and pastes (they wait their turn among the keys)."""


class KeyTurns:
    """The keys held while the one before them is handled, and what tells when it is."""

    def __init__(self, app: App[Any], hand_on: Callable[[Typed], Awaitable[None]]) -> None:
        """``hand_on`` gives a held key to the app as if it came now (in order)."""
        self.app = app
        self.hand_on = hand_on
        self.held: list[Typed] | None = None
        """Keys that came while the one before them is handled, in order."""
        self._turn: object | None = None
        """What the held keys wait for (a token: a late callback for an earlier wait is
        told apart from the one for this wait)."""
        self._typed_into: Widget | None = None
        """The text field text went to since the last wait: the next other key waits for it."""
        self._timer: Timer | None = None

    @property
    def holding(self) -> bool:
        return self.held is not None

    def keep(self, event: Typed) -> bool:
        """Keep ``event`` for later if keys are held now (True: kept)."""
        if self.held is None:
            return False
        self.held.append(event)
        return True

    def typed(self, field: Widget) -> None:
        """Text went to ``field`` without waiting: the next other key waits for it."""
        self._typed_into = field

    def wait_for_text(self, event: Typed) -> bool:
        """Hold ``event`` (True) until the text typed before it is in its field and handled."""
        field, self._typed_into = self._typed_into, None
        if field is None or not field.is_attached:
            return False
        self._wait(field, [event])
        return True

    def wait_for(self, node: MessagePump) -> None:
        """Hold the keys after the one just handed to ``node`` until it has been handled."""
        self._typed_into = None
        self._wait(node, [])

    def _wait(self, node: MessagePump, held: list[Typed]) -> None:
        turn = object()
        self._turn = turn
        self.held = held
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.app.set_timer(AT_MOST, partial(self._hand_on_held, turn))
        self._post(node, turn, again=True)

    def _post(self, node: MessagePump | None, turn: object, *, again: bool) -> None:
        """Have :meth:`_visit` run on ``node`` after what is posted to it now."""
        if node is None or not node.call_later(self._visit, node, turn, again=again):
            self.app.call_later(self._hand_on_held, turn)  # closed: nothing more comes there

    def _visit(self, node: MessagePump, turn: object, *, again: bool) -> None:
        """``node`` has handled what was posted to it before: go to it once more
        (``again``: past what that posted), else to the node above it; past the app,
        the keys go on."""
        if turn is not self._turn:
            return
        if again:
            self._post(node, turn, again=False)
        elif node is self.app:
            self.app.call_next(self._hand_on_held, turn)
        else:
            self._post(node._parent, turn, again=True)

    async def _hand_on_held(self, turn: object) -> None:
        """Hand on the keys held, in the order they came, as if they came now."""
        if turn is not self._turn:
            return
        held, self.held = self.held, None
        self._turn = None
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        for event in held or ():
            await self.hand_on(event)
