"""``pmtui log``: log an incident in one line (its review comes later), or import a list.

Logging must cost nothing, or small incidents go unrecorded: this path reads
and writes only the store's incidents file and never loads the app or the
prompt library. The id goes to standard output; what the team's policy asks
for goes to standard error.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from pmtui.commands import Subcommands
from pmtui.context import Context

if TYPE_CHECKING:
    from datetime import tzinfo

    from pmtui.domain.incidents import Incident
    from pmtui.domain.policy import Policy

ORDER = 15

EPILOG = """\
WHEN accepts 2026-11-29 14:02, 14:02 (today), today, yesterday 14:02, or
an ISO 8601 time with a zone (2026-11-29T13:02:11Z), which is stored as
local time. Without --at the incident started now.

--import reads a CSV (first row names the columns) or a JSON list of
incidents, as pagers and incident tools export them: an id, a title, a
severity or priority, and a start time, matched by name. Importing the same
file again adds nothing twice; the whole file is checked first and refused
(nothing saved) if a row cannot be read.

examples:
  pmtui log "checkout 502s after deploy" --sev 2 --tag payments
  pmtui log "disk full on db-3" --at "yesterday 22:40"
  pmtui log --import pagerduty-incidents.csv
"""


def register(sub: Subcommands, parents: list[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "log",
        parents=parents,
        help="log an incident in one line (prints its id); review it later",
        description="Log an incident the moment it happens; the team's review policy "
        "(see `pmtui guide`) says which review it needs and by when.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("title", nargs="?", metavar="TITLE", help="what went wrong, in one line")
    p.add_argument(
        "--sev", metavar="N", help="severity: 1 (worst) to 5, SEV2, P2 or high (default: unrated)"
    )
    p.add_argument("--at", metavar="WHEN", help="when it started (default: now)")
    p.add_argument(
        "--tag", metavar="TAG", action="append", help="a tag; repeat or separate with commas"
    )
    p.add_argument(
        "--import",
        dest="import_file",
        metavar="FILE",
        help="log every incident of a CSV or JSON list exported from another tool",
    )
    p.add_argument(
        "--tz",
        metavar="ZONE",
        help="the local time zone offsets are converted into (default: this machine's)",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace, ctx: Context) -> int:
    from pmtui.domain.dates import zone_named

    local = zone_named(args.tz) if args.tz else None
    if args.import_file:
        if args.title or args.sev or args.at or args.tag:
            print(
                "pmtui log: --import reads titles, severities and times from the file; "
                "give either a TITLE or --import FILE. Nothing was written.",
                file=sys.stderr,
            )
            return 2
        return _import(Path(args.import_file), ctx, local)
    if not (args.title or "").strip():
        print(
            'pmtui log: say what went wrong: pmtui log "checkout 502s after deploy" [--sev 2]. '
            "Nothing was written.",
            file=sys.stderr,
        )
        return 2
    from pmtui.domain.incidents import new_incident, parse_severity, parse_started, split_tags

    now = ctx.clock()
    incident = new_incident(
        args.title,
        now=now,
        author=ctx.user,
        severity=parse_severity(args.sev),
        started=parse_started(args.at, now, local=local) if args.at else "",
        tags=split_tags(args.tag),
    )
    saved = ctx.store.add_incident(incident)
    print(saved.id)
    _say_what_is_due(saved, ctx)
    return 0


def _say_what_is_due(incident: Incident, ctx: Context) -> None:
    """One line on standard error: what the policy asks for, so nobody has to look it up."""
    from pmtui.domain.policy import status

    st = status(incident, team_policy(), ctx.today)
    sev = incident.severity or "unrated"
    due = f", due by {st.due.isoformat()}" if st.due is not None else ""
    if st.overdue:  # logged late: say so rather than name a day already gone
        due = f", due by {st.due.isoformat()}: overdue already" if st.due else ""
    start = f"`pmtui incidents --review {incident.id[:8]}` starts it"
    if st.rule.template == "quick":
        start += f", `pmtui quick --incident {incident.id[:8]}` holds it now"
    print(f"logged {incident.id[:8]} ({sev}): {st.rule.describe()}{due}. {start}.", file=sys.stderr)


def team_policy() -> Policy:
    """The team's policy; an unreadable policy file is said once, and the defaults used."""
    from pmtui.domain.policy import policy_or_default

    policy, problem = policy_or_default()
    if problem:
        print(f"pmtui: {problem}; using the built-in policy.", file=sys.stderr)
    return policy


def _import(path: Path, ctx: Context, local: tzinfo | None) -> int:
    from pmtui.domain.incident_list import ListProblem, read_list
    from pmtui.store.exports.importer import read_bounded
    from pmtui.store.incidents import merge_list

    try:
        data = read_bounded(path)
    except OSError as exc:
        print(f"pmtui log: cannot read {path}: {exc.strerror or exc}. Nothing was written.",
              file=sys.stderr)  # fmt: skip
        return 2
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        print(f"pmtui log: {path} is not UTF-8 text (byte {exc.start}). Nothing was written.",
              file=sys.stderr)  # fmt: skip
        return 2
    try:
        rows = read_list(text, source=path.name, author=ctx.user, now=ctx.clock(), local=local)
    except ListProblem as exc:
        print(f"pmtui log: cannot import {path}: {exc}. Nothing was written.", file=sys.stderr)
        return 2
    report = merge_list(ctx.store, rows)
    print(report.line())
    return 0
