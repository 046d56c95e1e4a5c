"""``pmtui export``: a review, or all of them, in one of the export formats.

The formats, their descriptions and which may write a file per review come
from the registry in :mod:`pmtui.store.exports`.
"""

from __future__ import annotations

import argparse
import os
import sys

from pmtui.commands import Subcommands, add_output, only_with_output
from pmtui.context import Context

ORDER = 60


def register(sub: Subcommands, parents: list[argparse.ArgumentParser]) -> None:
    from pmtui.store.exports import FORMATS

    formats = "; ".join(f"{f.name} ({f.description})" for f in FORMATS.values())
    directory = ", ".join(f.name for f in FORMATS.values() if f.per_review)
    p = sub.add_parser(
        "export",
        parents=parents,
        help="write reviews as Markdown, JSON, CSV, a calendar or a gh script",
        description="Write one review or all of them to standard output or a file. "
        f"Formats: {formats}. See docs/export.md.",
    )
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--review", metavar="ID", help="one review, by id or a unique prefix")
    which.add_argument("--all", action="store_true", help="every review in the store")
    p.add_argument("--format", required=True, choices=list(FORMATS), help="the output format")
    add_output(
        p,
        metavar="PATH",
        help="write to PATH (inside the current directory, or --dir) instead of standard "
        f"output; with {directory}, a PATH ending in / or naming a directory gets one file "
        "per review",
        long=True,
    )
    p.add_argument(
        "--dir",
        metavar="DIR",
        help="the directory -o must stay inside (default: the current directory)",
    )
    p.add_argument(
        "--anonymize",
        action="store_true",
        help="replace people's names with pseudonyms (Owner A, Responder 1) everywhere, "
        "free text included, and leave out who wrote what",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace, ctx: Context) -> int:
    from pmtui.store.exports import render
    from pmtui.store.exports.output import save

    store = ctx.store
    if args.all:
        reviews = sorted(store.reviews(), key=lambda r: (r.created, r.id))
        incidents = store.incidents()
        if not reviews and not incidents:
            print("pmtui: the store holds no reviews yet.", file=sys.stderr)
    else:
        reviews = [store.get(store.resolve(args.review))]
        # the incident a review was started from travels with it, so import keeps the link
        ids = {r.incident_id for r in reviews if r.incident_id}
        incidents = [i for i in store.incidents() if i.id in ids] if ids else []
    only_with_output(args, "PATH", "--dir", "--force")
    if args.output is None:
        text = render(
            args.format, reviews, anonymize=args.anonymize, today=ctx.today, incidents=incidents
        )
        sys.stdout.write(text)
        return 0
    written = save(
        args.format,
        reviews,
        args.output,
        base=args.dir or os.getcwd(),
        force=args.force,
        anonymize=args.anonymize,
        today=ctx.today,
        incidents=incidents,
    )
    for path in written:
        print(f"wrote {path}", file=sys.stderr)
    return 0
