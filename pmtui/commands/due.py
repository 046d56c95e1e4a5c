"""``pmtui due``: what is overdue or due soon, one line each, for login scripts and cron.

Two kinds of row: open commitments, and reviews the team's policy asks for
that are not held yet (an incident logged and not reviewed). Both come from
small files (open commitments, incidents), never from the reviews.

Exit status: 0 when nothing listed is overdue, 1 when something is, 2 on an
error (an unreadable ``--within``, a damaged or locked store, output that
could not be written). A closed pipe ends quietly with 141 (see pmtui.output).
"""

from __future__ import annotations

import argparse
import heapq
from datetime import date
from typing import TYPE_CHECKING, Any

from pmtui.commands import Subcommands
from pmtui.context import Context

if TYPE_CHECKING:
    from pmtui.domain.incidents import Incident
    from pmtui.domain.policy import IncidentStatus
    from pmtui.domain.summary import OpenCommitment

ORDER = 40

EXIT_NOTHING_OVERDUE = 0
EXIT_OVERDUE = 1

EPILOG = """\
each line: due date, OVERDUE or due, owner, deliverable, then the review's
short id and title in brackets. Fields are separated by two spaces. An
incident whose review the team's policy asks for is listed the same way:
the review's last day, who logged it, "hold a <template> review of: <title>",
then its short id and the word incident in brackets. With --owner or --mine,
incidents are those the person logged.

exit status:
  0  nothing listed is overdue (there may be commitments due soon)
  1  at least one listed commitment is overdue, or a review the policy
     asks for
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
    query = DueQuery(owner or None, within)
    items = ctx.store.due(query, today)
    reviews = due_reviews(ctx, owner or None, today + within)
    print_commitments(items, today, as_json=args.json, reviews=reviews)
    overdue = any(c.is_overdue(today) for c in items) or any(
        r.state.value == "overdue" for r in reviews
    )
    return EXIT_OVERDUE if overdue else EXIT_NOTHING_OVERDUE


def due_reviews(ctx: Context, owner: str | None, due_by: date) -> list[IncidentStatus[Incident]]:
    """Incidents whose review the policy asks for by ``due_by`` (or earlier), not yet held."""
    store = ctx.store
    incidents = store.incidents()
    if not incidents:
        return []  # no incidents file: nothing more to read
    from pmtui.commands.log import team_policy
    from pmtui.domain.policy import reviews_due

    return reviews_due(
        incidents, team_policy(), ctx.today, store.incident_links(), due_by=due_by, author=owner
    )


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


def review_line(s: IncidentStatus[Incident]) -> str:
    """An incident's review that is due, in the same columns as a commitment."""
    from pmtui.domain.text import folded

    assert s.due is not None
    i = s.incident
    sev = f" ({i.severity})" if i.severity else ""
    verb = "finish the" if s.started else "hold a"
    return "  ".join(
        (
            s.due.isoformat(),
            "OVERDUE" if s.overdue else "due    ",
            folded(i.author) or "-",
            f"{verb} {folded(s.rule.template)} review of: {folded(i.title)}{sev}",
            f"[{folded(i.id[:8])} incident]",
        )
    )


def review_dict(s: IncidentStatus[Incident]) -> dict[str, Any]:
    assert s.due is not None
    i = s.incident
    return {
        "type": "review",
        "incident_id": i.id,
        "due": s.due.isoformat(),
        "overdue": s.overdue,
        "owner": i.author,
        "title": i.title,
        "severity": i.severity,
        "started": i.started,
        "review": s.rule.template,
        "review_id": s.review.review_id if s.review else None,
        "tags": list(i.tags),
    }


def print_commitments(
    items: list[OpenCommitment],
    today: date,
    *,
    as_json: bool,
    reviews: list[IncidentStatus[Incident]] | None = None,
) -> None:
    """Commitments (and reviews due), soonest first; a commitment's row is as it always was.

    Both lists come sorted by due date; they are merged, a commitment first
    on a day both have, so ten thousand commitments cost no more than before.
    """
    first = [
        (c.due or date.max, 0, as_dict(c, today) if as_json else line(c, today)) for c in items
    ]
    then = [
        (r.due or date.max, 1, review_dict(r) if as_json else review_line(r)) for r in reviews or []
    ]
    rows = [row for _due, _kind, row in heapq.merge(first, then, key=lambda r: (r[0], r[1]))]
    if as_json:
        import json

        from pmtui.domain.text import json_shown

        print(json_shown(json.dumps(rows, indent=2, ensure_ascii=False)))
        return
    for row in rows:
        print(row)
