"""A reflection section (went well, lucky, glad, start...) as a keyboard-walkable list."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from pmtui.domain.model import Entry
from pmtui.domain.templates import Section
from pmtui.domain.text import first_line, shown


def ordered(entries: Sequence[Entry], section: Section) -> list[Entry]:
    """The section's entries, grouped by category in the template's order when it has some."""
    if not section.categories:
        return list(entries)
    rank = {c.lower(): i for i, c in enumerate(section.categories)}
    return sorted(entries, key=lambda e: (rank.get(e.category, len(rank)), e.category))


def entry_label(entry: Entry) -> Text:
    if entry.hidden:
        return Text("(written in an anonymous round; shown once revealed)", style="italic")
    label = Text(first_line(entry.text))
    if entry.category:
        label.append(f"  · {shown(entry.category)}", style="dim")
    return label


class EntryList(OptionList):
    """The entries of one section; the option ids are the entry ids."""

    def __init__(self, section: Section) -> None:
        super().__init__(
            id=f"section-{section.key}", markup=False, classes="entry-list", compact=True
        )
        self.section = section

    @property
    def current_id(self) -> str | None:
        if self.highlighted is None or not self.option_count:
            return None
        return self.get_option_at_index(self.highlighted).id

    def show(self, entries: Sequence[Entry], *, focus_id: str | None = None) -> None:
        """Show ``entries`` keeping the highlight on the same entry (or line)."""
        new_ids = [e.id for e in entries]
        current, line = self.current_id, self.highlighted
        if new_ids == [self.get_option_at_index(i).id for i in range(self.option_count)]:
            for entry in entries:
                self.replace_option_prompt(entry.id, entry_label(entry))
        else:
            self.set_options(Option(entry_label(e), id=e.id) for e in entries)
        target = focus_id if focus_id in new_ids else current
        if target in new_ids:
            self.highlighted = new_ids.index(target)
        elif new_ids:
            self.highlighted = min(line or 0, len(new_ids) - 1)


class SectionBox(Vertical):
    """A section's title and question above its list of entries."""

    def __init__(self, section: Section) -> None:
        super().__init__(classes="section-box", id=f"box-{section.key}")
        self.section = section

    def compose(self) -> ComposeResult:
        yield Static(Text(self.section.title, style="bold"), classes="section-title")
        yield Static(Text(self.section.prompt), classes="section-prompt")
        yield EntryList(self.section)
        yield Static(Text("Nothing yet: press a here to add one."), classes="section-empty")

    @property
    def entries(self) -> EntryList:
        return self.query_one(EntryList)

    def show(self, entries: Sequence[Entry], *, focus_id: str | None = None) -> None:
        self.entries.show(ordered(entries, self.section), focus_id=focus_id)
        self.query_one(".section-empty", Static).display = not entries
