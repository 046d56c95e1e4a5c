"""The one-line text field, apart from the ticks and choices of forms.

The home screen's search and tag fields are text fields; keeping this
module apart from :mod:`pmtui.tui.widgets.fields` keeps Textual's tick
boxes, radio buttons and selection lists out of the app's start.
"""

from __future__ import annotations

from typing import Any

from textual.widgets import Input

EXAMPLE = "e.g. "


def example(text: str) -> str:
    """A placeholder that reads as an example: ``+2w`` -> ``e.g. +2w``."""
    if not text or text.startswith(EXAMPLE):
        return text
    return EXAMPLE + text


class TextField(Input):
    """A one-line text field: no selection on focus, placeholders as examples."""

    def __init__(
        self, value: str | None = None, placeholder: str = "", *, hint: bool = False, **kwargs: Any
    ) -> None:
        """``placeholder`` is an example of a value (shown as ``e.g. ...``), or with
        ``hint`` words about the field (``search (/)``), shown as they are."""
        kwargs.setdefault("compact", True)
        kwargs.setdefault("select_on_focus", False)
        super().__init__(value, placeholder if hint else example(placeholder), **kwargs)

    def update_node_styles(self, animate: bool = True) -> None:
        """Restyle on a change of classes once mounted; before, mounting styles it anyway.

        Textual's field sets its ``compact`` class as it is built, and restyled
        the field, not yet on any screen, right then: every field was styled
        twice, once for nothing (four times on the home screen's first frame).
        """
        if self.is_attached:
            super().update_node_styles(animate)
