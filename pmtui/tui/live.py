"""Live editing: other people's saves show up within a second, and who is here.

:class:`LiveWatcher` is an invisible widget the review screen mounts next to
its panes. About twice a second it compares the store's token (one ``stat``)
with the last one it saw; when someone saved, it asks the session to reload
on a worker thread. The session reports through its listener as it does for
this app's own saves, so the screen refreshes its panes the same way for
both, without moving the cursor or touching what the user is typing. The
watcher also keeps this app's presence record fresh and shows who has the
review open in any :class:`PresenceLine` on the screen.

Text a later save replaced, and edits of items someone deleted, are kept
with the review (:mod:`pmtui.domain.conflicts`); :class:`KeptTextsModal`
lists them and puts them back on request.
"""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Label, Static

from pmtui.domain import conflicts, rounds
from pmtui.domain.model import KeptText
from pmtui.domain.text import shown
from pmtui.store.presence import Presence
from pmtui.tui.session import ReviewSession
from pmtui.tui.widgets.presence import PresenceLine

POLL_SECONDS = 0.5


class LiveWatcher(Widget):
    """Polls the store for others' saves and refreshes this app's presence."""

    DEFAULT_CSS = "LiveWatcher { display: none; }"

    class PresenceChanged(Message):
        def __init__(self, users: list[str]) -> None:
            super().__init__()
            self.users = users

    class Problem(Message):
        """Reloading failed (a damaged or busy store); ``None`` once it works again."""

        def __init__(self, error: str | None) -> None:
            super().__init__()
            self.error = error

    def __init__(
        self,
        session: ReviewSession,
        *,
        presence: Presence | None = None,
        poll: float = POLL_SECONDS,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.session = session
        self.presence = presence or Presence(
            session.store.layout.directory, session.review_id, session.user
        )
        self.poll = poll
        self._token = session.store.token()
        self._busy = False
        self._users: list[str] = []
        self._error: str | None = None

    def on_mount(self) -> None:
        self.set_interval(self.poll, self._tick)
        self._tick()

    def on_unmount(self) -> None:
        self.presence.leave()

    def _tick(self) -> None:
        if not self._busy:  # a slow disk must not pile up workers
            self._busy = True
            self._check()

    @work(thread=True, group="live-watch", exit_on_error=False)
    def _check(self) -> None:
        try:
            self._check_once()
        finally:
            self._busy = False

    def _check_once(self) -> None:
        """One round of watching (runs on a worker thread; public for tests)."""
        error = None
        token = self.session.store.token()
        if token != self._token:
            try:
                self.session.reload()
                self._token = token
            except Exception as exc:  # damaged or locked: say so, try again next tick
                error = str(exc)
        if error != self._error:
            self._error = error
            self.post_message(self.Problem(error))
        self.presence.beat()
        users = self.presence.users()
        if users != self._users:
            self._users = users
            self.post_message(self.PresenceChanged(users))

    @on(PresenceChanged)
    def _show_presence(self, message: PresenceChanged) -> None:
        for line in self.screen.query(PresenceLine):
            line.show(message.users)

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


class KeptTextsModal(ModalScreen[int]):
    """Text someone replaced and edits of deleted items: put each back, or let it go.

    The list is the review's own (kept in the store), so anyone in the review
    sees it and one person's choice counts for everyone. Dismisses with how
    many were put back.
    """

    DEFAULT_CSS = """
    KeptTextsModal { align: center middle; }
    KeptTextsModal > Vertical {
        width: 80%; max-width: 100; height: auto; max-height: 90%;
        border: thick $warning; background: $surface; padding: 1 2;
    }
    KeptTextsModal VerticalScroll { height: auto; max-height: 20; }
    KeptTextsModal .kept { height: auto; margin-bottom: 1; }
    KeptTextsModal .kept Static { width: 1fr; }
    KeptTextsModal .kept Horizontal { height: auto; }
    KeptTextsModal .kept Button { margin-right: 2; }
    KeptTextsModal #kept-close { margin-top: 1; }
    """

    BINDINGS = [Binding("escape", "close", "Close"), Binding("q", "close", "Close", show=False)]

    def __init__(self, session: ReviewSession) -> None:
        super().__init__()
        self.session = session
        self.items = session.kept
        self.put_back = 0

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label("Kept texts: what later saves replaced, and edits of deleted items")
            if not self.items:
                yield Static("Nothing kept: no text was replaced.", markup=False)
            with VerticalScroll():
                for i, kept in enumerate(self.items):
                    with Vertical(classes="kept", id=f"kept-{i}"):
                        yield Static(self._describe(kept))
                        with Horizontal():
                            label = "Put back as new" if kept.deleted else "Put back"
                            yield Button(label, id=f"put-{i}", variant="warning", compact=True)
                            yield Button("Let go", id=f"drop-{i}", compact=True)
            yield Button("Close", id="kept-close", compact=True)

    def on_mount(self) -> None:
        buttons = self.query(Button)
        if buttons:
            buttons.first().focus()

    def _describe(self, kept: KeptText) -> Text:
        review = self.session.review
        me = self.session.user
        whose = "your" if rounds.same_person(kept.by, me) else f"{conflicts.person(kept.by)}'s"
        text = Text()
        text.append(shown(conflicts.place(review, kept)), style="bold")
        when = f" at {kept.at:%H:%M}" if kept.at else ""
        if kept.deleted:
            text.append(
                shown(
                    f"\n{conflicts.person(kept.replaced_by)} deleted it{when} while {whose} edit "
                    "was saved; the edit is kept.",
                    multiline=True,
                )
            )
            return text
        replaced_by = conflicts.person(kept.replaced_by)
        text.append(shown(f"\n{whose} text, replaced by {replaced_by}{when}", multiline=True))
        text.append("\nkept:  ")
        text.append(shown(conflicts.shown(kept.text, 200)))
        text.append("\nnow:   ", style="dim")
        text.append(shown(conflicts.shown(kept.now, 200)), style="dim")
        return text

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        button = event.button.id or ""
        if button == "kept-close":
            self.action_close()
            return
        what, _, index = button.partition("-")
        kept = self.items[int(index)]
        if what == "put":
            if not self.session.put_back(kept.id):
                self.notify(
                    "That item was deleted meanwhile, or the text was already dealt with.",
                    severity="warning",
                )
                return
            self.put_back += 1
            self.notify("Put back; it is saved as the latest text.", title="Kept text")
        else:
            self.session.let_go(kept.id)
        self.query_one(f"#kept-{index}").remove()
        if not self.session.kept:
            self.action_close()

    def action_close(self) -> None:
        self.dismiss(self.put_back)
