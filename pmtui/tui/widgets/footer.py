"""The key line at the bottom of every screen, never cut in the middle of a word.

Textual's footer lays its keys out in one row and lets the ones that do not
fit scroll out of sight, so at 80 or 60 columns a person read ``? H`` or
``^q Qu``. This footer shows as many whole keys as fit beside the palette
key, in their order (the screen's own keys first, the app's ``^q Quit`` and
``? Help`` last), and drops the rest; every dropped key is still in the
command palette (``^p``), which always stays.
"""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
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

    def compose(self) -> ComposeResult:
        made = list(super().compose())
        width = self.size.width or self.app.size.width
        self._laid_out_for = width
        palette = [w for w in made if w.has_class("-command-palette")]
        room = width - sum(
            key_width(k) + PALETTE_EXTRA for k in palette if isinstance(k, FooterKey)
        )
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
