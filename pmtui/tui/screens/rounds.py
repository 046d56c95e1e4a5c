"""A private writing round: everyone writes on their own, the facilitator reveals.

Opened from the review screen for one reflection section of the template
(went well, went wrong, check-in answers...) or for candidate causes, once
the facilitator has opened a round there. What you write is sealed to the
round's key before it is saved: until the reveal nobody else can read it,
not even by reading the store files. You see your own items through a copy
sealed to your own key. Others see only how many items are waiting. In an
anonymous round (the default) no name goes with the item at all.
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Button, Checkbox, Input, OptionList, Static
from textual.widgets.option_list import Option

from pmtui.domain import rounds
from pmtui.domain.edits import AddItem, Change, RemoveItem
from pmtui.domain.model import Cause, Review, Round, SealedItem
from pmtui.domain.rounds import Payload
from pmtui.domain.templates import Template
from pmtui.domain.text import folded, plural
from pmtui.editing.session import ReviewSession
from pmtui.store.errors import StoreError
from pmtui.store.keys import KeyRing, seal
from pmtui.tui import styles
from pmtui.tui.commands import PaletteCommand
from pmtui.tui.modals.confirm import ConfirmModal
from pmtui.tui.widgets.fields import TextField, Tick
from pmtui.tui.widgets.footer import KeyFooter

REFRESH_SECONDS = 0.3

HELP = """\
# A private round

Write your items on your own: nobody else can read them until the
facilitator reveals the round, so nobody anchors on the first or loudest
answer. Each item is sealed to the round's key before it is saved; only the
facilitator's pmtui can open them, and only to reveal them all at once, in a
random order, with fresh ids. In an anonymous round (the default) your name
is never stored with your items.

| key | does |
|---|---|
| `enter` (in the text field) | add your item |
| `ctrl+d` (in the list) | delete your highlighted item |
| `ctrl+r` | (facilitator) reveal everyone's items |
| `escape` | back to the review |
"""


def round_sections(template: Template) -> list[tuple[str, str]]:
    """The rounds a review can hold: ``(section key, title)``, candidate causes first."""
    out = []
    if "causes" in template.stages:
        out.append((rounds.CAUSES_ROUND, "Candidate causes"))
    out.extend((s.key, s.title) for s in template.sections)
    return out


def where_revealed(section: str) -> str:
    return "the causes" if section == rounds.CAUSES_ROUND else "the review"


class RoundScreen(Screen[None]):
    """Private writing in one round of the open review."""

    CSS_PATH = styles.sheets("rounds")

    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("ctrl+d", "delete", "Delete mine"),
        Binding("ctrl+r", "reveal", "Reveal", show=False),
    ]

    HELP = HELP

    def __init__(self, session: ReviewSession, round_id: str, title: str, keys: KeyRing) -> None:
        super().__init__()
        self.session = session
        self.round_id = round_id
        self.title_text = title
        self.keys = keys
        self._opened: dict[str, Payload | None] = {}
        """This account's own items, opened once each (``None``: someone else's)."""
        self._shown: tuple[object, ...] | None = None

    @property
    def review(self) -> Review:
        return self.session.review

    @property
    def round(self) -> Round | None:
        return rounds.find_round(self.review, self.round_id)

    @property
    def holds_key(self) -> bool:
        return self.keys.holds(self.round_id)

    def compose(self) -> ComposeResult:
        yield Static(f"Private round: {self.title_text}", id="round-title", markup=False)
        yield Static("", id="round-status", markup=False)
        yield TextField(
            placeholder="Write an item, then enter", hint=True, id="round-input", max_length=2000
        )
        yield Tick("Anonymous: never store my name with it", True, id="round-anonymous")
        yield OptionList(id="round-mine", markup=False)
        with Horizontal(id="round-buttons"):
            yield Button("Delete mine (ctrl+d)", id="delete", compact=True)
            if self.holds_key:
                yield Button(
                    "Reveal everyone's (ctrl+r)", id="reveal", variant="warning", compact=True
                )
            yield Button("Back (esc)", id="back", compact=True)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.refresh_view()
        self.set_interval(REFRESH_SECONDS, self.refresh_view)
        self.query_one("#round-input").focus()

    # -- showing ---------------------------------------------------------------

    def _mine(self) -> list[tuple[SealedItem, Payload]]:
        out = []
        for item in rounds.sealed_items(self.review, self.round_id):
            if item.id not in self._opened:
                self._opened[item.id] = self.keys.open_mine(item.mine)
            payload = self._opened[item.id]
            if payload is not None:
                out.append((item, payload))
        return out

    def _key(self) -> tuple[object, ...]:
        found = self.round
        ids = tuple(s.id for s in rounds.sealed_items(self.review, self.round_id))
        return (ids, found.revealed if found else None)

    def refresh_view(self) -> None:
        key = self._key()
        if key == self._shown:
            return
        self._shown = key
        mine = self._mine()
        listing = self.query_one("#round-mine", OptionList)
        highlighted = listing.highlighted
        listing.set_options(
            Option(Text(folded(p.text) or "(empty)"), id=item.id) for item, p in mine
        )
        if mine:
            listing.highlighted = min(highlighted or 0, len(mine) - 1)
        self.query_one("#round-status", Static).update(self._status(len(mine)))

    def _status(self, mine: int) -> Text:
        found = self.round
        status = Text()
        if found is None:
            status.append("This round is gone (someone removed it). Press escape to go back.")
            return status
        if found.revealed:
            status.append("This round was revealed. ", style="bold")
            status.append(
                f"Its items are in {where_revealed(found.section)}; what you add now goes "
                "there at once, for everyone to see."
            )
            return status
        waiting = len(rounds.sealed_items(self.review, self.round_id))
        status.append(
            f"You have written {mine}. {plural(waiting, 'item')} waiting to be revealed. "
        )
        if self.holds_key:
            status.append("You facilitate: reveal when everyone is done (ctrl+r).")
        else:
            status.append(
                f"Nobody can read yours until {found.opened_by or 'the facilitator'} reveals them."
            )
        return status

    # -- writing ---------------------------------------------------------------

    @on(Input.Submitted, "#round-input")
    def _add(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        found = self.round
        if not text or found is None:
            return
        anonymous = self.query_one("#round-anonymous", Checkbox).value
        author = "" if anonymous else self.session.user
        if found.revealed:
            item = rounds.add_after_reveal(self.review, found.section, text, author)
            if isinstance(item, Cause):
                self.session.apply(AddItem("causes", item, description="add cause"))
            else:
                self.session.apply(AddItem("entries", item, description="add item"))
            self.notify(
                f"Added to {where_revealed(found.section)} for everyone to see: "
                "this round was already revealed.",
                title="Round",
            )
        else:
            try:
                sealed = SealedItem(
                    round_id=found.id,
                    sealed=seal(found.public_key, Payload(text, author=author)),
                    mine=self.keys.seal_mine(Payload(text)),
                )
            except StoreError as exc:
                self.notify(str(exc), title="Not added", severity="error", markup=False)
                return
            self.session.apply(AddItem("sealed", sealed, description="private item"))
        event.input.value = ""
        self.refresh_view()

    def action_delete(self) -> None:
        listing = self.query_one("#round-mine", OptionList)
        if listing.highlighted is None or listing.option_count == 0:
            return
        item_id = listing.get_option_at_index(listing.highlighted).id
        if item_id is not None:
            self.session.apply(RemoveItem("sealed", item_id, description="delete private item"))
            self.refresh_view()

    def action_reveal(self) -> None:
        found = self.round
        if found is None or found.revealed:
            self.notify("This round is already revealed.")
            return
        if not self.holds_key:
            self.notify(
                f"Only {found.opened_by or 'the facilitator'}, who opened this round, "
                "can reveal it: their pmtui holds its key.",
                markup=False,
            )
            return
        waiting = len(rounds.sealed_items(self.review, self.round_id))
        self.app.push_screen(
            ConfirmModal(
                f"Reveal the {plural(waiting, 'item')} written in this round to everyone?",
                yes="Reveal",
                no="Not yet",
            ),
            self._reveal_if,
        )

    def _reveal_if(self, answer: bool | None) -> None:
        if not answer:
            return
        rid, keys = self.round_id, self.keys

        def reveal(review: Review) -> None:
            tokens = {s.id: s.sealed for s in rounds.sealed_items(review, rid)}
            rounds.reveal_round(review, rid, keys.open_sealed(rid, tokens) if tokens else {})

        try:
            self.session.apply(Change(reveal, description="reveal"))
        except StoreError as exc:
            self.notify(str(exc), title="Not revealed", severity="error", markup=False)
            return
        self._forget_key_once_saved()
        self.refresh_view()

    @work(thread=True, group="round-reveal")
    def _forget_key_once_saved(self) -> None:
        """Destroy the round's key once the reveal is in the store (not before: it may fail)."""
        if self.session.flush(timeout=30.0):
            self.keys.forget_round(self.round_id)

    def action_back(self) -> None:
        self.dismiss()

    @on(Button.Pressed)
    def _button(self, event: Button.Pressed) -> None:
        actions = {
            "delete": self.action_delete,
            "reveal": self.action_reveal,
            "back": self.action_back,
        }
        action = actions.get(event.button.id or "")
        if action is not None:
            action()

    def palette_commands(self) -> Iterable[PaletteCommand]:
        yield PaletteCommand("Delete my item", "the highlighted one", self.action_delete)
        if self.holds_key:
            yield PaletteCommand("Reveal the round", "show everyone's items", self.action_reveal)
        yield PaletteCommand("Back to the review", "leave the round", self.action_back)
