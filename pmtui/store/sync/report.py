"""What a sync did, in words: what came in (and from whom), what went out, what was kept.

The engine fills a :class:`SyncReport` as it goes; :meth:`SyncReport.lines`
turns it into the lines ``pmtui sync`` prints and the app shows. The first
line sums up what came in, for example "2 reviews changed by two teammates,
1 new commitment for you."; the lines below name the reviews and people.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pmtui.domain import conflicts
from pmtui.domain.model import Commitment, KeptText, Review
from pmtui.domain.rounds import same_person
from pmtui.domain.text import clean, first_line, plural, word_for

_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


@dataclass
class Arrival:
    """One review that came in from the remote."""

    review_id: str
    title: str
    authors: list[str]
    how: str
    """``added``, ``changed`` or ``deleted``."""


@dataclass
class Kept:
    """A conflict the merge kept: both texts are in the review, one of them set aside."""

    title: str
    place: str
    kept: KeptText


@dataclass
class SyncReport:
    user: str
    remote: str = "origin"
    arrivals: list[Arrival] = field(default_factory=list)
    new_for_me: list[tuple[str, Commitment]] = field(default_factory=list)
    """(review title, commitment) for commitments now owned by the user that were not before."""
    kept: list[Kept] = field(default_factory=list)
    kept_here: list[tuple[str, str]] = field(default_factory=list)
    """(title, who deleted it) of reviews deleted there and changed here: kept."""
    kept_there: list[tuple[str, str]] = field(default_factory=list)
    """(title, who changed it) of reviews deleted here and changed there: back in the store."""
    unreadable: list[tuple[str, str]] = field(default_factory=list)
    """(path, reason) of files from the remote that did not pass import's checks."""
    sent: set[str] = field(default_factory=set)
    """Reviews changed here and now on the remote."""
    pushed: bool = False
    problem: str | None = None
    """Why the remote could not be reached or refused the changes."""

    # -- filling ------------------------------------------------------------------

    def arrived(self, review_id: str, title: str, authors: list[str], how: str) -> None:
        names = [clean(a) for a in authors if clean(a)]
        self.arrivals.append(Arrival(review_id, title, list(dict.fromkeys(names)), how))

    def commitments_for_me(self, before: Review | None, after: Review) -> None:
        mine_before = {
            c.id for c in (before.commitments if before else []) if same_person(c.owner, self.user)
        }
        for c in after.commitments:
            if same_person(c.owner, self.user) and c.id not in mine_before and c.is_open:
                self.new_for_me.append((after.title, c))

    def conflict(self, review: Review, kept: KeptText) -> None:
        self.kept.append(Kept(review.title, conflicts.place(review, kept), kept))

    # -- words ---------------------------------------------------------------------

    @property
    def changed(self) -> bool:
        return bool(self.arrivals or self.sent)

    def teammates(self) -> list[str]:
        names: list[str] = []
        for arrival in self.arrivals:
            for name in arrival.authors:
                if not same_person(name, self.user) and not any(
                    same_person(name, n) for n in names
                ):
                    names.append(name)
        return names

    def headline(self) -> str:
        """ "2 reviews changed by two teammates, 1 new commitment for you." or "Nothing came in."""
        if not self.arrivals:
            head = "Nothing came in"
        else:
            people = self.teammates()
            if people:
                who = f"by {_count_word(len(people))} {word_for(len(people), 'teammate')}"
            else:
                who = "elsewhere by you"
            n = len(self.arrivals)
            head = f"{plural(n, 'review')} changed {who}"
        mine = len(self.new_for_me)
        if mine:
            head += f", {plural(mine, 'new commitment')} for you"
        return head + "."

    def lines(self) -> list[str]:
        out = [self.headline()]
        for a in self.arrivals:
            by = ", ".join(a.authors) or "someone"
            out.append(f"  “{a.title}”: {a.how} by {by}")
        for title, c in self.new_for_me:
            due = f", due {c.due.isoformat()}" if c.due else ""
            out.append(f"  new for you: “{first_line(c.deliverable, 60)}” in “{title}”{due}")
        for k in self.kept:
            if k.kept.deleted:
                out.append(
                    f"  {conflicts.person(k.kept.replaced_by)} deleted {k.place} in "
                    f"“{k.title}”, which {_name(k.kept.by, self.user)} changed: the edit is kept "
                    "with the review (open it, press k to put it back)"
                )
            else:
                out.append(
                    f"  {k.place} of “{k.title}” was changed on both sides: "
                    f"{_name(k.kept.replaced_by, self.user, owner=True)} text stays, "
                    f"{_name(k.kept.by, self.user, owner=True)} is kept with the review "
                    "(open it, press k)"
                )
        for title, who in self.kept_here:
            out.append(
                f"  “{title}” was deleted by {who or 'someone'} but changed here: it is kept, "
                "and the next sync sends it back"
            )
        for title, who in self.kept_there:
            out.append(
                f"  “{title}” was deleted here but changed by {who or 'someone'}: it is back"
            )
        for path, reason in self.unreadable:
            out.append(f"  left out {path}: {reason}")
        sent = len(self.sent)
        if self.problem:
            out.append(
                f"Not synced with {self.remote}: {self.problem}. Changes made here are recorded "
                "and the next `pmtui sync` sends them."
            )
        elif sent:
            out.append(f"Sent {plural(sent, 'changed review')} to {self.remote}.")
        elif self.pushed or not self.arrivals:
            out.append(f"Nothing to send; {self.remote} is up to date.")
        return out


def _count_word(n: int) -> str:
    return _WORDS[n] if n < len(_WORDS) else str(n)


def _name(name: str, user: str, *, owner: bool = False) -> str:
    if same_person(name, user):
        return "your" if owner else "you"
    who = conflicts.person(name)
    return f"{who}'s" if owner else who
