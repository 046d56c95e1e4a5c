"""Export the open review from the app: pick a file name, confirm replacing one, write it.

The text is what ``pmtui export --review ID --format FMT -o NAME`` writes
(the export formats' registry and :func:`pmtui.store.exports.output.save`):
a file inside the directory pmtui was started in, never a link or a device.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import date
from pathlib import Path

from textual.dom import DOMNode

from pmtui.domain.model import Review
from pmtui.store.exports import FORMATS
from pmtui.store.exports.md import file_name
from pmtui.store.exports.output import OutputExists, OutputRefused, OutsideBase, save, target
from pmtui.tui.modals.confirm import ConfirmModal
from pmtui.tui.modals.prompt import TextPromptModal

OFFERED = ("md", "json")
"""The formats the palette offers for one review (every format works from the command line)."""

NAMES = {"md": "Markdown", "json": "JSON"}


def default_name(review: Review, fmt: str) -> str:
    """``2026-11-20-checkout-errors-1a2b3c4d.md``: the name ``export -o DIR/`` gives it."""
    return file_name(review).removesuffix(FORMATS["md"].suffix) + FORMATS[fmt].suffix


def export_review(
    screen: DOMNode,
    review: Callable[[], Review],
    fmt: str,
    today: date,
    base: Path | None = None,
) -> None:
    """Ask where to write the review (``review()`` is read when written) and write it there."""
    where = base or Path(os.getcwd())
    label = NAMES.get(fmt, fmt)

    def check(name: str) -> str | None:
        if not name.strip():
            return "Give a file name."
        try:
            target(name.strip(), where)
        except OutsideBase as exc:
            # This dialog has no --dir: it says what can be done here.
            return (
                f"{exc.path} is outside {exc.root}. From the app, a review is exported into "
                "the directory pmtui was started in, or a folder inside it: give a file name "
                "there, or press esc to cancel."
            )
        except OutputRefused as exc:
            return str(exc)
        return None

    def chosen(name: str | None) -> None:
        if name is None:
            return
        path = target(name.strip(), where)
        if path.exists():
            ask_replace(name.strip(), path)
            return
        write(name.strip(), force=False)

    def ask_replace(name: str, path: Path) -> None:
        screen.app.push_screen(
            ConfirmModal(
                f"{path} exists. Replace it with this review?",
                yes="Replace",
                no="Keep it",
            ),
            lambda replace: write(name, force=True) if replace else None,
        )

    def write(name: str, *, force: bool) -> None:
        try:
            (written,) = save(fmt, [review()], name, base=where, force=force, today=today)
        except OutputExists as exc:
            # Created since the name was checked: ask, as for a file that was there already.
            ask_replace(name, exc.path)
            return
        except OutputRefused as exc:
            screen.app.notify(str(exc), title="Not exported", severity="error", timeout=12)
            return
        screen.app.notify(f"Wrote {written}", title=f"Exported as {label}", timeout=8)

    screen.app.push_screen(
        TextPromptModal(
            f"Export this review as {label} ({FORMATS[fmt].description}). File name, in {where}:",
            default_name(review(), fmt),
            check=check,
            ok_label="Export",
        ),
        chosen,
    )
