"""``pmtui coach``: read statements on standard input, print what the coach notices.

Used by scripts and by pmtui's own quality checks: one statement per line,
and with ``--json`` one JSON object per input line, in the same order.
Only the wording rules apply here; the rules about fields (a fact's time and
evidence, a commitment's owner and date, a "why?" below a cause) need a
whole review: see ``pmtui check``.
"""

from __future__ import annotations

import argparse
import json
import sys

from pmtui.commands import Subcommands
from pmtui.context import Context

ORDER = 70

EPILOG = """\
each input line is one statement: a fact, a cause, or a commitment's
deliverable. With --json, each output line is
  {"text": ..., "findings": [{"rule": ..., "message": ..., "suggestion": ...}]}
with an empty list when the statement is fine.

exit status: 0 after reading all input (findings or not), 2 on an error.

example:  printf 'Lee restarted the wrong cluster\\n' | pmtui coach --stage causes
"""


def register(sub: Subcommands, parents: list[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "coach",
        parents=parents,
        help="check statements on stdin for blame, hindsight and vague wording",
        description="Read one statement per line on standard input and print the coach's "
        "findings for each.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "--stage",
        required=True,
        choices=("facts", "causes", "commitments"),
        help="the stage the statements belong to",
    )
    p.add_argument("--json", action="store_true", help="one JSON object per input line")
    p.set_defaults(func=run)


def run(args: argparse.Namespace, ctx: Context) -> int:
    from pmtui.domain.coach import check_text, default_rules
    from pmtui.domain.text import json_shown

    rules = default_rules()  # an unreadable coach file is reported by pmtui.cli, exit 2
    names = _people(ctx)
    out = sys.stdout
    # Bytes that are not UTF-8 are read as U+FFFD, as careful filters do, not a traceback.
    if hasattr(sys.stdin, "reconfigure"):
        sys.stdin.reconfigure(errors="replace")
    for raw in sys.stdin:
        text = raw.rstrip("\r\n")
        findings = check_text(args.stage, text, names=names, rules=rules)
        if args.json:
            record = {
                "text": text,
                "findings": [
                    {"rule": f.rule, "message": f.message, "suggestion": f.suggestion}
                    for f in findings
                ],
            }
            out.write(json_shown(json.dumps(record, ensure_ascii=False)) + "\n")
            out.flush()
            continue
        if not text.strip():
            continue
        out.write(("ok    " if not findings else "hint  ") + text + "\n")
        for f in findings:
            out.write(f"      [{f.rule}] {f.message}\n")
            if f.suggestion:
                out.write(f"        try: {f.suggestion}\n")
    return 0


def _people(ctx: Context) -> tuple[str, ...]:
    """The people pmtui knows (the store's and this host's), so their names read as people.

    A missing or unreadable store only means fewer names: the statements on
    standard input are still read.
    """
    from pmtui.domain.coach import known_people
    from pmtui.store.errors import StoreError

    if not ctx.store_path.exists():
        return known_people()
    try:
        store = ctx.store
        return known_people(store.summaries(), store.open_commitments())
    except (StoreError, OSError, ValueError):  # pmtui check reports a damaged store
        return known_people()
