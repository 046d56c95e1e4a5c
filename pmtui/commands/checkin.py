"""``pmtui checkin``: a light team check-in: moods, what is in the way, open commitments."""

from __future__ import annotations

import argparse
import sys

from pmtui.commands import Subcommands
from pmtui.context import Context

ORDER = 22

EPILOG = """\
For everyone present it asks a mood (one word, or 1 to 5) and what is in the
way, then where each open commitment owned by someone present stands: still
open (with an optional note), kept, partly kept or not kept (with a new due
date that keeps the rest open, or a reason to drop it) or dropped. Outcomes
are recorded on the commitment's own review, as a follow-up would record them.
Nothing is written until the end; Ctrl-C writes nothing.

Flags answer the same questions. NAME is one of --people; with one person
present the NAME= part may be left out. ID is a commitment id or its first
characters (pmtui followup --list shows them). With --no-input, or when
standard input is not a terminal, a mood is needed for everyone present and
commitments without --update stay open untouched.

example:
  pmtui checkin --no-input --people ana,bo --mood ana=4 --mood bo=tired \\
    --in-the-way "bo=the staging cluster is flaky" \\
    --update 3f2a=kept --update 9c1e=open:waiting for the vendor \\
    --update 77b0=partly@+2w:the vendor answered late
"""


def register(sub: Subcommands, parents: list[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "checkin",
        parents=parents,
        help="a light team check-in: moods, what is in the way, open commitments",
        description="A light team check-in, in plain prompts.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--title", metavar="TEXT", help="default: Team check-in <date>")
    p.add_argument(
        "--people", metavar="A,B", help="who is present, separated by commas (default: you)"
    )
    p.add_argument(
        "--mood",
        metavar="NAME=MOOD",
        action="append",
        default=[],
        help="one word or 1-5; repeat per person",
    )
    p.add_argument(
        "--in-the-way",
        metavar="NAME=TEXT",
        action="append",
        default=[],
        help="what is in someone's way; repeat per person",
    )
    p.add_argument(
        "--update",
        metavar="ID=STATUS[:TEXT]",
        action="append",
        default=[],
        help="STATUS open (TEXT: a note), kept, partly or not-kept (TEXT: what got in the way), "
        "dropped (TEXT: the reason, required)",
    )
    p.add_argument(
        "--no-input", action="store_true", help="never prompt; fail if a required flag is missing"
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace, ctx: Context) -> int:
    from pmtui.domain.model import ValidationError
    from pmtui.prompts import checkin as flow
    from pmtui.prompts import mode
    from pmtui.prompts.ask import Cancelled
    from pmtui.prompts.choices import cause_categories
    from pmtui.prompts.hints import DomainCoach, print_hints

    now = ctx.clock()
    interactive = mode.can_ask(args.no_input)
    people = flow.split_people(args.people or "")
    if not people and (not interactive or args.mood or args.in_the_way or args.update):
        people = [ctx.user]
    given = flow.CheckinAnswers(
        title=(args.title or "").strip(),
        people=people,
        moods=flow.parse_by_person(args.mood, people, "--mood"),
        in_the_way=flow.parse_by_person(args.in_the_way, people, "--in-the-way"),
    )
    for person, mood in given.moods.items():
        problem = flow.check_mood(mood)
        if problem:
            raise ValidationError(f"--mood {person}", problem)
    items = flow.commitments_of(ctx.store, people) if people else []
    for raw in args.update:
        cid, update = flow.parse_update(raw, items, now.date())
        given.updates[cid] = update
    if interactive:
        from pmtui.prompts.ask import Prompter

        try:
            answers, items = flow.ask(
                Prompter.for_terminal(),
                given,
                ctx.store,
                user=ctx.user,
                now=now,
                categories=cause_categories("checkin"),
                make_coach=DomainCoach,
            )
        except Cancelled:
            return mode.cancelled()
    else:
        lacking = flow.missing(given)
        if lacking:
            return mode.refuse_missing("checkin", lacking)
        coach = DomainCoach(people)
        for text in given.in_the_way.values():
            print_hints(coach, "causes", text)
        answers = given
    review = flow.save(ctx.store, answers, items, user=ctx.user, now=now)
    recorded = sum(1 for u in answers.updates.values() if u.answers is not None)
    print(
        f"Check-in saved: {len(answers.people)} present, {recorded} outcome(s) recorded.",
        file=sys.stderr,
    )
    print(review.id)
    return 0
