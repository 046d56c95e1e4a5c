"""``pmtui sync``: exchange reviews with a git remote, merged item by item.

``pmtui sync --init REMOTE`` turns the store into a synced one; ``pmtui
sync`` records what changed here, fetches, merges, brings the merge into the
store, pushes, and says what came in; ``pmtui sync --status`` says what is
not synced yet, without touching the network. See docs/sync.md.
"""

from __future__ import annotations

import argparse
import sys

from pmtui.commands import Subcommands
from pmtui.context import Context
from pmtui.domain.text import plural

ORDER = 70

EXIT_SYNCED = 0
EXIT_NOT_SYNCED = 1

EPILOG = """\
exit status:
  0  synced (with --status: nothing waits to be synced)
  1  not everything is on the remote: it could not be reached or refused the
     push (what changed here is recorded; the next `pmtui sync` sends it), or,
     with --status, something waits to be synced
  2  an error: no sync set up, a damaged store, git missing

examples:
  pmtui sync --init git@github.com:acme/retros.git   # once, on the first machine
  pmtui init --git git@github.com:acme/retros.git    # once, on each other machine
  pmtui sync                                         # whenever you like
"""


def register(sub: Subcommands, parents: list[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "sync",
        parents=parents,
        help="exchange reviews with the team's git remote, merged item by item",
        description="Record what changed in this store, fetch the team's git remote, merge "
        "(per item and per field; when two people changed the same field, both texts are "
        "kept), bring the result into the store and push it. Git does the transport with "
        "your own credentials; pmtui stores no token.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    how = p.add_mutually_exclusive_group()
    how.add_argument(
        "--init",
        metavar="REMOTE",
        help="start syncing this store with REMOTE (a git URL, or the path of a bare "
        "repository) and push what it holds",
    )
    how.add_argument(
        "--status",
        action="store_true",
        help="say what is not synced yet (reads nothing from the network)",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace, ctx: Context) -> int:
    from pmtui.store.sync.engine import Syncer

    syncer = Syncer(ctx.store, user=ctx.user, interactive=sys.stdin.isatty())
    if args.status:
        return _status(syncer)
    if args.init:
        print(f"Syncing {ctx.store.layout.directory} with {args.init}...", file=sys.stderr)
        report = syncer.init(args.init)
    else:
        report = syncer.sync()
    for line in report.lines():
        print(line)
    return EXIT_NOT_SYNCED if report.problem else EXIT_SYNCED


def _status(syncer: object) -> int:
    from pmtui.store.sync.engine import Syncer

    assert isinstance(syncer, Syncer)
    st = syncer.status()
    when = f"; last synced {st.last_sync.replace('T', ' ')}" if st.last_sync else ""
    print(f"Syncs with {st.remote} (branch {st.branch}){when}.")
    if st.last_problem:
        print(f"The last sync did not reach it: {st.last_problem}.")
    if not st.count:
        print("Nothing to sync: every change made here is on the remote.")
        return EXIT_SYNCED
    n = st.count
    print(f"{plural(n, 'review')} not synced yet:")
    for rid, title in st.changed:
        print(f"  changed here: “{title}” ({rid[:8]})")
    for rid in st.deleted:
        print(f"  deleted here: {rid[:8]}")
    waiting = [rid for rid in st.unpushed if rid not in {i for i, _t in st.changed}]
    for rid in waiting:
        print(f"  recorded, not pushed yet: {rid[:8]}")
    print("Run `pmtui sync` to send them.")
    return EXIT_NOT_SYNCED
