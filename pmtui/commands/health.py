"""``pmtui health``: the four ways reviews fail, per month, without the full screen.

Blame, skipped reviews, shallow analysis and follow-through
(:mod:`pmtui.domain.health`), from the index's per-review numbers and the
incidents file, never from every review: a table, JSON with one object per
month, or a Markdown report for the monthly team meeting.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import textwrap
from typing import TYPE_CHECKING

from pmtui.commands import Subcommands, add_output, only_with_output
from pmtui.context import Context

if TYPE_CHECKING:
    from pmtui.domain.health import Health

ORDER = 48
DEFAULT_SINCE = "6m"

EPILOG = """\
the four figures, per month (the month a review was held; for skipped, the
month the incident started; for follow-through, the month commitments were
first due):
  blame           statements the coach flagged for blame or hindsight when
                  written, of those it judged; rewritten, set aside
  skipped         incidents past the team's policy without a held review,
                  of those due one; reviews held late, days to review
  shallow         top causes with no "why" below them; tree depth; causes
                  that recur from earlier reviews
  follow-through  commitments kept by their due date, of those due; kept
                  late, open past due, re-planned (moved), dropped;
                  follow-ups held on time

exit status: 0, or 2 on an error (a --since pmtui cannot read, a store it
cannot open, a report file it cannot write).

examples:
  pmtui health                         # the last six months, as a table
  pmtui health --since 12m --json      # one JSON object per month
  pmtui health -o health-2026-11.md    # a Markdown report with the charts' numbers
  pmtui health --json -o health.json   # the JSON, written to a file
"""


def register(sub: Subcommands, parents: list[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "health",
        parents=parents,
        help="practice health per month: blame, skipped reviews, shallow causes, follow-through",
        description="Print the four figures of practice health per month, each with its "
        "counts, from the store's index (never reading every review).",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "--since",
        metavar="PERIOD",
        default=DEFAULT_SINCE,
        help="how far back: 6m is this month and the five before it (default), 8w or 90d "
        "start that many days ago, 2026-06 names the first month",
    )
    p.add_argument("--json", action="store_true", help="print one JSON object per month")
    add_output(
        p,
        metavar="FILE",
        help="write a Markdown report with the charts' numbers to FILE (inside the current "
        "directory); with --json, the JSON",
        long=False,
    )
    p.add_argument(
        "--recompute",
        action="store_true",
        help="judge every statement again with today's coach (reads every review; labelled "
        "as a recompute, never stored)",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace, ctx: Context) -> int:
    from pmtui.commands.log import team_policy
    from pmtui.domain.health import since_month
    from pmtui.domain.verdicts import coach_judge
    from pmtui.store.exports.output import OutputRefused, target, write
    from pmtui.store.health import practice_health

    first = since_month(ctx.today, args.since)  # a bad --since: one line, exit 2
    only_with_output(args, "FILE", "--force")
    path = target(args.output, os.getcwd(), dir_flag=False) if args.output is not None else None
    health = practice_health(
        ctx.store,
        ctx.today,
        team_policy(),
        first_month=first,
        recompute=coach_judge() if args.recompute else None,
    )
    if path is not None:
        text = _json(health) if args.json else report(health, ctx.today.isoformat())
        try:
            write(path, text, force=args.force)
        except OSError as exc:
            raise OutputRefused(
                f"cannot write {path}: {exc.strerror or exc}. Nothing was written."
            ) from None
        print(f"wrote {path}", file=sys.stderr)
        return 0
    if args.json:
        print(_json(health), end="")
        return 0
    for line in table(health):
        print(line)
    return 0


def _json(health: Health) -> str:
    return json.dumps(as_json(health), indent=2, ensure_ascii=False) + "\n"


def as_json(health: Health) -> list[dict[str, object]]:
    """One object per month; a recompute says so in every object."""
    out = []
    for m in health.months:
        data = m.to_json()
        if health.recomputed:
            data["blame"]["recomputed"] = True
        out.append(data)
    return out


def table(health: Health) -> list[str]:
    """The figures per month in 80 columns: share and count, with a note on what they mean."""
    from pmtui.domain.health import FIGURES, headline

    lines = [f"{'month':<8} " + " ".join(f"{name:<17}" for name in FIGURES).rstrip()]
    for m in health.months:
        cells = [headline(m.figure(name)) for name in FIGURES]
        lines.append(f"{m.month:<8} " + " ".join(f"{c:<17}" for c in cells).rstrip())
    if not health.months:
        lines.append("(no month to show)")
    lines.append("")
    for note in _notes(health):
        lines += textwrap.wrap(note, width=80)
    return lines


def _notes(health: Health) -> list[str]:
    from pmtui.domain.health import change

    notes = [
        "blame: flagged of judged statements; skipped: of incidents due a review; shallow: "
        "top causes with no why; follow-through: kept by the due date of those due. "
        "--json and -o FILE give every count.",
    ]
    if health.recomputed:
        notes.append(
            "blame is RECOMPUTED with today's coach, not as shown when the statements were written."
        )
    if len(health.months) >= 1:
        last = health.months[-1]
        before = health.months[-2] if len(health.months) >= 2 else None
        notes += [change(name, before, last) for name in ("blame", "skipped", "shallow")]
        notes.append(change("follow-through", before, last))
    return notes


def report(health: Health, today: str) -> str:
    """The Markdown report: per figure, a table of every month's numbers and what changed."""
    from pmtui.domain.health import FIGURES, TITLES, change, percent
    from pmtui.domain.text import shown

    lines = [f"# Practice health, {today}", ""]
    if health.months:
        lines.append(f"From {health.months[0].month} to {health.months[-1].month}.")
    if health.recomputed:
        lines.append(
            "Blame is **recomputed** with today's coach, not as shown when the statements "
            "were written."
        )
    lines.append("")
    for name in FIGURES:
        lines += [f"## {TITLES[name]}", ""]
        counts = list(health.months[0].figure(name).counts()) if health.months else []
        lines.append("| month | % | " + " | ".join(c.replace("_", " ") for c in counts) + " |")
        lines.append("| --- | ---: |" + " ---: |" * len(counts))
        for m in health.months:
            fig = m.figure(name)
            values = ["-" if v is None else str(v) for v in fig.counts().values()]
            lines.append(f"| {m.month} | {percent(fig.share)} | " + " | ".join(values) + " |")
        if health.months:
            before = health.months[-2] if len(health.months) >= 2 else None
            lines += ["", change(name, before, health.months[-1])]
        lines.append("")
    return shown("\n".join(lines), multiline=True)
