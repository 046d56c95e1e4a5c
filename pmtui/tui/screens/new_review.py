"""Pick the kind of review to start; each choice is a template (packaged or the team's)."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Button, Header, OptionList, Static
from textual.widgets.option_list import Option

from pmtui.domain.model import Kind
from pmtui.tui import messages, styles
from pmtui.tui.commands import PaletteCommand
from pmtui.tui.shell import shell
from pmtui.tui.widgets.footer import KeyFooter

if TYPE_CHECKING:
    from pmtui.domain.templates import Template

HELP = """\
# New review

Pick what kind of review to hold. Each kind walks through its own stages and
asks its own questions; a team can add its own kinds as template files in
pmtui's config directory (see `pmtui locate`).

| key | does |
|---|---|
| `up` / `down` | move through the kinds |
| `enter` / click | start a review of that kind |
| `b` / `escape` | back to the list of reviews |
"""


def template_option(template: Template) -> Option:
    label = Text()
    label.append(template.title, style="bold")
    label.append(f"  ({template.kind.label})\n", style="dim")
    label.append(template.description)
    return Option(label, id=template.name)


def picker_order(templates: Iterable[Template]) -> list[Template]:
    """Kinds in the order pmtui presents them; a kind's own template before its variants."""
    kinds = list(Kind)
    return sorted(templates, key=lambda t: (kinds.index(t.kind), t.name != t.kind.value, t.title))


class NewReviewScreen(Screen[None]):
    """The template picker."""

    CSS_PATH = styles.sheets("new_review")

    HELP = HELP
    BINDINGS = [
        Binding("b", "back", "Back"),
        Binding("escape", "back", "Back", show=False),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("What kind of review are you holding?", id="new-review-question")
        yield OptionList(
            *(template_option(t) for t in picker_order(shell(self).templates.values())),
            id="templates",
        )
        with Horizontal(id="new-review-buttons"):
            yield Button("Back (b)", id="back")
            yield Button("Start (enter)", id="start", variant="primary")
        yield KeyFooter()

    def on_mount(self) -> None:
        options = self.query_one("#templates", OptionList)
        options.highlighted = 0
        options.focus()

    @on(OptionList.OptionSelected, "#templates")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.post_message(messages.StartReview(event.option.id))

    @on(Button.Pressed, "#start")
    def _start(self) -> None:
        options = self.query_one("#templates", OptionList)
        if options.highlighted is not None:
            option = options.get_option_at_index(options.highlighted)
            if option.id:
                self.post_message(messages.StartReview(option.id))

    @on(Button.Pressed, "#back")
    def action_back(self) -> None:
        self.dismiss()

    def palette_commands(self) -> Iterable[PaletteCommand]:
        for template in picker_order(shell(self).templates.values()):
            yield PaletteCommand(
                f"Start: {template.title}",
                template.description,
                partial(self.post_message, messages.StartReview(template.name)),
            )
        yield PaletteCommand("Back", "back to the list of reviews", self.action_back)
