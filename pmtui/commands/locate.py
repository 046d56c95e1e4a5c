"""``pmtui locate``: print where the store, its backups, its sync repository and the
config live, and how the store tells that a file changed under it (see docs/store.md)."""

from __future__ import annotations

import argparse

from pmtui import locations
from pmtui.commands import Subcommands
from pmtui.context import Context

ORDER = 90


def register(sub: Subcommands, parents: list[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "locate",
        parents=parents,
        help="print the store, backup, sync, config and key paths, and the store's change check",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace, ctx: Context) -> int:
    from pmtui.store.filesystem import choose
    from pmtui.store.layout import Layout

    layout = Layout.for_store(ctx.store_path)
    print(f"store    {layout.index}")
    print(f"open     {layout.open_rows}")
    print(f"reviews  {layout.shards}")
    print(f"backups  {layout.backups}")
    print(f"sync     {_sync_line(ctx)}")
    print(f"config   {locations.config_dir()}")
    print(f"keys     {locations.key_dir()}")
    print(f"check    {choose(layout.directory).describe()}")
    return 0


def _sync_line(ctx: Context) -> str:
    from pmtui.store.sync.engine import Syncer

    syncer = Syncer(ctx.store, user=ctx.user)
    url = syncer.remote_url()
    where = syncer.paths.worktree
    if url is None:
        return f"{where} (not set up: `pmtui sync --init REMOTE`)"
    return f"{where} (with {url})"
