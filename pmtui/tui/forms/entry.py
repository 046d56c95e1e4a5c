"""The entry form: one entry of a reflection section (went well, glad, start...)."""

from __future__ import annotations

from dataclasses import replace

from textual.app import ComposeResult

from pmtui.domain.coach import coached_section
from pmtui.domain.model import Entry
from pmtui.domain.templates import Section
from pmtui.tui.forms.base import ItemForm, suggest, text_area, text_input
from pmtui.tui.forms.coach import Coach


class EntryForm(ItemForm[Entry]):
    """One entry of a reflection section (went well, glad, start...)."""

    coach_field = "entry-text"

    def __init__(
        self, entry: Entry, *, is_new: bool, section: Section, coach: Coach | None = None
    ) -> None:
        super().__init__()
        self.coach = coach
        if coached_section(section.key):
            self.coach_stage = "causes"
        self.entry = entry
        self.section = section
        self.form_title = f"{'New' if is_new else 'Edit'}: {section.title}"

    def compose_fields(self) -> ComposeResult:
        yield self.note(self.section.prompt)
        yield text_area(self.entry.text, "entry-text")
        yield from self.hints(self.entry.id)
        if self.section.categories:
            yield self.label("Category")
            yield text_input(
                self.entry.category,
                id="entry-category",
                max_length=40,
                suggester=suggest(self.section.categories),
            )
            yield self.note(
                "For example: " + ", ".join(self.section.categories) + "; or your own word"
            )

    def collect(self) -> Entry:
        text = self.required("entry-text", "the entry", multiline=True)
        category = (
            self.text("entry-category").lower() if self.section.categories else self.entry.category
        )
        return replace(self.entry, text=text, category=category)
