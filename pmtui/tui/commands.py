"""The command palette (ctrl+p): every action of the app and of the open screen.

Each screen lists its actions in a ``palette_commands()`` method returning
:class:`PaletteCommand` items; the app adds its own (new review, views,
quit). One provider serves them all, so a new screen only has to list its
actions to make them searchable.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from textual.command import DiscoveryHit, Hit, Hits, Provider


@dataclass(frozen=True)
class PaletteCommand:
    title: str
    help: str
    run: Callable[[], Any]


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
            yield DiscoveryHit(command.title, command.run, help=command.help)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for command in self._commands():
            score = matcher.match(f"{command.title} {command.help}")
            if score > 0:
                yield Hit(score, matcher.highlight(command.title), command.run, help=command.help)
