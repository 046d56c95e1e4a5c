"""Kept texts: what a later save replaced and edits of deleted items, put back or let go."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from pmtui.domain import conflicts
from pmtui.domain.model import KeptText
from pmtui.domain.text import shown
from pmtui.editing.session import ReviewSession

TITLE = "Kept texts: what later saves replaced, and edits of deleted items"
"""The dialog's title, wrapped where the dialog is narrower (a Label was cut at 80x24)."""


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
    KeptTextsModal #kept-title { width: 1fr; text-style: bold; }
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
            yield Static(TITLE, id="kept-title", markup=False)
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
        me, session = self.session.user, self.session.session
        mine = conflicts.is_me(kept.by, kept.by_session, me, session)
        whose = "your" if mine else f"{conflicts.writer(kept.by, kept.by_session, me, session)}'s"
        replaced_by = conflicts.writer(kept.replaced_by, kept.replaced_by_session, me, session)
        text = Text()
        text.append(shown(conflicts.place(review, kept)), style="bold")
        when = f" at {kept.at:%H:%M}" if kept.at else ""
        if kept.deleted:
            text.append(
                shown(
                    f"\n{replaced_by} deleted it{when} while {whose} edit "
                    "was saved; the edit is kept.",
                    multiline=True,
                )
            )
            return text
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
