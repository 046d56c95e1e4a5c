"""The review screen: a stepper over the template's stages, one pane per stage.

The screen owns the :class:`ReviewSession` of the open review. Panes hand it
their edits; the session applies them at once and saves them in order on
its own thread, and reports back through :class:`messages.SessionChanged`,
which keeps the stepper, the save indicator and the panes current. Any
stage opens at any time: number keys, ``[`` and ``]``, a click on the
stepper, or the command palette.
"""

from __future__ import annotations

import copy
import importlib
import inspect
from collections.abc import Iterable, Sequence
from functools import partial
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import AwaitMount
from textual.widgets import Button, ContentSwitcher, Static

from pmtui.domain import conflicts, rounds, stages
from pmtui.domain.edits import Change
from pmtui.domain.model import KeptText, Review, Round
from pmtui.domain.templates import Template
from pmtui.domain.text import plural, shown
from pmtui.editing.session import ReviewSession, SaveState, SessionEvent, content
from pmtui.store.errors import StoreError
from pmtui.store.presence import Presence
from pmtui.tui import messages, styles
from pmtui.tui.coach_hints import coach_in_memory, written_hints
from pmtui.tui.commands import PaletteCommand, key_for
from pmtui.tui.keys import CommandKeys
from pmtui.tui.live import LiveWatcher
from pmtui.tui.modals.confirm import ConfirmModal
from pmtui.tui.modals.export import NAMES, OFFERED, export_review
from pmtui.tui.modals.kept_texts import KeptTextsModal
from pmtui.tui.shell import shell
from pmtui.tui.stages.base import StagePane
from pmtui.tui.widgets.footer import KeyFooter
from pmtui.tui.widgets.presence import PresenceLine
from pmtui.tui.widgets.save_state import SaveIndicator
from pmtui.tui.widgets.stepper import Stepper

HELP = """\
# A review

The stages run left to right, but any stage can be opened at any time. The
percentage next to each stage says how complete it is, and `!2` before it that
two of the coach's hints about what is written are still open there (a hint
is closed by rewording, or set aside where it is shown). The hints are
counted once the coach has read a review since pmtui started, which it does
when a stage that shows hints opens (facts, causes, commitments, summary):
until then a review opened at its frame marks no stage. The summary lists
them too, and also the causes seen in earlier reviews, which the stepper
does not count. Every change is saved
as you make it; the indicator at the top right says *saved*, *saving…*,
*not saved: FIELD* (a field holds text pmtui cannot save yet: it says why
under the field) or *NOT SAVED* (the store refused; the reason is shown under
it, and pmtui keeps your changes and keeps trying, so nothing is lost).

A stage opens with the focus on the stage itself, not in a field, so keys
are commands; `tab` (or `enter` in the frame) goes into the fields. Letter
and number keys are commands only while the focus is not in a field: in a
field they are text. The bar at the left (┃) shows where the focus is.

| key | does |
|---|---|
| a stage's number | open that stage (not in a field) |
| `[` / `]` | previous / next stage (not in a field) |
| `ctrl+n` | next stage, also in a field |
| `tab` / `shift+tab` | move between fields |
| `b` (not in a field), `ctrl+o` or `escape` | back where you opened it from (`◀ Home (b)`) |
| `u` (not in a field), `ctrl+z` | undo the last change (in a field: its last change) |
| `w` | a private round: everyone writes alone until the facilitator reveals |
| `v` | dot voting on the causes |
| `k` | put back text someone replaced, or an edit of a deleted item |
| `f` | follow the facilitator's stage, or stop following (on at first) |
| `pageup` / `pagedown` | scroll the stage |

The command palette (`ctrl+p`) offers every action at any time, with its
key, and exports the review (Markdown or JSON). Everyone is told when the
facilitator opens or reveals a private round and opens or closes voting.
"""


_UNSEEN = object()

HINTS_AFTER = 1.0
"""Seconds after the last change before the stepper's counts of open hints are worked out
again (in a thread: the coach reads the open review alone, never the store's other reviews),
so typing never waits for them. They are counted once a stage that shows the coach's hints
has been opened (facts, causes, commitments, the summary), in this review or an earlier one
since pmtui started, never for the stepper alone."""

FacilitationState = tuple[frozenset[str], frozenset[str], int]


def facilitation_state(review: Review) -> FacilitationState:
    """What the facilitator has set going: open rounds, revealed rounds, votes each."""
    opened = frozenset(r.id for r in review.rounds if not r.revealed)
    revealed = frozenset(r.id for r in review.rounds if r.revealed)
    return opened, revealed, review.dot_votes


def facilitation_news(
    before: FacilitationState, review: Review, titles: list[tuple[str, str]]
) -> list[str]:
    """What changed since ``before``, in the words everyone is told."""
    names = dict(titles)
    opened, revealed, votes = facilitation_state(review)
    news = []
    for found in review.rounds:
        title = names.get(found.section, found.section)
        who = found.opened_by or "The facilitator"
        if found.id in opened - before[0]:
            news.append(f"{who} opened a private round: {title}. Press w to write in it.")
        elif found.id in revealed - before[1]:
            where = "the causes" if found.section == rounds.CAUSES_ROUND else "the review"
            news.append(f"The private round “{title}” was revealed: its items are in {where}.")
    if votes and not before[2]:
        news.append(f"Voting is open: {votes} votes each. Press v to vote.")
    elif before[2] and not votes:
        ranked = [(c, n) for c, n in rounds.ranking(review) if n][:3]
        top = "; ".join(
            f"{i}. {' '.join(c.statement.split())[:40]} ({n})"
            for i, (c, n) in enumerate(ranked, start=1)
        )
        news.append(
            "Voting is closed." + (f" Top: {top}." if top else "") + " Press v for the ranking."
        )
    return news


def pane_class(stage: str) -> type[StagePane] | None:
    """The pane showing ``stage``: the :class:`StagePane` in ``pmtui.tui.stages.<stage>``."""
    try:
        module = importlib.import_module(f"pmtui.tui.stages.{stage}")
    except ModuleNotFoundError:
        return None
    for _name, obj in inspect.getmembers(module, inspect.isclass):
        if issubclass(obj, StagePane) and obj is not StagePane and obj.stage == stage:
            return obj
    return None


class ReviewScreen(CommandKeys, Screen[None]):
    """One open review, stage by stage.

    Single-key commands (stage numbers, ``u``, ``w``...) are off while the
    focus is in a field (:class:`CommandKeys`); ``ctrl`` keys and the palette
    work everywhere.
    """

    CSS_PATH = styles.sheets("review", *(s.stylesheet for s in stages.STAGES))
    AUTO_FOCUS = "#stages > StagePane"
    """The open stage from the first frame, never a field: a key pressed at once is a command."""

    BINDINGS: ClassVar[list[BindingType]] = [
        # The header's "◀ Home (b)" names it (or the view the review was opened from), so the
        # footer keeps its width for the stage's keys.
        Binding("b", "home", "Back", show=False),
        Binding("ctrl+o", "back", "Home", key_display="^o", show=False),
        Binding("escape", "back", "Home", show=False),
        Binding("left_square_bracket", "step(-1)", "Prev stage", show=False),
        Binding("right_square_bracket", "step(1)", "Next stage", show=False),
        Binding("ctrl+n", "next_stage", "Next", key_display="^n"),
        Binding("u", "undo", "Undo", show=False),
        Binding("r", "retry", "Retry saving"),
        Binding("w", "private_round", "Private round", show=False),
        Binding("v", "voting", "Dot voting", show=False),
        Binding("k", "kept", "Kept texts", show=False),
        Binding("f", "follow", "Follow", show=False),
        *(Binding(str(n), f"open_number({n})", f"Stage {n}", show=False) for n in range(1, 10)),
    ]

    def __init__(
        self, review: Review, template: Template, *, stage: str | None = None, new: bool = False
    ) -> None:
        super().__init__()
        self.template = template
        self.new = new
        """Created just now: left with nothing typed, it is not kept."""
        self.held: tuple[str, ...] = ()
        """Fields holding text that is not saved (it cannot be, as typed)."""
        self.panes: dict[str, StagePane] = {}
        app = shell(self)  # the app is running: push_screen runs in its context
        self.session = ReviewSession(
            app.store, review, user=app.user, listener=self._session_listener
        )
        for name in template.stages:
            cls = pane_class(name)
            if cls is not None:
                self.panes[name] = cls(self.session, template, id=f"pane-{name}")
        self.stages = list(self.panes)
        self.current = stage if stage in self.panes else self.stages[0]
        self.presence = Presence(app.store.layout.directory, review.id, app.user, via=app.via)
        self._told: dict[str, object] = {k.id: k.now for k in review.kept}
        """Kept texts already told about (those there on opening get one notice together)."""
        self.following = True
        """Open the stage the facilitator opens (``f`` turns it off and on)."""
        self._leader_stage: str | None = None
        self._facilitation = facilitation_state(review)
        self.presence.stage = self.current
        self._session_closed = False
        self._shown_title = self._title_text()
        self._retry_shown = False
        self._hints_timer: Timer | None = None
        self._hints_asked = 0
        """Counts of the open hints started; ``_hints_shown``: the last one shown."""
        self._hints_shown = 0
        self._hint_counts: dict[str, int] | None = None
        """The counts the stepper shows (``None``: not counted yet)."""
        self._counting_hints = False
        """Whether the stepper counts open hints: from when a stage that shows the coach's
        hints (:attr:`StagePane.SHOWS_HINTS`) is first opened, which has the coach read the
        review anyway, or at once when pmtui has read the coach since it started. Counting
        sooner would load the coach's model and word lists (about 2.5 MiB, packed; 7.4 MiB
        before) for a review open at its frame, a stage the coach has nothing to say about."""

    @property
    def review(self) -> Review:
        return self.session.review

    def compose(self) -> ComposeResult:
        with Horizontal(id="review-top"):
            yield Button("◀ Home (b)", id="home", compact=True)
            yield Static(self._shown_title, id="review-title")
            yield SaveIndicator(id="save-state")
        yield Stepper([(s, stages.stage(s).title) for s in self.stages], id="stepper")
        yield PresenceLine(self.presence.label, id="presence")
        yield Static("", id="save-problem", markup=False)
        with ContentSwitcher(initial=f"pane-{self.current}", id="stages"):
            yield self.panes[self.current]  # the others are mounted when first opened
        yield KeyFooter()
        yield LiveWatcher(self.session, presence=self.presence)

    def back_to(self) -> str:
        """The name of the screen ``b`` goes back to: the view the review was opened from
        (``Insights``), else the list of reviews (``Home``)."""
        stack = self.app.screen_stack
        below = stack[stack.index(self) - 1] if self in stack[1:] else None
        return str(getattr(below, "BACK_NAME", "Home"))

    def on_mount(self) -> None:
        self.query_one("#home", Button).label = f"◀ {self.back_to()} (b)"
        if rounds.is_facilitator(self.review, self.session.user):
            self.query_one(LiveWatcher).announce_stage(self.current)
        if self.review.kept:
            self.notify(
                f"{plural(len(self.review.kept), 'replaced text')} kept with this review: "
                "press k to put them back or let them go.",
                title="Kept texts",
                markup=False,
            )
        self.query_one("#save-problem").display = False
        self.refresh_progress()
        self.call_after_refresh(self.panes[self.current].focus_on_arrival)

    def _title_text(self) -> Text:
        text = Text()
        text.append(shown(self.review.title) or "(untitled)", style="bold")
        text.append(f"  {self.template.title}", style="dim")
        return text

    # -- stages ----------------------------------------------------------------

    def open_stage(self, stage: str) -> AwaitMount | None:
        """Show ``stage``; one opened the first time is built, and what is returned
        completes once it is (it takes the focus a moment later)."""
        if stage not in self.panes:
            return None
        self.current = stage
        pane = self.panes[stage]
        switcher = self.query_one("#stages", ContentSwitcher)
        built = None
        if pane.parent is None:  # first opened: built now, on the session's review as it is
            pane.focus_when_mounted = True
            built = switcher.mount(pane)
        else:
            pane.focus_first()
        switcher.current = f"pane-{stage}"
        self.refresh_progress()
        if rounds.is_facilitator(self.review, self.session.user):
            self.query_one(LiveWatcher).announce_stage(stage)
        return built

    # -- following the facilitator ---------------------------------------------

    @on(LiveWatcher.FacilitatorMoved)
    def _facilitator_moved(self, message: LiveWatcher.FacilitatorMoved) -> None:
        self._leader_stage = message.stage
        if self.app.screen is self:
            self._follow_leader(message.who)

    def on_screen_resume(self) -> None:
        if self._leader_stage is not None:
            self._follow_leader(self.review.facilitator)

    def _follow_leader(self, who: str) -> None:
        stage = self._leader_stage
        if not self.following or stage is None or stage == self.current or stage not in self.panes:
            return
        self.open_stage(stage)
        self.notify(
            f"Following {who}: {stages.stage(stage).title}. Press f to stop following.",
            title="Facilitator",
            timeout=4,
            markup=False,
        )

    def action_follow(self) -> None:
        self.following = not self.following
        if self.following:
            self.notify("Following the facilitator's stage again.", title="Facilitator")
            self._follow_leader(self.review.facilitator)
        else:
            self.notify(
                "Not following the facilitator: open any stage. f follows again.",
                title="Facilitator",
            )

    async def action_open_number(self, number: int) -> None:
        if 1 <= number <= len(self.stages):
            await self._open_focused(self.stages[number - 1])

    async def action_next_stage(self) -> None:
        await self.action_step(1)

    async def action_step(self, delta: int) -> None:
        index = self.stages.index(self.current) + delta
        if 0 <= index < len(self.stages):
            await self._open_focused(self.stages[index])

    async def _open_focused(self, stage: str) -> None:
        """Open ``stage`` for a key, and return once it has the focus.

        A stage opened the first time is built first, and would take the focus
        only after the keys already waiting: ``2`` and ``enter`` arriving
        together sent the enter to the stage left (the frame's put the cursor
        in the title). The keys typed after a stage key wait for its action to
        return (``PmtuiApp``), so they find the stage built and focused.
        """
        built = self.open_stage(stage)
        if built is not None:
            await built
            self.panes[stage].focus_on_arrival()

    @on(Stepper.StageChosen)
    def _stage_clicked(self, event: Stepper.StageChosen) -> None:
        self.open_stage(event.stage)

    def progress(self) -> dict[str, float]:
        """How complete each stage is (the stage registry's rule: no pane needs to be shown)."""
        return stages.progress(self.review, self.template)

    def refresh_progress(self) -> None:
        self.query_one(Stepper).show(self.progress(), self.current)
        if not self._counting_hints:
            self._counting_hints = self.panes[self.current].SHOWS_HINTS or coach_in_memory()
        if self._counting_hints:
            if self._hints_timer is not None:
                self._hints_timer.stop()
            self._hints_timer = self.set_timer(HINTS_AFTER, self._count_hints)
        title = self._title_text()
        if title != self._shown_title:
            self._shown_title = title
            # One line of fixed height (styles/review.tcss): no new layout per keystroke.
            self.query_one("#review-title", Static).update(title, layout=False)

    @property
    def hints_pending(self) -> bool:
        """Whether the stepper's counts of open hints have yet to follow the last change."""
        return self._hints_timer is not None or self._hints_shown != self._hints_asked

    def _count_hints(self) -> None:
        self._hints_timer = None
        self._hints_asked += 1
        self._find_hints(copy.deepcopy(self.review), self._hints_asked)

    @work(thread=True, exclusive=True, group="stepper-hints")
    def _find_hints(self, review: Review, asked: int) -> None:
        found = written_hints(self, review)
        counts = None if found is None else {stage: len(f) for stage, f in found.items()}
        self.app.call_from_thread(self._show_hints, counts, asked)

    def _show_hints(self, counts: dict[str, int] | None, asked: int) -> None:
        if asked != self._hints_asked or not self.is_attached:
            return  # a later count is coming, or the review was closed meanwhile
        self._hints_shown = asked
        if counts is None or counts == self._hint_counts:
            return  # nothing new to draw: an idle review or a typed word writes nothing
        self._hint_counts = counts
        self.query_one(Stepper).show(self.progress(), self.current, counts)

    # -- saving ----------------------------------------------------------------

    def _session_listener(self, event: SessionEvent) -> None:
        """Called on the saving thread (or the UI thread); post_message is thread-safe."""
        self.post_message(messages.SessionChanged(event))

    @on(messages.SessionChanged)
    def _session_changed(self, message: messages.SessionChanged) -> None:
        event = message.event
        self.query_one(SaveIndicator).show(event.state)
        problem = self.query_one("#save-problem", Static)
        if event.state is SaveState.FAILED:
            if not problem.display:
                self.notify(
                    "Your changes are kept on screen and pmtui keeps trying to save them.",
                    title="Not saved",
                    severity="error",
                )
            problem.update(
                shown(
                    f"Not saved: {event.error}\nNothing you typed is lost: pmtui keeps your "
                    "changes and tries again every few seconds (r retries now).",
                    multiline=True,
                )
            )
            problem.display = True
        elif problem.display:
            problem.display = False
            if event.state is SaveState.SAVED:
                self.notify("Saved again; every change is in the store.", title="Saved")
        if event.deleted:
            self.notify(
                "Someone deleted this review. What is on screen is not saved anywhere.",
                severity="error",
                timeout=20,
            )
        self._tell_conflicts()
        self._tell_facilitation()
        if event.state is not SaveState.SAVING or event.reloaded:
            for pane in self._mounted_panes():
                pane.refresh_from(self.session.review)
        self.refresh_progress()
        failed = event.state is SaveState.FAILED
        if failed != self._retry_shown:  # the footer is rebuilt on every refresh of the bindings
            self._retry_shown = failed
            self.refresh_bindings()

    def _tell_conflicts(self) -> None:
        """One calm notice per new conflict this session is part of, naming who and where."""
        review, me, session = self.review, self.session.user, self.session.session
        for kept in review.kept:
            seen = self._told.get(kept.id, _UNSEEN)
            self._told[kept.id] = kept.now
            mine = conflicts.is_me(kept.by, kept.by_session, me, session)
            if seen is not _UNSEEN:
                if seen != kept.now and mine:
                    self._show_winner(kept)  # the same conflict again: no new notice
                continue
            where = conflicts.place(review, kept)
            replacer = conflicts.writer(
                kept.replaced_by, kept.replaced_by_session, me, session, start=True
            )
            if kept.deleted and mine:
                noun = conflicts.NOUNS.get(kept.target, "item")
                self.notify(
                    f"{replacer} deleted {where} while you were "
                    f"editing it. Your edit is kept: press k to put it back as a new {noun}.",
                    title="Edit kept",
                    timeout=20,
                    markup=False,
                )
            elif mine:
                self.notify(
                    f"{replacer} saved over your text in {where}. "
                    "Yours is kept: press k to put it back.",
                    title="Text replaced",
                    timeout=20,
                    markup=False,
                )
                self._show_winner(kept)
            elif not kept.deleted and conflicts.is_me(
                kept.replaced_by, kept.replaced_by_session, me, session
            ):
                whose = conflicts.writer(kept.by, kept.by_session, me, session)
                self.notify(
                    f"You saved over {whose}'s newer text in {where}. It is kept: k shows it.",
                    title="Text replaced",
                    timeout=20,
                    markup=False,
                )

    def _tell_facilitation(self) -> None:
        """A short notice when a round opens or is revealed, or voting opens or closes."""
        before, self._facilitation = self._facilitation, facilitation_state(self.review)
        for line in facilitation_news(before, self.review, self._round_titles()):
            self.notify(line, title="Facilitator", timeout=8, markup=False)

    def _show_winner(self, kept: KeptText) -> None:
        for pane in self._mounted_panes():
            pane.show_field(kept.target, kept.item_id, kept.field_name)

    def _mounted_panes(self) -> list[StagePane]:
        """The panes opened so far (one not opened yet is built from the review when it is)."""
        return [pane for pane in self.panes.values() if pane.is_mounted]

    def action_retry(self) -> None:
        self.session.retry()

    def action_kept(self) -> None:
        self.app.push_screen(KeptTextsModal(self.session))

    def action_voting(self) -> None:
        from pmtui.tui.screens.voting import VotingScreen

        self.app.push_screen(VotingScreen(self.session))

    def action_private_round(self) -> None:
        from pmtui.tui.modals.round_picker import RoundPicker
        from pmtui.tui.screens.rounds import round_sections

        choices = []
        for key, title in round_sections(self.template):
            found = rounds.current_round(self.review, key)
            if found is not None:
                waiting = len(rounds.sealed_items(self.review, found.id))
                title = f"{title}  (open: {waiting} waiting)"
            choices.append((key, title))
        self.app.push_screen(RoundPicker(choices), self._open_round)

    def _open_round(self, choice: tuple[str, str] | None) -> None:
        from pmtui.tui.screens.rounds import RoundScreen

        if choice is None:
            return
        section, _label = choice
        title = dict(self._round_titles()).get(section, section)
        found = rounds.current_round(self.review, section)
        if found is None:
            if not rounds.is_facilitator(self.review, self.session.user):
                self.notify(
                    f"No private round is open for {title}. "
                    f"{self.review.facilitator} (facilitating) opens one with w.",
                    markup=False,
                )
                return
            found = self._start_round(section)
            if found is None:
                return
        self.app.push_screen(RoundScreen(self.session, found.id, title, shell(self).keys))

    def _round_titles(self) -> list[tuple[str, str]]:
        from pmtui.tui.screens.rounds import round_sections

        return round_sections(self.template)

    def _start_round(self, section: str) -> Round | None:
        """Open a round in ``section``: this account makes and keeps its key."""
        new = Round(section=section, public_key="", opened_by=self.session.user)
        try:
            new.public_key = shell(self).keys.new_round_key(new.id)
        except (StoreError, OSError) as exc:
            self.notify(f"Cannot open a private round: {exc}", severity="error", markup=False)
            return None
        self.session.apply(
            Change(lambda r: rounds.add_opened_round(r, new), description="open a private round")
        )
        return new

    def action_undo(self) -> None:
        what = self.session.undo()
        self.notify(f"Undone: {what}." if what else "Nothing to undo.", markup=False)
        if what:
            for pane in self._mounted_panes():
                pane.refresh_from(self.session.review)
            self.refresh_progress()

    # -- text not saved yet ----------------------------------------------------

    @on(StagePane.Held)
    def _held(self, message: StagePane.Held) -> None:
        self.held = tuple(n for pane in self._mounted_panes() for n in pane.held_names())
        self.query_one(SaveIndicator).hold(self.held)

    # -- leaving ---------------------------------------------------------------

    def close_session(self, timeout: float = 10.0) -> bool:
        """Save what is queued and stop saving; False when something could not be saved."""
        if self._session_closed:
            return True
        saved = self.session.flush(timeout)
        if saved:
            self.session.close(timeout)
            self._session_closed = True
        return saved

    def unsaved_quit_modal(self) -> ConfirmModal:
        return ConfirmModal(
            "Some changes to this review are not saved yet "
            f"({self.session.error or 'still saving'}). Quit anyway and lose them?",
            yes="Quit, losing them",
            no="Stay",
        )

    def action_home(self) -> None:
        self.action_back()

    def unsaved_work(self) -> str | None:
        """What quitting now would lose (see :meth:`PmtuiApp.action_quit`), or None."""
        if not self.held:
            return None
        return f"what you typed in {_field_names(self.held)} (the field says why it is not saved)"

    def action_back(self) -> None:
        if self.held:
            self.app.push_screen(
                ConfirmModal(
                    f"What you typed in {_field_names(self.held)} is not saved: pmtui cannot "
                    "read it as it is (the field says why). Leave anyway and lose it?",
                    yes="Leave, losing it",
                    no="Stay and fix it",
                ),
                self._leave_or_fix,
            )
            return
        if self.session.state is SaveState.FAILED:
            self.app.push_screen(
                ConfirmModal(
                    f"Some changes are not saved ({self.session.error}). pmtui keeps trying while "
                    "this review is open. Leave anyway and lose them?",
                    yes="Leave, losing them",
                    no="Stay",
                ),
                self._leave_if,
            )
            return
        self._leave()

    def _leave_if(self, answer: bool | None) -> None:
        if answer:
            self._leave()

    def _leave_or_fix(self, leave: bool | None) -> None:
        """Leave, or stay with the cursor in the first field whose text is not saved."""
        if leave:
            self._leave()
            return
        for pane in self._mounted_panes():
            if pane.held_names():
                if pane.stage != self.current:
                    self.open_stage(pane.stage)
                pane.focus_held()
                return

    def _leave(self) -> None:
        self.dismiss()
        self._finish_saving()

    @work(thread=True, group="review-close")
    def _finish_saving(self) -> None:
        self.session.close(timeout=10.0)
        self._session_closed = True
        self.drop_if_blank()
        self.app.post_message(messages.StoreChanged())

    def drop_if_blank(self) -> bool:
        """A review started here and left with nothing typed is not kept; True if it went."""
        if not self.new or not self.session.untouched():
            return False
        store = self.session.store
        try:
            stored = store.get(self.review.id)
            if content(stored) != content(self.review):
                return False  # someone else wrote in it meanwhile
            store.delete(self.review.id)
        except StoreError:
            return False  # kept: an empty review is harmless, and the store says why elsewhere
        return True

    @on(Button.Pressed, "#home")
    def _home_clicked(self) -> None:
        self.action_back()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if not super().check_action(action, parameters):
            return False
        if action == "retry":
            return self.session.state is SaveState.FAILED
        return True

    # -- help and palette ------------------------------------------------------

    def help_text(self) -> str:
        pane = self.panes[self.current]
        steps = [stages.stage(name) for name in self.stages]
        listed = "\n".join(f"{n}. **{s.title}**: {s.purpose}" for n, s in enumerate(steps, 1))
        return "\n\n".join(
            (
                pane.HELP or f"# {stages.stage(self.current).title}",
                HELP,
                f"## The stages of this review\n\n{listed}",
            )
        )

    def palette_commands(self) -> Iterable[PaletteCommand]:
        pane = self.panes[self.current]
        for title, help_, action in pane.COMMANDS:
            yield PaletteCommand(
                title, help_, partial(pane.run_action, action), key_for(pane, action)
            )
        for number, stage in enumerate(self.stages, start=1):
            yield PaletteCommand(
                f"Open stage {number}: {stages.stage(stage).title}",
                self.template.prompt(stage) or f"the {stage} stage",
                partial(self.open_stage, stage),
                str(number),
            )
        yield PaletteCommand("Next stage", "open the next stage", self.action_next_stage, "ctrl+n")
        yield PaletteCommand(
            "Undo", "undo the last change that can be undone", self.action_undo, "u"
        )
        for fmt in OFFERED:
            yield PaletteCommand(
                f"Export this review as {NAMES[fmt]}",
                f"write it to a file, as pmtui export --format {fmt} does",
                partial(self.action_export, fmt),
            )
        yield PaletteCommand(
            "Private round", "everyone writes alone until revealed", self.action_private_round, "w"
        )
        yield PaletteCommand(
            "Dot voting", "vote on the causes that matter", self.action_voting, "v"
        )
        yield PaletteCommand(
            "Stop following the facilitator" if self.following else "Follow the facilitator",
            "open the stage the facilitator opens",
            self.action_follow,
            "f",
        )
        if self.session.kept:
            yield PaletteCommand(
                "Put back replaced text", "your text someone else replaced", self.action_kept, "k"
            )
        yield PaletteCommand("Back to the list", "home: every review", self.action_back, "b")
        if self.session.state is SaveState.FAILED:
            yield PaletteCommand(
                "Retry saving", "try to save the pending changes now", self.action_retry, "r"
            )

    def action_export(self, fmt: str) -> None:
        export_review(self, lambda: self.review, fmt, shell(self).today)


def _field_names(names: Sequence[str]) -> str:
    """Fields named as a person would say them: "When it happened" and "Title"."""
    quoted = [f'"{name[:1].upper()}{name[1:]}"' for name in names]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " and " + quoted[-1]
