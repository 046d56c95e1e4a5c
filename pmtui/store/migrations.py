"""Ordered upgrades of the store's files from one schema version to the next.

The store takes a backup before running any of them and refuses files from a
newer pmtui. A migration receives the raw tables of the index and of every
shard and changes them in place; it must not touch the disk itself.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pmtui.domain.followup import reopened
from pmtui.store.layout import SCHEMA
from pmtui.store.routing import SHARD_TABLE

Tables = dict[str, dict[str, Any]]
Migration = Callable[[Tables, dict[str, Tables]], None]

CURRENT_SCHEMA = SCHEMA
"""The schema this pmtui writes (:data:`pmtui.store.layout.SCHEMA`). Bump it there with a
new entry in MIGRATIONS."""


def _open_rows_to_their_own_file(index: Tables, shards: dict[str, Tables]) -> None:
    """Schema 2 keeps open commitments in their own file, so ``pmtui due`` reads only them.

    The store rebuilds that file (and every summary) from the shards after
    migrating, so here the old table only has to go.
    """
    index.pop("open", None)


def _reopen_unfinished_commitments(index: Tables, shards: dict[str, Tables]) -> None:
    """Schema 3 never closes a commitment as partly or not kept: it stays open until re-planned.

    Those answers go into the commitment's history (:func:`reopened`); the
    store then rebuilds the open commitments from the shards, so ``pmtui
    due`` and the carry-over list them again.
    """
    for tables in shards.values():
        docs = tables.get(SHARD_TABLE)
        if isinstance(docs, dict):
            for rid, doc in docs.items():
                if isinstance(doc, dict):
                    docs[rid] = reopened(doc)


def _incidents_beside_reviews(index: Tables, shards: dict[str, Tables]) -> None:
    """Schema 4 adds the incidents file and, in the open file, which review closed which incident.

    Nothing in the old files changes: no review of schema 3 names an
    incident, and the store rebuilds the open file from the shards after
    migrating. The new number keeps a pmtui that knows nothing of incidents
    from saving over a store that has them (it would drop the link).
    """


def _health_numbers_in_the_index(index: Tables, shards: dict[str, Tables]) -> None:
    """Schema 5 keeps the coach's verdicts with each statement and health numbers in the index.

    Nothing in the old files changes: the store rebuilds every summary from
    the shards after migrating, which fills in each review's numbers once.
    Statements written before have no verdict and stay unjudged (nobody
    knows what the coach said then). The new number keeps a pmtui that knows
    nothing of verdicts from saving over a store that has them (it would drop
    them without a word); it refuses the store and says to upgrade instead.
    """


MIGRATIONS: dict[int, Migration] = {
    1: _open_rows_to_their_own_file,
    2: _reopen_unfinished_commitments,
    3: _incidents_beside_reviews,
    4: _health_numbers_in_the_index,
}
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
