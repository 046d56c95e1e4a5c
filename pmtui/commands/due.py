"""``pmtui due``: what is overdue or due soon, one line each, for login scripts and cron.

Exit status: 0 when nothing listed is overdue, 1 when something is, 2 on an
error (an unreadable ``--within``, a damaged or locked store, output that
could not be written). A closed pipe ends quietly with 141 (see pmtui.output).
"""

from __future__ import annotations

import argparse
from datetime import date
from typing import TYPE_CHECKING, Any

from pmtui.commands import Subcommands
from pmtui.context import Context

if TYPE_CHECKING:
    from pmtui.domain.summary import OpenCommitment

ORDER = 40

EXIT_NOTHING_OVERDUE = 0
EXIT_OVERDUE = 1

EPILOG = """\
each line: due date, OVERDUE or due, owner, deliverable, then the review's
short id and title in brackets. Fields are separated by two spaces.

exit status:
  0  nothing listed is overdue (there may be commitments due soon)
  1  at least one listed commitment is overdue
  2  an error: a --within pmtui cannot read, a store it cannot open, or
     output that could not be written (a full disk)

example (in ~/.profile):  pmtui due --mine || echo "pmtui: something is overdue"
"""


def register(sub: Subcommands, parents: list[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "due",
        parents=parents,
        help="list open commitments that are overdue or due soon (exit 1 if any is overdue)",
        description="List open commitments across all reviews that are overdue or due "
        "within a window, one line each.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    who = p.add_mutually_exclusive_group()
    who.add_argument("--owner", metavar="NAME", help="only commitments owned by NAME")
    who.add_argument(
        "--mine", action="store_true", help="only your commitments ($USER or --as NAME)"
    )
    p.add_argument(
        "--within",
        metavar="SPAN",
        help="how far ahead to look: a number and d, w or m, such as 7d or 2w (default: 7d, "
        "the window pmtui followup and the home screen's carry-over use too)",
    )
    p.add_argument("--json", action="store_true", help="print a JSON array instead of lines")
    p.set_defaults(func=run)


def run(args: argparse.Namespace, ctx: Context) -> int:
    from pmtui.domain.dates import parse_duration
    from pmtui.domain.followup import DueQuery
    from pmtui.domain.summary import DUE_SOON

    within = parse_duration(args.within) if args.within else DUE_SOON
    today = ctx.today
    owner = ctx.user if args.mine else args.owner
    items = ctx.store.due(DueQuery(owner or None, within), today)
    print_commitments(items, today, as_json=args.json)
    overdue = any(c.is_overdue(today) for c in items)
    return EXIT_OVERDUE if overdue else EXIT_NOTHING_OVERDUE


def marker(c: OpenCommitment, today: date) -> str:
    if c.due is None:
        return "no date"
    return "OVERDUE" if c.is_overdue(today) else "due"


def line(c: OpenCommitment, today: date) -> str:
    """One grep-friendly line; multi-line text is folded so a commitment is one line."""
    from pmtui.domain.text import folded

    due = c.due.isoformat() if c.due else "----------"
    return "  ".join(
        (
            due,
            f"{marker(c, today):<7}",
            folded(c.owner) or "-",
            folded(c.deliverable) or "-",
            f"[{folded(c.review_id[:8])} {folded(c.review_title)}]",
        )
    )


def as_dict(c: OpenCommitment, today: date) -> dict[str, Any]:
    return {
        "commitment_id": c.id,
        "due": c.due.isoformat() if c.due else None,
        "overdue": c.is_overdue(today),
        "owner": c.owner,
        "deliverable": c.deliverable,
        "done_when": c.done_when,
        "review_id": c.review_id,
        "review_title": c.review_title,
        "review_kind": c.review_kind.value,
        "tags": list(c.tags),
    }


def print_commitments(items: list[OpenCommitment], today: date, *, as_json: bool) -> None:
    if as_json:
        import json

        from pmtui.domain.text import json_shown

        doc = json.dumps([as_dict(c, today) for c in items], indent=2, ensure_ascii=False)
        print(json_shown(doc))
        return
    for c in items:
        print(line(c, today))
