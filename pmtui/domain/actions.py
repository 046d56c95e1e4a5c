"""Action items as practitioners track them: a type, a priority, and a link to the ticket.

The type says what a change does to the next incident (prevents it, limits
it, notices it sooner, changes how people work); the priority is the team's
own scale (P0 to P2 unless a template says otherwise); the link points at the
tracker where the work is followed: a URL, an issue key such as ``OPS-123``,
or a GitHub reference such as ``#42`` or ``acme/shop#42``. These rules are
the one home for the form, the import checks and the exports.
"""

from __future__ import annotations

import re

ACTION_TYPE_HELP = {
    "prevent": "makes it less likely to happen again",
    "mitigate": "limits the damage or shortens recovery next time",
    "detect": "notices it sooner",
    "process": "changes how people work (runbooks, reviews, rotas)",
    "other": "anything else",
}
MANY_COMMITMENTS = 10
"""More open commitments than this in one review, and the coach says few will be kept."""
VALUE_LIMIT = 40
"""Characters of a type or a priority."""
LINK_LIMIT = 2000
"""Characters of a tracking link (a long tracker URL fits)."""

_URL = re.compile(r"https?://[^\s/?#]+[^\s]*", re.IGNORECASE)
_ISSUE_KEY = re.compile(r"[A-Z][A-Z0-9_]{0,19}-[1-9][0-9]{0,9}")
_GITHUB_REF = re.compile(
    r"(?:[A-Za-z0-9][A-Za-z0-9-]{0,38}/[A-Za-z0-9._-]{1,100})?#[1-9][0-9]{0,9}"
)
LINK_FORMS = "a URL (https://...), an issue key such as OPS-123, or #42 / owner/repo#42"


def link_problem(link: str) -> str | None:
    """What is wrong with a tracking link, or ``None`` when it is one (or empty)."""
    text = link.strip()
    if not text:
        return None
    if len(text) > LINK_LIMIT:
        return f"at most {LINK_LIMIT:,} characters (not {len(text):,})"
    if _URL.fullmatch(text) or _ISSUE_KEY.fullmatch(text) or _GITHUB_REF.fullmatch(text):
        return None
    return f"{LINK_FORMS}, not {text[:40]!r}"
