"""Paste a timeline (or name a file) and see the facts it makes before any is added.

What was written during the incident (chat, a log, a CSV, a Slack export) is
read by :mod:`pmtui.domain.timeline_import` in a worker thread, again each
time the text or an option changes, with a progress bar: a 100,000-line log
never freezes the screen, and a new change stops the read under way. The
preview lists the first facts with the coach's first hint on each, so what
the coach would say of a typed fact is seen here too. Nothing is added until
**Add**; the dialog dismisses with the new facts.
"""

from __future__ import annotations

import threading
from dataclasses import replace
from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widgets import (
    Button,
    DataTable,
    Input,
    Label,
    ProgressBar,
    RadioButton,
    RadioSet,
    Select,
    Static,
    TextArea,
)

from pmtui.domain.coach import check_text, default_rules
from pmtui.domain.model import Fact, Review
from pmtui.domain.text import folded, shown
from pmtui.domain.timeline_import import (
    Cancelled,
    ColumnProblem,
    ImportProblem,
    Options,
    Parsed,
    Untimed,
    new_to,
    options_for,
    parse,
    too_many,
)
from pmtui.tui.widgets.fields import Choice
from pmtui.tui.widgets.text_box import TextBox

PREVIEW_ROWS = 200
"""Facts listed in the preview (and read by the coach); the count covers them all."""
SETTLE = 0.4
"""Seconds after the last change before the text is read again."""


class TimelinePasteModal(ModalScreen[list[Fact] | None]):
    """Dismisses with the facts to add (those the review lacks), or ``None``."""

    DEFAULT_CSS = """
    TimelinePasteModal {
        align: center middle;
    }
    TimelinePasteModal > #paste-frame {
        width: 80;
        max-width: 100%;
        height: 100%;
        max-height: 24;
        border: round $primary;
        background: $surface;
        padding: 0 1;
    }
    TimelinePasteModal #paste-title {
        text-style: bold;
    }
    TimelinePasteModal #paste-body {
        height: 1fr;
    }
    TimelinePasteModal #paste-text {
        height: 5;
    }
    TimelinePasteModal .paste-row {
        height: auto;
    }
    TimelinePasteModal .paste-label {
        width: 16;
        color: $text-muted;
    }
    TimelinePasteModal #paste-file, TimelinePasteModal #paste-match {
        width: 1fr;
    }
    TimelinePasteModal #paste-columns Select {
        width: 1fr;
    }
    TimelinePasteModal RadioSet {
        width: 1fr;
        border: none;
        padding: 0;
        layout: horizontal;
    }
    TimelinePasteModal RadioSet > RadioButton {
        width: auto;
        margin-right: 2;
    }
    TimelinePasteModal #paste-progress {
        height: 1;
    }
    TimelinePasteModal #paste-summary {
        height: auto;
        color: $text-muted;
    }
    TimelinePasteModal #paste-preview {
        height: 7;
    }
    TimelinePasteModal #paste-buttons {
        height: auto;
        align-horizontal: right;
    }
    TimelinePasteModal #paste-buttons Button {
        margin-left: 2;
    }
    """

    BINDINGS = [
        Binding("ctrl+s", "add", "Add", priority=True),
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(self, review: Review, *, author: str) -> None:
        super().__init__()
        self.review = review
        self.options = options_for(review, Options(author=author))
        self.parsed: Parsed | None = None
        self.fresh: list[Fact] = []
        self.problem = ""
        self._generation = 0
        self._lock = threading.Lock()
        self._timer: Timer | None = None
        self.reading = False
        """A read is under way (or waiting for the typing to settle)."""

    def compose(self) -> ComposeResult:
        with Vertical(id="paste-frame"):
            yield Label("Paste a timeline", id="paste-title")
            with VerticalScroll(id="paste-body"):
                yield Static(
                    "Paste chat, a log or a CSV (ctrl+v or your terminal's paste), or name a "
                    "file or a Slack export folder. Lines with a time become facts.",
                    markup=False,
                )
                yield TextBox(id="paste-text", soft_wrap=False, tab_behavior="focus", compact=True)
                with Horizontal(classes="paste-row"):
                    yield Label("or a file", classes="paste-label")
                    yield Input(id="paste-file", placeholder="~/incident-channel.txt", compact=True)
                with Horizontal(classes="paste-row"):
                    yield Label("without a time", classes="paste-label")
                    with RadioSet(id="paste-untimed", compact=True):
                        yield Choice("attach to the fact before", value=True, id="attach")
                        yield Choice("skip", id="skip")
                with Horizontal(classes="paste-row", id="paste-columns"):
                    yield Label("CSV columns", classes="paste-label")
                    yield Select([], prompt="time from", id="paste-time-column", compact=True)
                    yield Select([], prompt="text from", id="paste-text-column", compact=True)
                with Horizontal(classes="paste-row"):
                    yield Label("only lines with", classes="paste-label")
                    yield Input(id="paste-match", placeholder="error, rollback", compact=True)
                yield ProgressBar(id="paste-progress", show_eta=False, show_percentage=True)
                yield Static("Nothing pasted yet.", id="paste-summary", markup=False)
                yield DataTable(id="paste-preview", cursor_type="row", zebra_stripes=True)
            with Horizontal(id="paste-buttons"):
                yield Button("Cancel (esc)", id="paste-cancel", compact=True)
                yield Button("Add (ctrl+s)", id="paste-add", variant="primary", compact=True)

    def on_mount(self) -> None:
        table = self.query_one("#paste-preview", DataTable)
        table.add_column("when", key="when", width=19)
        table.add_column("what", key="what", width=40)
        table.add_column("coach", key="coach")
        self.query_one("#paste-progress").display = False
        self.query_one("#paste-columns").display = False
        self.query_one("#paste-add", Button).disabled = True
        self.query_one("#paste-text", TextArea).focus()
        self._columns: tuple[str, ...] = ()

    # -- reading, off the screen's thread --------------------------------------

    @on(TextArea.Changed, "#paste-text")
    @on(Input.Changed, "#paste-file, #paste-match")
    @on(RadioSet.Changed)
    @on(Select.Changed, "#paste-columns Select")
    def _changed(self) -> None:
        """Read again once the typing (or pasting) settles; a read under way stops."""
        with self._lock:
            self._generation += 1
        if self._timer is not None:
            self._timer.stop()
        self.reading = True
        self.query_one("#paste-add", Button).disabled = True
        self._timer = self.set_timer(SETTLE, self.read_now)

    def read_now(self) -> None:
        """Start reading what is pasted (or the file) with the options as they are now."""
        with self._lock:
            self._generation += 1
            generation = self._generation
        untimed = Untimed.SKIP if self.query_one("#skip", RadioButton).value else Untimed.ATTACH
        words = [w.strip() for w in self.query_one("#paste-match", Input).value.split(",")]
        options = replace(self.options, untimed=untimed, match=tuple(w for w in words if w))
        options = replace(options, time_column=self._picked("#paste-time-column"))
        options = replace(options, text_column=self._picked("#paste-text-column"))
        path = self.query_one("#paste-file", Input).value.strip()
        text = self.query_one("#paste-text", TextArea).text
        if not path and not text.strip():
            self._show(None, [], "Nothing pasted yet.")
            return
        self.reading = True
        self.query_one("#paste-add", Button).disabled = True
        bar = self.query_one("#paste-progress", ProgressBar)
        bar.update(total=None, progress=0)
        bar.display = True
        self.query_one("#paste-summary", Static).update("Reading...")
        self._read(generation, text, path, options)

    @work(thread=True, exclusive=True, group="timeline-read")
    def _read(self, generation: int, text: str, path: str, options: Options) -> None:
        def stale() -> bool:
            with self._lock:
                return generation != self._generation

        def progress(done: int, total: int) -> None:
            if not stale():
                self.app.call_from_thread(self._progress, generation, done, total)

        try:
            if path:
                from pmtui.store.exports.timeline import read_source

                text, source = read_source(Path(path).expanduser())
                options = replace(options, source=source)
            parsed = parse(text, options, progress=progress, cancelled=stale)
        except Cancelled:
            return
        except ColumnProblem as exc:
            self.app.call_from_thread(self._ask_columns, generation, exc)
            return
        except (ImportProblem, OSError, ValueError) as exc:
            message = getattr(exc, "strerror", None) or str(exc)
            self.app.call_from_thread(
                self._done, generation, None, [], f"Cannot read it: {message}."
            )
            return
        fresh = new_to(self.review, parsed.facts)
        hints = _hints(fresh[:PREVIEW_ROWS], self.review)
        if not stale():
            self.app.call_from_thread(self._done, generation, parsed, fresh, "", hints)

    def _picked(self, selector: str) -> str:
        value = self.query_one(selector, Select).value
        return value if isinstance(value, str) else ""

    def _ask_columns(self, generation: int, problem: ColumnProblem) -> None:
        """A CSV whose columns pmtui cannot tell: offer them to pick from."""
        if generation != self._generation:
            return
        self._fill_columns(problem.columns, "", "")
        self._show(None, [], f"Pick the {problem.which} column: {problem}.")

    def _fill_columns(self, columns: tuple[str, ...], time_col: str, text_col: str) -> None:
        """Offer a CSV's columns, the ones read from already chosen (without reading again)."""
        row = self.query_one("#paste-columns")
        row.display = bool(columns)
        if columns == self._columns:
            return
        self._columns = columns
        for selector, chosen in (
            ("#paste-time-column", time_col),
            ("#paste-text-column", text_col),
        ):
            select = self.query_one(selector, Select)
            with select.prevent(Select.Changed):
                select.set_options([(shown(c), c) for c in columns])
                if chosen in columns:
                    select.value = chosen

    def _progress(self, generation: int, done: int, total: int) -> None:
        if generation != self._generation:
            return
        bar = self.query_one("#paste-progress", ProgressBar)
        bar.update(total=max(total, 1), progress=done)
        self.query_one("#paste-summary", Static).update(f"Reading {done:,} of {total:,} lines...")

    def _done(
        self,
        generation: int,
        parsed: Parsed | None,
        fresh: list[Fact],
        problem: str,
        hints: list[str] | None = None,
    ) -> None:
        if generation != self._generation:
            return
        if parsed is not None and parsed.columns:
            self._fill_columns(parsed.columns, parsed.time_column, parsed.text_column)
        elif parsed is not None:
            self.query_one("#paste-columns").display = False
        self._show(parsed, fresh, problem, hints or [])

    def _show(
        self, parsed: Parsed | None, fresh: list[Fact], problem: str, hints: list[str] | None = None
    ) -> None:
        self.reading = False
        self.parsed, self.fresh, self.problem = parsed, fresh, problem
        self.query_one("#paste-progress").display = False
        table = self.query_one("#paste-preview", DataTable)
        table.clear()
        summary = self.query_one("#paste-summary", Static)
        add = self.query_one("#paste-add", Button)
        if parsed is None:
            summary.update(shown(problem, multiline=True))
            add.disabled, add.label = True, "Add (ctrl+s)"
            return
        lines = [parsed.summary() + "."]
        already = len(parsed.facts) - len(fresh)
        if already:
            lines.append(f"{already:,} of them are in the timeline already.")
        limit = too_many(len(fresh))
        if limit:
            lines.append(f"Too many to add: {limit}.")
        lines += [f"note: {n}" for n in parsed.notes[:2]]
        summary.update(shown("\n".join(lines), multiline=True))
        for i, fact in enumerate(fresh[:PREVIEW_ROWS]):
            hint = hints[i] if hints and i < len(hints) else ""
            table.add_row(
                Text(shown(fact.at)),
                Text(folded(fact.what, 60)),
                Text(hint, style="yellow"),
                key=fact.id,
            )
        add.disabled = bool(limit) or not fresh
        add.label = f"Add {len(fresh):,} facts (ctrl+s)" if fresh else "Add (ctrl+s)"

    # -- answers ---------------------------------------------------------------

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "paste-add":
            self.action_add()
        else:
            self.action_cancel()

    def action_add(self) -> None:
        if self.reading:
            self.notify("Still reading; add once the preview shows the facts.")
            return
        if not self.fresh or too_many(len(self.fresh)):
            self.notify("Nothing to add yet." if not self.fresh else "Too many facts; filter them.")
            return
        self.dismiss(list(self.fresh))

    def action_cancel(self) -> None:
        with self._lock:
            self._generation += 1  # stops a read under way
        self.dismiss(None)


def _hints(facts: list[Fact], review: Review) -> list[str]:
    """The coach's first hint on each fact (its rule), as it would show on a typed one."""
    from pmtui.domain.coach import review_names

    rules = default_rules()
    names = review_names(review)
    out = []
    for fact in facts:
        found = check_text("facts", fact.what, names=names, rules=rules)
        out.append(found[0].rule if found else "")
    return out
