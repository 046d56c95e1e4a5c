"""``pmtui ideas``: the ideas parked in every review, to find one again and promote it later."""

from __future__ import annotations

import argparse
import sys

from pmtui.commands import Subcommands
from pmtui.context import Context

ORDER = 42


def register(sub: Subcommands, parents: list[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "ideas",
        parents=parents,
        help="list the ideas parked in reviews, optionally those holding some words",
        description="List the ideas parked in every review (not chosen as commitments), "
        "newest review first: the review's short id, its title, then the idea. Promote one "
        "in the app: open the review, stage Commitments, p.",
    )
    p.add_argument("words", nargs="*", metavar="WORD", help="only ideas holding every word")
    p.add_argument("--json", action="store_true", help="print a JSON array instead of lines")
    p.set_defaults(func=run)


def run(args: argparse.Namespace, ctx: Context) -> int:
    from pmtui.domain.ideas import search
    from pmtui.domain.text import folded, json_shown

    newest_first = sorted(ctx.store.reviews(), key=lambda r: (r.created, r.id), reverse=True)
    found = search(newest_first, " ".join(args.words))
    if args.json:
        import json

        rows = [
            {"review_id": f.review_id, "review_title": f.review_title, "idea_id": f.idea_id,
             "text": f.text}
            for f in found
        ]  # fmt: skip
        print(json_shown(json.dumps(rows, indent=2, ensure_ascii=False)))
        return 0
    if not found:
        print(
            "pmtui: no parked ideas" + (" with those words." if args.words else "."),
            file=sys.stderr,
        )
    for f in found:
        print(f"[{folded(f.review_id[:8])} {folded(f.review_title)}]  {folded(f.text)}")
    return 0
