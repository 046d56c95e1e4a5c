"""``pmtui restore``: list the store's backups, or put one back."""

from __future__ import annotations

import argparse

from pmtui.context import Context

ORDER = 85


def register(sub: argparse._SubParsersAction, parents: list[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "restore",
        parents=parents,
        help="list backups, or put one back (the newest good one by default)",
        description="Put a backup of the store back. The files it replaces are kept "
        "as a backup named '...-replaced', so a restore can itself be undone.",
    )
    p.add_argument("--list", action="store_true", help="list backups, newest first")
    p.add_argument("name", nargs="?", help="the backup to restore (a unique start of its name)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace, ctx: Context) -> int:
    store = ctx.store
    backups = store.backups()
    if args.list:
        if not backups:
            print(f"no backups yet in {store.layout.backups}")
            return 0
        print(f"backups in {store.layout.backups}, newest first:")
        width = max(len(b.name) for b in backups)
        for b in backups:
            problems = b.problems()
            state = "can be restored" if not problems else "cannot: " + "; ".join(problems)
            print(f"  {b.name:<{width}}  {b.taken:%Y-%m-%d %H:%M}  {b.reason:<20}  {state}")
        return 0
    chosen = store.restore(args.name)
    print(f"restored backup {chosen.name} (taken {chosen.taken:%Y-%m-%d %H:%M}, {chosen.reason}).")
    kept = next((b for b in store.backups() if b.reason == "replaced"), None)
    if kept is not None:
        print(f"the files it replaced are kept as backup {kept.name}.")
    return 0
