"""Stage 3, Commitments: who changes what, how anyone can check it, and by when.

A commitment has one owner (the person typing, unless they name someone
else), a deliverable someone can check, a due date typed the way people say
it (``+2w``, ``friday``), and links to the causes it addresses, so the
follow-up can ask whether the change helped.
"""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType

from pmtui.domain.ideas import parked
from pmtui.domain.model import Commitment
from pmtui.domain.text import first_line, shown
from pmtui.editing import changes
from pmtui.tui.forms.coach import Coach
from pmtui.tui.forms.commitment import CommitmentForm
from pmtui.tui.modals.pick import PickModal
from pmtui.tui.shell import shell
from pmtui.tui.stages._list_pane import ItemListPane
from pmtui.tui.stages._table import clipped


def _due(commitment: Commitment, today: date) -> Text:
    if commitment.due is None:
        return Text("no date", style="italic")
    text = Text(commitment.due.isoformat())
    if commitment.is_overdue(today):
        text.append(" overdue", style="bold")
    return text


class CommitmentsPane(ItemListPane[Commitment]):
    """The commitments table with a form per commitment."""

    stage = "commitments"
    HELP = """\
# Commitments

What will change, so this is less likely to happen the same way again?
Each commitment has **one owner** (a person, not "the team"), a deliverable
anyone can check when it is done, a due date, and the causes it addresses.
"We will communicate better" is an intention; "Ana adds the on-call rota to
the alert page by Friday" is a commitment. Prefer changing the system over
adding one more approval step.

A due date can be `2026-12-01`, `today`, `tomorrow`, `+3d`, `+2w`, or a
weekday such as `friday` (the next one).

| key | does |
|---|---|
| `a` | add a commitment (you are the owner unless you name someone) |
| `e` or `enter` | edit the commitment under the cursor |
| `d` | delete it (undo brings it back) |
| `u` or `ctrl+z` | undo the last change |
| `p` | promote a parked idea to a commitment (undo parks it again) |
| `ctrl+s` / `esc` | in a form: save / cancel (or the buttons) |

Ideas are not commitments. Collect them freely in the causes stage, under
*Ideas*, with no owner; then choose the few the team will really do and
promote each one here. The others stay parked, in the review's document and
in `pmtui ideas`, to be promoted later.
"""
    BINDINGS: ClassVar[list[BindingType]] = [
        *ItemListPane.BINDINGS,
        Binding("p", "promote", "Promote idea"),
    ]
    COMMANDS = (
        ("Add a commitment", "Add a commitment with an owner, deliverable and date", "add"),
        ("Edit the commitment", "Edit the commitment under the cursor", "edit"),
        (
            "Delete the commitment",
            "Delete the commitment under the cursor (undo brings it back)",
            "delete",
        ),
        ("Promote an idea", "Make a parked idea a commitment", "promote"),
    )
    collection = "commitments"
    noun = "commitment"
    COLUMNS = (
        ("owner", "Owner", 12),
        ("deliverable", "Deliverable", 26),
        ("due", "Due", 18),
        ("causes", "Causes", 6),
    )
    FLEX = "deliverable"
    FIT = ("owner", "due", "causes")
    EMPTY = "No commitments yet. Press a to add one: an owner, something checkable, a date."

    @property
    def today(self) -> date:
        """Today by the app's clock (tests freeze it)."""
        return shell(self).today

    # -- the contract ------------------------------------------------------------

    # -- showing -----------------------------------------------------------------

    def _cells(self, c: Commitment) -> list[Text]:
        return [
            clipped(shown(c.owner) or "—"),
            clipped(first_line(c.deliverable)),
            _due(c, self.today),
            Text(str(len(c.cause_ids)) if c.cause_ids else ""),
        ]

    def _detail(self, c: Commitment) -> Text:
        detail = Text()
        detail.append(f"{shown(c.owner) or 'no owner'}: ", style="bold")
        detail.append(shown(c.deliverable, multiline=True))
        detail.append("\nDone when: ", style="bold")
        detail.append(shown(c.done_when, multiline=True) or "—")
        tracked = [
            (k, v)
            for k, v in (("Type", c.type), ("Priority", c.priority), ("Tracked in", c.link))
            if v
        ]
        for label, value in tracked:
            detail.append(f"\n{label}: ", style="bold")
            detail.append(shown(value))
        causes = {cause.id: cause for cause in self.review.causes}
        for cause_id in c.cause_ids:
            if cause_id in causes:
                detail.append("\nAddresses: ", style="bold")
                detail.append(first_line(causes[cause_id].statement, 70))
        return detail

    # -- actions -------------------------------------------------------------------

    def _form(self, commitment: Commitment, *, is_new: bool) -> CommitmentForm:
        review = self.review
        people = [self.session.user, *review.participants, review.facilitator]
        people += [c.owner for c in review.commitments]
        return CommitmentForm(
            commitment,
            is_new=is_new,
            today=self.today,
            people=[p for p in people if p],
            causes=review.causes,
            coach=Coach.for_session(self.session),
            types=self.template.action_types if self.template else (),
            priorities=self.template.priorities if self.template else (),
            link=bool(self.template and self.template.tracking_link),
        )

    def action_add(self) -> None:
        user = self.session.user

        def done(new: Commitment | None) -> None:
            if new is not None:
                changes.add(self.session, "commitments", new, "commitment")
                self._show(new.id)

        self.app.push_screen(self._form(Commitment(owner=user, author=user), is_new=True), done)

    def action_promote(self) -> None:
        ideas = parked(self.review)
        if not ideas:
            self.notify("No parked ideas. Collect them in the causes stage, under Ideas.")
            return
        user = self.session.user

        def picked(idea_id: str | None) -> None:
            idea = next((e for e in ideas if e.id == idea_id), None)
            if idea is None:
                return
            draft = Commitment(owner=user, deliverable=idea.text, author=user)

            def done(new: Commitment | None) -> None:
                if new is not None and any(e.id == idea.id for e in self.review.entries):
                    changes.promote_idea(self.session, idea.id, new)
                    self._show(new.id)

            self.app.push_screen(self._form(draft, is_new=True), done)

        choices = [(e.id, first_line(e.text, 70)) for e in ideas]
        self.app.push_screen(PickModal("Which idea will the team really do?", choices), picked)

    def _edit_form(self, commitment: Commitment) -> CommitmentForm:
        return self._form(commitment, is_new=False)
