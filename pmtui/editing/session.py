"""The review open in one app: edits show at once and are saved behind the scenes.

A :class:`ReviewSession` keeps a local copy of the review with every edit
applied immediately (the UI never waits for the disk) and a single background
thread that saves queued edits in order through ``Store.update``, so they are
applied to the freshest copy on disk under the store's lock. If a save fails
(lock held too long, disk full) the edits stay queued and are retried: nothing
typed is lost. When someone else saves the same review, :meth:`reload` brings
their changes in while keeping this session's unsaved edits on top, and
keeps their pending edits on top. A save that replaces text someone else
saved meanwhile, or edits an item someone deleted, keeps what would be lost
in the review itself (:mod:`pmtui.domain.conflicts`), in the same save;
:meth:`ReviewSession.put_back` and :meth:`ReviewSession.let_go` resolve it.

The class imports no UI toolkit: it reports through a callback, which the app
forwards to its message queue.
"""

from __future__ import annotations

import copy
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any, cast

from pmtui.domain import conflicts
from pmtui.domain.edits import (
    AddItem,
    Change,
    Collection,
    Edit,
    RemoveItem,
    SetField,
    apply_all,
    coalesce,
)
from pmtui.domain.model import KeptText, Review, ValidationError
from pmtui.store.errors import NotFoundError, StoreError
from pmtui.store.repository import Store
from pmtui.store.shared import explain_denied

_UNSEEN: Any = object()
"""No ``seen`` given to :meth:`ReviewSession.set`: the field showed what the session holds."""

RETRY_SECONDS = 2.0
SAVE_QUIET_FACTOR = 4
"""Typing is saved in bursts: after a pause of this many times the last save's duration."""
SAVE_QUIET_MAX = 0.25
SAVE_AT_MOST = 1.0
"""Seconds an edit waits at most while typing goes on; a flush saves at once."""


BOOKKEEPING = frozenset({"rev", "updated", "last_writers", "last_sessions", "coach_verdicts"})
"""Fields a save changes by itself: not something anyone typed."""


def content(review: Review) -> dict[str, Any]:
    """What a review holds that someone put there (everything but the store's bookkeeping)."""
    return {k: v for k, v in asdict(review).items() if k not in BOOKKEEPING}


class SaveState(StrEnum):
    SAVED = "saved"
    SAVING = "saving"
    FAILED = "failed"


@dataclass
class UndoStep:
    """One step undo takes back: ``inverse`` reverses it; ``field`` names a field edit."""

    description: str
    inverse: Edit | None
    field: tuple[str, str | None, str] | None = None
    """``(target, item id, field name)`` of a field typed into; its value before: ``before``."""
    before: Any = None


@dataclass
class SessionEvent:
    state: SaveState
    error: str | None = None
    reloaded: bool = False
    deleted: bool = False
    kept: list[KeptText] = field(default_factory=list)
    """Conflicts this session's save just recorded (made or refreshed)."""


Listener = Callable[[SessionEvent], None]


class ReviewSession:
    def __init__(
        self,
        store: Store,
        review: Review,
        *,
        user: str,
        listener: Listener | None = None,
        session: str | None = None,
    ):
        self.store = store
        self.user = user
        self.session = session or secrets.token_hex(6)
        """This writer among all (see :func:`pmtui.domain.conflicts.is_me`): the same
        person's other session saving over this one's text is kept like anyone's."""
        self.review_id = review.id
        self._listener = listener
        self._saved = copy.deepcopy(review)
        self.review = copy.deepcopy(review)
        self._pending: list[Edit] = []
        self._inflight: list[Edit] = []
        self._undo: list[UndoStep] = []
        self._open_field: tuple[str, str | None, str] | None = None
        """The field whose typing still adds to the last undo step (until :meth:`seal_undo`)."""
        self._opened = copy.deepcopy(review)
        self._cond = threading.Condition()
        self._io = threading.Lock()
        """Held around store calls: a reload never reads while this session's save writes."""
        self._closed = False
        self._hurry = False
        """Save now, without waiting for a pause in the typing (a retry asked for it)."""
        self._flushing = 0
        self._first_edit = self._last_edit = 0.0
        self._save_seconds = 0.0
        """How long the last save took: a small store saves at once, a big one after a pause."""
        self.state = SaveState.SAVED
        self.error: str | None = None
        self._thread = threading.Thread(target=self._run, name=f"save-{review.id[:8]}", daemon=True)
        self._thread.start()

    # -- editing ---------------------------------------------------------------

    def apply(self, edit: Edit, *, undo: Edit | None = None) -> None:
        """Apply ``edit`` locally now and queue it for saving; ``undo`` reverses it."""
        with self._cond:
            edit.apply(self.review)
            self._last_edit = time.monotonic()
            if not self._pending:
                self._first_edit = self._last_edit
            self._pending = coalesce([*self._pending, edit])
            if undo is not None:
                self._undo.append(UndoStep(edit.description, undo))
                self._open_field = None
            self.state = SaveState.SAVING
            self._cond.notify_all()
        self._emit(SessionEvent(SaveState.SAVING, self.error))

    def set(
        self,
        target: str,
        item_id: str | None,
        field_name: str,
        value: Any,
        *,
        undo: str | None = None,
        seen: Any = _UNSEEN,
    ) -> None:
        """Set one field, based on what this session shows now (the common case).

        ``seen`` is the value the field showed before this change, when the
        screen keeps a field being typed in as it is while others' saves come
        in: a save over text this session never showed is then kept.
        With ``undo`` (what the field is called: "the title"), the change can
        be undone; typing on in the same field adds to the same undo step
        until :meth:`seal_undo` (the field lost the focus) or another change.
        """
        obj = self.review if target == "review" else self._find(target, item_id)
        if obj is None:
            return
        base = getattr(obj, field_name)
        if base == value:
            return
        key = (target, item_id, field_name)
        with self._cond:
            if undo is not None and self._open_field != key:
                self._undo.append(UndoStep(undo, None, key, copy.deepcopy(base)))
                self._open_field = key
            elif undo is None:
                self._open_field = None
        shown = base if seen is _UNSEEN else seen
        edit = SetField(target, item_id, field_name, value, shown, description=undo or "edit")  # type: ignore[arg-type]
        self.apply(edit)

    def seal_undo(self) -> None:
        """The field being typed in lost the focus: more typing there is a new undo step."""
        with self._cond:
            self._open_field = None

    def can_undo(self, field: tuple[str, str | None, str] | None = None) -> str | None:
        """What undo would reverse (of one field only, with ``field``), or ``None``."""
        step = self._last_step(field)
        return step.description if step is not None else None

    def _last_step(self, field: tuple[str, str | None, str] | None) -> UndoStep | None:
        for step in reversed(self._undo):
            if field is None or step.field == field:
                return step
        return None

    def undo(self, field: tuple[str, str | None, str] | None = None) -> str | None:
        """Reverse the last undoable edit (of one field only, with ``field``); returns its name."""
        with self._cond:
            step = self._last_step(field)
            if step is None:
                return None
            self._undo.remove(step)
            self._open_field = None
            inverse = step.inverse
            if step.field is not None:
                target, item_id, name = step.field
                obj = self.review if target == "review" else self._find(target, item_id)
                if obj is None:
                    return None  # the item is gone: nothing to put the text back into
                inverse = SetField(
                    target,  # type: ignore[arg-type]
                    item_id,
                    name,
                    step.before,
                    copy.deepcopy(getattr(obj, name)),
                    description=step.description,
                )
        if inverse is not None:
            self.apply(inverse)
        return step.description

    def untouched(self) -> bool:
        """Nothing anyone could see changed since the review was opened (a new one left blank)."""
        with self._cond:
            return content(self.review) == content(self._opened)

    # -- syncing ---------------------------------------------------------------

    @property
    def dirty(self) -> bool:
        with self._cond:
            return bool(self._pending or self._inflight)

    def flush(self, timeout: float = 10.0) -> bool:
        """Wait until every queued edit is saved (or failed); True when all saved."""
        with self._cond:
            self._flushing += 1
            self._cond.notify_all()
            try:
                self._cond.wait_for(
                    lambda: not (self._pending or self._inflight) or self.state is SaveState.FAILED,
                    timeout=timeout,
                )
            finally:
                self._flushing -= 1
            return not (self._pending or self._inflight)

    @property
    def kept(self) -> list[KeptText]:
        """Replaced texts and edits of deleted items kept with the review, oldest first."""
        return list(self.review.kept)

    def put_back(self, kept_id: str) -> bool:
        """Put kept text back (a deleted item comes back as a new one); False if it cannot."""
        kept = conflicts.find(self.review, kept_id)
        if kept is None:
            return False
        if kept.deleted:
            item = conflicts.revived(kept)
            if item is None:
                return False
            noun = conflicts.NOUNS.get(kept.target, "item")
            collection = cast(Collection, kept.target)
            self.apply(
                AddItem(collection, item, description=f"put back a {noun}"),
                undo=RemoveItem(collection, item.id, description=f"put back a {noun}"),
            )
        else:
            if kept.target != "review" and self._find(kept.target, kept.item_id) is None:
                return False
            self.set(kept.target, kept.item_id, kept.field_name, conflicts.kept_value(kept))
        self.let_go(kept_id)
        return True

    def let_go(self, kept_id: str) -> None:
        """Forget kept text nobody wants back, for everyone."""
        self.apply(Change(lambda r: conflicts.let_go(r, kept_id), description="let kept text go"))

    def retry(self) -> None:
        """Try a failed save again now instead of at the next automatic retry."""
        with self._cond:
            if self.state is SaveState.FAILED and self._pending:
                self.state = SaveState.SAVING
            self._cond.notify_all()

    def close(self, timeout: float = 10.0) -> bool:
        """Save what is queued, then stop the saving thread."""
        saved = self.flush(timeout)
        with self._cond:
            self._closed = True
            self._cond.notify_all()
        self._thread.join(timeout=1.0)
        return saved

    def reload(self) -> SessionEvent | None:
        """Bring in changes someone else saved; safe to call from any thread.

        Returns the event sent to the listener, or ``None`` if nothing changed.
        """
        try:
            with self._io:
                fresh = self.store.get(self.review_id)
        except NotFoundError:
            event = SessionEvent(self.state, self.error, deleted=True)
            self._emit(event)
            return event
        with self._cond:
            if fresh.rev == self._saved.rev or self._inflight:
                return None  # our own save, or one in flight that will bring it in
            self._rebase(fresh)
            event = SessionEvent(self.state, self.error, reloaded=True)
        self._emit(event)
        return event

    # -- internals -------------------------------------------------------------

    def _find(self, target: str, item_id: str | None) -> Any:
        for item in getattr(self.review, target):
            if item.id == item_id:
                return item
        return None

    def _emit(self, event: SessionEvent) -> None:
        if self._listener is not None:
            self._listener(event)

    def _rebase(self, fresh: Review) -> None:
        self._saved = fresh
        local = copy.deepcopy(fresh)
        apply_all(local, [*self._inflight, *self._pending])
        self.review = local

    def _save_delay(self) -> float:
        """Seconds until the queued edits are due to be saved (call with the lock held)."""
        if self._hurry or self._flushing or self._closed:
            return 0.0
        quiet = min(self._save_seconds * SAVE_QUIET_FACTOR, SAVE_QUIET_MAX)
        due = min(self._last_edit + quiet, self._first_edit + SAVE_AT_MOST)
        return max(0.0, due - time.monotonic())

    def _run(self) -> None:
        while True:
            with self._cond:
                self._cond.wait_for(lambda: self._pending or self._closed)
                if not self._pending:
                    return
                # Each save of a big store holds the interpreter for a while:
                # wait for a pause in the typing and save the burst at once.
                while (delay := self._save_delay()) > 0:
                    self._cond.wait(timeout=delay)
                if not self._pending:
                    continue
                self._hurry = False
                self._inflight, self._pending = self._pending, []
                batch = list(self._inflight)
            kept: list[KeptText] = []

            def change(
                review: Review, batch: list[Edit] = batch, out: list[KeptText] = kept
            ) -> None:
                overwrites = apply_all(review, batch)
                out[:] = conflicts.record(
                    review, batch, overwrites, self.user, self.store.clock(), self.session
                )

            try:
                started = time.monotonic()
                with self._io:
                    fresh = self.store.update(self.review_id, change)
                self._save_seconds = time.monotonic() - started
            except Exception as exc:
                # A text over a limit fails like a full disk: kept, shown, retried,
                # so correcting the text (which replaces the queued edit) saves it.
                # Anything unexpected is kept and reported the same way: the saving
                # thread must never die and take later edits with it.
                expected = isinstance(exc, StoreError | OSError | ValidationError)
                with self._cond:
                    self._pending = coalesce([*self._inflight, *self._pending])
                    self._inflight = []
                    self.state = SaveState.FAILED
                    self.error = explain_denied(exc) or (
                        str(exc)
                        if expected
                        else f"pmtui could not save ({exc!r}); your changes are kept and retried"
                    )
                    self._cond.notify_all()
                self._emit(SessionEvent(SaveState.FAILED, self.error))
                with self._cond:
                    if self._closed:
                        return
                    self._cond.wait(timeout=RETRY_SECONDS)
                continue
            with self._cond:
                self._inflight = []
                self._rebase(fresh)
                self.state = SaveState.SAVING if self._pending else SaveState.SAVED
                self.error = None
                self._cond.notify_all()
                event = SessionEvent(self.state, None, kept=kept)
            self._emit(event)
