"""The small mark on the home screen saying how many reviews wait to be synced."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static


class SyncMark(Static):
    """``3 unsynced``, ``synced`` or ``syncing…``; hidden when the store does not sync.

    Words, not only colour, so it reads the same with NO_COLOR.
    """

    DEFAULT_CSS = """
    SyncMark { width: auto; height: 1; padding: 0 1; color: $text-muted; }
    SyncMark.-waiting { color: $warning; text-style: bold; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id, markup=False)
        self.display = False

    def show(self, count: int | None, *, syncing: bool = False, offline: bool = False) -> None:
        """``count`` reviews unsynced (``None``: syncing is not set up for this store)."""
        if count is None:
            self.display = False
            return
        if syncing:
            words = "syncing…"
        elif count:
            words = f"{count} unsynced" + (" (offline)" if offline else "")
        else:
            words = "synced"
        self.set_class(bool(count) and not syncing, "-waiting")
        self.update(Text(words))
        self.display = True
