"""Who counts as a person for the coach, beyond the words in its lists.

A name in a cause ("Dana restarted the primary") is blame whether or not it
is a common first name. pmtui already knows many of the names its users
write: the participants, facilitators and owners in the store, and on a
shared host the people who log in there. This module gathers them; the
coach's rules treat them as it treats a review's own participants.

It also holds the one rule for "is this owner a group", so the commitment
form and the coach can ask the same question.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from pmtui.domain.coach.lexicon import Lexicon
from pmtui.domain.coach.lexicon import load as load_lexicon
from pmtui.domain.summary import ListedReview, OpenCommitment

FIRST_USER_UID = 1000
"""Accounts below this are the system's own (Debian's and most distributions' UID_MIN)."""
LAST_USER_UID = 60000
_NO_LOGIN = re.compile(r"/(?:nologin|false|sync|halt|shutdown)$")
_GROUP_WORDS = frozenset({"team", "squad", "group", "everyone", "all"})
_SEPARATORS = (",", ";", " and ", "&", " + ", "/")


def is_group(owner: str, group_owners: Iterable[str]) -> bool:
    """Whether an owner names a group ("the team", "ops", "Ana and Lee") rather than one person.

    ``group_owners`` is the coach's word list of groups
    (``commitments.group_owners``, normalised to lower case).
    """
    low = " ".join(owner.lower().split())
    if low in set(group_owners):
        return True
    if any(sep in low for sep in _SEPARATORS):
        return True
    return any(w in _GROUP_WORDS for w in low.split())


def host_people(lexicon: Lexicon | None = None) -> tuple[str, ...]:
    """The login names and full names of the people with an account on this host.

    Only accounts that look like a person's count: a login shell, a user
    id in the range for people, and a full name of at least two words.
    Parts that are common words ("Build Bot", an account called
    "deploy") are left out, so a system named like a word stays a system.
    """
    return _host_people(lexicon or load_lexicon("en"))


@functools.lru_cache(maxsize=2)
def _host_people(lexicon: Lexicon) -> tuple[str, ...]:
    try:
        import pwd

        accounts = pwd.getpwall()
    except (ImportError, OSError):  # not a Unix host, or no user database to read
        return ()
    names: list[str] = []
    for acct in accounts:
        if not FIRST_USER_UID <= acct.pw_uid < LAST_USER_UID or _NO_LOGIN.search(acct.pw_shell):
            continue
        full = acct.pw_gecos.split(",", 1)[0].split()
        if len(full) < 2 or not all(p[:1].isupper() for p in full):
            continue
        for part in (acct.pw_name, *full):
            if len(part) > 1 and not lexicon.is_word(part.lower()):
                names.append(part)
    return tuple(dict.fromkeys(names))


def known_people(
    summaries: Iterable[ListedReview] = (),
    commitments: Iterable[OpenCommitment] = (),
    *,
    host: bool = True,
) -> tuple[str, ...]:
    """Names pmtui knows: the store's participants, facilitators and owners, and the host's.

    Owners that are groups ("the team", "Ana and Lee") are not one person and are left out.
    """
    out: list[str] = []
    for summary in summaries:
        out += [*summary.participants, summary.facilitator]
    out += [c.owner for c in commitments if not is_group(c.owner, ())]
    if host:
        out += host_people()
    return tuple(dict.fromkeys(n.strip() for n in out if n and n.strip()))
