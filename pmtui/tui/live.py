"""Live editing: other people's saves show up at once, and who is here.

:class:`LiveWatcher` is an invisible widget the review screen mounts next to
its panes. Its :class:`~pmtui.store.watch.StoreWatch` thread sleeps until
the store's files change (file notifications; a cheap check every second
when there are none), then compares the store's token (one ``stat``) with
the last one it saw and, when someone saved, has the session reload. The
session reports through its listener as it does for this app's own saves,
so the screen refreshes its panes the same way for both, without moving the
cursor or touching what the user is typing. The watcher also keeps this
app's presence record fresh, says who is here, who left, and on which stage
the facilitator is, so participants can follow them.

Text a later save replaced, and edits of items someone deleted, are kept
with the review (:mod:`pmtui.domain.conflicts`);
:class:`~pmtui.tui.modals.kept_texts.KeptTextsModal` lists them and puts
them back on request.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

from textual import on, work
from textual.message import Message
from textual.widget import Widget

from pmtui.domain import rounds
from pmtui.editing.session import ReviewSession
from pmtui.store.presence import BEAT_EVERY, Here, Presence
from pmtui.store.watch import FALLBACK_SECONDS, StoreWatch
from pmtui.tui.widgets.presence import PresenceLine

SCAN_EVERY = 0.9
"""Seconds between two looks at who is here (a save may wake the watch more often)."""
LOOK_SECONDS = BEAT_EVERY
"""While nothing changes, the watch wakes this often, to keep this app's presence record
fresh (the only timed wake of an open review). Someone opening, leaving or moving to
another stage wakes it at once (their record is put in place or removed), and so does a
save; this look also drops the records of apps that were killed."""


class LiveWatcher(Widget):
    """Brings in others' saves as they happen and keeps presence current."""

    DEFAULT_CSS = "LiveWatcher { display: none; }"

    @dataclass
    class PresenceChanged(Message):
        """Who has the review open now, and who left or came since the last look."""

        users: list[str]
        left: list[str]
        joined: list[str]
        elsewhere: int = 0
        """How many other sessions of this same person have the review open."""
        elsewhere_before: int = 0

    @dataclass
    class FacilitatorMoved(Message):
        """The facilitator opened another stage (``stage``) of the review."""

        who: str
        stage: str

    @dataclass
    class Problem(Message):
        """Reloading failed (a damaged or busy store); ``None`` once it works again."""

        error: str | None

    def __init__(
        self,
        session: ReviewSession,
        *,
        presence: Presence | None = None,
        poll: float = FALLBACK_SECONDS,
        look: float = LOOK_SECONDS,
        notify: bool | None = None,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.session = session
        self.presence = presence or Presence(
            session.store.layout.directory, session.review_id, session.user
        )
        self.store_watch = StoreWatch(
            session.store.path,
            self._check_once,
            fallback=poll,
            every=look,
            notify=notify,
            people=self.presence.directory,
            own=self.presence.path.name,
            on_people=self._look_at_people,
        )
        self._token = session.store.token()
        self._lock = threading.Lock()
        self._users: list[str] = []
        self._elsewhere = 0
        self._error: str | None = None
        self._leader_stage: str | None = None
        self._scanned = 0.0
        self._closed = False

    def on_mount(self) -> None:
        self.presence.prepare()  # its directory is watched from the start
        self.store_watch.start()
        self.check_soon()

    def on_unmount(self) -> None:
        self.store_watch.stop()
        with self._lock:  # a look already under way must not write the record back after
            self._closed = True
            self.presence.leave()

    @work(thread=True, group="live-watch", exit_on_error=False)
    def check_soon(self) -> None:
        """Look now (after opening, or after this app moved to another stage)."""
        self._check_once(force_beat=True)

    def announce_stage(self, stage: str) -> None:
        """Tell the others which stage this app shows (followers of the facilitator use it)."""
        self.presence.stage = stage
        self.check_soon()

    def _look_at_people(self) -> None:
        """Someone's record came, went or changed: look now, whenever the last look was."""
        self._check_once(scan=True)

    def _check_once(self, force_beat: bool = False, scan: bool = False) -> None:
        """One round of watching (on the watching thread; public for tests)."""
        with self._lock:  # the watching thread and a check_soon worker never overlap
            if self._closed:
                return  # the review was closed: its record is gone and stays gone
            error = None
            token = self.session.store.token()
            if token != self._token:
                try:
                    self.session.reload()
                    self._token = token
                except Exception as exc:  # damaged or locked: say so, try again next time
                    error = str(exc)
            if error != self._error:
                self._error = error
                self.post_message(self.Problem(error))
            self.presence.beat(force=force_beat)
            now = time.monotonic()
            if not (force_beat or scan) and now - self._scanned < SCAN_EVERY:
                return  # who is here: looked at once a second is plenty
            self._scanned = now
            here = self.presence.here()
            users = list(dict.fromkeys(h.label for h in here))
            elsewhere = self.presence.elsewhere(here)
            if users != self._users or elsewhere != self._elsewhere:
                left = [u for u in self._users if u not in users]
                joined = [u for u in users if u not in self._users] if self._users else []
                before = self._elsewhere if self._users else elsewhere
                self._users, self._elsewhere = users, elsewhere
                self.post_message(self.PresenceChanged(users, left, joined, elsewhere, before))
            self._follow(here)

    def _follow(self, here: list[Here]) -> None:
        review = self.session.review
        me = self.session.user
        if not review.facilitator.strip() or rounds.same_person(review.facilitator, me):
            return
        leader = [h for h in here if rounds.same_person(h.user, review.facilitator) and h.stage]
        stage = max(leader, key=lambda h: h.seen).stage if leader else None
        if stage is not None and stage != self._leader_stage:
            self._leader_stage = stage
            self.post_message(self.FacilitatorMoved(review.facilitator, stage))

    @on(PresenceChanged)
    def _show_presence(self, message: PresenceChanged) -> None:
        for line in self.screen.query(PresenceLine):
            line.show(message.users, left=message.left, elsewhere=message.elsewhere)
        for name in message.left:
            self.notify(f"{name} left the review.", title="Here now", markup=False)
        for name in message.joined:
            self.notify(f"{name} opened the review.", title="Here now", markup=False)
        if message.elsewhere > message.elsewhere_before:
            self.notify("You opened this review in another session too.", title="Here now")
        elif message.elsewhere < message.elsewhere_before:
            self.notify("Your other session left the review.", title="Here now")

    @on(Problem)
    def _show_problem(self, message: Problem) -> None:
        if message.error is not None:
            self.notify(
                f"Cannot bring in others' changes: {message.error}",
                title="Store problem",
                severity="error",
                timeout=20,
                markup=False,
            )
