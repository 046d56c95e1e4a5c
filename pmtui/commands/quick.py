"""``pmtui quick``: a quick review in three questions, or entirely from flags."""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from typing import TYPE_CHECKING

from pmtui.commands import Subcommands
from pmtui.context import Context
from pmtui.domain.text import plural

if TYPE_CHECKING:
    from datetime import date

    from pmtui.domain.incidents import Incident
    from pmtui.domain.model import Review
    from pmtui.prompts.ask import Prompter
    from pmtui.prompts.quick import QuickAnswers

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
    draft: Review | None = None  # the draft a Ctrl-C stopped last time, when continued
    if mode.can_ask(args.no_input):
        from pmtui.prompts.ask import Cancelled, Prompter

        prompter = Prompter.for_terminal()
        stopped = _stopped(given, incident, ctx)
        if stopped is not None:
            try:
                go_on = flow.continue_stopped(prompter, stopped)
            except Cancelled:
                print(
                    "pmtui: cancelled, nothing written; the stopped draft is kept and "
                    "offered again.",
                    file=sys.stderr,
                )
                return mode.EXIT_CANCELLED
            given, draft = _take_up(go_on, prompter, ctx)
            coach = DomainCoach([ctx.user, given.owner])
        try:
            answers = flow.ask(
                prompter,
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
    if draft is not None:
        review = _in_place_of(draft, review, answers, ctx)
    elif incident is None:
        review = ctx.store.add(review)
    else:
        review.severity, review.tags = incident.severity, list(incident.tags)
        review = ctx.store.review_incident(incident.id, lambda _i: review)
    if answers.draft or draft is not None:
        _remember(review, answers, ctx)
    for line in flow.summary_lines(review):
        print(line, file=sys.stderr)
    print(review.id)
    return 0


def _stopped(given: QuickAnswers, incident: Incident | None, ctx: Context) -> str | None:
    """The title of the draft to offer: the one this person stopped last in this store, when
    no answer came as a flag (the first line of its own small file: the first prompt waits
    neither for the store nor for the answers to be read)."""
    from pmtui.prompts.quick import QuickAnswers
    from pmtui.store.layout import Layout

    if incident is not None or given != QuickAnswers():
        return None
    layout = Layout.for_store(ctx.store_path)
    if not os.path.lexists(layout.stopped_quick(ctx.user)):  # mostly: one stat, no more
        return None
    from pmtui.store.quick_draft import stopped_title

    return stopped_title(layout, ctx.user)


def _take_up(go_on: bool, prompter: Prompter, ctx: Context) -> tuple[QuickAnswers, Review | None]:
    """The answers to start from, and the draft they replace when continued.

    The draft is continued only while it is as it was kept (nobody finished,
    changed or deleted it since); otherwise a new quick review starts, and the
    draft stays where it is.
    """
    from pmtui.domain.kinds import Status
    from pmtui.prompts import quick as flow
    from pmtui.store.errors import NotFoundError, StoreError
    from pmtui.store.layout import Layout
    from pmtui.store.quick_draft import forget_stopped, read_stopped

    layout = Layout.for_store(ctx.store_path)
    said = "The stopped draft stays in the app's list of reviews, as a draft."
    review = None
    answers = flow.QuickAnswers()
    stopped = read_stopped(layout, ctx.user) if go_on else None
    if go_on and stopped is None:
        said = "The stopped draft's answers cannot be read; finish it in the app."
    elif stopped is not None:
        try:
            answers = flow.answers_from(stopped.answers)
            review = ctx.store.get(stopped.review_id)
        except NotFoundError:
            said = "The stopped draft is no longer in the store; a new quick review starts."
        except ValueError:
            said = "The stopped draft's answers cannot be read; finish it in the app."
        except StoreError as exc:  # kept to offer again: the store may read next time
            prompter.say(f"The stopped draft cannot be read now ({exc}); a new review starts.")
            return flow.QuickAnswers(), None
    if (
        review is not None
        and stopped is not None
        and (
            review.rev != stopped.rev
            or review.status is not Status.DRAFT
            or review.author != ctx.user
        )
    ):
        review = None
        said = (
            "The stopped draft was changed since it was kept (in the app, or by a teammate): "
            "finish it there. A new quick review starts."
        )
    if review is None:
        forget_stopped(layout, ctx.user)
        prompter.say(said)
        return flow.QuickAnswers(), None
    return answers, review


def _in_place_of(draft: Review, review: Review, answers: QuickAnswers, ctx: Context) -> Review:
    """Save ``review`` (built from the continued answers) as the draft it continues.

    Someone may have changed the draft while the questions were answered: the
    answers are then saved as a review of their own beside it, so nothing is lost.
    """
    from pmtui.store.errors import ConflictError

    review.id, review.created, review.rev = draft.id, draft.created, draft.rev
    review.severity, review.tags, review.incident_id = draft.severity, draft.tags, draft.incident_id
    if not answers.happened:  # the day the draft was given when it was kept
        review.happened = draft.happened
    try:
        return ctx.store.save(review, expected_rev=draft.rev)
    except ConflictError:
        from pmtui.domain.model import new_id

        print(
            "pmtui quick: the stopped draft was changed while you answered; "
            "your answers are saved as a review of their own beside it.",
            file=sys.stderr,
        )
        review.id, review.rev, review.incident_id = new_id(), 0, None
        return ctx.store.add(review)


def _remember(review: Review, answers: QuickAnswers, ctx: Context) -> None:
    """Keep a draft's answers to offer them next time; forget them once it is finished."""
    from pmtui.prompts import quick as flow
    from pmtui.store.layout import Layout
    from pmtui.store.quick_draft import StoppedQuick, forget_stopped, keep_stopped

    layout = Layout.for_store(ctx.store_path)
    # The draft is in the store whatever happens here: only the offer would be missed.
    with contextlib.suppress(OSError):
        if not answers.draft:
            forget_stopped(layout, ctx.user)
            return
        stopped = StoppedQuick(review.id, review.rev, review.title, flow.answers_dict(answers))
        keep_stopped(layout, ctx.user, stopped)


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
