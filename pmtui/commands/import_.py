"""``pmtui import FILE``: read a JSON export back, all of it or nothing."""

from __future__ import annotations

import argparse
from pathlib import Path

from pmtui.commands import Subcommands
from pmtui.context import Context

ORDER = 61


def register(sub: Subcommands, parents: list[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "import",
        parents=parents,
        help="read reviews and incidents back from a `pmtui export --format json` file",
        description="Import a JSON export. Importing the same file twice changes nothing; "
        "a review changed both in the store and in the file since it was exported is "
        "reported as a conflict and left alone; a malformed file is refused whole. "
        "Exits 1 when there were conflicts. See docs/json-format.md.",
    )
    p.add_argument("file", metavar="FILE", help="the JSON file to import")
    p.set_defaults(func=run)


def run(args: argparse.Namespace, ctx: Context) -> int:
    from pmtui.store.exports.importer import import_file

    report = import_file(ctx.store, Path(args.file))
    for line in report.lines():
        print(line)
    return 1 if report.any_conflict else 0
