"""Getting reviews out of pmtui: one pure formatter per format, plus the import.

Every format module has ``render(reviews, *, anonymize=False, today) -> str``:
no disk, no clock, no network, so the command line and the app's command
palette produce the same text. Every format builds from :func:`prepared`
reviews, whose text is already made safe to show, so no export carries a
control character or escape sequence from the store, whatever it holds
(JSON keeps them, losslessly, as ``\\u`` escapes instead). Writing the text somewhere safe is
:mod:`pmtui.store.exports.output`; reading a JSON export back is
:mod:`pmtui.store.exports.importer`.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from datetime import date
from typing import Protocol

from pmtui.domain.anonymize import anonymize_all
from pmtui.domain.model import Review
from pmtui.domain.serial import shown_copy

FORMATS: dict[str, str] = {
    "md": "Markdown, one document per review (SRE postmortem shape, YAML front matter)",
    "json": "the lossless, versioned JSON document `pmtui import` reads back",
    "csv": "one row per commitment, for spreadsheets and trackers",
    "ics": "calendar events for due dates and follow-up reviews, with alarms",
    "gh": "a shell script of `gh issue create` commands to read, then run",
}
"""Format name -> what it is for (shown in help and in the palette)."""

SUFFIXES = {"md": ".md", "json": ".json", "csv": ".csv", "ics": ".ics", "gh": ".sh"}


class Renderer(Protocol):
    def __call__(self, reviews: Sequence[Review], *, anonymize: bool = ..., today: date) -> str: ...


def renderer(fmt: str) -> Renderer:
    """The ``render`` function of one format (imported on demand)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; one of {', '.join(FORMATS)}")
    module = importlib.import_module(f"pmtui.store.exports.{fmt}")
    return module.render


def render(fmt: str, reviews: Sequence[Review], *, anonymize: bool = False, today: date) -> str:
    """Render ``reviews`` in format ``fmt``."""
    return renderer(fmt)(reviews, anonymize=anonymize, today=today)


def prepared(reviews: Sequence[Review], anonymize: bool, *, shown: bool = True) -> list[Review]:
    """The reviews to render: share-safe copies when ``anonymize`` is set.

    With ``shown`` (every format but JSON), every text is made safe to show
    (:func:`pmtui.domain.serial.shown_copy`); JSON escapes instead.
    """
    chosen = anonymize_all(reviews) if anonymize else list(reviews)
    return [shown_copy(r) for r in chosen] if shown else chosen
