"""The follow-up review of one review: what became of each commitment, asked with curiosity.

Each answer is saved on its own, through :func:`pmtui.domain.followup.record_outcome`
handed to the review's editing session (the one write path every screen
uses) and saved before the next question, so a follow-up interrupted
halfway keeps what was said, and two people answering at once both land.
When the last commitment has an outcome, the rules close the review.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Header, Input, Label, Select, Static

from pmtui.domain.dates import DateError, parse_date
from pmtui.domain.edits import Change
from pmtui.domain.followup import answered, outcome_problem, record_outcome, replan
from pmtui.domain.model import (
    CAUSE_CATEGORIES,
    UNFINISHED,
    Commitment,
    Outcome,
    Review,
    Status,
    ValidationError,
)
from pmtui.domain.text import shown
from pmtui.editing.session import ReviewSession
from pmtui.store.errors import StoreError
from pmtui.tui import styles
from pmtui.tui.commands import PaletteCommand
from pmtui.tui.screens._services import AppServices
from pmtui.tui.widgets.fields import TextField
from pmtui.tui.widgets.footer import KeyFooter

if TYPE_CHECKING:
    from pmtui.store.repository import Store

INTRO = (
    "Time to look at what became of the commitments made in this review. "
    "Whatever happened is information about the system the work met, not a "
    "verdict on anyone. Take each one in turn."
)

OUTCOME_CHOICES = [
    ("it happened (kept)", Outcome.KEPT),
    ("some of it happened (partly kept)", Outcome.PARTLY_KEPT),
    ("it has not happened (not kept)", Outcome.NOT_KEPT),
    ("we decided to let it go (dropped)", Outcome.DROPPED),
]
HELPED_CHOICES = [
    ("yes, it made a difference", "yes"),
    ("no, not as hoped", "no"),
    ("too early to tell", "unknown"),
]

HELP = """\
# Follow-up review

Walk each commitment and say what became of it: **kept**, **partly kept**,
**not kept** or **dropped**. For anything short of kept, note what got in the
way and which kind of cause it was; that is where the next change usually
hides. A commitment stays open until it is kept or dropped: one partly kept
or not kept gets a new date (it stays open, and the answer stays in its
history) or a reason to let the rest go. Dropping needs a reason, so that
letting something go is a decision, not a silence. A commitment that still
matters can get a new date at any time; its old date stays in its history.

Each answer is saved when you press `ctrl+s` (or the Save button). When
every commitment has an answer, the follow-up is recorded as held and the
review leaves the follow-up view's reviews; what was re-planned stays there
by its new date. When none is left open, the review is closed.

| key | does |
|---|---|
| `ctrl+s` | save this answer and go to the next open commitment |
| `ctrl+n` / `ctrl+b` | next / previous commitment |
| `ctrl+r` | give this commitment a new date |
| `escape` / `ctrl+w` | back (answers already saved stay saved) |
"""


class FollowUpReviewScreen(AppServices):
    """One commitment at a time: outcome, what got in the way, whether it helped."""

    CSS_PATH = styles.sheets("followup")

    HELP = HELP
    BINDINGS = [
        Binding("ctrl+s", "save", "Save"),
        Binding("ctrl+n", "next", "Next"),
        Binding("ctrl+b", "previous", "Prev"),
        Binding("ctrl+r", "replan", "New date"),
        Binding("question_mark", "app.help", "Help"),
        Binding("escape", "back", "Back"),
        # Not in the key line: with a menu open esc closes the menu, and ^w there read as
        # the way back.
        Binding("ctrl+w", "back", "Back", show=False),
    ]

    def __init__(
        self,
        review_id: str,
        *,
        store: Store | None = None,
        clock: Callable[[], datetime] | None = None,
        user: str | None = None,
        start_at: str | None = None,
    ) -> None:
        super().__init__()
        self.review_id = review_id
        self._use_services(store, clock, user)
        self.start_at = start_at
        self.session: ReviewSession | None = None
        self.index = 0

    @property
    def review(self) -> Review | None:
        """The review as answered so far (the session's copy), once read."""
        return self.session.review if self.session is not None else None

    @property
    def current(self) -> Commitment | None:
        if self.review is None or not self.review.commitments:
            return None
        return self.review.commitments[self.index]

    # -- layout ----------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="fur-body"):
            yield Static(INTRO, id="fur-intro", markup=False)
            yield Static("Reading the review...", id="fur-progress", markup=False)
            yield Static("", id="fur-commitment", markup=False)
            with Vertical(id="fur-form"):
                yield Label("What became of it?")
                yield Select(OUTCOME_CHOICES, prompt="choose", id="fur-outcome", compact=True)
                yield Label("What got in the way, if anything?", id="fur-way-label")
                yield TextField(placeholder="what made it hard to do", hint=True, id="fur-way")
                yield Select(
                    [(c, c) for c in CAUSE_CATEGORIES],
                    prompt="kind of cause (optional)",
                    id="fur-category",
                    compact=True,
                )
                yield Label("New due date for the rest (it stays open)", id="fur-new-due-label")
                yield Input(placeholder="2026-12-01, +2w, friday...", id="fur-new-due")
                yield Label("Why let it go?", id="fur-dropped-label")
                yield TextField(placeholder="needed when dropping it", hint=True, id="fur-dropped")
                yield Label("Did it help?")
                yield Select(
                    HELPED_CHOICES, prompt="choose (optional)", id="fur-helped", compact=True
                )
                yield Static("", id="fur-error", markup=False)
                with Horizontal(id="fur-buttons"):
                    yield Button("Save (ctrl+s)", id="fur-save", variant="primary")
                    yield Button("New date (ctrl+r)", id="fur-replan")
                    yield Button("Back", id="fur-back")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#fur-form").display = False
        self.load()

    # -- loading ---------------------------------------------------------------

    @work(thread=True, exclusive=True, group="followup-review-load")
    def load(self) -> None:
        try:
            review = self.store.get(self.review_id)
        except StoreError as exc:
            self.app.call_from_thread(self._problem, str(exc))
            return
        self.app.call_from_thread(self._loaded, review)

    def _loaded(self, review: Review) -> None:
        self.session = ReviewSession(self.store, review, user=self.user)
        self.sub_title = shown(f"Follow-up: {review.title or '(untitled)'}")
        if not review.commitments:
            self.query_one("#fur-progress", Static).update(
                "This review made no commitments, so there is nothing to follow up."
            )
            return
        ids = [c.id for c in review.commitments]
        if self.start_at in ids:
            self.index = ids.index(self.start_at)
        else:
            self.index = next((i for i, c in enumerate(review.commitments) if c.is_open), 0)
        planned = review.follow_up_due()
        if planned > self.today and review.status is not Status.CLOSED:
            self.query_one("#fur-intro", Static).update(
                f"{INTRO} The follow-up is planned for {planned.isoformat()}; "
                "answering early is fine when there is something to say."
            )
        self.query_one("#fur-form").display = True
        self._show()
        self.query_one("#fur-outcome", Select).focus()

    def _problem(self, message: str) -> None:
        self.query_one("#fur-progress", Static).update(
            shown(f"pmtui cannot read this review: {message}", multiline=True)
        )

    # -- showing one commitment --------------------------------------------------

    def _show(self) -> None:
        review, com = self.review, self.current
        if review is None or com is None:
            return
        left = sum(1 for c in review.commitments if not answered(c))
        if review.status is Status.CLOSED:
            progress = (
                "Every commitment has an answer, so this review is closed. "
                "Thank you for coming back to it."
            )
        elif not left and review.follow_up is not None and review.follow_up.held_on:
            progress = (
                f"Follow-up held on {review.follow_up.held_on.isoformat()}; what was re-planned "
                "stays in the follow-up view by its new date."
            )
        else:
            progress = f"{left} of {len(review.commitments)} still to talk about."
        self.query_one("#fur-progress", Static).update(
            f"Commitment {self.index + 1} of {len(review.commitments)}. {progress}"
        )
        self.query_one("#fur-commitment", Static).update(
            shown(_describe(com, self.today), multiline=True)
        )
        self.query_one("#fur-outcome", Select).value = Select.NULL if com.is_open else com.status
        self.query_one("#fur-way", Input).value = shown(com.in_the_way)
        category = self.query_one("#fur-category", Select)
        if com.in_the_way_category and com.in_the_way_category not in CAUSE_CATEGORIES:
            options = (*CAUSE_CATEGORIES, com.in_the_way_category)
            category.set_options([(shown(c), c) for c in options])
        category.value = com.in_the_way_category or Select.NULL
        self.query_one("#fur-dropped", Input).value = shown(com.dropped_reason)
        self.query_one("#fur-new-due", Input).value = ""
        helped = None if com.is_open or com.helped is None else ("yes" if com.helped else "no")
        self.query_one("#fur-helped", Select).value = helped or Select.NULL
        self.query_one("#fur-error", Static).update("")
        self._toggle_fields()

    @on(Select.Changed, "#fur-outcome")
    def _toggle_fields(self) -> None:
        outcome = self.query_one("#fur-outcome", Select).value
        unfinished = outcome in UNFINISHED
        dropped = outcome is Outcome.DROPPED or unfinished
        self.query_one("#fur-new-due-label").display = unfinished
        self.query_one("#fur-new-due").display = unfinished
        self.query_one("#fur-dropped-label", Label).update(
            "Or, to let the rest go: why?" if unfinished else "Why let it go?"
        )
        self.query_one("#fur-dropped-label").display = dropped
        self.query_one("#fur-dropped").display = dropped
        way = self.query_one("#fur-way-label", Label)
        way.update(
            "What got in the way of the rest?"
            if outcome is Outcome.PARTLY_KEPT
            else "What got in the way?"
            if outcome in (Outcome.NOT_KEPT, Outcome.DROPPED)
            else "What got in the way, if anything?"
        )

    # -- saving ----------------------------------------------------------------

    def action_save(self) -> None:
        com = self.current
        if com is None:
            return
        outcome = self.query_one("#fur-outcome", Select).value
        if not isinstance(outcome, Outcome):
            self._error("Choose what became of it first.")
            return
        reason = self.query_one("#fur-dropped", Input).value.strip()
        new_due = None
        due_text = self.query_one("#fur-new-due", Input).value.strip()
        if outcome in UNFINISHED and due_text:
            try:
                new_due = parse_date(due_text, self.today)
            except DateError as exc:
                self._error(f"{exc}.")
                self.query_one("#fur-new-due", Input).focus()
                return
        else:
            reason = reason if outcome in (*UNFINISHED, Outcome.DROPPED) else ""
        problem = outcome_problem(outcome, new_due=new_due, reason=reason)
        if problem is not None:
            field, expected = problem
            if field == "dropped_reason":
                self._error("Letting it go is fine; say why, so the decision is not lost.")
                self.query_one("#fur-dropped", Input).focus()
            else:
                self._error(f"Not saved: {expected}.")
                self.query_one("#fur-new-due", Input).focus()
            return
        category = self.query_one("#fur-category", Select).value
        helped = self.query_one("#fur-helped", Select).value
        self._error("Saving...")
        self._save(
            com.id,
            outcome,
            in_the_way=self.query_one("#fur-way", Input).value.strip(),
            category=category if isinstance(category, str) else "",
            helped={"yes": True, "no": False}.get(helped) if isinstance(helped, str) else None,
            dropped_reason=reason,
            new_due=new_due,
        )

    @work(thread=True, group="followup-review-save")
    def _save(
        self,
        commitment_id: str,
        outcome: Outcome,
        *,
        in_the_way: str,
        category: str,
        helped: bool | None,
        dropped_reason: str,
        new_due: date | None,
    ) -> None:
        now, by = self.now, self.user

        def change(review: Review) -> None:
            record_outcome(
                review,
                commitment_id,
                outcome,
                at=now,
                by=by,
                in_the_way=in_the_way,
                category=category,
                helped=helped,
                dropped_reason=dropped_reason,
                new_due=new_due,
            )

        self._write(Change(change, description="follow-up answer"), advance=True)

    def _write(self, edit: Change, *, advance: bool) -> None:
        """Hand ``edit`` to the session and wait until it is saved (worker thread)."""
        session = self.session
        if session is None:
            return
        try:
            session.apply(edit)
        except (ValidationError, KeyError) as exc:
            self.app.call_from_thread(self._error, f"Not saved: {exc}")
            return
        if not session.flush():
            why = session.error or "the store is busy"
            self.app.call_from_thread(
                self._error, f"Not saved: {why}. pmtui keeps trying while this is open."
            )
            return
        self.app.call_from_thread(self._saved, advance)

    def _saved(self, advance: bool) -> None:
        review = self.review
        if review is None:
            return
        held = review.follow_up.held_on if review.follow_up is not None else None
        current = self.current.id if self.current else None
        ids = [c.id for c in review.commitments]
        self.index = ids.index(current) if current in ids else 0
        if advance:
            following = [
                i
                for i in (*range(self.index + 1, len(ids)), *range(self.index))
                if not answered(review.commitments[i])
            ]
            if following:
                self.index = following[0]
        self._show()
        done = review.status is Status.CLOSED
        if done:
            self._error("Saved. This review is now closed.")
            self.notify("Every commitment has an answer; the review is closed.")
        elif held is not None and held == self.today and advance:
            self._error(f"Saved. Follow-up held on {held.isoformat()}.")
            self.notify("Every commitment has an answer; the follow-up is recorded as held.")
        else:
            self._error("Saved.")

    def _error(self, message: str) -> None:
        said = self.query_one("#fur-error", Static)
        said.update(shown(message, multiline=True))
        if message:  # below the form: bring it into a short terminal's view
            self.call_after_refresh(said.scroll_visible, animate=False)

    # -- re-planning -----------------------------------------------------------

    def action_replan(self) -> None:
        com = self.current
        if com is None:
            return
        from pmtui.tui.modals.prompt import TextPromptModal

        today = self.today

        def check(text: str) -> str | None:
            try:
                when = parse_date(text, today)
            except DateError as exc:
                return str(exc)
            return None if when >= today else "A new date should be today or later."

        def got_date(text: str | None) -> None:
            if text is None:
                return
            when = parse_date(text, today)
            self.app.push_screen(
                TextPromptModal("What changed, that it needs a new date? (optional)"),
                lambda reason: self._replan_later(com.id, when, reason),
            )

        self.app.push_screen(
            TextPromptModal(
                "New date for this commitment (2026-12-01, +2w, friday...)",
                placeholder="+2w",
                check=check,
            ),
            got_date,
        )

    def _replan_later(self, commitment_id: str, when: date, reason: str | None) -> None:
        if reason is not None:
            self._replan(commitment_id, when, reason)

    @work(thread=True, group="followup-review-save")
    def _replan(self, commitment_id: str, when: date, reason: str) -> None:
        on_day = self.today
        self._write(
            Change(
                lambda r: replan(r, commitment_id, when, on=on_day, reason=reason),
                description="new date",
            ),
            advance=False,
        )

    # -- moving ----------------------------------------------------------------

    def action_next(self) -> None:
        self._move(1)

    def action_previous(self) -> None:
        self._move(-1)

    def _move(self, step: int) -> None:
        if self.review is None or not self.review.commitments:
            return
        self.index = (self.index + step) % len(self.review.commitments)
        self._show()

    @on(Button.Pressed)
    def _button(self, event: Button.Pressed) -> None:
        event.stop()
        {"fur-save": self.action_save, "fur-replan": self.action_replan}.get(
            event.button.id or "", self.action_back
        )()

    def action_back(self) -> None:
        self.dismiss(None)

    def on_unmount(self) -> None:
        if self.session is not None:  # answers are saved before they show: this only stops it
            self.app.run_worker(self.session.close, thread=True, group="followup-review-close")

    def palette_commands(self) -> Iterable[PaletteCommand]:
        yield PaletteCommand("Save this answer", "and go to the next one", self.action_save)
        yield PaletteCommand("Next commitment", "without saving", self.action_next)
        yield PaletteCommand("Previous commitment", "without saving", self.action_previous)
        yield PaletteCommand("Give it a new date", "its old date is kept", self.action_replan)


def _describe(com: Commitment, today: date) -> str:
    lines = [com.deliverable or "(no deliverable written)"]
    lines.append(f"owner: {com.owner or 'nobody named'}")
    if com.done_when:
        lines.append(f"done when: {com.done_when}")
    if com.due is None:
        lines.append("due: no date set")
    elif com.is_open and com.due < today:
        lines.append(f"due: {com.due.isoformat()} ({(today - com.due).days} days ago)")
    else:
        lines.append(f"due: {com.due.isoformat()}")
    if not com.is_open:
        lines.append(f"answered: {com.status.label}")
    for h in com.history:
        old = h.old_due.isoformat() if h.old_due else "no date"
        new = h.new_due.isoformat() if h.new_due else "no date"
        said = [h.outcome.label] if h.outcome is not None else []
        said += [text for text in (h.in_the_way, h.reason) if text]
        why = f" ({': '.join(said)})" if said else ""
        lines.append(f"moved on {h.on.isoformat()}: {old} -> {new}{why}")
    return "\n".join(lines)
