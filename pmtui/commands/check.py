"""``pmtui check REVIEW_ID``: every open coach finding of a stored review.

Open means not set aside in the app with a reason. Meant for scripts (a
pre-publication check) as much as for people.
"""

from __future__ import annotations

import argparse
import json

from pmtui.commands import Subcommands
from pmtui.context import Context

ORDER = 71

EXIT_CLEAN = 0
EXIT_FINDINGS = 1

EPILOG = """\
each finding: the stage, the rule id, the item it is about, the message and
a suggestion. Hints set aside in the app (with a reason) are not printed.

exit status:
  0  no open findings
  1  at least one open finding
  2  an error: no such review, an ambiguous id prefix, an unreadable store
     or coach file
"""


def register(sub: Subcommands, parents: list[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "check",
        parents=parents,
        help="print every open coach finding of a review (exit 1 if any)",
        description="Print every open coach finding of a stored review: wording, missing "
        "times and evidence, causes without a why, commitments without owner, date or "
        "done-when, and causes that recur from earlier reviews.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("review_id", metavar="REVIEW_ID", help="a review id or a unique prefix of one")
    p.add_argument("--json", action="store_true", help="print a JSON array of findings")
    p.set_defaults(func=run)


def run(args: argparse.Namespace, ctx: Context) -> int:
    from pmtui.domain.coach import check_review, default_rules, known_people
    from pmtui.domain.text import folded

    rules = default_rules()  # an unreadable coach file is reported by pmtui.cli, exit 2
    store = ctx.store
    review = store.get(store.resolve(args.review_id))
    history = store.summaries()
    people = known_people(history, store.open_commitments())
    findings = check_review(review, history=history, today=ctx.today, rules=rules, names=people)
    if args.json:
        from pmtui.domain.text import json_shown

        print(
            json_shown(
                json.dumps(
                    [
                        {
                            "rule": f.rule,
                            "stage": f.stage,
                            "item": f.item_id,
                            "field": f.field,
                            "message": f.message,
                            "suggestion": f.suggestion,
                        }
                        for f in findings
                    ],
                    ensure_ascii=False,
                    indent=2,
                )
            )
        )
        return EXIT_FINDINGS if findings else EXIT_CLEAN
    title = folded(review.title, 300) or "untitled"
    if not findings:
        print(f"{review.id[:8]}  {title}: no open coach findings")
        return EXIT_CLEAN
    print(f"{review.id[:8]}  {title}: {len(findings)} open finding(s)")
    for f in findings:
        what = review.item_text(f.item_id) if f.item_id else None
        print(f"\n{f.stage:<12} [{f.rule}]  {folded(what or '', 70)}")
        print(f"  {f.message}")
        if f.suggestion:
            print(f"  try: {f.suggestion}")
    return EXIT_FINDINGS
