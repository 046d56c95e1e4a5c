"""``pmtui merge-review BASE OURS THEIRS``: the git merge driver for review files.

Git runs it (``%O %A %B``) when a review file changed on both sides of a
merge made by hand (``git merge``, ``git pull``) in pmtui's sync repository,
where pmtui registers it, or in any clone where someone registers it
(docs/sync.md). The merge is the one ``pmtui sync`` makes: per item and per
field, both texts kept when the same field changed on both sides. The result
is written to OURS. Exit status 0 when merged; 1 when a file is not a review
pmtui can read (git then reports a conflict and leaves OURS as it was).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pmtui.commands import Subcommands
from pmtui.context import Context

ORDER = 200


def register(sub: Subcommands, parents: list[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "merge-review",
        parents=parents,
        help="git's merge driver for review files (git runs it: %%O %%A %%B)",
        description="Merge two versions of a review file against their common base, item "
        "by item and field by field, writing the result over OURS. Registered by "
        "`pmtui sync --init` as git's merge driver for reviews/*.json.",
    )
    p.add_argument("base", metavar="BASE", help="the common ancestor's file (%%O)")
    p.add_argument("ours", metavar="OURS", help="our file, replaced by the merge (%%A)")
    p.add_argument("theirs", metavar="THEIRS", help="their file (%%B)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace, ctx: Context) -> int:
    from pmtui.store.sync.driver import merge_files

    try:
        data = [Path(p).read_bytes() for p in (args.base, args.ours, args.theirs)]
    except OSError as exc:
        print(f"pmtui merge-review: cannot read {exc.filename}: {exc.strerror}", file=sys.stderr)
        return 1
    merged, problem = merge_files(*data, user=ctx.user, at=ctx.clock())
    if merged is None:
        print(f"pmtui merge-review: {problem}; left for you to merge", file=sys.stderr)
        return 1
    Path(args.ours).write_bytes(merged)
    return 0
