"""``pmtui quick``: a quick review in three questions, or entirely from flags."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from pmtui.commands import Subcommands
from pmtui.context import Context
from pmtui.domain.text import plural

if TYPE_CHECKING:
    from datetime import date

    from pmtui.domain.incidents import Incident

ORDER = 20

EPILOG = """\
Asks what happened, what in the system made it likely, and one commitment;
flags that are given are not asked. With --no-input, or when standard input
is not a terminal, every answer must come from flags (--title and --owner
have defaults); a run missing some exits with status 2 and names them.

The review id is printed on standard output; the two-line summary and any
coach hints go to standard error.

With --incident ID, the quick review is the review of a logged incident (see
`pmtui incidents`): its title, time, severity and tags are carried over, and
the incident counts as reviewed. Refused (status 2) when the incident already
has a review or the team's policy asks for another kind of review of it.

example:
  pmtui quick --no-input --title "Deploy stuck" --what "The deploy hung for 20 min" \\
    --cause "The lock has no timeout" --category tooling \\
    --commitment "Add a 5 min lock timeout" --owner ana --due +2w
"""


def register(sub: Subcommands, parents: list[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "quick",
        parents=parents,
        help="a quick review: what happened, what made it likely, one commitment",
        description="A quick review of a small incident or near miss, in plain prompts.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "--title", metavar="TEXT", help="a short title (default: the first line of --what)"
    )
    p.add_argument(
        "--what", metavar="TEXT", action="append", help="what happened; repeat for more lines"
    )
    p.add_argument(
        "--happened",
        metavar="WHEN",
        help="when it happened: 2026-11-20, 2026-11-20 14:02 or 14:02 (default: today)",
    )
    p.add_argument("--cause", metavar="TEXT", help="what in the system made it likely")
    p.add_argument("--category", metavar="NAME", help="the cause's category, such as tooling")
    p.add_argument("--commitment", metavar="TEXT", help="the deliverable someone can check")
    p.add_argument("--owner", metavar="NAME", help="who owns the commitment (default: you)")
    p.add_argument(
        "--due",
        metavar="DATE",
        help="when it is due: 2026-12-01, today, tomorrow, +3d, +2w, friday",
    )
    p.add_argument(
        "--incident",
        metavar="ID",
        help="review this logged incident (an id or a unique prefix): its title, time, "
        "severity and tags are carried over",
    )
    p.add_argument(
        "--no-input", action="store_true", help="never prompt; fail if a required flag is missing"
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace, ctx: Context) -> int:
    # Only what the first question needs is imported before it is drawn: the
    # domain model, dates and categories load when an answer needs them.
    from pmtui.prompts import mode
    from pmtui.prompts import quick as flow

    today = ctx.today
    given = flow.QuickAnswers(
        title=(args.title or "").strip(),
        what="\n".join(w.strip() for w in args.what or [] if w.strip()),
        cause=(args.cause or "").strip(),
        category=_category(args.category) if args.category else "",
        commitment=(args.commitment or "").strip(),
        owner=(args.owner or "").strip(),
    )
    if given.owner:
        problem = flow.owner_check(given.owner)
        if problem is not None:
            from pmtui.domain.model import ValidationError

            raise ValidationError("--owner", problem)
    if args.due and args.due.strip():
        from pmtui.domain.dates import parse_date

        given.due = parse_date(args.due, today)
    if args.happened:
        from pmtui.domain.dates import parse_fact_time

        at, given.approx = parse_fact_time(args.happened)
        given.happened = f"{today.isoformat()} {at}" if at and len(at) <= 8 else at
    incident = _incident(args.incident, ctx) if args.incident else None
    if incident is not None:
        given.title = given.title or incident.title
        given.happened = given.happened or incident.started
    from pmtui.prompts.hints import DomainCoach

    coach = DomainCoach([ctx.user, given.owner])
    if mode.can_ask(args.no_input):
        from pmtui.prompts.ask import Cancelled, Prompter

        try:
            answers = flow.ask(
                Prompter.for_terminal(),
                given,
                user=ctx.user,
                today=today,
                categories=_categories,
                coach=coach,
            )
        except Cancelled:
            return mode.cancelled()
    else:
        lacking = flow.missing(given)
        if lacking:
            return mode.refuse_missing("quick", lacking)
        from pmtui.prompts.hints import print_hints

        _warn_past_due(given.due, today)
        for stage, text in (
            ("facts", given.what),
            ("causes", given.cause),
            ("commitments", given.commitment),
        ):
            print_hints(coach, stage, text)
        answers = given
    review = flow.build_review(answers, user=ctx.user, now=ctx.clock())
    if incident is None:
        ctx.store.add(review)
    else:
        review.severity, review.tags = incident.severity, list(incident.tags)
        review = ctx.store.review_incident(incident.id, lambda _i: review)
    for line in flow.summary_lines(review):
        print(line, file=sys.stderr)
    print(review.id)
    return 0


def _warn_past_due(due: date | None, today: date) -> None:
    """A scripted run cannot be asked about a past due date, so it is told, on stderr."""
    from pmtui.domain.dates import in_the_past

    if due is not None and in_the_past(due, today) is not None:
        ago = (today - due).days
        print(
            f"pmtui quick: warning: --due {due.isoformat()} is in the past "
            f"({plural(ago, 'day')} ago); the commitment is saved with it "
            "and shows as overdue at once.",
            file=sys.stderr,
        )


def _incident(prefix: str, ctx: Context) -> Incident:
    """The incident to review, checked before any question is asked.

    Refused (exit status 2, one line) when it has a review
    already, or when the team's policy asks for another kind of review of it
    (a postmortem for the worst severities): a quick review would then close
    it with less than the team agreed on.
    """
    from pmtui.commands.log import team_policy
    from pmtui.domain.model import Kind, ValidationError
    from pmtui.domain.policy import review_template
    from pmtui.domain.templates import load_templates
    from pmtui.store.errors import IncidentReviewedError

    store = ctx.store
    iid = store.resolve_incident(prefix)
    link = store.incident_links().get(iid)
    if link is not None:
        raise IncidentReviewedError(iid, link.review_id)
    incident = store.incident(iid)
    policy = team_policy()
    template = review_template(policy, incident, load_templates())
    if template.kind is not Kind.QUICK:
        level = incident.severity or "unrated"
        raise ValidationError(
            "--incident",
            f"the team's policy asks for a {template.title.lower()} of {level} incidents, "
            f"not a quick review; `pmtui incidents --review {iid[:8]}` starts it. "
            "Nothing was written.",
        )
    return incident


def _categories() -> list[str]:
    from pmtui.prompts.choices import cause_categories

    return cause_categories("quick")


def _category(value: str) -> str:
    from pmtui.prompts.choices import check_category

    return check_category(value, _categories())
