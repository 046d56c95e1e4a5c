"""The coach's word lists: packaged per language, extended by a team.

Words are data so that a team can teach the coach its own jargon (a team
that says "the pager" for the on-call person adds it to the roles) without a
release, and so a language can be added as one file.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pmtui.domain.coach.lexicon import Lexicon
from pmtui.domain.coach.lexicon import load as load_lexicon
from pmtui.domain.config_files import ConfigFileError, read_toml
from pmtui.domain.wordlists import TEAM_FILE, normalize, packaged_words

RULES: dict[str, str] = {
    "fact-judgement": "facts",
    "fact-cause": "facts",
    "fact-no-time": "facts",
    "fact-no-evidence": "facts",
    "cause-person": "causes",
    "cause-blame": "causes",
    "cause-hindsight": "causes",
    "cause-no-why": "causes",
    "cause-restates-fact": "causes",
    "cause-recurs": "causes",
    "commitment-vague": "commitments",
    "commitment-group-owner": "commitments",
    "commitment-gate": "commitments",
    "commitment-no-owner": "commitments",
    "commitment-no-due": "commitments",
    "commitment-after-follow-up": "commitments",
    "commitment-no-done-when": "commitments",
    "commitments-too-many": "commitments",
}
"""Every rule id, and the stage its findings belong to."""


# section -> list keys the coach reads from it
_LISTS: dict[str, tuple[str, ...]] = {
    "facts": ("judgement", "causal"),
    "people": (
        "pronouns",
        "sentence_pronouns",
        "roles",
        "first_names",
        "traits",
        "situation",
        "states",
        "machine_states",
    ),
    "causes": (
        "blame",
        "slips",
        "judging",
        "not_judging",
        "hindsight",
        "retrospect",
        "hindsight_person",
        "wrong_target",
        "explained_by",
        "systemic",
    ),
    "commitments": (
        "vague",
        "soft",
        "generic_objects",
        "attitude_verbs",
        "open_ended_verbs",
        "anchors",
        "group_owners",
        "group_subjects",
        "gates",
        "gate_verbs",
        "gate_contexts",
        "automation",
        "lead_ins",
        "change_verbs",
        "artefacts",
    ),
    "stop_words": ("words",),
}


_SURFACE = frozenset(
    {"people.pronouns", "people.sentence_pronouns", "people.first_names", "stop_words.words"}
)
"""Lists matched as written; every other list matches a verb in any of its forms."""


class RulesError(ConfigFileError):
    """A coach word file is unreadable or malformed; the message names file and key."""


@dataclass(frozen=True)
class Phrases:
    """A word list compiled into one whole-word pattern (on first use: most readings
    need only a few of the lists, and compiling them all would slow every start)."""

    words: tuple[str, ...]
    parts: tuple[str, ...] = field(default=(), compare=False, repr=False)
    """The phrases, normalized, longest first (the pattern tries them in this order)."""
    lexicon: Lexicon | None = field(default=None, compare=False, repr=False)

    @classmethod
    def of(cls, words: tuple[str, ...], lexicon: Lexicon | None = None) -> Phrases:
        """Whole-word phrases; with a ``lexicon``, a verb written in its base form
        matches every form ("forget to" also reads "forgets to", "forgot to")."""
        parts = sorted({normalize(w).strip() for w in words if w.strip()}, key=len, reverse=True)
        return cls(words, tuple(parts), lexicon)

    @functools.cached_property
    def source(self) -> str:
        if not self.parts:
            return r"(?!x)x"
        alternation = "|".join(_pattern(p, self.lexicon) for p in self.parts)
        # The characters a phrase can start with, looked for first: the search then skips
        # to the next place a phrase can start (the same matches, up to twice as fast).
        starts = "".join(sorted({w[0] for w in self.openers or ()}))
        lead = f"(?=[{re.escape(starts)}])" if starts.isalnum() else ""
        return rf"(?<![\w-]){lead}(?:{alternation})(?![\w-])"

    @functools.cached_property
    def pattern(self) -> re.Pattern[str]:
        return re.compile(self.source)

    @functools.cached_property
    def openers(self) -> frozenset[str] | None:
        """Every word a phrase can start with (in all its forms): a statement with none
        of them is passed over without running the pattern (``None``: always run it)."""
        return _openers(self.parts, self.lexicon)

    def find(self, text: str) -> re.Match[str] | None:
        """The first match in already-normalized ``text``."""
        return self.pattern.search(text)

    def at(self, text: str, pos: int) -> re.Match[str] | None:
        """A match that starts exactly at ``pos``."""
        return self.pattern.match(text, pos)

    def all(self, text: str) -> list[re.Match[str]]:
        return list(self.pattern.finditer(text))

    def find_among(self, text: str, words: frozenset[str]) -> re.Match[str] | None:
        """:meth:`find` in a ``text`` whose runs of word characters (:func:`words_of`)
        are ``words``: the pattern runs only when one of them can start a phrase."""
        if self.openers is not None and self.openers.isdisjoint(words):
            return None
        return self.pattern.search(text)


_WORD_RUN = re.compile(r"[\w-]+")


def words_of(text: str) -> frozenset[str]:
    """The runs of word characters and hyphens in ``text``: where a phrase can start (a
    phrase matches whole words, so its first word is one of these runs, or starts one
    when it holds another mark: "n/a")."""
    return frozenset(_WORD_RUN.findall(text))


def _openers(parts: tuple[str, ...], lexicon: Lexicon | None) -> frozenset[str] | None:
    out: set[str] = set()
    for phrase in parts:
        first = phrase.split(" ", 1)[0]
        forms = lexicon.inflections(first) if lexicon is not None else (first,)
        for form in (first, *forms):
            run = _WORD_RUN.match(form)
            if run is None:
                return None  # a phrase that starts with a mark: always run the pattern
            out.add(run.group())
    return frozenset(out)


def _pattern(phrase: str, lexicon: Lexicon | None) -> str:
    out = []
    for word in phrase.split(" "):
        forms = lexicon.inflections(word) if lexicon is not None else (word,)
        if len(forms) == 1:
            out.append(re.escape(word))
        else:
            out.append("(?:" + "|".join(re.escape(f) for f in forms) + ")")
    return r"\s+".join(out)


@dataclass(frozen=True)
class Rules:
    """Compiled word lists and messages for one language."""

    language: str
    lists: dict[str, tuple[str, ...]]
    phrases: dict[str, Phrases]
    messages: dict[str, tuple[str, str]]
    disabled: frozenset[str] = frozenset()
    lexicon: Lexicon = field(default_factory=Lexicon.empty, compare=False, repr=False)
    _words: dict[str, frozenset[str]] = field(default_factory=dict, compare=False, repr=False)

    def words(self, key: str) -> frozenset[str]:
        """One list as a set of normalized words, for token lookups."""
        if key not in self._words:
            self._words[key] = frozenset(normalize(w).strip() for w in self.lists.get(key, ()))
        return self._words[key]

    def person_words(self) -> frozenset[str]:
        """Every word that can start a person (pronouns, roles, first names, "no one",
        "I"), so that a reading passes over the other words at once."""
        if "people.*" not in self._words:
            keys = ("people.pronouns", "people.sentence_pronouns", "people.roles")
            self._words["people.*"] = frozenset(
                {"no", "i"}.union(*(self.words(k) for k in keys), self.words("people.first_names"))
            )
        return self._words["people.*"]

    def message(self, rule: str, variant: str = "") -> tuple[str, str]:
        """The hint's words; a variant ("cause-blame" for a slip) falls back to the rule's."""
        if variant and f"{rule}.{variant}" in self.messages:
            return self.messages[f"{rule}.{variant}"]
        return self.messages.get(rule, (rule, ""))


def _read(path: Path) -> dict[str, Any]:
    return read_toml(path, RulesError)


def _list(path: Path, data: dict[str, Any], section: str, key: str) -> tuple[str, ...]:
    table = data.get(section, {})
    if not isinstance(table, dict):
        raise RulesError(path, section, "a table of word lists")
    value = table.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise RulesError(path, f"{section}.{key}", "a list of strings")
    return tuple(value)


def load_rules(
    config_dir: Path | None = None, language: str = "en", *, with_team: bool = True
) -> Rules:
    """The packaged word lists for ``language``, plus a team's additions.

    A team's ``coach.toml`` uses the same sections and keys as the packaged
    file; its words are added to the packaged ones. ``disabled = [rule ids]``
    turns rules off, and ``[quiet]`` lists words to remove from a list.
    Without ``with_team`` only the packaged lists are read.
    """
    path = packaged_words(language)
    if not path.is_file():
        raise RulesError(path, "", f"no coach words for language {language!r}")
    base = _read(path)
    lists = {f"{s}.{k}": _list(path, base, s, k) for s, keys in _LISTS.items() for k in keys}
    messages = _messages(path, base)
    disabled: set[str] = set()
    if config_dir is None:
        from pmtui import locations

        config_dir = locations.config_dir()
    team_path = config_dir / TEAM_FILE
    if with_team and team_path.is_file():
        team = _read(team_path)
        known = {*_LISTS, "messages", "disabled", "quiet"}
        for key in team:
            if key not in known:
                raise RulesError(team_path, key, "one of " + ", ".join(sorted(known)))
        for s, keys in _LISTS.items():
            for k in keys:
                lists[f"{s}.{k}"] += _list(team_path, team, s, k)
        quiet = team.get("quiet", {})
        if not isinstance(quiet, dict):
            raise RulesError(team_path, "quiet", "a table of word lists to remove")
        for s, table in quiet.items():
            if s not in _LISTS or not isinstance(table, dict):
                raise RulesError(team_path, f"quiet.{s}", "one of " + ", ".join(_LISTS))
            for k in table:
                gone = {normalize(w).strip() for w in _list(team_path, quiet, s, k)}
                lists[f"{s}.{k}"] = tuple(
                    w for w in lists.get(f"{s}.{k}", ()) if normalize(w).strip() not in gone
                )
        messages.update(_messages(team_path, team))
        raw_disabled = team.get("disabled", [])
        if not isinstance(raw_disabled, list):
            raise RulesError(team_path, "disabled", "a list of rule ids")
        for rule in raw_disabled:
            if rule not in RULES:
                raise RulesError(
                    team_path, "disabled", f"rule ids among {', '.join(RULES)} (got {rule!r})"
                )
            disabled.add(rule)
    lexicon = load_lexicon(language)
    phrases = {
        key: Phrases.of(words, None if key in _SURFACE else lexicon) for key, words in lists.items()
    }
    return Rules(language, lists, phrases, messages, frozenset(disabled), lexicon)


def _messages(path: Path, data: dict[str, Any]) -> dict[str, tuple[str, str]]:
    """``[messages.<rule>]`` and its variants ``[messages.<rule>.<variant>]``,
    keyed ``rule`` and ``rule.variant``."""
    out: dict[str, tuple[str, str]] = {}
    table = data.get("messages", {})
    if not isinstance(table, dict):
        raise RulesError(path, "messages", "a table of [messages.<rule id>]")
    for rule, entry in table.items():
        if rule not in RULES:
            raise RulesError(path, f"messages.{rule}", "a rule id among " + ", ".join(RULES))
        if not isinstance(entry, dict):
            raise RulesError(path, f"messages.{rule}", 'message = "..." and suggestion = "..."')
        variants = {k: v for k, v in entry.items() if isinstance(v, dict)}
        base = {k: v for k, v in entry.items() if k not in variants}
        tables = [(f"{rule}.{k}", v) for k, v in variants.items()]
        if base or not variants:  # a team may reword only a variant
            tables.insert(0, (rule, base))
        for key, value in tables:
            message, suggestion = value.get("message"), value.get("suggestion", "")
            if not isinstance(message, str) or not isinstance(suggestion, str):
                raise RulesError(path, f"messages.{key}", 'message = "..." and suggestion = "..."')
            out[key] = (message, suggestion)
    return out
