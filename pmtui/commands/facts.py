"""``pmtui facts import REVIEW FILE``: a timeline from a log, a chat paste, Slack or a CSV.

At a terminal it shows what it read before anything is saved (how many
facts, the first and last of them, lines it could not place) and asks; from
a script (no terminal, or ``--yes``) it imports at once and prints how many
facts it added. The parsing rules live in :mod:`pmtui.domain.timeline_import`.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from pmtui.commands import Subcommands
from pmtui.context import Context

if TYPE_CHECKING:
    from pmtui.domain.model import Review
    from pmtui.domain.timeline_import import Options, Parsed, Untimed
    from pmtui.prompts.ask import Prompter

ORDER = 25
EXIT_DECLINED = 1
PREVIEW_HEAD = 8
PREVIEW_TAIL = 3
COACHED = 500
"""Imported facts the coach reads right away; `pmtui check` reads them all."""

EPILOG = """\
FILE is a log or a chat copy-paste (one moment per line: 14:02 ana: rolled
back, [2026-11-29 14:02:11] ..., 2026-11-29T13:02:11Z ..., Nov 29 14:02:11
...), a Slack channel export (one day's JSON, or the channel's folder), or a
CSV whose first row names the columns; - reads standard input.

A time with an offset or Z is converted to local time (this machine's, or
--tz); a time without one is taken as local. A time without a day takes the
review's day (or --date). Lines without a time of their own are attached to
the fact before them, or skipped with --untimed skip.

exit status: 0 imported (or nothing new to import), 1 declined at the
preview, 2 an error (no such review, a file pmtui cannot read, too many
facts), 130 interrupted (Ctrl-C). Facts already in the timeline (same time
and text) are not added again, so importing a file twice adds nothing.

examples:
  pmtui facts import 9e5f incident-channel.txt
  pmtui facts import 9e5f slack-export/incident-42/ --yes
  pmtui facts import 9e5f alerts.csv --time-column created_at --text-column summary
  journalctl -u api --since 14:00 --until 15:00 | pmtui facts import 9e5f - --match error
"""


def register(sub: Subcommands, parents: list[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "facts",
        parents=parents,
        help="build a review's timeline from a log, a chat paste, a Slack export or a CSV",
        description="Work on a review's facts from the command line.",
    )
    inner = p.add_subparsers(dest="facts_command", metavar="ACTION", required=True)
    imp = inner.add_parser(
        "import",
        parents=parents,
        help="turn timestamped lines into facts of a review",
        description="Turn what was written during an incident into facts of a review, with "
        "a preview at a terminal.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    imp.add_argument("review_id", metavar="REVIEW", help="a review id or a unique prefix of one")
    imp.add_argument("file", metavar="FILE", help="the file (or Slack export folder); - for stdin")
    imp.add_argument(
        "--format",
        choices=("auto", "lines", "slack", "csv"),
        default="auto",
        help="what FILE holds (default: auto, guessed from its content)",
    )
    imp.add_argument("--time-column", metavar="NAME", default="", help="a CSV's time column")
    imp.add_argument("--text-column", metavar="NAME", default="", help="a CSV's text column")
    imp.add_argument(
        "--untimed",
        choices=("attach", "skip"),
        help="lines without a time: attach to the fact before (default) or skip",
    )
    imp.add_argument("--date", metavar="DAY", help="the day of times written without one")
    imp.add_argument("--tz", metavar="ZONE", help="convert offsets into this zone (default: local)")
    imp.add_argument(
        "--match",
        metavar="TEXT",
        action="append",
        help="keep only facts holding TEXT (any of several; case does not matter)",
    )
    imp.add_argument(
        "--yes", "-y", action="store_true", help="import without a preview or a question"
    )
    imp.set_defaults(func=run)


def run(args: argparse.Namespace, ctx: Context) -> int:
    from dataclasses import replace

    from pmtui.domain.dates import parse_date, zone_named
    from pmtui.domain.timeline_import import (
        ColumnProblem,
        Format,
        ImportProblem,
        Options,
        Untimed,
        new_to,
        options_for,
        parse,
        too_many,
    )
    from pmtui.prompts import mode

    store = ctx.store
    review = store.get(store.resolve(args.review_id))
    try:
        text, source = read_input(args.file)
    except OSError as exc:
        print(f"pmtui facts import: cannot read {args.file}: {exc.strerror or exc}. "
              "Nothing was written.", file=sys.stderr)  # fmt: skip
        return 2
    options = options_for(
        review,
        Options(
            format=Format(args.format),
            untimed=Untimed(args.untimed or "attach"),
            day=parse_date(args.date, ctx.today) if args.date else None,
            local=zone_named(args.tz) if args.tz else None,
            time_column=args.time_column,
            text_column=args.text_column,
            match=tuple(args.match or ()),
            source=source,
            author=ctx.user,
        ),
    )
    ask = mode.can_ask(args.yes)
    prompter = _prompter() if ask else None
    try:
        parsed = parse(text, options)
    except ImportProblem as exc:
        if prompter is None or not isinstance(exc, ColumnProblem):
            hint = f"; name it with --{exc.which}-column" if isinstance(exc, ColumnProblem) else ""
            print(f"pmtui facts import: cannot read {source}: {exc}{hint}. Nothing was written.",
                  file=sys.stderr)  # fmt: skip
            return 2
        options = _pick_columns(prompter, exc.columns, options)
        parsed = parse(text, options)
    if prompter is not None:
        from pmtui.prompts.ask import Cancelled

        try:
            if args.untimed is None and parsed.attached:
                choice = _ask_untimed(prompter, parsed)
                if choice is not options.untimed:
                    options = replace(options, untimed=choice)
                    parsed = parse(text, options)
            fresh = len(new_to(review, parsed.facts))
            _preview(prompter, parsed, review, fresh)
            question = f"Add {fresh:,} facts to {_name(review)}?"
            if too_many(fresh) is None and fresh and not prompter.confirm(question, default=True):
                print("nothing was imported.", file=sys.stderr)
                return EXIT_DECLINED
        except Cancelled:
            return mode.cancelled()
    problem = too_many(len(new_to(review, parsed.facts)))
    if problem is not None:
        print(f"pmtui facts import: {problem}. Nothing was written.", file=sys.stderr)
        return 2
    added = _save(ctx, review.id, parsed)
    already = len(parsed.facts) - added
    print(f"added {added:,} facts to {_name(review)}")
    if already:
        print(f"{already:,} of the facts read were in the timeline already.", file=sys.stderr)
    if parsed.attached or parsed.skipped or parsed.filtered or parsed.converted:
        print(parsed.summary(), file=sys.stderr)
    _coach(parsed, review)
    return 0


def read_input(name: str) -> tuple[str, str]:
    """The text to import and what the facts' evidence calls it (``-``: standard input)."""
    from pmtui.store.exports.timeline import decode, read_source

    if name == "-":
        return decode(sys.stdin.buffer.read()), "standard input"
    return read_source(Path(name))


def _save(ctx: Context, review_id: str, parsed: Parsed) -> int:
    """Add the facts to the freshest copy of the review, under the lock; how many were new."""
    import copy

    from pmtui.domain.timeline_import import add_to

    if not parsed.facts:
        return 0
    added: list[int] = []
    ctx.store.update(review_id, lambda r: added.append(add_to(r, copy.deepcopy(parsed.facts))))
    return added[-1]


def _coach(parsed: Parsed, review: Review) -> None:
    """The coach reads the imported facts as it reads typed ones; say what it found."""
    from pmtui.domain.coach import check_text, default_rules, review_names

    rules = default_rules()
    names = review_names(review)
    flagged = sum(
        1 for f in parsed.facts[:COACHED] if check_text("facts", f.what, names=names, rules=rules)
    )
    read = min(len(parsed.facts), COACHED)
    if flagged:
        print(
            f"the coach has hints on {flagged} of the {read:,} facts it read; "
            f"`pmtui check {review.id[:8]}` lists them.",
            file=sys.stderr,
        )


def _name(review: Review) -> str:
    from pmtui.domain.text import folded

    return f'{review.id[:8]} "{folded(review.title) or "untitled"}"'


# == at a terminal =============================================================


def _prompter() -> Prompter:
    from pmtui.prompts.ask import Prompter

    return Prompter.for_terminal()


def _pick_columns(prompter: Prompter, columns: Sequence[str], options: Options) -> Options:
    from dataclasses import replace

    choices = [(n, n) for n in columns]
    given = {c.lower() for c in columns}
    time_col, text_col = options.time_column, options.text_column
    if time_col.lower() not in given:
        time_col = prompter.select("Which column holds the time?", choices)
    if text_col.lower() not in given:
        text_col = prompter.select("Which column holds the text?", choices)
    return replace(options, time_column=time_col, text_column=text_col)


def _ask_untimed(prompter: Prompter, parsed: Parsed) -> Untimed:
    from pmtui.domain.timeline_import import Untimed

    return prompter.select(
        f"{parsed.attached:,} lines have no time of their own. What becomes of them?",
        [
            ("attach each to the fact before it (a message's next lines)", Untimed.ATTACH),
            ("skip them", Untimed.SKIP),
        ],
        default=Untimed.ATTACH,
    )


def _preview(prompter: Prompter, parsed: Parsed, review: Review, fresh: int) -> None:
    from pmtui.domain.text import folded
    from pmtui.domain.timeline_import import too_many

    prompter.say(f"Import into {_name(review)}: {parsed.summary()}.")
    if fresh < len(parsed.facts):
        prompter.say(f"{len(parsed.facts) - fresh:,} of them are in the timeline already.")
    if parsed.format.value == "csv":
        prompter.say(f"time from column {parsed.time_column!r}, text from {parsed.text_column!r}")
    facts = parsed.facts
    shown = facts if len(facts) <= PREVIEW_HEAD + PREVIEW_TAIL else facts[:PREVIEW_HEAD]
    for f in shown:
        prompter.say(f"  {f.at:<19}  {folded(f.what, 55)}")
    if len(facts) > len(shown):
        prompter.say(f"  ... {len(facts) - PREVIEW_HEAD - PREVIEW_TAIL:,} more ...")
        for f in facts[-PREVIEW_TAIL:]:
            prompter.say(f"  {f.at:<19}  {folded(f.what, 55)}")
    for note in parsed.notes[:5]:
        prompter.say(f"  note: {note}")
    problem = too_many(fresh)
    if problem:
        prompter.say(f"Not imported: {problem}.")
