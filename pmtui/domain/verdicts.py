"""The coach's verdicts kept with each statement, and the numbers practice health counts.

What the coach said of a fact or cause when it was written is stored with
the review (``Review.coach_verdicts``), so improving the coach later does not
rewrite what people were shown. :func:`review_numbers` reduces a review to
the few numbers :mod:`pmtui.domain.health` needs; the store keeps them in
its index with every save, so the figures never read every review.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, Protocol

from pmtui.domain.follow_through import entry
from pmtui.domain.model import Cause, Review, Verdict, cause_level
from pmtui.domain.moments import key_times

BLAME_RULES = frozenset({"fact-judgement", "cause-person", "cause-blame", "cause-hindsight"})
"""The coach's rules about blame and hindsight: wording that judges or targets people."""

NUMBERS_VERSION = 3
"""Bumped when :func:`review_numbers` changes: rows with another version are filled again
(2: the minutes to detect, mitigate and resolve, and the number of causes, so the
insights need nothing else; 3: each commitment's first due date and whether it was moved,
:func:`pmtui.domain.follow_through.entry`)."""

Judge = Callable[[str, str, Review], list[str]]
"""``judge(stage, text, review)``: the rule ids the coach raises on one statement."""


# -- the coach's verdicts, kept when written -------------------------------------------


def wording(text: str) -> str:
    """A short fingerprint of a statement's wording (which wording a verdict judged)."""
    import hashlib  # here: loading OpenSSL's hashes has no place in the app's first frame

    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=6).hexdigest()


def statements(review: Review) -> list[tuple[str, str, str]]:
    """``(stage, id, text)`` of every fact and cause statement with words in it."""
    out = [("facts", f.id, f.what) for f in review.facts if f.what.strip()]
    out += [("causes", c.id, c.statement) for c in review.causes if c.statement.strip()]
    return out


def record_verdicts(review: Review, before: Mapping[str, str], judge: Judge) -> None:
    """Judge each statement whose wording is new since ``before`` (id -> stored text).

    A statement keeps the verdict it has while its wording is the one judged.
    A statement written before pmtui kept verdicts (none stored, wording
    unchanged) stays unjudged: nobody knows what the coach said then. A
    rewrite keeps the rules raised on earlier wording in ``ever``. Verdicts of
    statements no longer in the review are let go.
    """
    kept: dict[str, Verdict] = {}
    for stage, item_id, text in statements(review):
        verdict = review.coach_verdicts.get(item_id)
        fingerprint = wording(text)
        if verdict is None and before.get(item_id) == text:
            continue  # written before verdicts were kept: not judged after the fact
        if verdict is None or verdict.wording != fingerprint:
            now = sorted(set(judge(stage, text, review)))
            ever = sorted(set(now) | set(verdict.ever if verdict else ()))
            verdict = Verdict(now=now, ever=ever, wording=fingerprint)
        kept[item_id] = verdict
    review.coach_verdicts = kept


def raised_before(review: Review, item_id: str, rules: Sequence[str]) -> None:
    """Keep what the coach raised on wordings of a statement that never reached the store.

    A quick review's answer rewritten at its hint is saved only as rewritten;
    the rules raised on the earlier wording join the statement's ``ever``
    when the saved wording is judged, so practice health counts it as
    flagged and rewritten, as it does a rewrite in the app.
    """
    if rules:
        earlier = sorted(set(rules))
        review.coach_verdicts[item_id] = Verdict(now=earlier, ever=earlier, wording="")


def coach_judge(config_dir: Path | None = None) -> Judge:
    """The coach as the live hints run it: the team's words, the review's names."""

    def judge(stage: str, text: str, review: Review) -> list[str]:
        from pmtui.domain.coach import RulesError, check_text, default_rules, review_names

        try:
            rules = default_rules(config_dir)
        except RulesError:
            return []  # the hints showed the broken file, not a finding
        return [f.rule for f in check_text(stage, text, names=review_names(review), rules=rules)]

    return judge


def stored_before(doc: Mapping[str, Any] | None) -> dict[str, str]:
    """Statement id -> text as stored, from a review's stored document (``None``: a new one)."""
    if not doc:
        return {}
    out: dict[str, str] = {}
    for key, text_key in (("facts", "what"), ("causes", "statement")):
        for item in doc.get(key) or ():
            if isinstance(item, dict) and isinstance(item.get("id"), str):
                text = item.get(text_key)
                if isinstance(text, str):
                    out[item["id"]] = text
    return out


# -- per-review numbers, kept in the index -------------------------------------------------


def review_numbers(review: Review) -> dict[str, Any]:
    """What the four figures need of one review, small enough to keep in the index."""
    flagged = rewritten = set_aside = judged = 0
    dismissed = {(d.item_id, d.rule) for d in review.dismissed_hints if d.reason.strip()}
    said = statements(review)
    for _stage, item_id, _text in said:
        verdict = review.coach_verdicts.get(item_id)
        if verdict is None:
            continue
        judged += 1
        if BLAME_RULES.isdisjoint(verdict.ever):
            continue
        flagged += 1
        still = BLAME_RULES.intersection(verdict.now)
        if not still:
            rewritten += 1
        elif any((item_id, rule) in dismissed for rule in still):
            set_aside += 1
    tops = [c for c in review.causes if c.parent_id is None]
    parents = {c.parent_id for c in review.causes if c.parent_id}
    return {
        "v": NUMBERS_VERSION,
        "statements": len(said),
        "judged": judged,
        "flagged": flagged,
        "rewritten": rewritten,
        "set_aside": set_aside,
        "top": len(tops),
        "no_why": sum(1 for c in tops if c.id not in parents),
        "causes": len(review.causes),
        "depth": _depth(review.causes),
        "key_minutes": _key_minutes(review),
        "commitments": [entry(c) for c in review.commitments],
    }


def _key_minutes(review: Review) -> list[int | None] | None:
    """Minutes to detect, mitigate and resolve from the timeline's key moments, if any."""
    if review.event_date is None or not any(f.moment for f in review.facts):
        return None
    times = key_times(review)
    return None if times.empty else list(times.minutes())


def _depth(causes: Sequence[Cause]) -> int:
    """Levels of the deepest cause tree (a top cause alone: 1; no causes: 0)."""
    return max((cause_level(causes, c) + 1 for c in causes), default=0)


def numbers_current(raw: object) -> bool:
    """Whether a row's stored numbers are this pmtui's (else they are filled again)."""
    return isinstance(raw, dict) and raw.get("v") == NUMBERS_VERSION


Fill = Callable[[str], Mapping[str, Any]]
"""``fill(review_id)``: the numbers of a review whose index row has none (read whole)."""


class Numbered(Protocol):
    @property
    def id(self) -> str: ...

    @property
    def health(self) -> Mapping[str, Any] | None: ...


def numbers_of(row: Numbered, fill: Fill | None) -> Mapping[str, Any]:
    """A row's stored numbers, or its review's own when the row has none of this pmtui's."""
    numbers = row.health
    if numbers_current(numbers):
        assert numbers is not None
        return numbers
    if fill is None:
        raise ValueError(f"review {row.id} has no health numbers in the index")
    return fill(row.id)
