"""A Select whose list of options is built the first time it is opened.

Textual's Select mounts its drop-down (an OptionList, a scrolling widget
with its own styles) with the control itself, hidden until opened. Home's
kind and status filters are opened rarely (``k`` and ``s`` cycle them
without the list), yet their two lists were styled and laid out before the
home screen's first frame. Here the list is mounted when first opened (a
click, or enter, space, up or down on the control); until then the control
shows the chosen value and posts ``Select.Changed`` exactly as a Select does.

It overrides Textual's private ``compose`` / ``_on_mount`` / ``_watch_value``
/ ``_watch_expanded`` of Select (Textual is pinned in pyproject.toml).
"""

from __future__ import annotations

from typing import TypeVar

from textual import events
from textual.app import ComposeResult
from textual.widgets import Select
from textual.widgets._select import NoSelection, SelectCurrent, SelectOverlay

T = TypeVar("T")


class FilterSelect(Select[T]):
    """A :class:`~textual.widgets.Select` with its drop-down built when first opened."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._overlay: SelectOverlay | None = None

    def update_node_styles(self, animate: bool = True) -> None:
        """Restyled on a change of classes once mounted (see :class:`TextField`'s)."""
        if self.is_attached:
            super().update_node_styles(animate)

    def compose(self) -> ComposeResult:
        yield SelectCurrent(self.prompt)

    def _on_mount(self, event: events.Mount) -> None:
        event.prevent_default()  # Select's own handler fills the list this does not build
        self._init_selected_option(self._value)

    def _watch_value(self, value: T | NoSelection) -> None:
        if self._overlay is not None:
            super()._watch_value(value)
            return
        self._value = value
        current = self.query(SelectCurrent)
        if not current:
            return
        if value == self.NULL:
            current.first().update(self.NULL)
        else:
            prompt = next((p for p, v in self._options if v == value), self.NULL)
            current.first().update(prompt)
        self.post_message(self.Changed(self, value))

    async def _build_overlay(self) -> None:
        if self._overlay is not None:
            return
        overlay = SelectOverlay(type_to_search=self._type_to_search)
        overlay.compact = self.compact
        self._overlay = overlay
        await self.mount(overlay)
        self._setup_options_renderables()
        if self.value != self.NULL:
            index = next(i for i, (_p, v) in enumerate(self._options) if v == self.value)
            overlay.highlighted = index

    def _watch_expanded(self, expanded: bool) -> None:
        if self._overlay is not None:
            super()._watch_expanded(expanded)
        elif expanded:
            self.call_later(self._open_built)

    def action_show_overlay(self) -> None:
        if self._overlay is not None:
            super().action_show_overlay()
        else:
            self.call_later(self._show_built)

    async def _open_built(self) -> None:
        """Opened (a click) before the list was built: build it, then open it."""
        await self._build_overlay()
        Select._watch_expanded(self, self.expanded)

    async def _show_built(self) -> None:
        await self._build_overlay()
        Select.action_show_overlay(self)
