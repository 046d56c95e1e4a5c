"""The key line at the bottom of every screen, never cut in the middle of a word.

Textual's footer lays its keys out in one row and lets the ones that do not
fit scroll out of sight, so at 80 or 60 columns a person read ``? H`` or
``^q Qu``. This footer shows as many whole keys as fit beside the palette
key, in their order (the screen's own keys first, the app's ``^q Quit`` and
``? Help`` last), and drops the rest; every dropped key is still in the
command palette (``^p``), which always stays.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual import events
from textual.app import ComposeResult
from textual.widget import Widget
from textual.widgets import Footer
from textual.widgets._footer import FooterKey


def key_width(key: FooterKey) -> int:
    """Columns a key takes in the compact footer: ``^q Quit`` and the space after it."""
    if not key.description:
        return len(key.key_display) + 1
    return len(key.key_display) + 1 + len(key.description) + 1


PALETTE_EXTRA = 1
"""The bar drawn before the palette key, which sits at the right edge."""


class KeyFooter(Footer):
    """A compact footer that drops the keys that do not fit instead of cutting them."""

    def __init__(self) -> None:
        super().__init__(compact=True)
        self._laid_out_for = 0
        self._shown: tuple[object, ...] | None = None
        """What the keys shown were made from (see :meth:`recompose`)."""

    async def recompose(self) -> None:
        """Textual's, unless the keys would come out as they are.

        Textual builds the footer again each time the screen's keys may have
        changed (twice before a screen's first frame, and on focus moves): a
        new widget for every key, each styled as it is mounted. When the keys,
        their labels and states and the width are the same, nothing is built.
        """
        if self._shown is not None and self.is_attached and self._made() == self._shown:
            return
        await super().recompose()

    def _made(self) -> tuple[object, ...]:
        """What :meth:`compose` would show now, compared by what a key shows and does."""
        made = list(self._keys())  # sets the width it was made for
        return _shown(made, self._laid_out_for)

    def compose(self) -> ComposeResult:
        made = list(self._keys())
        self._shown = _shown(made, self._laid_out_for)
        yield from made

    def _keys(self) -> ComposeResult:
        made = list(super().compose())
        width = self.size.width or self.app.size.width
        self._laid_out_for = width
        palette = [w for w in made if w.has_class("-command-palette")]
        room = width - sum(
            key_width(k) + PALETTE_EXTRA for k in palette if isinstance(k, FooterKey)
        )
        for widget in made:
            if isinstance(widget, FooterKey):
                # Made compact, as the footer's binding would make it once mounted (which
                # styled every key a second time).
                widget.set_class(self.compact, "-compact", update=False)
        for widget in made:
            if widget in palette:
                continue
            if isinstance(widget, FooterKey):
                if key_width(widget) > room:
                    continue  # a shorter key further on may still fit
                room -= key_width(widget)
            yield widget
        yield from palette

    def on_resize(self, event: events.Resize) -> None:
        if event.size.width != self._laid_out_for and self._bindings_ready:
            self.call_after_refresh(self.recompose)


def _shown(widgets: Sequence[Widget], width: int) -> tuple[object, ...]:
    """What a row of footer widgets shows and does, at ``width``."""
    return (
        width,
        *(
            (type(w).__name__, w.key, w.key_display, w.description, w.action, w.disabled,
             w.tooltip, tuple(sorted(w.classes)))
            if isinstance(w, FooterKey)
            else (type(w).__name__, tuple(sorted(w.classes)))
            for w in widgets
        ),
    )  # fmt: skip
