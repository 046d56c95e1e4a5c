"""The team's review policy: which incidents need which review, and by when.

The defaults follow common practice: the worst incidents (SEV1, SEV2) get a
full postmortem within five working days, SEV3 and incidents nobody rated
yet a quick review within two days, SEV4 and SEV5 a review only if someone
wants one. A team changes any of it in ``policy.toml`` in the config dir
(one table per severity; a table the file leaves out keeps the default)::

    [SEV3]
    review = "postmortem"        # the template a review starts from
    within = "3 working days"    # or "2 days", "1 week", or "optional"

What an incident's review stands at (:func:`status`) is computed from the
incident, the review started from it (if any), the policy and the day, never
stored, so changing the policy changes what is due at once. It reads four
facts of the incident (:class:`Logged`): a whole
:class:`~pmtui.domain.incidents.Incident`, or those facts alone as the app's
first frame reads them (:class:`~pmtui.domain.incident_facts.IncidentFacts`),
so the line counting incidents without a review is the same rule either way.
Its records are named tuples: the module loads before the first frame of a
store with incidents logged, and Python builds a dataclass's methods as its
module loads (its six frozen dataclasses took about 2 ms of that frame).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, NamedTuple, Protocol, TypeVar

from pmtui.domain.config_files import ConfigFileError, read_toml
from pmtui.domain.kinds import SEVERITIES
from pmtui.domain.text import plural

if TYPE_CHECKING:
    from pmtui.domain.incidents import Incident
    from pmtui.domain.templates import Template

FILE = "policy.toml"
UNRATED = "unrated"
"""The policy's name for incidents logged without a severity."""
LEVELS = (*SEVERITIES, UNRATED)
_WITHIN = re.compile(
    r"^(?P<n>\d{1,3})\s*(?P<unit>working days?|work days?|business days?|wd|days?|d|weeks?|w)$"
)
_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
WITHIN_FORMS = '"5 working days", "2 days", "1 week" or "optional"'


class PolicyError(ConfigFileError):
    """The policy file holds something pmtui cannot use; the message names the key."""


class ReviewState(StrEnum):
    """Where an incident's review stands on a given day."""

    DONE = "done"
    """Its review was held: the review started from it is marked reviewed (or closed)."""
    STARTED = "started"
    """A review was started from it and is not marked reviewed yet; there is still time."""
    WAIVED = "waived"
    """Someone decided, with a reason, that it needs none."""
    OVERDUE = "overdue"
    """The policy needs a review and its time is past (one may be started, not yet held)."""
    DUE = "due"
    """The policy needs a review, and there is still time."""
    OPTIONAL = "optional"
    """The policy needs none; one may still be held."""

    @property
    def open(self) -> bool:
        """Still waiting for a review to be held: none started yet, or one under way."""
        return self in (ReviewState.DUE, ReviewState.OVERDUE, ReviewState.STARTED)


class Rule(NamedTuple):
    """What one severity needs: a review from ``template`` within ``days`` (None: optional)."""

    template: str
    days: int | None
    working: bool = False

    @property
    def required(self) -> bool:
        return self.days is not None

    def due(self, started: date) -> date | None:
        """The last day the review is on time, counted from the day the incident started."""
        if self.days is None:
            return None
        if not self.working:
            return started + timedelta(days=self.days)
        return _working_days_after(started, self.days)

    def describe(self) -> str:
        """``a postmortem within 5 working days``, or ``optional (quick)``."""
        if self.days is None:
            return f"optional (a {self.template} review if someone wants one)"
        unit = "working day" if self.working else "day"
        return f"a {self.template} review within {plural(self.days, unit)}"

    def within(self) -> str:
        """The rule's ``within`` as the policy file writes it."""
        if self.days is None:
            return "optional"
        unit = "working day" if self.working else "day"
        return plural(self.days, unit)


@functools.lru_cache(maxsize=4096)
def _working_days_after(started: date, days: int) -> date:
    """The day ``days`` working days (Monday to Friday) after ``started``."""
    day, left = started, days
    while left:
        day += timedelta(days=1)
        if day.weekday() < 5:
            left -= 1
    return day


DEFAULT_RULES: Mapping[str, Rule] = {
    "SEV1": Rule("postmortem", 5, working=True),
    "SEV2": Rule("postmortem", 5, working=True),
    "SEV3": Rule("quick", 2),
    "SEV4": Rule("quick", None),
    "SEV5": Rule("quick", None),
    UNRATED: Rule("quick", 2),
}


class Policy(NamedTuple):
    """A rule per severity level (``SEV1`` ... ``SEV5``, ``unrated``)."""

    rules: Mapping[str, Rule]
    source: str = "pmtui's defaults"
    """Where the policy came from: the file's path, or the built-in defaults."""

    def rule_for(self, severity: str | None) -> Rule:
        return self.rules.get(severity or UNRATED) or DEFAULT_RULES[severity or UNRATED]

    def templates(self) -> set[str]:
        return {rule.template for rule in self.rules.values()}


DEFAULT_POLICY = Policy(DEFAULT_RULES)


def review_template(
    policy: Policy, incident: Incident, templates: Mapping[str, Template]
) -> Template:
    """The template the policy names for an incident's review; one that does not exist is said."""
    name = policy.rule_for(incident.severity).template
    found = templates.get(name)
    if found is None:
        level = incident.severity or UNRATED
        raise PolicyError(
            policy.source,
            f"{level}.review",
            f"a template that exists ({', '.join(templates)}), not {name!r}",
        )
    return found


class Logged(Protocol):
    """What :func:`status` reads of an incident: its severity, when it started, whether it
    was waived (and its id, to find the review started from it)."""

    @property
    def id(self) -> str: ...

    @property
    def severity(self) -> str | None: ...

    @property
    def started(self) -> str: ...

    @property
    def start_day(self) -> date: ...

    @property
    def is_waived(self) -> bool: ...


L = TypeVar("L", bound=Logged)
L_co = TypeVar("L_co", bound=Logged, covariant=True)


class ReviewLink(NamedTuple):
    """The review started from an incident, as the store's open-rows file keeps it."""

    review_id: str
    created: date
    """The day the review was started (time to review is counted to it)."""
    held: bool = False
    """The review is marked reviewed or closed: only then is the incident reviewed.

    A review started and left as a draft does not close its incident: the
    incident stays due, then overdue, until the review is held or waived.
    """


class IncidentStatus(NamedTuple, Generic[L_co]):
    """One incident (a whole one, or its facts) with where its review stands on ``today``."""

    incident: L_co
    state: ReviewState
    rule: Rule
    due: date | None
    """The policy's last day for the review (``None`` when it is optional)."""
    review: ReviewLink | None
    today: date

    @property
    def overdue(self) -> bool:
        return self.state is ReviewState.OVERDUE

    @property
    def age_days(self) -> int:
        """Days since the incident started."""
        return max((self.today - self.incident.start_day).days, 0)

    @property
    def started(self) -> bool:
        """A review was started from it and is not held yet (a draft, or in review)."""
        return self.review is not None and not self.review.held

    @property
    def days_to_review(self) -> int | None:
        """Days from the incident to the start of its review, once there is one."""
        if self.review is None:
            return None
        return max((self.review.created - self.incident.start_day).days, 0)

    def describe(self) -> str:
        """``overdue since 2026-11-30``, ``due by 2026-12-04``, ``reviewed``..."""
        if self.state is ReviewState.DONE:
            return "reviewed"
        if self.state is ReviewState.WAIVED:
            return "waived"
        if self.state is ReviewState.OPTIONAL:
            return "optional, started" if self.started else "optional"
        assert self.due is not None
        if self.state is ReviewState.OVERDUE:
            if self.started:
                return "overdue, started"
            return f"overdue since {(self.due + timedelta(days=1)).isoformat()}"
        if self.state is ReviewState.STARTED:
            return f"started, due {self.due.isoformat()}"
        return f"due by {self.due.isoformat()}"


def status(
    incident: L, policy: Policy, today: date, review: ReviewLink | None = None
) -> IncidentStatus[L]:
    """Where the review of ``incident`` stands on ``today`` under ``policy``.

    Only a held review (marked reviewed or closed) reviews an incident; one
    started and left as a draft keeps it waiting, then overdue.
    """
    rule = policy.rule_for(incident.severity)
    due = rule.due(incident.start_day)
    if review is not None and review.held:
        state = ReviewState.DONE
    elif incident.is_waived:
        state = ReviewState.WAIVED
    elif due is None:
        state = ReviewState.OPTIONAL
    elif due < today:
        state = ReviewState.OVERDUE
    elif review is not None:
        state = ReviewState.STARTED
    else:
        state = ReviewState.DUE
    return IncidentStatus(incident, state, rule, due, review, today)


def statuses(
    incidents: Iterable[L],
    policy: Policy,
    today: date,
    links: Mapping[str, ReviewLink],
) -> list[IncidentStatus[L]]:
    """Every incident's status, the most urgent first (overdue, due, then by start, newest)."""
    out = [status(i, policy, today, links.get(i.id)) for i in incidents]
    rank = {ReviewState.OVERDUE: 0, ReviewState.DUE: 1, ReviewState.STARTED: 1}
    out.sort(key=lambda s: (rank.get(s.state, 2), s.due or date.max, s.incident.started))
    first = [s for s in out if s.state.open]
    rest = sorted((s for s in out if not s.state.open), key=_newest_first)
    return first + rest


def _newest_first(s: IncidentStatus[Logged]) -> tuple[int, str]:
    return (-s.incident.start_day.toordinal(), s.incident.id)


def reviews_due(
    incidents: Iterable[Incident],
    policy: Policy,
    today: date,
    links: Mapping[str, ReviewLink],
    *,
    due_by: date,
    author: str | None = None,
) -> list[IncidentStatus[Incident]]:
    """Reviews the policy asks for that are overdue or due by ``due_by``, soonest first.

    With ``author``, only incidents that person logged (names match without
    regard to case): they are the ones reminded.
    """
    want = author.casefold() if author else None
    out = []
    for incident in incidents:
        if want is not None and incident.author.casefold() != want:
            continue
        s = status(incident, policy, today, links.get(incident.id))
        if s.state.open and s.due is not None and s.due <= due_by:
            out.append(s)
    out.sort(key=lambda s: (s.due or date.max, s.incident.started, s.incident.id))
    return out


class IncidentLists(NamedTuple, Generic[L_co]):
    """What the store holds about incidents, as read together: cheap to read, cheap to keep
    (the whole incidents, or their facts as the first frame reads them)."""

    incidents: Sequence[L_co]
    links: Mapping[str, ReviewLink]
    problem: str = ""
    """Why the incidents could not be read (the reviews are still shown)."""

    def statuses(self, policy: Policy, today: date) -> list[IncidentStatus[L_co]]:
        return statuses(self.incidents, policy, today, self.links)


class Backlog(NamedTuple):
    """Incidents still waiting for the review the policy asks for (home's line)."""

    waiting: int
    overdue: int
    oldest_days: int
    started: int = 0
    """Of those waiting, how many have a review started and not held yet."""

    def line(self) -> str:
        """``3 incidents without a review, oldest 9 days`` (empty when none wait)."""
        if not self.waiting:
            return ""
        days = plural(self.oldest_days, "day")
        if self.waiting == 1:
            text = f"1 incident without a review, {days} old"
        else:
            text = f"{self.waiting} incidents without a review, oldest {days}"
        counts = ((self.overdue, "overdue"), (self.started, "started"))
        extra = ", ".join(f"{n} {word}" for n, word in counts if n)
        return text + (f" ({extra})" if extra else "")


def backlog(items: Iterable[IncidentStatus[Logged]]) -> Backlog:
    """What waits for a review to be held: none started yet, or one not marked reviewed."""
    waiting = [s for s in items if s.state.open]
    return Backlog(
        waiting=len(waiting),
        overdue=sum(1 for s in waiting if s.state is ReviewState.OVERDUE),
        oldest_days=max((s.age_days for s in waiting), default=0),
        started=sum(1 for s in waiting if s.started),
    )


# == the file ==================================================================


def load_policy(config_dir: Path | None = None) -> Policy:
    """The defaults with the team's ``policy.toml`` on top; raises :class:`PolicyError`."""
    if config_dir is None:
        from pmtui import locations

        config_dir = locations.config_dir()
    path = config_dir / FILE
    if not path.is_file():
        return DEFAULT_POLICY
    data = read_toml(path, PolicyError)
    rules = dict(DEFAULT_RULES)
    for key, value in data.items():
        level = _level(path, key)
        rules[level] = _rule(path, key, value, rules[level])
    return Policy(rules, source=str(path))


def policy_or_default(config_dir: Path | None = None) -> tuple[Policy, str | None]:
    """The team's policy, or the defaults and what is wrong with the team's file."""
    try:
        return load_policy(config_dir), None
    except PolicyError as exc:
        return DEFAULT_POLICY, str(exc)


def _level(path: Path, key: str) -> str:
    upper = key.strip().upper()
    if upper in SEVERITIES:
        return upper
    if key.strip().lower() == UNRATED:
        return UNRATED
    raise PolicyError(path, key, f"a severity table: one of {', '.join(LEVELS)}")


def _rule(path: Path, key: str, value: Any, base: Rule) -> Rule:
    if not isinstance(value, dict):
        raise PolicyError(path, key, "a table with review = ... and within = ...")
    unknown = sorted(set(value) - {"review", "within"})
    if unknown:
        raise PolicyError(path, f"{key}.{unknown[0]}", "not a policy field; use review and within")
    template = value.get("review", base.template)
    if not isinstance(template, str) or not _NAME.match(template.strip()):
        raise PolicyError(
            path, f"{key}.review", "a template name such as postmortem or quick (see pmtui guide)"
        )
    within = value.get("within", base.within())
    days, working = parse_within(within, path, f"{key}.within")
    return Rule(template.strip(), days, working)


def parse_within(value: Any, path: Path | str = "", key: str = "within") -> tuple[int | None, bool]:
    """``"5 working days"`` -> (5, True), ``"2 days"`` -> (2, False), ``"optional"`` -> None."""
    if not isinstance(value, str):
        raise PolicyError(path, key, WITHIN_FORMS)
    raw = " ".join(value.strip().lower().split())
    if raw in ("optional", "none", "never"):
        return None, False
    m = _WITHIN.match(raw)
    if not m:
        raise PolicyError(path, key, f"{WITHIN_FORMS}, not {value!r}")
    n, unit = int(m.group("n")), m.group("unit")
    if unit in ("w", "week", "weeks"):
        return n * 7, False
    return n, unit not in ("d", "day", "days")


def render_toml(policy: Policy) -> str:
    """The policy as the file that would set it (shown by ``pmtui guide``)."""
    out = []
    for level in LEVELS:
        rule = policy.rule_for(None if level == UNRATED else level)
        out += [f"[{level}]", f'review = "{rule.template}"', f'within = "{rule.within()}"', ""]
    return "\n".join(out).rstrip() + "\n"
