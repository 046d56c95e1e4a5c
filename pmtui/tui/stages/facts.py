"""Stage 1, Facts: the timeline of what happened, before anyone asks why.

Facts are shown, and kept, in time order: a new fact goes where its time
puts it, and a fact without a time stays next to the fact it was written
after. Teams that argue about causes before agreeing on the timeline argue
about different events, so the pane says plainly that causes come later.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Static

from pmtui.domain import document
from pmtui.domain.edits import Change
from pmtui.domain.model import Fact, Review
from pmtui.domain.moments import LABELS
from pmtui.domain.text import first_line, plural, shown
from pmtui.domain.timeline import in_order, insert_at, timeline
from pmtui.domain.timeline_import import add_to, take_out
from pmtui.editing import changes
from pmtui.tui.forms.coach import Coach
from pmtui.tui.forms.fact import FactForm
from pmtui.tui.stages import _document as doc_fields
from pmtui.tui.stages._list_pane import ItemListPane
from pmtui.tui.stages._table import clipped

REMINDER = (
    "Only what happened here: when, what anyone could have observed, and where it is "
    "recorded. Why it happened comes in the next stage."
)


def _sort_facts(review: Review) -> None:
    review.facts = timeline(review.facts)


def _when(fact: Fact) -> str:
    if fact.approx:
        return shown(f"approx. {fact.at}".strip())
    return shown(fact.at) or "—"


class FactsPane(ItemListPane[Fact]):
    """The timeline table with a form per fact."""

    stage = "facts"
    HELP = """\
# Facts

Build the timeline: what happened, in order, and where each moment is recorded.
Leave the why for the next stage: agree on the events first.

A time can be `14:02`, `2026-11-20`, `2026-11-20 14:02`, or any of these with
`approx.` in front. Facts are kept in time order. Tick *decision point* when
someone chose between options: the form then asks what was known at that
moment, which options there were, and what pressures people were under.

| key | does |
|---|---|
| `a` | add a fact |
| `e` or `enter` | edit the fact under the cursor |
| `d` | delete it (undo brings it back with its links to causes) |
| `p` | paste a timeline: chat, a log, a CSV or a Slack export, or its file |
| `u` or `ctrl+z` | undo the last change |
| `t` | write the trigger, how it was detected and how it was resolved (postmortems) |
| `ctrl+s` / `esc` | in a form: save / cancel (or the buttons) |

A pasted timeline is previewed before any fact is added: lines with a time
become facts, lines without one join the fact before (or are skipped), and
the coach's hints show beside each. `u` takes a whole import back.

A postmortem's facts can each mark a key moment: when it *started*, was
*detected*, *mitigated* and *resolved*. The times to detect, mitigate and
resolve are counted from those facts, in the summary and the export.
"""
    COMMANDS = (
        ("Add a fact", "Add a moment to the timeline", "add"),
        ("Edit the fact", "Edit the fact under the cursor", "edit"),
        ("Delete the fact", "Delete the fact under the cursor (undo brings it back)", "delete"),
        (
            "Paste a timeline",
            "Facts from chat, a log, a CSV or a Slack export, previewed first",
            "paste",
        ),
        (
            "Write trigger, detection, resolution",
            "What set it off, how it was noticed and ended",
            "write_document",
        ),
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        *ItemListPane.BINDINGS,
        Binding("p", "paste", "Paste", show=False),
        Binding("t", "write_document", "Trigger..."),
    ]
    collection = "facts"
    noun = "fact"
    COLUMNS = (
        ("at", "When", 24),
        ("what", "What happened", 24),
        ("evidence", "Evidence", 14),
        ("decision", "Decision", 8),
    )
    FLEX = "what"
    FIT = ("at", "evidence", "decision")
    FOLD = ("decision",)  # the line under the table says a decision point's questions
    LEAST = 16  # every column at its widest still fits 80 columns
    EMPTY = (
        "No facts yet. Press a to add the first moment of the timeline, or p to paste "
        "one from chat, a log or a CSV."
    )

    # -- the contract ------------------------------------------------------------

    # -- showing -----------------------------------------------------------------

    def _intro(self) -> ComposeResult:
        yield Static(Text(REMINDER), classes="stage-reminder", id="facts-reminder")
        yield Static("", id="facts-document")

    def _show(self, focus_id: str | None = None) -> None:
        super()._show(focus_id)
        said = doc_fields.status(self, "t")
        line = self.query_one("#facts-document", Static)
        line.display = bool(said)
        line.update(Text(said))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if not super().check_action(action, parameters):
            return False
        return bool(doc_fields.fields(self)) if action == doc_fields.WRITE_ACTION else True

    def action_write_document(self) -> None:
        doc_fields.write(self, "Trigger, detection, resolution", self._show)

    def _items(self) -> Sequence[Fact]:
        return timeline(self.review.facts)

    def _cells(self, fact: Fact) -> list[Text]:
        return [
            clipped(_when(fact)),
            clipped(first_line(fact.what)),
            clipped(first_line(fact.evidence)),
            Text("yes" if fact.decision else ""),
        ]

    def _detail(self, fact: Fact) -> Text:
        detail = Text()
        detail.append(f"{_when(fact)}  ", style="bold")
        detail.append(shown(fact.what, multiline=True))
        if fact.moment:
            label = LABELS.get(fact.moment, fact.moment)
            detail.append(f"\nKey moment: {shown(label)}", style="bold")
        if fact.evidence:
            detail.append("\nEvidence: ", style="bold")
            detail.append(shown(fact.evidence, multiline=True))
        if fact.decision:
            for label, value in (
                ("Known then", fact.known_then),
                ("Options", fact.options),
                ("Pressures", fact.pressures),
            ):
                detail.append(f"\n{label}: ", style="bold")
                detail.append(shown(value, multiline=True) or "—")
        return detail

    # -- actions -------------------------------------------------------------------

    def action_add(self) -> None:
        def done(fact: Fact | None) -> None:
            if fact is None:
                return
            index = insert_at(self.review.facts, fact.at)
            changes.add(self.session, "facts", fact, "fact", index)
            self._changed(fact.id)

        form = FactForm(
            author=self.session.user,
            coach=Coach.for_session(self.session),
            moments=document.asks_moments(self.review, self.template),
        )
        self.app.push_screen(form, done)

    def action_paste(self) -> None:
        """Turn what was written during the incident into facts, after a preview."""
        from pmtui.tui.modals.timeline_paste import TimelinePasteModal

        def done(facts: list[Fact] | None) -> None:
            if not facts:
                return
            ids = [f.id for f in facts]
            what = f"import {plural(len(facts), 'fact')}"
            self.session.apply(
                Change(lambda r: add_to(r, copy.deepcopy(facts)), description=what),
                undo=Change(lambda r: take_out(r, ids), description=what),
            )
            self._changed(ids[0])
            self.notify(f"Added {len(facts):,} facts. Press u to take them back.")

        self.app.push_screen(
            TimelinePasteModal(copy.deepcopy(self.review), author=self.session.user), done
        )

    def _edit_form(self, fact: Fact) -> FactForm:
        return FactForm(
            fact,
            coach=Coach.for_session(self.session),
            moments=document.asks_moments(self.review, self.template),
        )

    def _delete(self, fact: Fact) -> None:
        changes.delete_fact(self.session, fact.id)

    def _changed(self, focus_id: str | None = None) -> None:
        """Keep the stored order the time order, then show the result."""
        if not in_order(self.review.facts):
            self.session.apply(Change(_sort_facts, description="order facts by time"))
        self._show(focus_id)
