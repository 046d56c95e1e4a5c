"""``pmtui followup``: walk your commitments that have come due and record what became of them."""

from __future__ import annotations

import argparse
import sys

from pmtui.commands import Subcommands
from pmtui.context import Context

ORDER = 21

EPILOG = """\
Without flags it walks your open commitments that are overdue or due within
7 days (the ones `pmtui due --mine` lists), one at a time: kept, partly
kept, not kept, or dropped (with a reason); what got in the way and what
kind of obstacle it was; whether it helped. A commitment is open until it
is kept or dropped: one partly kept or not kept gets a new due date (it
stays open, the answer kept in its history) or a reason to drop the rest.
Each answer is saved as soon as it is given.

Scripted use records one commitment per run: --commitment takes its id (or
the first characters of it; --list prints the ids). With --no-input, or when
standard input is not a terminal, a run missing a required flag exits with
status 2 and names it:
  partly / not-kept  need --in-the-way, --category, and --new-due (it
                     stays open) or --reason (the rest is dropped)
  dropped            needs --reason

examples:
  pmtui followup --list
  pmtui followup --no-input --commitment 3f2a --outcome kept --helped yes
  pmtui followup --no-input --commitment 3f2a --outcome not-kept \\
    --in-the-way "The vendor never answered" --category external --new-due +2w
"""


def register(sub: Subcommands, parents: list[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "followup",
        parents=parents,
        help="record what became of your commitments that are due or overdue",
        description="Follow up on your commitments that are due or overdue.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "--list",
        action="store_true",
        help="print your due and overdue commitments (id, due, owner, deliverable, review)",
    )
    p.add_argument("--commitment", metavar="ID", help="the commitment to record (any open one)")
    p.add_argument("--outcome", metavar="OUTCOME", help="kept, partly, not-kept or dropped")
    p.add_argument("--in-the-way", metavar="TEXT", help="what got in the way (partly / not-kept)")
    p.add_argument(
        "--category", metavar="NAME", help="what kind of obstacle it was, such as tooling"
    )
    p.add_argument("--helped", metavar="yes|no", help="whether what was delivered helped")
    p.add_argument(
        "--reason",
        metavar="TEXT",
        help="why it is dropped (dropped; or partly / not-kept without --new-due)",
    )
    p.add_argument(
        "--new-due",
        metavar="DATE",
        help="keep it open with this due date (partly / not-kept, or --reason to drop it)",
    )
    p.add_argument(
        "--no-input", action="store_true", help="never prompt; fail if a required flag is missing"
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace, ctx: Context) -> int:
    from pmtui.domain.dates import parse_date
    from pmtui.domain.followup import DueQuery
    from pmtui.domain.model import ValidationError
    from pmtui.domain.summary import DUE_SOON
    from pmtui.prompts import followup as flow
    from pmtui.prompts import mode
    from pmtui.prompts.ask import Cancelled
    from pmtui.prompts.choices import cause_categories, check_category, parse_outcome, parse_yes_no
    from pmtui.prompts.hints import DomainCoach, print_hints

    now = ctx.clock()
    today = now.date()
    categories = cause_categories()
    given = flow.FollowUpAnswers(
        outcome=parse_outcome(args.outcome) if args.outcome else None,
        in_the_way=(args.in_the_way or "").strip(),
        category=check_category(args.category, categories) if args.category else "",
        helped=parse_yes_no(args.helped, "--helped") if args.helped else None,
        reason=(args.reason or "").strip(),
        new_due=parse_date(args.new_due, today) if args.new_due else None,
    )
    answered = given != flow.FollowUpAnswers()
    if answered and not args.commitment:
        raise ValidationError("--commitment", "the commitment these answers are about")
    if given.outcome is not None:
        flow.check(given)
    if args.commitment:
        items = [flow.find(ctx.store.open_commitments(), args.commitment)]
    else:
        items = ctx.store.due(DueQuery.mine(ctx.user), today)
    if args.list:
        from pmtui.domain.text import first_line, shown
        from pmtui.prompts.quick import TITLE_LENGTH

        for c in items:
            due = c.due.isoformat() if c.due else "-"
            deliverable = first_line(c.deliverable, TITLE_LENGTH, more="")
            fields = (c.id, due, c.owner, deliverable, c.review_title)
            print("\t".join(shown(f) for f in fields))  # one line, tabs only between fields
        return 0
    if not items:
        print(f"Nothing of {ctx.user}'s is overdue or due within {DUE_SOON.days} days.")
        return 0
    if mode.can_ask(args.no_input):
        from pmtui.prompts.ask import Prompter

        try:
            recorded, skipped = flow.walk(
                Prompter.for_terminal(),
                ctx.store,
                items,
                given,
                user=ctx.user,
                now=now,
                categories=categories,
                coach=DomainCoach([ctx.user, *{c.owner for c in items}]),
            )
        except Cancelled:
            return mode.cancelled()
        print(f"{recorded} recorded, {skipped} skipped.")
        return 0
    if not args.commitment:
        code = mode.refuse_missing("followup", ["--commitment", "--outcome"])
        print("Due or overdue:", file=sys.stderr)
        for c in items:
            print(f"  {c.id}  {flow.describe(c, today)}", file=sys.stderr)
        return code
    lacking = flow.missing(given)
    if lacking:
        return mode.refuse_missing("followup", lacking)
    print_hints(DomainCoach([ctx.user, items[0].owner]), "causes", given.in_the_way)
    flow.record(ctx.store, items[0], given, now=now, by=ctx.user)
    print(flow.outcome_line(items[0], given))
    return 0
