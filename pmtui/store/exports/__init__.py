"""Getting reviews out of pmtui: one registry of formats, one pure formatter each, the import.

:data:`FORMATS` is the one list of formats (name, description, file suffix):
the command line's choices and help, the writer and the docs follow it, so
adding a format means a row there, its module, its golden file and docs.
Every format module has ``render(reviews, *, anonymize=False, today, incidents=()) -> str``
(only JSON writes the incidents; the others are documents about reviews):
no disk, no clock, no network, so every caller gets the same text. Every
format builds from :func:`prepared` reviews, whose text is already made safe
to show, so no export carries a control character or escape sequence from
the store, whatever it holds (JSON keeps them, losslessly, as ``\\u``
escapes instead). Writing the text somewhere safe is
:mod:`pmtui.store.exports.output`; reading a JSON export back is
:mod:`pmtui.store.exports.importer`.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from pmtui.domain.incidents import Incident
    from pmtui.domain.model import Review


@dataclass(frozen=True)
class Format:
    """One export format, as the command line, its help and the docs list it.

    Its writer is the module ``pmtui.store.exports.<name>``, whose ``render``
    builds the text; a format that can also write one file per review into a
    directory has a ``files`` function there too (``per_review``).
    """

    name: str
    description: str
    """What it is for (the help of ``pmtui export``)."""
    suffix: str
    """The file name ending of its output (``.md``)."""
    per_review: bool = False
    """``-o DIR/`` writes one file per review instead of one file."""


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format(
            "md",
            "a document per review, in the SRE postmortem shape with YAML front matter",
            ".md",
            per_review=True,
        ),
        Format(
            "json",
            "lossless and versioned, with the logged incidents; `pmtui import` reads it back",
            ".json",
        ),
        Format("csv", "a row per commitment, for spreadsheets and trackers", ".csv"),
        Format("ics", "due dates and follow-up reviews as calendar events, with alarms", ".ics"),
        Format("gh", "a script of `gh issue create` commands to read, then run", ".sh"),
    )
}
"""Every export format by name, in the order help lists them: the one registry of formats."""


class Renderer(Protocol):
    def __call__(
        self,
        reviews: Sequence[Review],
        *,
        anonymize: bool = ...,
        today: date,
        incidents: Sequence[Incident] = ...,
    ) -> str: ...


class PerReview(Protocol):
    def __call__(
        self, reviews: Sequence[Review], *, anonymize: bool = ..., today: date
    ) -> dict[str, str]: ...


def _module(fmt: str) -> object:
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; one of {', '.join(FORMATS)}")
    return importlib.import_module(f"pmtui.store.exports.{fmt}")


def renderer(fmt: str) -> Renderer:
    """The ``render`` function of one format (imported on demand)."""
    render_fn: Renderer = getattr(_module(fmt), "render")  # noqa: B009 (a module's function)
    return render_fn


def per_review(fmt: str) -> PerReview:
    """The ``files`` function of a format that writes one file per review."""
    if not FORMATS[fmt].per_review:
        raise ValueError(f"{fmt} writes one file, not one per review")
    files_fn: PerReview = getattr(_module(fmt), "files")  # noqa: B009 (a module's function)
    return files_fn


def render(
    fmt: str,
    reviews: Sequence[Review],
    *,
    anonymize: bool = False,
    today: date,
    incidents: Sequence[Incident] = (),
) -> str:
    """Render ``reviews`` (and, in JSON, ``incidents``) in format ``fmt``."""
    return renderer(fmt)(reviews, anonymize=anonymize, today=today, incidents=incidents)


def prepared(reviews: Sequence[Review], anonymize: bool, *, shown: bool = True) -> list[Review]:
    """The reviews to render: share-safe copies when ``anonymize`` is set.

    With ``shown`` (every format but JSON), every text is made safe to show
    (:func:`pmtui.domain.serial.shown_copy`); JSON escapes instead.
    """
    from pmtui.domain.anonymize import anonymize_all
    from pmtui.domain.serial import shown_copy

    chosen = anonymize_all(reviews) if anonymize else list(reviews)
    return [shown_copy(r) for r in chosen] if shown else chosen
