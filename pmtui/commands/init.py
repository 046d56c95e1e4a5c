"""``pmtui init``: prepare a team store that a group of people share (``--shared DIR``),
or start a store from the team's git repository (``--git REMOTE``)."""

from __future__ import annotations

import argparse
import sys

from pmtui.commands import Subcommands
from pmtui.context import Context

ORDER = 80


def register(sub: Subcommands, parents: list[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "init",
        parents=parents,
        help="prepare a team store in a shared directory, or start one from a git remote",
        description="With --shared: prepare DIR as a team store: the directory goes to GROUP "
        "with the setgid bit (2770), store files become group-writable (0660), and a README "
        "explains how teammates point pmtui at it. Safe to run again; it repairs permissions. "
        "With --git: start the store (the one --store, $PMTUI_STORE or --shared names) from "
        "the team's git repository, and keep it synced with `pmtui sync` (docs/sync.md).",
    )
    p.add_argument("--shared", metavar="DIR", help="the team store directory")
    p.add_argument(
        "--git",
        metavar="REMOTE",
        help="start a new store from the reviews in the git repository REMOTE and sync with it",
    )
    p.add_argument(
        "--group",
        metavar="NAME",
        help="the group whose members may use the store (default: your primary group)",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace, ctx: Context) -> int:
    if not args.shared and not args.git:
        print("pmtui init: give --shared DIR, --git REMOTE, or both", file=sys.stderr)
        return 2
    if args.shared:
        _shared(args)
    if args.git:
        return _git(args, ctx)
    return 0


def _git(args: argparse.Namespace, ctx: Context) -> int:
    from pmtui import locations
    from pmtui.store.sync.engine import Syncer

    if args.shared:
        ctx.store_path = locations.store_path(args.shared)
    print(f"Starting the store {ctx.store_path.parent} from {args.git}...", file=sys.stderr)
    report = Syncer(ctx.store, user=ctx.user, interactive=sys.stdin.isatty()).init(
        args.git, new_store=True
    )
    for line in report.lines():
        print(line)
    print(f"The store syncs with {args.git}: run `pmtui sync` to exchange reviews.")
    return 1 if report.problem else 0


def _shared(args: argparse.Namespace) -> None:
    from pmtui.store.shared import prepare, several_hosts_warning

    shared = prepare(args.shared, args.group)
    warning = several_hosts_warning(shared.directory)
    if warning:
        print(warning, file=sys.stderr)
    print(f"Team store ready in {shared.directory} (group '{shared.group}').")
    if shared.fixed:
        print(f"Gave {shared.fixed} existing store file(s) to the group.")
    print("Teammates point pmtui at it with:")
    print()
    print(f"    {shared.export_line}")
    print()
    print(
        f"Everyone who uses it must be in the group '{shared.group}' "
        f"(`sudo usermod -aG {shared.group} NAME`, then log in again)."
    )
