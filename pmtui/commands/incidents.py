"""``pmtui incidents``: every logged incident and where its review stands; start or waive one.

The list reads two small files (the incidents and which review closed which),
never a review. ``--review ID`` turns an incident into its review in one
step: title, time, severity and tags carried over, the template the team's
policy names for its severity; the incident is closed once that review is held
(its status reviewed).
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from pmtui.commands import Subcommands
from pmtui.context import Context

if TYPE_CHECKING:
    from pmtui.domain.incidents import Incident
    from pmtui.domain.policy import IncidentStatus

ORDER = 16

EPILOG = """\
each line: the incident's short id, when it started, its severity, where its
review stands (overdue since, due by, started, reviewed, waived, optional), its title
and tags. Fields are separated by two spaces.

exit status: 0, or 2 on an error (no such incident, an unreadable store).

examples:
  pmtui incidents --open                 # only those still waiting for a review
  pmtui incidents --review 3f2a          # start its review now; prints the review's id
  pmtui incidents --waive 3f2a --reason "a test alert, nothing reached users"
"""


def register(sub: Subcommands, parents: list[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "incidents",
        parents=parents,
        help="list logged incidents and where their reviews stand; start or waive a review",
        description="List logged incidents, newest first after those still waiting for a "
        "review, or act on one: start its review, waive it with a reason, or undo a waiver.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "--open", action="store_true", help="only incidents whose review is due or overdue"
    )
    p.add_argument("--json", action="store_true", help="print a JSON array instead of lines")
    act = p.add_mutually_exclusive_group()
    act.add_argument(
        "--review", metavar="ID", help="start the review of incident ID (prints the review's id)"
    )
    act.add_argument("--waive", metavar="ID", help="set the review of incident ID aside")
    act.add_argument("--unwaive", metavar="ID", help="take a waiver back")
    p.add_argument("--reason", metavar="TEXT", help="why the review is waived (with --waive)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace, ctx: Context) -> int:
    from pmtui.commands.log import team_policy

    store = ctx.store
    if args.review:
        return _start_review(args.review, ctx)
    if args.waive:
        if not (args.reason or "").strip():
            print(
                "pmtui incidents: a waiver needs a reason: --reason TEXT (why this incident "
                "needs no review). Nothing was written.",
                file=sys.stderr,
            )
            return 2
        iid = store.resolve_incident(args.waive)
        store.update_incident(iid, lambda i: i.waive(args.reason, ctx.user, ctx.today))
        print(f"waived {iid[:8]}")
        return 0
    if args.unwaive:
        iid = store.resolve_incident(args.unwaive)
        store.update_incident(iid, lambda i: i.unwaive())
        print(f"waiver taken back for {iid[:8]}")
        return 0
    from pmtui.domain.policy import statuses

    items = statuses(store.incidents(), team_policy(), ctx.today, store.incident_links())
    if args.open:
        items = [s for s in items if s.state.open]
    if args.json:
        import json

        from pmtui.domain.text import json_shown

        print(json_shown(json.dumps([as_dict(s) for s in items], indent=2, ensure_ascii=False)))
        return 0
    for s in items:
        print(line(s))
    return 0


def _start_review(prefix: str, ctx: Context) -> int:
    from pmtui.commands.log import team_policy
    from pmtui.domain.incidents import review_from
    from pmtui.domain.policy import PolicyError, review_template
    from pmtui.domain.templates import TemplateError, load_templates

    store = ctx.store
    iid = store.resolve_incident(prefix)
    policy = team_policy()
    try:
        templates = load_templates()
    except TemplateError as exc:
        print(f"pmtui: {exc}; using the built-in templates.", file=sys.stderr)
        from pmtui import locations

        templates = load_templates(locations.config_dir() / "nonexistent")
    incident = store.incident(iid)
    try:
        template = review_template(policy, incident, templates)
    except PolicyError as exc:
        print(f"pmtui incidents: {exc}. Nothing was written.", file=sys.stderr)
        return 2
    review = store.review_incident(
        iid,
        lambda i: review_from(i, template.name, template.kind, now=ctx.clock(), user=ctx.user),
    )
    print(review.id)
    print(
        f"started a {template.title.lower()} of {iid[:8]}; `pmtui` opens it from home.",
        file=sys.stderr,
    )
    return 0


def line(s: IncidentStatus[Incident]) -> str:
    from pmtui.domain.text import folded

    i = s.incident
    tags = f"  [{', '.join(folded(t) for t in i.tags)}]" if i.tags else ""
    return (
        "  ".join(
            (
                i.id[:8],
                f"{folded(i.started[:16]):<16}",
                f"{i.severity or '-':<4}",
                f"{s.describe():<24}",
                folded(i.title),
            )
        )
        + tags
    )


def as_dict(s: IncidentStatus[Incident]) -> dict[str, Any]:
    i = s.incident
    return {
        "id": i.id,
        "title": i.title,
        "severity": i.severity,
        "started": i.started,
        "tags": list(i.tags),
        "state": s.state.value,
        "review": s.rule.template,
        "due": s.due.isoformat() if s.due else None,
        "review_id": s.review.review_id if s.review else None,
        "waived": i.waived,
        "logged_by": i.author,
        "source": i.source,
        "external_id": i.external_id,
    }
