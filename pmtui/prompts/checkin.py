"""The team check-in: how everyone is, what is in the way, where commitments stand.

Everything is asked first and written at the end in one store batch, so
Ctrl-C at any question writes nothing. Moods and obstacles are entries of a
check-in review (sections ``mood`` and ``in_the_way``, authored by the
person they are about); an outcome for a commitment is recorded on its own
review through the follow-up rules; a commitment that stays open can get a
note, kept as a ``status`` entry of the check-in.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING

from pmtui.domain.model import Entry, Kind, Outcome, Review, Status
from pmtui.domain.summary import OpenCommitment
from pmtui.domain.text import first_line, plural
from pmtui.prompts import followup
from pmtui.prompts.ask import Cancelled, Prompter
from pmtui.prompts.hints import Coach, ask_with_hints
from pmtui.prompts.quick import TITLE_LENGTH

if TYPE_CHECKING:
    from pmtui.store.repository import Store

MOOD_FORMS = "one word, or a number from 1 (low) to 5 (great)"
MOOD_LENGTH = 30
OPEN = "open"


def check_mood(text: str) -> str | None:
    """``None`` for a mood pmtui keeps, else what a mood should look like."""
    mood = text.strip()
    if not mood or len(mood.split()) != 1 or len(mood) > MOOD_LENGTH:
        return f"a mood is {MOOD_FORMS}"
    if mood.isdigit() and not 1 <= int(mood) <= 5:
        return f"a number mood is from 1 to 5 ({mood} is not)"
    return None


@dataclass
class Update:
    """What the check-in says about one open commitment."""

    answers: followup.FollowUpAnswers | None = None
    """An outcome to record; ``None`` leaves the commitment open."""
    note: str = ""


@dataclass
class CheckinAnswers:
    title: str = ""
    people: list[str] = field(default_factory=list)
    moods: dict[str, str] = field(default_factory=dict)
    in_the_way: dict[str, str] = field(default_factory=dict)
    updates: dict[str, Update] = field(default_factory=dict)
    """By commitment id."""

    def mood(self, person: str) -> str:
        return _lookup(self.moods, person)

    def obstacle(self, person: str) -> str:
        return _lookup(self.in_the_way, person)


def _lookup(by_person: dict[str, str], person: str) -> str:
    want = person.casefold()
    return next((v for k, v in by_person.items() if k.casefold() == want), "")


def missing(a: CheckinAnswers) -> list[str]:
    """The flags a scripted check-in still needs: a mood for everyone present."""
    lacking = [f"--mood {p}=MOOD" for p in a.people if not a.mood(p)]
    for cid, update in a.updates.items():
        ans = update.answers
        if ans is not None and ans.outcome is Outcome.DROPPED and not ans.reason:
            lacking.append(f"--update {cid}=dropped:REASON")
    return lacking


def commitments_of(store: Store, people: Sequence[str]) -> list[OpenCommitment]:
    """Open commitments owned by anyone present, soonest due first."""
    present = {p.casefold() for p in people}
    return [c for c in store.open_commitments() if c.owner.casefold() in present]


def ask(
    prompter: Prompter,
    given: CheckinAnswers,
    store: Store,
    *,
    user: str,
    now: datetime,
    categories: Sequence[str],
    make_coach: Callable[[Sequence[str]], Coach] | None = None,
) -> tuple[CheckinAnswers, list[OpenCommitment]]:
    """Ask what ``given`` lacks; returns the answers and the commitments they cover.

    ``make_coach`` builds the coach once the people present are known, so a
    name written as an obstacle is recognised as a person.
    """
    a = CheckinAnswers(
        title=given.title,
        people=list(given.people),
        moods=dict(given.moods),
        in_the_way=dict(given.in_the_way),
        updates=dict(given.updates),
    )
    today = now.date()
    if not a.people:
        raw = prompter.text(
            "Who is here? (names, separated by commas)", default=user, required=True
        )
        a.people = split_people(raw)
    coach = make_coach(a.people) if make_coach else None
    try:
        return _ask_people_and_items(prompter, a, given, store, today, categories, coach)
    except Cancelled:
        typed = [p for p in a.people if a.mood(p) and not given.mood(p)]
        if not typed or not _keep(prompter, len(typed)):
            raise
        a.people = [p for p in a.people if a.mood(p)]  # who answered, nobody else
        return a, commitments_of(store, a.people)


def _keep(prompter: Prompter, moods: int) -> bool:
    """After Ctrl-C: keep the moods already typed? A second Ctrl-C means no."""
    try:
        return prompter.confirm(
            f"Stopped. Keep the {plural(moods, 'mood')} already entered?",
            default=True,
        )
    except Cancelled:
        return False


def _ask_people_and_items(
    prompter: Prompter,
    a: CheckinAnswers,
    given: CheckinAnswers,
    store: Store,
    today: date,
    categories: Sequence[str],
    coach: Coach | None,
) -> tuple[CheckinAnswers, list[OpenCommitment]]:
    for person in a.people:
        if not a.mood(person):
            a.moods[person] = prompter.text(
                f"{person}: how are you doing?",
                required=True,
                check=check_mood,
                instruction=f"({MOOD_FORMS})",
            )
        if not a.obstacle(person):
            a.in_the_way[person] = ask_with_hints(
                prompter,
                coach,
                "causes",
                f"{person}: is anything in the way? (Enter for nothing)",
                required=False,
            )
    items = commitments_of(store, a.people)
    for n, item in enumerate(items, 1):
        if item.id in a.updates:
            continue
        prompter.say(f"[{n}/{len(items)}] {followup.describe(item, today)}")
        got = followup.ask(
            prompter,
            item,
            followup.FollowUpAnswers(),
            today=today,
            categories=categories,
            coach=coach,
            extra=[("still open (add a note)", OPEN), ("skip", followup.SKIP)],
        )
        if isinstance(got, followup.FollowUpAnswers):
            a.updates[item.id] = Update(answers=got)
        elif got == OPEN:
            a.updates[item.id] = Update(
                note=prompter.text("A note on where it stands (Enter for none)")
            )
    return a, items


def split_people(raw: str) -> list[str]:
    seen: dict[str, str] = {}
    for name in raw.split(","):
        if name.strip():
            seen.setdefault(name.strip().casefold(), name.strip())
    return list(seen.values())


def build_review(
    a: CheckinAnswers, items: Sequence[OpenCommitment], *, user: str, now: datetime
) -> Review:
    entries: list[Entry] = []
    for person in a.people:
        if a.mood(person):
            entries.append(Entry(section="mood", text=a.mood(person), author=person))
        if a.obstacle(person):
            entries.append(Entry(section="in_the_way", text=a.obstacle(person), author=person))
    by_id = {c.id: c for c in items}
    for cid, update in a.updates.items():
        item = by_id[cid]
        if update.answers is None and update.note:
            entries.append(
                Entry(
                    section="status",
                    text=f"{first_line(item.deliverable, TITLE_LENGTH, more='')}: {update.note}",
                    author=item.owner,
                )
            )
    return Review(
        title=a.title or f"Team check-in {now.date().isoformat()}",
        kind=Kind.CHECKIN,
        happened=now.date().isoformat(),
        created=now,
        updated=now,
        status=Status.REVIEWED,
        participants=list(a.people),
        facilitator=user,
        entries=entries,
        template=Kind.CHECKIN.value,
        author=user,
    )


def save(
    store: Store,
    a: CheckinAnswers,
    items: Sequence[OpenCommitment],
    *,
    user: str,
    now: datetime,
) -> Review:
    """Write the check-in and every recorded outcome together, in one batch."""
    review = build_review(a, items, user=user, now=now)
    by_id = {c.id: c for c in items}
    outcomes: dict[str, list[tuple[str, followup.FollowUpAnswers]]] = {}
    for cid, update in a.updates.items():
        if update.answers is not None:
            outcomes.setdefault(by_id[cid].review_id, []).append((cid, update.answers))
    with store.batch() as txn:
        txn.put(review)
        for review_id, answers in outcomes.items():
            target = txn.get(review_id)
            if target is None:
                from pmtui.store.errors import NotFoundError

                raise NotFoundError(f"review {review_id} was deleted during the check-in")
            for cid, ans in answers:
                followup.apply(target, cid, ans, now=now, by=user)
            txn.put(target)
    return review


# -- flags ----------------------------------------------------------------------


def parse_by_person(values: Sequence[str], people: Sequence[str], flag: str) -> dict[str, str]:
    """Read ``NAME=VALUE`` flags; with one person present, a bare ``VALUE`` is theirs."""
    from pmtui.domain.model import ValidationError

    names = {p.casefold(): p for p in people}
    out: dict[str, str] = {}
    for raw in values:
        name, sep, value = raw.partition("=")
        if sep and name.strip().casefold() in names:
            out[names[name.strip().casefold()]] = value.strip()
        elif len(people) == 1:
            out[people[0]] = raw.strip()
        else:
            raise ValidationError(
                flag, f"NAME=VALUE where NAME is one of the people present ({', '.join(people)})"
            )
    return out


def parse_update(raw: str, items: Sequence[OpenCommitment], today: date) -> tuple[str, Update]:
    """Read ``--update ID=STATUS[@DATE][:TEXT]`` for one open commitment of someone present.

    STATUS is ``open`` (TEXT is a note), ``kept``, ``partly`` or ``not-kept``
    (TEXT is what got in the way; ``@DATE`` is the new due date that keeps
    it open) or ``dropped`` (TEXT is the reason).
    """
    from pmtui.domain.dates import parse_date
    from pmtui.domain.model import UNFINISHED, ValidationError
    from pmtui.prompts.choices import parse_outcome

    ref, sep, rest = raw.partition("=")
    if not sep:
        raise ValidationError(
            "--update", "ID=STATUS or ID=STATUS:TEXT, such as 3f2a=open:waiting on review"
        )
    item = followup.find(items, ref, "--update")
    status, _, text = rest.partition(":")
    status, at, when = status.partition("@")
    text = text.strip()
    if status.strip().lower() == OPEN and not at:
        return item.id, Update(note=text)
    outcome = parse_outcome(status, "--update")
    if outcome is Outcome.KEPT and text:
        raise ValidationError(
            "--update", "no :TEXT after kept (it is for open, partly, not-kept, dropped)"
        )
    if outcome in UNFINISHED and not at:
        said, who = status.strip(), ref.strip()
        raise ValidationError(
            "--update",
            f"a new due date after {said}, such as {who}={said}@+2w:TEXT (the rest stays "
            f"open), or {who}=dropped:REASON to let it go",
        )
    if at and outcome not in UNFINISHED:
        raise ValidationError("--update", "@DATE only after partly or not-kept")
    answers = followup.FollowUpAnswers(
        outcome=outcome,
        in_the_way=text if outcome in UNFINISHED else "",
        reason=text if outcome is Outcome.DROPPED else "",
        new_due=parse_date(when, today) if at else None,
    )
    return item.id, Update(answers=answers)
