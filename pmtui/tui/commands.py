"""The command palette (ctrl+p): every action of the app and of the open screen.

Each screen lists its actions in a ``palette_commands()`` method returning
:class:`PaletteCommand` items; the app adds its own (new review, views,
theme, quit). One provider serves them all, the open screen's first, so a
new screen only has to list its actions to make them searchable. Each entry
shows the key that does the same where there is one, so the palette also
teaches the keys.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, NamedTuple

from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content


class PaletteCommand(NamedTuple):
    """One action in the palette (a named tuple: built as the app loads, where a dataclass
    costs building its methods)."""

    title: str
    help: str
    run: Callable[[], Any]
    key: str = ""
    """The key that does the same (``a``, ``ctrl+s``), shown beside the title."""

    def display(self) -> Content:
        if not self.key:
            return Content(self.title)
        return Content.assemble(self.title, ("  " + self.key, "dim"))


def key_for(node: object, action: str) -> str:
    """The first key bound to ``action`` in ``node``'s class bindings (``""`` if none)."""
    for binding in getattr(type(node), "BINDINGS", ()):
        if isinstance(binding, Binding) and binding.action == action:
            return binding.key_display or binding.key.split(",")[0].replace("_", " ")
    return ""


def commands_for(target: object) -> list[PaletteCommand]:
    """The palette commands ``target`` (a screen, a pane, the app) offers now."""
    gather = getattr(target, "palette_commands", None)
    return list(gather()) if callable(gather) else []


class PmtuiCommands(Provider):
    """The open screen's actions first, then the app's."""

    def _commands(self) -> Iterable[PaletteCommand]:
        seen: set[str] = set()
        for source in (self.screen, self.app):
            for command in commands_for(source):
                if command.title not in seen:
                    seen.add(command.title)
                    yield command

    async def discover(self) -> Hits:
        for command in self._commands():
            yield DiscoveryHit(
                command.display(), command.run, text=command.title, help=command.help
            )

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for command in self._commands():
            score = matcher.match(f"{command.title} {command.help}")
            if score > 0:
                shown = matcher.highlight(command.title)
                if command.key:
                    shown = Content.assemble(shown, ("  " + command.key, "dim"))
                yield Hit(score, shown, command.run, text=command.title, help=command.help)
