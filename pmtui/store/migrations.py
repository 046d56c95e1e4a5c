"""Ordered upgrades of the store's files from one schema version to the next.

The store takes a backup before running any of them and refuses files from a
newer pmtui. A migration receives the raw tables of the index and of every
shard and changes them in place; it must not touch the disk itself.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Tables = dict[str, dict[str, Any]]
Migration = Callable[[Tables, dict[str, Tables]], None]

CURRENT_SCHEMA = 2
"""The schema this pmtui writes. Bump it with a new entry in MIGRATIONS."""


def _open_rows_to_their_own_file(index: Tables, shards: dict[str, Tables]) -> None:
    """Schema 2 keeps open commitments in their own file, so ``pmtui due`` reads only them.

    The store rebuilds that file (and every summary) from the shards after
    migrating, so here the old table only has to go.
    """
    index.pop("open", None)


MIGRATIONS: dict[int, Migration] = {1: _open_rows_to_their_own_file}
"""``MIGRATIONS[n]`` upgrades schema ``n`` to ``n + 1``."""


def missing_migrations(found: int, target: int) -> list[int]:
    """The schema versions between ``found`` and ``target`` that have no migration."""
    return [v for v in range(found, target) if v not in MIGRATIONS]


def migrate(
    found: int, index: Tables, shards: dict[str, Tables], target: int | None = None
) -> None:
    """Run every migration from ``found`` up to ``target`` (the current schema)."""
    target = CURRENT_SCHEMA if target is None else target
    for version in range(found, target):
        step = MIGRATIONS.get(version)
        if step is None:
            raise LookupError(f"pmtui has no migration from store schema {version}")
        step(index, shards)
