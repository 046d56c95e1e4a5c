"""gh: a POSIX shell script of ``gh issue create`` commands, to read and then run.

pmtui stores no token and calls no network: the script is text the user
reviews and runs with their own ``gh`` login, in the repository they choose.
Every title and body is single-quoted for the shell (:func:`shlex.quote`),
so nothing in user text can run. ``--assignee`` is added only when the owner
is written as a GitHub handle (``@name``); a plain name might be someone else
on GitHub. Each issue is labelled with its type and priority (``type:
prevent``, ``priority: P1``); the script creates those labels first. Only
open commitments become issues.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Sequence
from datetime import date

from pmtui.domain.incidents import Incident
from pmtui.domain.model import Commitment, Review
from pmtui.store.exports import prepared

HANDLE = re.compile(r"@([A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38})")
"""GitHub's login rules: letters, digits, single inner hyphens, at most 39."""

HEADER = """\
#!/bin/sh
# Issues for the open commitments of pmtui reviews, made by `pmtui export --format gh`.
# Read it first. Then run it from a clone of the repository the issues belong in:
#   sh THIS-FILE
# It uses your own `gh` login; pmtui keeps no token and contacted nothing.
set -eu
"""


def render(
    reviews: Sequence[Review],
    *,
    anonymize: bool = False,
    today: date,
    incidents: Sequence[Incident] = (),
) -> str:
    out = [HEADER]
    chosen = [(r, c) for r in prepared(reviews, anonymize) for c in r.open_commitments()]
    names = sorted({name for _r, c in chosen for name in labels(c)})
    if names:
        out.append(
            "# Labels for the type and priority of each issue (--force: fine if they exist)."
        )
        out += [f"gh label create {shlex.quote(name)} --force" for name in names]
        out.append("")
    for review, c in chosen:
        out.append(command(review, c))
    if not chosen:
        out.append("# No open commitments: nothing to create.\n")
    return "\n".join(out)


def labels(c: Commitment) -> list[str]:
    """``type: prevent`` and ``priority: P1``, for what the commitment has."""
    out = [f"type: {c.type}" if c.type else "", f"priority: {c.priority}" if c.priority else ""]
    return [" ".join(label.split())[:50] for label in out if label]


def handle(owner: str) -> str | None:
    """The GitHub login in ``@login``, or ``None`` when the owner is not written so."""
    m = HANDLE.fullmatch(owner.strip())
    return m.group(1) if m else None


def command(review: Review, c: Commitment) -> str:
    title = " ".join(c.deliverable.split())
    if len(title) > 200:
        title = title[:199] + "…"
    # --flag=value keeps a value that starts with "-" from reading as a flag.
    args = [
        "gh",
        "issue",
        "create",
        f"--title={title or 'Commitment'}",
        f"--body={body(review, c)}",
    ]
    login = handle(c.owner)
    if login:
        args.append(f"--assignee={login}")
    args += [f"--label={label}" for label in labels(c)]
    comment = f"# {review.id[:8]}: {' '.join(review.title.split())}"
    return comment.replace("\n", " ") + "\n" + " ".join(shlex.quote(a) for a in args) + "\n"


def body(review: Review, c: Commitment) -> str:
    lines = [
        f'From the pmtui review "{review.title}" (id {review.id}, {review.kind.label}).',
        "",
        f"Deliverable: {c.deliverable}",
        f"Owner: {c.owner or 'none'}",
        f"Done when: {c.done_when or 'not written'}",
        f"Due: {c.due.isoformat() if c.due else 'no date'}",
    ]
    if c.link:
        lines.append(f"Tracked in: {c.link}")
    causes = [x.statement for x in review.addressed(c)]
    if causes:
        lines += ["", "Addresses:", *(f"- {s}" for s in causes)]
    return "\n".join(lines)
