"""``pmtui mine``: every open commitment you own, across all reviews."""

from __future__ import annotations

import argparse
import sys

from pmtui.commands import Subcommands
from pmtui.context import Context

ORDER = 41


def register(sub: Subcommands, parents: list[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "mine",
        parents=parents,
        help="list your open commitments across all reviews ($USER or --as NAME)",
        description="List the open commitments you own across all reviews, soonest first; "
        "those with no due date come last. Lines look like those of `pmtui due`.",
    )
    p.add_argument("--json", action="store_true", help="print a JSON array instead of lines")
    p.set_defaults(func=run)


def run(args: argparse.Namespace, ctx: Context) -> int:
    from pmtui.commands.due import print_commitments
    from pmtui.domain.followup import DueQuery

    items = ctx.store.due(DueQuery(ctx.user), ctx.today)
    if not items and not args.json:
        print(f"pmtui: nothing open for {ctx.user}.", file=sys.stderr)
    print_commitments(items, ctx.today, as_json=args.json)
    return 0
