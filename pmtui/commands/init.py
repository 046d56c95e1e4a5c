"""``pmtui init --shared DIR``: prepare a team store that a group of people share."""

from __future__ import annotations

import argparse
import sys

from pmtui.context import Context

ORDER = 80


def register(sub: argparse._SubParsersAction, parents: list[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "init",
        parents=parents,
        help="prepare a team store in a shared directory",
        description="Prepare DIR as a team store: the directory goes to GROUP with the "
        "setgid bit (2770), store files become group-writable (0660), and a README "
        "explains how teammates point pmtui at it. Safe to run again; it repairs permissions.",
    )
    p.add_argument("--shared", metavar="DIR", required=True, help="the team store directory")
    p.add_argument(
        "--group",
        metavar="NAME",
        help="the group whose members may use the store (default: your primary group)",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace, ctx: Context) -> int:
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
    return 0
