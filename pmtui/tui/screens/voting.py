"""Dot voting on causes, and the facilitator's ranking.

Everyone sees the causes in the order they were written (not by votes, so
nobody follows the crowd) with their own dots, and the ranking once voting
is closed; the facilitator also sees the ranking while it runs, opens and
closes voting with a number of votes each, and takes the top causes into
commitment drafts linked to them. Every vote is an edit of the shared
session, so votes cast at once in several terminals all count.
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Button, OptionList, Static
from textual.widgets.option_list import Option

from pmtui.domain import rounds
from pmtui.domain.edits import AddItem, Change
from pmtui.domain.model import MAX_DOT_VOTES, Cause, Review, ValidationError
from pmtui.domain.text import folded, plural
from pmtui.editing.session import ReviewSession
from pmtui.tui import styles
from pmtui.tui.commands import PaletteCommand
from pmtui.tui.modals.prompt import TextPromptModal
from pmtui.tui.widgets.footer import KeyFooter

REFRESH_SECONDS = 0.3

HELP = """\
# Dot voting

Put your votes on the causes that matter most to change. You may put several
on one cause. Everyone sees the ranking when voting closes. The facilitator
turns the top causes into commitments, which you then complete in the Commitments stage (an owner, a
checkable deliverable and a due date).

| key | does |
|---|---|
| `+` or `space` | put a vote on the highlighted cause |
| `-` | take a vote back |
| `o` | (facilitator) open voting: choose how many votes each |
| `c` | (facilitator) close voting |
| `t` | (facilitator) take the top causes into commitments |
| `b` / `escape` | back to the review |
"""


class VotingScreen(Screen[None]):
    """Dot voting over the open review's causes, through its session."""

    CSS_PATH = styles.sheets("voting")

    BINDINGS = [
        Binding("plus,space,equals_sign", "vote", "Vote"),
        Binding("minus", "unvote", "Take back"),
        Binding("o", "open_voting", "Open voting", show=False),
        Binding("c", "close_voting", "Close voting", show=False),
        Binding("t", "take_top", "Take top", show=False),
        Binding("b,escape", "back", "Back"),
    ]

    HELP = HELP

    def __init__(self, session: ReviewSession) -> None:
        super().__init__()
        self.session = session
        self._shown: tuple[object, ...] | None = None

    @property
    def review(self) -> Review:
        return self.session.review

    @property
    def user(self) -> str:
        return self.session.user

    @property
    def facilitating(self) -> bool:
        return rounds.is_facilitator(self.review, self.user)

    def compose(self) -> ComposeResult:
        yield Static("", id="vote-status", markup=False)
        with Horizontal(id="vote-body"):
            yield OptionList(id="vote-causes", markup=False)
            yield Static("", id="vote-ranking", markup=False)
        with Horizontal(id="vote-buttons"):
            yield Button("Vote (+)", id="vote", compact=True)
            yield Button("Take back (-)", id="unvote", compact=True)
            if self.facilitating:
                yield Button("Open voting (o)", id="open", compact=True)
                yield Button("Close voting (c)", id="close", compact=True)
                yield Button("Top into commitments (t)", id="take", compact=True)
            yield Button("Back (b)", id="back", compact=True)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.refresh_view()
        self.set_interval(REFRESH_SECONDS, self.refresh_view)
        self.query_one("#vote-causes").focus()

    # -- showing ---------------------------------------------------------------

    def _key(self) -> tuple[object, ...]:
        r = self.review
        return (
            r.dot_votes,
            r.facilitator,
            tuple(
                (c.id, c.statement, c.parent_id, tuple(sorted(c.votes.items()))) for c in r.causes
            ),
        )

    def refresh_view(self) -> None:
        """Show the session's review; cheap when nothing changed (called on a timer)."""
        key = self._key()
        if key == self._shown:
            return
        self._shown = key
        review = self.review
        causes = self.query_one("#vote-causes", OptionList)
        highlighted = causes.highlighted
        current = causes.get_option_at_index(highlighted).id if highlighted is not None else None
        causes.set_options(self._option(c) for c in review.causes)
        ids = [c.id for c in review.causes]
        if ids:
            causes.highlighted = (
                ids.index(current) if current in ids else min(highlighted or 0, len(ids) - 1)
            )
        self.query_one("#vote-status", Static).update(self._status())
        ranking = self.query_one("#vote-ranking", Static)
        ranking.display = self.facilitating or self.closed_with_votes
        ranking.update(self._ranking())

    @property
    def closed_with_votes(self) -> bool:
        """Voting is over: everyone sees the ranking."""
        return self.review.dot_votes <= 0 and any(rounds.total(c) for c in self.review.causes)

    def _option(self, cause: Cause) -> Option:
        mine = rounds.my_votes(cause, self.user)
        text = Text("  " * self.review.level(cause))
        text.append(("●" * mine).ljust(max(self.review.dot_votes, 1)), style="bold")
        text.append(" ")
        text.append(folded(cause.statement) or "(no statement yet)")
        return Option(text, id=cause.id)

    def _status(self) -> Text:
        r = self.review
        text = Text()
        if not r.causes:
            text.append("No causes yet: write them in the causes stage first.")
        elif self.closed_with_votes:
            text.append("Voting is closed.", style="bold")
            text.append(" The ranking is beside the list.")
        elif r.dot_votes <= 0:
            text.append("Voting is not open.", style="bold")
            text.append(
                " Press o to open it." if self.facilitating else " The facilitator opens it."
            )
        else:
            left = rounds.votes_left(r, self.user)
            text.append(f"{r.dot_votes} votes each; ", style="bold")
            text.append(f"you have {left} left.")
        return text

    def _ranking(self) -> Text:
        text = Text("Ranking\n", style="bold")
        for cause, votes in rounds.ranking(self.review):
            text.append(f"{votes:>3}  ", style="bold")
            text.append(folded(cause.statement, 61) or "(no statement yet)")
            text.append("\n")
        return text

    # -- voting ----------------------------------------------------------------

    def _highlighted(self) -> Cause | None:
        causes = self.query_one("#vote-causes", OptionList)
        if causes.highlighted is None:
            return None
        option_id = causes.get_option_at_index(causes.highlighted).id
        return next((c for c in self.review.causes if c.id == option_id), None)

    def action_vote(self) -> None:
        cause = self._highlighted()
        if cause is None:
            return
        if self.review.dot_votes <= 0:
            self.notify("Voting is not open yet.", severity="warning")
            return
        if rounds.votes_left(self.review, self.user) <= 0:
            self.notify("You have used all your votes; take one back (-) to move it.")
            return
        cid, user = cause.id, self.user
        self.session.apply(Change(lambda r: rounds.place_vote(r, cid, user), description="vote"))
        self.refresh_view()

    def action_unvote(self) -> None:
        cause = self._highlighted()
        if cause is None or rounds.my_votes(cause, self.user) <= 0:
            return
        cid, user = cause.id, self.user
        self.session.apply(
            Change(lambda r: rounds.take_back_vote(r, cid, user), description="take back a vote")
        )
        self.refresh_view()

    @on(OptionList.OptionSelected, "#vote-causes")
    def _selected(self) -> None:
        self.action_vote()

    # -- facilitating ----------------------------------------------------------

    def _only_facilitator(self) -> bool:
        if not self.facilitating:
            self.notify(
                f"Only the facilitator ({self.review.facilitator}) can do that.", markup=False
            )
            return False
        return True

    def action_open_voting(self) -> None:
        if not self._only_facilitator():
            return

        def check(value: str) -> str | None:
            try:
                rounds.check_dot_votes(int(value))
            except (ValueError, ValidationError):
                return f"a whole number from 1 to {MAX_DOT_VOTES}"
            return None

        suggested = str(self.review.dot_votes or min(max(len(self.review.causes) // 3, 1), 5))
        self.app.push_screen(
            TextPromptModal("How many votes does each person get?", suggested, check=check),
            self._opened,
        )

    def _opened(self, value: str | None) -> None:
        if value is None:
            return
        count = int(value)
        self.session.apply(
            Change(lambda r: rounds.open_voting(r, count), description="open voting")
        )
        self.refresh_view()
        self.notify(f"Voting is open: {count} votes each.")

    def action_close_voting(self) -> None:
        if not self._only_facilitator():
            return
        self.session.apply(Change(rounds.close_voting, description="close voting"))
        self.refresh_view()
        self.notify("Voting is closed; the votes stay for the ranking.")

    def action_take_top(self) -> None:
        if not self._only_facilitator():
            return
        if not any(n for _c, n in rounds.ranking(self.review)):
            self.notify("No votes yet: nothing to rank.", severity="warning")
            return

        def check(value: str) -> str | None:
            return None if value.isdigit() and int(value) >= 1 else "a whole number, 1 or more"

        self.app.push_screen(
            TextPromptModal("Take how many of the top causes into commitments?", "3", check=check),
            self._take,
        )

    def _take(self, value: str | None) -> None:
        if value is None:
            return
        top = rounds.top_causes(self.review, int(value))
        drafts = rounds.commitment_drafts(self.review, top, self.user)
        for draft in drafts:
            self.session.apply(AddItem("commitments", draft, description="commitment draft"))
        skipped = len(top) - len(drafts)
        message = f"Added {plural(len(drafts), 'commitment draft')} linked to the top causes"
        if skipped:
            message += f" ({skipped} already had a commitment)"
        self.notify(
            message + ". Give each an owner, a deliverable and a due date in Commitments.",
            title="Commitments",
        )

    # -- leaving, help, palette ------------------------------------------------

    def action_back(self) -> None:
        self.dismiss()

    @on(Button.Pressed)
    def _button(self, event: Button.Pressed) -> None:
        actions = {
            "vote": self.action_vote,
            "unvote": self.action_unvote,
            "open": self.action_open_voting,
            "close": self.action_close_voting,
            "take": self.action_take_top,
            "back": self.action_back,
        }
        action = actions.get(event.button.id or "")
        if action is not None:
            action()

    def palette_commands(self) -> Iterable[PaletteCommand]:
        yield PaletteCommand("Vote", "put a vote on the highlighted cause", self.action_vote)
        yield PaletteCommand("Take back a vote", "from the highlighted cause", self.action_unvote)
        if self.facilitating:
            yield PaletteCommand(
                "Open voting", "choose how many votes each", self.action_open_voting
            )
            yield PaletteCommand(
                "Close voting", "stop voting; votes stay", self.action_close_voting
            )
            yield PaletteCommand(
                "Take top causes into commitments", "commitment drafts", self.action_take_top
            )
        yield PaletteCommand("Back to the review", "leave dot voting", self.action_back)
