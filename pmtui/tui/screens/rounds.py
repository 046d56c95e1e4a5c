"""A private writing round: everyone writes on their own, the facilitator reveals.

Opened from the review screen for one reflection section of the template
(went well, went wrong, check-in answers...) or for candidate causes. What
you write here is seen by you alone until the facilitator reveals the round;
others see only how many items are waiting. In an anonymous round (the
default) the writer's name is dropped when the items are revealed.
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Checkbox, Footer, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from pmtui.domain import rounds
from pmtui.domain.edits import AddItem, Change, RemoveItem
from pmtui.domain.model import Entry, Review
from pmtui.domain.templates import Template
from pmtui.tui import styles
from pmtui.tui.commands import PaletteCommand
from pmtui.tui.modals.confirm import ConfirmModal
from pmtui.tui.session import ReviewSession

REFRESH_SECONDS = 0.3

HELP = """\
# A private round

Write your items on your own: nobody else sees them until the facilitator
reveals the round, so nobody anchors on the first or loudest answer. In an
anonymous round your name is dropped from your items when they are revealed;
it is not kept anywhere.

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


class RoundScreen(Screen[None]):
    """Private writing in one section of the open review."""

    CSS_PATH = styles.sheets("rounds")

    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("ctrl+d", "delete", "Delete mine"),
        Binding("ctrl+r", "reveal", "Reveal", show=False),
    ]

    HELP = HELP

    def __init__(self, session: ReviewSession, section: str, title: str) -> None:
        super().__init__()
        self.session = session
        self.section = section
        self.title_text = title
        self._shown: tuple[object, ...] | None = None

    @property
    def review(self) -> Review:
        return self.session.review

    @property
    def facilitating(self) -> bool:
        return rounds.is_facilitator(self.review, self.session.user)

    def compose(self) -> ComposeResult:
        yield Static(f"Private round: {self.title_text}", id="round-title", markup=False)
        yield Static("", id="round-status", markup=False)
        yield Input(placeholder="Write an item, then enter", id="round-input", max_length=2000)
        yield Checkbox("Anonymous: drop my name when revealed", True, id="round-anonymous")
        yield OptionList(id="round-mine", markup=False)
        with Horizontal(id="round-buttons"):
            yield Button("Delete mine (ctrl+d)", id="delete", compact=True)
            if self.facilitating:
                yield Button(
                    "Reveal everyone's (ctrl+r)", id="reveal", variant="warning", compact=True
                )
            yield Button("Back (esc)", id="back", compact=True)
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_view()
        self.set_interval(REFRESH_SECONDS, self.refresh_view)
        self.query_one("#round-input").focus()

    # -- showing ---------------------------------------------------------------

    def _mine(self) -> list[Entry]:
        return [
            e
            for e in rounds.visible_entries(self.review, self.session.user, self.section)
            if e.hidden
        ]

    def _key(self) -> tuple[object, ...]:
        hidden = [(e.id, e.text, e.author) for e in self.review.entries if e.hidden]
        return (tuple(hidden), len(self.review.causes), len(self.review.entries))

    def refresh_view(self) -> None:
        key = self._key()
        if key == self._shown:
            return
        self._shown = key
        mine = self._mine()
        listing = self.query_one("#round-mine", OptionList)
        highlighted = listing.highlighted
        listing.set_options(
            Option(Text(" ".join(e.text.split()) or "(empty)"), id=e.id) for e in mine
        )
        if mine:
            listing.highlighted = min(highlighted or 0, len(mine) - 1)
        waiting = sum(1 for e in self.review.entries if e.hidden and e.section == self.section)
        people = rounds.hidden_writers(self.review, self.section)
        status = Text()
        status.append(f"You have written {len(mine)}. ")
        status.append(f"{waiting} item(s) from {people} person(s) are waiting to be revealed. ")
        status.append(
            "You facilitate: reveal when everyone is done."
            if self.facilitating
            else "Only you see yours until the facilitator reveals them."
        )
        self.query_one("#round-status", Static).update(status)

    # -- writing ---------------------------------------------------------------

    @on(Input.Submitted, "#round-input")
    def _add(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        if not text:
            return
        anonymous = self.query_one("#round-anonymous", Checkbox).value
        entry = rounds.write_privately(self.section, text, self.session.user, anonymous=anonymous)
        self.session.apply(AddItem("entries", entry, description="private item"))
        event.input.value = ""
        self.refresh_view()

    def action_delete(self) -> None:
        listing = self.query_one("#round-mine", OptionList)
        if listing.highlighted is None:
            return
        entry_id = listing.get_option_at_index(listing.highlighted).id
        if entry_id is not None:
            self.session.apply(RemoveItem("entries", entry_id))
            self.refresh_view()

    def action_reveal(self) -> None:
        if not self.facilitating:
            self.notify(f"Only the facilitator ({self.review.facilitator}) reveals a round.")
            return
        waiting = sum(1 for e in self.review.entries if e.hidden and e.section == self.section)
        if not waiting:
            self.notify("Nothing is waiting to be revealed.")
            return
        self.app.push_screen(
            ConfirmModal(
                f"Reveal the {waiting} item(s) written in this round to everyone?",
                yes="Reveal",
                no="Not yet",
            ),
            self._reveal_if,
        )

    def _reveal_if(self, answer: bool | None) -> None:
        if not answer:
            return
        section = self.section
        self.session.apply(Change(lambda r: rounds.reveal(r, section), description="reveal"))
        self.refresh_view()
        where = "the causes" if section == rounds.CAUSES_ROUND else "the review"
        self.notify(f"Revealed; the items are now in {where} for everyone.", title="Round")

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
        if self.facilitating:
            yield PaletteCommand("Reveal the round", "show everyone's items", self.action_reveal)
        yield PaletteCommand("Back to the review", "leave the round", self.action_back)


class RoundPicker(ModalScreen[tuple[str, str] | None]):
    """Which section to hold a private round in; dismisses with ``(key, title)``."""

    DEFAULT_CSS = """
    RoundPicker { align: center middle; }
    RoundPicker > Vertical {
        width: 60; max-width: 95%; height: auto; border: thick $primary;
        background: $surface; padding: 1 2;
    }
    RoundPicker OptionList { height: auto; max-height: 12; }
    """

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, choices: list[tuple[str, str]]) -> None:
        super().__init__()
        self.choices = choices

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label("Hold a private round for:")
            yield OptionList(
                *(Option(Text(title), id=key) for key, title in self.choices),
                id="round-choices",
                markup=False,
            )
            yield Button("Cancel", id="cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        key = event.option.id
        self.dismiss(next(((k, t) for k, t in self.choices if k == key), None))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
