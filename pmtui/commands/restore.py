"""``pmtui restore``: list the store's backups, or put one back."""

from __future__ import annotations

import argparse

from pmtui.commands import Subcommands
from pmtui.context import Context

ORDER = 85


def register(sub: Subcommands, parents: list[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "restore",
        parents=parents,
        help="list backups, repair damaged files, or put a backup's reviews back",
        description="Without a name, repair what is damaged (a file pmtui cannot read) from "
        "the newest backup holding a readable copy, leaving healthy files alone. With a "
        "name, put back that backup's version of every review it holds; reviews it does not "
        "hold are kept. Either way no review that can be read is lost: what is replaced is "
        "kept as a backup named '...-replaced', which `pmtui restore NAME` puts back.",
    )
    p.add_argument("--list", action="store_true", help="list backups, newest first")
    p.add_argument("name", nargs="?", help="the backup to restore (a unique start of its name)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace, ctx: Context) -> int:
    store = ctx.store
    if args.list:
        backups = store.backups()
        if not backups:
            print(f"no backups yet in {store.layout.backups}")
            return 0
        print(f"backups in {store.layout.backups}, newest first:")
        width = max(len(b.name) for b in backups)
        for b in backups:
            problems = b.problems()
            state = (
                "can be restored" if not problems else "unreadable, skipped: " + "; ".join(problems)
            )
            print(f"  {b.name:<{width}}  {b.taken:%Y-%m-%d %H:%M}  {b.reason:<20}  {state}")
        return 0
    for line in store.restore(args.name).lines():
        print(line)
    return 0
