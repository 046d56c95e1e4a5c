"""Wording rules: what a statement says, read on its own.

The checks aim at ideas, not at a list of bad sentences: who is the
grammatical subject of a cause (a person, or the system?), whether a verb
judges with hindsight, whether a commitment names something anyone can
check. Word lists come from :mod:`pmtui.domain.coach.rules`; this module
holds only the reading.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import NamedTuple, TypeVar, cast

from pmtui.domain.coach.lexicon import Lexicon
from pmtui.domain.coach.rules import Rules, words_of

_TOKEN = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9_'’/-]|\.(?=[A-Za-z0-9]))*|[.;:!?,()\"]")
_SENTENCE_END = {".", ";", ":", "!", "?", "(", ")", '"'}
_CLAUSE_START = {
    "and", "but", "because", "so", "when", "while", "since", "after", "before", "which",
    "that", "who", "then", "as", "although", "though", "until", "once", "where", "if",
}  # fmt: skip
_RELATIVE = {"that", "which", "who", "whom", "whose", "where", "before", "until"}
_CONSEQUENCE = {"so", "therefore", "hence", "thus"}
_DETERMINERS = {
    "the", "a", "an", "our", "their", "his", "her", "my", "your", "one", "this", "that",
    "another", "some", "every", "each", "both", "two", "three", "all", "most", "many",
    "several", "any",
}  # fmt: skip
_MODIFIERS = {
    "new", "same", "other", "primary", "secondary", "responsible", "assigned", "previous",
    "current", "remote", "external", "whole", "entire", "release", "platform", "backend",
    "frontend", "product", "project", "database", "infra", "infrastructure", "security",
    "it", "data", "offshore", "night", "weekend", "first", "second", "mobile", "web",
    "senior", "incident", "on", "call", "duty", "our", "client", "vendor", "finance",
}  # fmt: skip
_ACTIVITIES = {"management", "mechanics", "leadership"}
"""Role words that also name an activity or a thing: after a noun ("time management",
"game mechanics") they are not people."""
_SLIPS = {
    "typo", "mistake", "error", "slip", "oversight", "misconfiguration", "misstep", "blunder",
    "deletion", "bug", "change", "deploy", "push", "commit", "merge", "deleted", "dropped",
    "broken", "misconfigured", "overwritten", "removed", "wiped", "ignored", "skipped",
    "missed", "overlooked", "pushed", "merged", "caused", "introduced", "forgotten",
}  # fmt: skip
"""Words before "by <person>" that make the person the doer of a slip."""
_WORK = {
    "script", "code", "config", "pr", "patch", "query", "hotfix", "fix", "migration",
    "command", "decision", "call", "estimate", "rollout", "release", "upload", "edit", "design",
}  # fmt: skip
"""A person's piece of work named as the cause: "Rahul's script had a bug"."""
_FAILINGS = {
    "failure", "failures", "decision", "decisions", "improper", "inadequate", "delayed",
    "unfamiliarity", "exceedance", "misjudgment", "misjudgement", "inability", "lack",
    "actions", "action", "oversight", "negligence", "unwise", "poor", "fatigue", "inattention",
}  # fmt: skip
"""After a person's possessive these make the person the explanation: "the pilot's failure to"."""
_POSSESSIONS = {
    "team", "account", "accounts", "laptop", "machine", "access", "dashboard", "calendar",
    "workload", "pager", "phone", "manager", "time", "schedule", "queue", "inbox", "role",
    "permissions", "knowledge", "view", "screen", "terminal", "desk", "training", "onboarding",
}  # fmt: skip
"""What a person has, not what they did: "Lee's team owns both services" stays quiet."""
_ACT_NOUN = re.compile(r"^[a-z]{3,}(?:ing|ion|ment|ance|ence|ure|al)$")
"""A noun for an act ("flooding", "decision", "judgment", "surveillance", "failure", "removal")."""
_PREPOSITIONS = {"of", "in", "from", "at", "on", "for", "with"}
_NO_ONE = {"nobody", "no", "everyone", "everybody", "anyone"}
_ADVERBS = {
    "just", "also", "then", "accidentally", "mistakenly", "quickly", "simply", "again",
    "still", "already", "apparently", "probably", "clearly", "obviously", "immediately",
    "later", "first", "finally", "manually", "unknowingly", "inadvertently", "always",
    "repeatedly", "initially", "eventually", "personally", "himself", "herself", "only",
    "routinely", "often", "sometimes", "usually", "regularly", "frequently", "occasionally",
    "constantly", "habitually", "knowingly", "deliberately", "intentionally", "else", "ever",
    "even", "actually", "really",
}  # fmt: skip
_NOT_ADVERBS_LY = {
    "family", "assembly", "anomaly", "italy", "july", "belly", "jelly", "ally", "holy", "ugly",
    "only", "early", "daily", "weekly", "monthly", "yearly", "hourly", "nightly", "likely",
    "friendly", "costly", "lonely", "lively", "silly", "elderly", "supply", "reply", "apply",
    "rely", "fly", "bully", "rally", "tally", "multiply", "comply", "imply", "butterfly",
}  # fmt: skip
"""Words ending in "ly" that are not adverbs of manner (or, like "only", mean something else)."""


def _adverb(low: str) -> bool:
    """ "accidentally", "stupidly", "often": an adverb between a subject and its verb."""
    return low in _ADVERBS or (
        low.endswith("ly") and len(low) > 4 and low.isalpha() and low not in _NOT_ADVERBS_LY
    )


def _speaker(words: list[_Tok]) -> bool:
    """ "We", "I", or a phrase ending in them ("In the first run we"): the writers
    as the subject of the verb that follows."""
    last = words[-1] if words else None
    if last is None or last.low not in ("we", "i") or last.text == "i":
        return False
    return len(words) == 1 or words[-2].low not in _PREPOSITIONS | {"to", "by", "than", "as"}


_OWN_OUTCOMES = {"missed", "skipped", "chose to", "rushed", "pushed", "merged"}
"""Verbs that, said by "we" or "I", describe what happened rather than judge it."""
_LINKING = {
    "was", "were", "is", "are", "seemed", "seems", "got", "became", "become", "becomes",
    "remained", "remain", "remains", "appeared",
}  # fmt: skip
"""Verbs that join a person to a trait: "Jessica was too slow", "teammates became inactive"."""
_STATE_VERBS = {"struggled", "struggling", "struggles", "panicked", "panicking"}
"""States that open a statement as its verb, with the person left unsaid."""
_INTENSIFIERS = {"too", "very", "so", "really", "quite", "a", "bit", "always", "often", "just"}
_BASE_ACTIONS = {
    "keep", "skip", "ignore", "bypass", "forget", "miss", "overlook", "push", "merge", "deploy",
    "rush", "avoid", "disable", "override", "neglect", "break", "delete", "refuse", "cut",
}  # fmt: skip
"""Present-tense actions of plural people ("engineers skip the canary")."""
_AUX = {
    "did", "does", "do", "should", "could", "would", "must", "might", "will", "may", "can",
    "cannot", "never", "has", "have", "shall",
}  # fmt: skip
_IRREGULAR = {
    "ran", "made", "took", "broke", "forgot", "wrote", "went", "chose", "put", "set", "sent",
    "gave", "saw", "thought", "left", "let", "hit", "cut", "shut", "read", "got", "kept",
    "built", "began", "brought", "told", "said", "knew", "ignored", "overlooked", "misread",
    "did", "tore", "threw", "drove", "led", "lost", "meant", "rode", "sold", "spent",
    "stole", "struck", "swept", "understood", "undid", "pushed", "rewrote",
    "overrode", "overwrote", "mistook", "bypassed", "wiped", "dropped",
}  # fmt: skip
_PARTICIPLES = {
    "made", "taken", "broken", "forgotten", "written", "gone", "chosen", "put", "set", "sent",
    "given", "seen", "thought", "left", "let", "run", "done", "read", "got", "gotten", "kept",
    "built", "begun", "brought", "told", "known", "overwritten", "overridden", "undone",
}  # fmt: skip
_NOT_VERBS_ED = {"need", "speed", "feed", "seed", "bed", "red", "shed", "embed", "hundred"}
_THIRD_PERSON = {"he", "she", "someone", "somebody", "nobody", "everyone", "everybody", "anyone"}


@dataclass(frozen=True)
class Hit:
    """A rule that fired on a statement, before it becomes a Finding."""

    rule: str
    span: str
    """The words that triggered it, so a hint can quote them."""
    variant: str = ""
    """Which kind of trigger it was, so the hint's wording fits it ("slip", "wrong")."""


class _Tok(NamedTuple):
    """One word or mark of a statement (a tuple: thousands are made per second)."""

    text: str
    low: str
    start: int
    sentence_start: bool
    clause_start: bool
    clause: str
    """What opened the clause this token is in: "main", "relative" or "consequence"."""


def _expand(text: str) -> str:
    """Contractions spelled out, case kept, so "didn't" reads as "did not"."""
    text = text.replace("’", "'").replace("‘", "'")
    if "'" not in text:
        return text
    text = re.sub(r"\b([Cc])an't\b", r"\1annot", text)
    text = re.sub(r"\b([Ww])on't\b", r"\1ill not", text)
    text = re.sub(r"n't\b", " not", text)
    text = re.sub(r"'ve\b", " have", text)
    text = re.sub(r"'ll\b", " will", text)
    text = re.sub(r"'re\b", " are", text)
    text = re.sub(r"\b([Ll])et's\b", r"\1et us", text)
    return text


def _tokens(text: str) -> list[_Tok]:
    out: list[_Tok] = []
    append = out.append
    make = tuple.__new__  # a _Tok without its Python-level __new__ (thousands per second)
    prev = ""
    clause = "main"
    sentence_start = True
    for m in _TOKEN.finditer(text):
        tok = m.group()
        low = tok.lower()
        if out:
            sentence_start = prev in _SENTENCE_END
        clause_start = sentence_start or prev in _OPENS_CLAUSE
        if clause_start:
            if prev in _RELATIVE:
                clause = "relative"
            elif prev in _CONSEQUENCE:
                clause = "consequence"
            else:
                clause = "main"
        append(make(_Tok, (tok, low, m.start(), sentence_start, clause_start, clause)))
        prev = low
    return out


_OPENS_CLAUSE = frozenset(_CLAUSE_START | {","})


_T = TypeVar("_T")


def remembered(reading: Callable[..., _T]) -> Callable[..., _T]:
    """A reading of the statement found once per reader: the rules and the model's
    detectors ask the same questions ("does a person act?", "what is the main clause?").

    Decorates a method of :class:`Reader` or a function whose first argument is the
    reader; the answer is kept in ``Reader.memo`` under the reading's qualified name
    (and its arguments)."""
    name = reading.__qualname__

    @functools.wraps(reading)
    def read_once(reader: Reader, *args: object, **kwargs: object) -> _T:
        key = (name, *args, *kwargs.items()) if args or kwargs else name
        if key not in reader.memo:
            reader.memo[key] = reading(reader, *args, **kwargs)
        return cast(_T, reader.memo[key])

    return read_once


class Reader:
    """Reads one statement against one set of rules and people's names."""

    def __init__(self, text: str, rules: Rules, names: Iterable[str] = ()) -> None:
        self.rules = rules
        self.original = _expand(text)
        self.low = self.original.lower()
        if len(self.low) != len(self.original):  # rare Unicode case mappings
            self.original = self.low
        self.toks = _tokens(self.original)
        self.raw_names = tuple(names)
        self.names = _name_tokens(self.raw_names)
        self.first_names = rules.words("people.first_names")
        self.roles = rules.words("people.roles")
        self.pronouns = rules.words("people.pronouns")
        self.sentence_pronouns = rules.words("people.sentence_pronouns")
        self.memo: dict[object, object] = {}
        """Answers about the statement that several readings ask for, found once
        (:func:`remembered`), readings of a part of it included (reports blanked, the
        main clause)."""
        self._found: dict[str, str | None] = {}
        self._words: frozenset[str] | None = None

    def find(self, key: str) -> str | None:
        """The first phrase of list ``key`` in the statement (each list searched once:
        the rules and the model's detectors ask for the same lists)."""
        if key not in self._found:
            if self._words is None:
                self._words = words_of(self.low)
            match = self.rules.phrases[key].find_among(self.low, self._words)
            self._found[key] = match.group() if match else None
        return self._found[key]

    # -- people ----------------------------------------------------------------

    def is_name(self, i: int) -> bool:
        tok = self.toks[i]
        base = tok.text[:-2] if tok.low.endswith("'s") else tok.text
        if base in self.names or self.original[tok.start - 1 : tok.start] == "@":
            return True  # a name pmtui knows, or an account handle ("@lee")
        if base.lower() not in self.first_names:
            return False
        # Capitalised anywhere, or typed in lower case at the start of a line ("- lee restarted").
        return base[:1].isupper() or tok.sentence_start

    def person_at(self, i: int) -> int | None:
        """If a person word starts at token ``i``, the index after it."""
        return self.person_ends[i]

    @functools.cached_property
    def person_ends(self) -> list[int | None]:
        """:meth:`person_at` for every token, found once (every reading of people asks)."""
        maybe = self.rules.person_words()
        names = self.names
        at_sign = "@" in self.original
        out: list[int | None] = []
        for i, tok in enumerate(self.toks):
            low = tok.low
            text = tok.text
            if (
                low in maybe
                or low[:-2] in maybe
                or at_sign
                or (names and (text in names or text[:-2] in names))
            ):
                out.append(self._person_at(i))
            else:
                out.append(None)  # no word of a person's, no name, no account handle
        return out

    def _person_at(self, i: int) -> int | None:
        tok = self.toks[i]
        low = tok.low
        if low == "no" and i + 1 < len(self.toks) and self.toks[i + 1].low == "one":
            return i + 2
        if low == "i" and tok.text != "I":
            return None
        if low in self.pronouns:
            return i + 1
        if low in self.sentence_pronouns and tok.sentence_start:
            return i + 1
        if low in self.roles or self.is_name(i):
            return i + 1
        return None

    @remembered
    def person_as_agent(self) -> str | None:
        """ "A typo by the developer", "deleted by the intern": a person as the doer of a slip.

        Neutral passives ("estimated by the architect") describe who had a
        role in the system and stay quiet.
        """
        for k, tok in enumerate(self.toks[:-1]):
            if k == 0 or self.toks[k - 1].low not in (_SLIPS if tok.low == "by" else _FAILINGS):
                continue
            if tok.low not in {"by", "of"}:  # "failure of the pilot to ..."
                continue
            nxt = k + 1
            if self.toks[nxt].low in {"the", "a", "an", "our", "his", "her", "their", "that"}:
                nxt += 1
                while nxt < len(self.toks) - 1 and self.toks[nxt].low in _MODIFIERS:
                    nxt += 1
                if nxt < len(self.toks) and self.toks[nxt].low in self.roles:
                    return " ".join(t.text for t in self.toks[k - 1 : nxt + 1])
            elif self.is_name(nxt):
                return f"{self.toks[k - 1].text} by {self.toks[nxt].text}"
        return None

    @remembered
    def possessive_name(self) -> str | None:
        """ "Priya's change", "the DBA's typo": a person's action named as the cause."""
        for k, tok in enumerate(self.toks[:-1]):
            if tok.low in {"his", "her"} and self.toks[k + 1].low in _SLIPS | _FAILINGS:
                return f"{tok.text} {self.toks[k + 1].text}"
            if not tok.low.endswith("'s") and not tok.low.endswith("s'"):
                continue
            nxt = self.toks[k + 1].low
            if nxt in _POSSESSIONS or not (
                nxt in _SLIPS | _WORK | _FAILINGS or _ACT_NOUN.search(nxt)
            ):
                continue
            owner = tok.text[:-2] if tok.low.endswith("'s") else tok.text[:-1]
            if (
                owner.lower() in self.roles
                or owner in self.names
                or (owner[:1].isupper() and owner.lower() in self.first_names)
            ):
                return f"{tok.text} {self.toks[k + 1].text}"
        return None

    @remembered
    def person_acts(self) -> str | None:
        """The words where a person is the subject of an action, if any.

        A person who *had no* dashboard, *was* paged, or *could not* see the
        lag is the subject of a sentence about their situation, which is
        what a systemic cause describes; a person who *restarted*,
        *skipped* or *did not check* something is the subject of an action.
        People inside a relative clause ("a repo only two people can
        apply") or a consequence ("so nobody declared one") describe the
        system and do not count.
        """
        for i, after in enumerate(self.person_ends):
            if after is None:
                continue
            if self._asked_about(i, after):
                return self._quote(i, after)
            if not self._heads_clause(i):
                continue
            j = self._verb_after(after)
            if j is None:
                continue
            low = self.toks[i].low
            if low in _NO_ONE:
                if self._is_past_action(j):
                    return self._quote(i, j)
                continue
            third = (
                low in _THIRD_PERSON
                or self.is_name(i)
                or (low in self.roles and not low.endswith("s") and low != "people")
            )
            if self._is_action(j, third=third):
                return self._quote(i, j)
        return None

    @remembered
    def person_omits(self) -> str | None:
        """ "The controller never caught the readback", "I did not hear the call": what a
        person did not do, told as what happened (hindsight), not what they lacked."""
        for i, after in enumerate(self.person_ends):
            if after is None or not self._heads_clause(i):
                continue
            k = after
            while k < len(self.toks) and _adverb(self.toks[k].low):
                k += 1
            rest = " ".join(t.low for t in self.toks[k : k + 3])
            m = _OMITS.match(rest)
            if m and not self.rules.phrases["people.situation"].find(" " + rest + " "):
                return " ".join(t.text for t in self.toks[i:k]) + " " + m.group()
        return None

    @remembered
    def person_trait(self) -> str | None:
        """ "Jessica was too slow to respond": a person judged by a trait, which is blame."""
        for i, after in enumerate(self.person_ends):
            if after is None or not self._heads_clause(i) or after >= len(self.toks):
                continue
            if self.toks[after].low not in _LINKING:
                continue
            words = [t.low for t in self.toks[after + 1 : after + 6] if t.low not in _INTENSIFIERS]
            m = self.rules.phrases["people.traits"].at(" " + " ".join(words) + " ", 1)
            if m:
                return " ".join(t.text for t in self.toks[i : after + 1]) + " " + m.group()
        return None

    def _asked_about(self, i: int, after: int) -> bool:
        """ "Why did nobody check the logs?": a person as the subject of a question."""
        if i == 0 or after >= len(self.toks):
            return False
        aux = self.toks[i - 1]
        if aux.low not in {"did", "does", "do", "had", "has", "have"}:
            return False
        opens = aux.clause_start or (i >= 2 and self.toks[i - 2].low in {"why", "how", "when"})
        nxt = self.toks[after].low
        return opens and nxt[:1].isalpha() and nxt not in {"have", "get", "know", "no"}

    def _quote(self, i: int, j: int) -> str:
        start = i
        while start > 0 and not self.toks[start].clause_start:
            start -= 1
        return " ".join(t.text for t in self.toks[start : j + 1])

    def _heads_clause(self, i: int) -> bool:
        """Whether token ``i`` is the head of its clause's subject."""
        tok = self.toks[i]
        if tok.clause in ("relative", "consequence"):
            return False
        if tok.low in _ACTIVITIES and not tok.clause_start:
            before = self.toks[i - 1].low
            if not (before in _DETERMINERS or before in _MODIFIERS or before.endswith("'s")):
                return False  # "timeline management led to ...": an activity, not people
        k = i
        while not self.toks[k].clause_start:
            k -= 1
            prev = self.toks[k]
            if not (
                prev.low in _DETERMINERS
                or prev.low in _MODIFIERS
                or prev.low in self.roles
                or prev.low.endswith("'s")
                or self._noun_like(prev.low)
            ):
                return False
            if i - k > 4:
                return False
        return True

    def _noun_like(self, low: str) -> bool:
        """A word that can modify a person noun ("night shift operator")."""
        return (
            low.isalpha()
            and not self._verbish(low)
            and low not in _PREPOSITIONS
            and low not in _CLAUSE_START
            and low not in {"to", "by", "as", "into", "about", "than", "nobody", "no"}
            and not low.endswith("ly")
        )

    def _ends_clause(self, j: int) -> bool:
        nxt = j + 1
        return nxt >= len(self.toks) or self.toks[nxt].low in _SENTENCE_END | {","}

    def _verb_after(self, j: int) -> int | None:
        """The index of the verb after a subject ending at ``j``, skipping adverbs
        and one short prepositional phrase ("the facilitator of the review")."""
        toks = self.toks
        if j < len(toks) and toks[j].low in _PREPOSITIONS:
            k = j + 1
            while k < len(toks) and k <= j + 4 and not self._verbish(toks[k].low):
                k += 1
            if k < len(toks) and self._verbish(toks[k].low):
                j = k
        while j < len(toks) and _adverb(toks[j].low):
            j += 1
        return j if j < len(toks) else None

    @staticmethod
    def _verbish(low: str) -> bool:
        return (
            low in _AUX
            or low in _IRREGULAR
            or low in {"had", "was", "were", "is", "are"}
            or (low.endswith("ed") and len(low) > 3 and low not in _NOT_VERBS_ED)
        )

    def _is_past_action(self, j: int) -> bool:
        """ "Nobody noticed": a past event. "Nobody owns", "nobody had run": a state."""
        verb = self.toks[j].low
        if verb in {"had", "was", "were", "is", "are", "has", "have", "knew", "owned"}:
            return False
        rest = " ".join(t.low for t in self.toks[j : j + 4])
        if self.rules.phrases["people.situation"].at(" " + rest + " ", 1):
            return False
        return (
            verb in _IRREGULAR
            or verb in {"did", "should", "could"}
            or (verb.endswith("ed") and len(verb) > 3 and verb not in _NOT_VERBS_ED)
        )

    def _is_action(self, j: int, *, third: bool) -> bool:
        verb = self.toks[j].low
        if self._ends_clause(j) and verb not in _AUX:
            return False  # "when the sponsor changed": a change of state, not an action
        rest = " ".join(t.low for t in self.toks[j : j + 4])
        if verb == "had" and j + 1 < len(self.toks):
            nxt = self.toks[j + 1].low
            if nxt != "been" and (nxt.endswith("ed") or nxt in _PARTICIPLES):
                return True
        situation = self.rules.phrases["people.situation"].at(" " + rest + " ", 1)
        if situation:
            return False
        if verb in _AUX:
            return True
        if verb in _IRREGULAR:
            return True
        if verb.endswith("ed") and len(verb) > 3 and verb not in _NOT_VERBS_ED:
            return True
        if verb in _BASE_ACTIONS:
            return True
        return third and self.rules.lexicon.is_third(verb)

    def _tokens_from(self, pos: int) -> list[_Tok]:
        return [t for t in self.toks if t.start >= pos]

    def subject_of(self, pos: int) -> list[_Tok]:
        """The tokens between the clause start and character ``pos``."""
        idx = next((k for k, t in enumerate(self.toks) if t.start >= pos), len(self.toks))
        start = idx
        while start > 0 and not self.toks[start].clause_start:
            start -= 1
        return self.toks[start:idx]

    def has_person(self, toks: list[_Tok]) -> bool:
        """Whether a person heads the subject ("the on-call engineer", not "lead times")."""
        base = self.toks.index(toks[0]) if toks else 0
        return any(
            self.person_at(base + k) is not None
            and self._heads_clause(base + k)
            and not self._modifies_noun(base + k)
            for k in range(len(toks))
        )

    def _modifies_noun(self, i: int) -> bool:
        """ "lead" in "lead times": a person word used as a noun modifier."""
        nxt = i + 1
        if nxt >= len(self.toks):
            return False
        low = self.toks[nxt].low
        return (
            low[:1].isalpha()
            and not self._verbish(low)
            and low not in _ADVERBS
            and (low not in self.roles)
            and low not in _CLAUSE_START
            and low not in {"and", "or", "who"}
        )

    @remembered
    def hindsight_by_person(self, *, implied: bool = True) -> str | None:
        """A hindsight verb ("forgot", "failed to") done by a person or by nobody named.

        "The job failed to start" is about software; "Failed to check the
        logs" and "Lee forgot to drain the node" are about a person.
        """
        for m in self.rules.phrases["causes.hindsight_person"].all(self.low):
            subject = [t for t in self.subject_of(m.start()) if not _adverb(t.low)]
            words = [t for t in subject if t.low not in _CLAUSE_START and t.low != ","]
            if not words:
                if not implied:
                    continue
                first = self.subject_of(m.start()) or self._tokens_from(m.start())[:1]
                at_start = (
                    bool(first) and first[0].sentence_start
                )  # "Failed to ...", not "... and failed to"
                if at_start and not self._passive_before(m.start()):
                    return m.group()
                if self._shared_subject(m.start()):
                    return m.group()
                continue
            if self.has_person(words) or (_speaker(words) and m.group() not in _OWN_OUTCOMES):
                return m.group()
        return None

    def _shared_subject(self, pos: int) -> bool:
        """ "We had the hash on Friday, but did not properly send it on": a clause with no
        subject of its own after "but" or "and", in a sentence whose subject is the
        writers or a person."""
        idx = next((k for k, t in enumerate(self.toks) if t.start >= pos), len(self.toks))
        k = idx
        while k > 0 and not self.toks[k].clause_start:
            k -= 1
        if k == 0 or self.toks[k - 1].low not in ("but", "and"):
            return False
        start = k - 1
        while start > 0 and not self.toks[start].sentence_start:
            start -= 1
        head = self.toks[start]
        return (head.low == "we" or head.text == "I" or self.person_at(start) is not None) and (
            start + 1 < len(self.toks) and self._verbish(self.toks[start + 1].low)
        )

    @remembered
    def omission(self) -> str | None:
        """Something people did not do, given as the explanation.

        "We did not update the gem", "Not running highstate after the
        downtime", "Failing to consider this": hindsight about an omission.
        "We did not have the people" is a condition (people.situation).
        """
        m = _OMITTED_BY.search(self.low) or _OMITTED_LEAD.match(self.low)
        if not m or self._in_consequence(m.start()):
            return None
        if self.rules.phrases["people.situation"].find(" " + m.group("act") + " "):
            return None
        return m.group().strip()

    def _in_consequence(self, pos: int) -> bool:
        """ "... so we did not deploy": a consequence describes the system's outcome."""
        at = self._tokens_from(pos)
        return bool(at) and at[0].clause in ("consequence", "relative")

    def _passive_before(self, pos: int) -> bool:
        before = self.low[:pos].split()
        return bool(before) and before[-1] in {"was", "were", "been", "be", "is", "are", "being"}

    @remembered
    def passive_hindsight(
        self, verbs: str = "ignored|overlooked|neglected|skipped|missed"
    ) -> str | None:
        """ "The warning was ignored", unless the sentence says why."""
        m = re.search(rf"\b(?:was|were|been|got|is|are)\s+(?:{verbs})\b", self.low)
        m = m or _UNHEEDED.search(self.low)
        if not m:
            return None
        tail = " " + self.low[m.end() :] + " "
        if self.rules.phrases["causes.explained_by"].find(tail):
            return None
        return m.group()

    @remembered
    def passive_slip(self) -> str | None:
        """ "was accidentally run", "an accidental overwrite": a slip with no one named."""
        m = _PASSIVE_SLIP.search(self.low)
        return m.group() if m else None

    @remembered
    def person_state(self) -> str | None:
        """ "the tired operator", "under pressure": a person's state given as the explanation.

        Words that also describe machines ("exhausted", "overwhelmed") count
        only when a person is named in the statement.
        """
        m = self.rules.phrases["people.states"].find(self.low)
        if not m:
            return None
        word = m.group().strip()
        if word in self.rules.words("people.machine_states") and not (
            self.mentions_person() or self._writers_state(m.start(), word)
        ):
            return None
        if re.match(r"\s*(?:failure|crack|fracture|test)", self.low[m.end() :]) or re.search(
            r"(?:pager|alert|alarm|on-call|notification)\s+$", self.low[: m.start()]
        ):
            return None  # metal fatigue, alert fatigue, a stress test: conditions, not a state
        return word

    def _writers_state(self, pos: int, word: str) -> bool:
        """ "We struggled with ...", "I was overwhelmed", "Struggled to attend meetings": the
        writers' own state (a machine is not "we", and a statement that opens with the verb
        has a person as its unnamed subject)."""
        before = self.low[:pos].split()
        if not before:
            return word in _STATE_VERBS
        near = before[-3:]
        return any(w in ("we", "i") for w in near) and not any(w in _CLAUSE_START for w in near)

    @remembered
    def mentions_person(self) -> bool:
        return any(end is not None for end in self.person_ends)

    @remembered
    def judging_word(self) -> str | None:
        """An adjective or adverb that judges people or work ("sloppy", "badly designed").

        The class of word is judged, not a list: any adjective or adverb
        with a negative valence in the lexicon, minus the ones that describe
        a state of a system ("broken", "missing", "stuck").
        """
        judging = self.rules.words("causes.judging")
        neutral = self.rules.words("causes.not_judging")
        evaluative = self.rules.lexicon.evaluative
        for tok in self.toks:
            low = tok.low
            if low in judging or (low in evaluative and low not in neutral):
                return tok.text
        return None


_UNHEEDED = re.compile(
    r"\b(?:(?:was|were|is|are|been|got)\s+)?(?:not|never)\s+(?:noticed|followed|considered|heeded)\b"
    r"|\b(?:was|were)\s+never\s+tested\b"
    r"|\bnothing\s+(?:was|were|got)\s+done\b"
)
"""Passive hindsight with no one named: "the error was not noticed", "checklist not followed"."""
_PASSIVE_SLIP = re.compile(
    r"\b(?:was|were|been|got|is|are|being)\s+(?:accidentally|inadvertently|mistakenly|"
    r"unintentionally|erroneously)\s+[a-z]+|\b(?:accidental|inadvertent|unintentional)\s+[a-z]+"
)
"""A slip told in the passive or as a noun, with no one named."""
_OMITS = re.compile(
    r"(?:did not|does not|do not|never|failed to|forgot to|neglected to|omitted to)\s+"
    r"(?!have\b|get\b|know\b)[a-z]+"
)
_OMITTED_BY = re.compile(
    r"\b(?:we|i|he|she|nobody|no one|the team)\s+(?:also\s+|just\s+|still\s+|simply\s+)?"
    r"(?P<act>(?:did not|had not|have not|has not|never|neglected to|omitted to)\s+[a-z]+)"
)
_OMITTED_LEAD = re.compile(
    r"^\s*(?:[-*•]\s*)?(?P<act>(?:not|never)\s+[a-z]+ing"
    r"|(?:failing|failure|forgetting|neglecting|omitting)\s+to\s+[a-z]+)"
)


def _name_tokens(names: Iterable[str]) -> frozenset[str]:
    names = tuple(names)
    return _name_tokens_of(names) if names else frozenset()


@functools.lru_cache(maxsize=8)
def _name_tokens_of(names: tuple[str, ...]) -> frozenset[str]:
    """The words of people's names, read once per list of names (``pmtui coach`` gives
    every statement the same names: the store's and the host's people)."""
    out: set[str] = set()
    for name in names:
        for part in re.split(r"[\s,]+", name.strip()):
            if len(part) < 2:
                continue
            out.add(part)
            if part.isalpha():
                out.add(part[:1].upper() + part[1:])
    return frozenset(out)


_QUOTED = re.compile(r"\"[^\"]*\"?|“[^”]*”?")
_REPORTED = re.compile(
    r"\b(?:said|says|saying|reported|reports|reporting|read(?!\s+back)|reads(?!\s+back)|"
    r"stated|states|stating|"
    r"claimed|claims|noted|notes|wrote|writes|posted|posts|explained|explains|replied|"
    r"answered|announced|concluded|assumed|assuming|believed|believing|thought|thinking|"
    r"suspected|suspecting|hypothesi[sz]ed|guessed|expected|suggested|suggesting|"
    r"speculated|asked|asking|wondered|knowing|recogni[sz]ed|reali[sz]ed|suspect|report)\b"
    r"[^.;!?]*"
    r"|\b(?:alert|alarm|error|message|log|page|pager|ticket|email|notification|warning|"
    r"exception|output|status|reason|title|subject|response)\b[^.;:!?\d]{0,30}:[^.;!?]*"
)
"""What was said, shown or believed at the time: "the alert read: disk full because of ...",
"we assumed a user error at the time". Quoting it is a fact, not an explanation. (Searched
in the statement in lower case: far faster than ignoring case, at the same places.)"""
_DRAWN = re.compile(r",\s*(?:which|so|leading|causing|resulting|this)\b", re.IGNORECASE)
"""Where a report ends and the writer's own conclusion begins: "..., which led to ..."."""
_HEDGED = re.compile(
    r"\b(?:possible|potential|probable|likely|suspected)\s+(?:root\s+)?causes?\b"
    r"|\b(?:root )?cause[^.;!?]{0,40}\b(?:not (?:yet )?(?:clear|known)|unclear|unknown)\b"
    r"|\b(?:finds?|found|identif(?:y|ies|ied)|determin(?:e|es|ed)|ruled out as)\s+(?:the\s+)?"
    r"(?:root\s+)?cause\b|\b(?:root\s+)?cause\s+(?:was\s+|is\s+)?(?:identified|found|determined)\b"
    r"|\bidea of (?:the\s+)?cause\b"
)
"""A cause still being looked for or found, told as an event: "found a possible cause", "the
root cause was not clear yet", "@lee finds the cause of the failure"."""
_RESPONSES = frozenset({
    "revert", "roll", "remove", "delete", "restart", "reboot", "decide", "initiate", "drop",
    "disable", "pause", "delay", "postpone", "reschedule", "block", "ban", "suspend", "revoke",
    "rotate", "escalate", "page", "notify", "choose", "opt", "rerun", "retry", "kill", "cordon",
    "drain", "cancel", "halt", "contact", "ask", "request", "wait", "investigate", "abort",
    "purge", "flush", "evacuate", "quarantine", "freeze", "redeploy", "recreate", "rebuild",
})  # fmt: skip
"""Lemmas of what responders do on purpose (told in any voice: "the PR is reverted due to
suspicion that ...", "evidence gathering was initiated", "Decide not to investigate further
because ..."): a reason given for one of them is the reason of the moment, not the writer's
explanation."""
_NOT_RESPONSES = frozenset({
    "be", "have", "see", "notice", "realize", "realise", "find", "discover", "learn", "know",
    "think", "experience", "encounter", "hit", "get", "receive", "lose", "fail", "struggle",
    "seem", "appear", "become", "go", "take", "observe", "hear", "expect", "suffer", "face",
    "miss", "forget", "make", "do", "can", "could", "would", "will", "should", "may", "might",
    "must", "start", "begin", "continue", "keep", "end", "happen", "occur", "want",
})  # fmt: skip
"""Verbs a person is the subject of without acting on purpose (or that only begin another)."""
_PURPOSE = frozenset({"need", "have", "decide", "choose", "want", "try", "opt", "attempt"})
"""Verbs before "to" that pass the act on to the next verb ("we needed to send ...")."""
_REASON_OPENS = ("because", "since", "as", "due", "owing")
_REASON_BOUNDARY = frozenset(_SENTENCE_END - {"(", ")", '"'}) | {
    "that",
    "which",
    "and",
    "but",
    "so",
    "when",
    "while",
    "then",
    "after",
    "until",
}
_NEGATED = frozenset({"not", "never", "unable", "cannot", "nor"})
_WRITERS = frozenset({"we", "i", "they"})


@remembered
def _reason_for_act(r: Reader, marker: str) -> bool:
    """Whether the reason ``marker`` opens ("because", "due to", "since") is given for an
    act a responder chose at the time ("we rolled back because errors kept climbing",
    "Because of ..., evidence gathering was initiated") rather than for an event or a
    state ("the hub crashed because ...", "we had a long deploy because of ...").

    The clause the reason belongs to is the one before it, back to the previous clause
    word, or, when the reason opens the sentence, the one after its comma."""
    if marker.startswith("as a"):
        return False  # "as a result of ...": the writer's link
    first = marker.split()[0]
    at = next((k for k, t in enumerate(r.toks) if t.low == first), None)
    if at is None:
        return False
    toks = r.toks
    lead = [t for t in toks[:at] if t.low not in _SENTENCE_END and t.low != ","]
    opens = toks[at].sentence_start and (at == 0 or toks[at - 1].low not in {"(", '"'})
    if opens or not lead or (len(lead) == 1 and _adverb(lead[0].low)):
        comma = next((k for k in range(at, len(toks)) if toks[k].low == ","), None)
        if comma is None:
            return False
        end = next(
            (k for k in range(comma + 1, len(toks)) if toks[k].low in _REASON_BOUNDARY),
            len(toks),
        )
        clause = toks[comma + 1 : end]
    else:
        start = at
        while start > 0:
            prev = toks[start - 1]
            if prev.low in _REASON_BOUNDARY:
                break
            if prev.low == "," and any(r._verbish(t.low) for t in toks[start:at]):
                break
            start -= 1
        clause = toks[start:at]
    return _responds(r, [t for t in clause if t.low not in {",", "(", ")", '"'}])


@remembered
def _reason_of_act(r: Reader) -> bool:
    """A reason ("because", "due to", "since") given for an act chosen at the time."""
    causal = r.find("facts.causal") or _causal_since(r)
    if not causal or causal.split()[0] not in _REASON_OPENS:
        return False
    return _reason_for_act(r, causal)


def _responds(r: Reader, clause: list[_Tok]) -> bool:
    """Whether a clause tells an act chosen by a responder (see :func:`_reason_for_act`)."""
    lex = r.rules.lexicon
    lows = [t.low for t in clause if not _adverb(t.low) and t.low not in ("then", "also")]
    if not lows:
        return False
    if lex.lemma(lows[0]) in _RESPONSES and not lex.is_gerund(lows[0]):
        return True  # "Decide not to investigate further", "Drops all jobs"
    passive = next((k for k, low in enumerate(lows) if r._verbish(low)), None)
    if (
        passive is not None
        and lows[passive] in {"is", "are", "was", "were", "been", "being", "be"}
        and passive + 1 < len(lows)
        and lex.lemma(lows[passive + 1]) in _RESPONSES
        and not _NEGATED.intersection(lows)
    ):
        return True  # "the PR is reverted", "it was decided"; not "could not be merged"
    for tok in clause[:-1]:
        i = r.toks.index(tok)
        after = i + 1 if tok.low in _WRITERS else r.person_at(i)
        if after is None:
            continue
        verbs = [t.low for t in r.toks[after : after + 6] if not _adverb(t.low)]
        if len(verbs) > 2 and verbs[0] in {"did", "would"} and verbs[1] in _NEGATED:
            verbs = verbs[2:]  # "they would not provide the details because ...": a refusal
        while len(verbs) > 2 and lex.lemma(verbs[0]) in _PURPOSE and verbs[1] == "to":
            verbs = verbs[2:]
        if not verbs or verbs[0] in _AUX | _BE_HAVE or not lex.is_form(verbs[0]):
            return False
        if lex.is_gerund(verbs[0]):
            return False  # "Pilot monitoring missed ...": a role, not a person acting
        return lex.lemma(verbs[0]) not in _NOT_RESPONSES
    return False


@remembered
def _unreported(r: Reader) -> Reader:
    """The statement with quotes, reports and recorded beliefs blanked out."""
    text = r.original
    spans = [m.span() for m in _QUOTED.finditer(text)]
    for m in _REPORTED.finditer(r.low):
        drawn = _DRAWN.search(text, m.start(), m.end())
        spans.append((m.start(), drawn.start() if drawn else m.end()))
    spans += [m.span() for m in _HEDGED.finditer(r.low)]
    if not spans:
        return r
    chars = list(text)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return Reader("".join(chars), r.rules, r.raw_names)


def read_facts(r: Reader) -> list[Hit]:
    hits: list[Hit] = []
    r = _unreported(r)
    judged = (
        r.find("facts.judgement")
        or _modal_hindsight(r.low)
        or r.find("causes.hindsight")
        or r.find("causes.blame")
        or r.hindsight_by_person(implied=False)
        or r.passive_hindsight("ignored|overlooked|neglected")
        or r.person_trait()
        or r.person_omits()
        or r.passive_slip()
        or _untested(r.low)
    )
    if judged:
        hits.append(Hit("fact-judgement", judged))
    causal = r.find("facts.causal") or _causal_since(r) or _causal_so(r.low)
    if causal and _reason_of_act(r):
        causal = None  # why the responders did what they did, as they saw it then
    if not judged:
        judging = r.judging_word() or _late_person(r)
        wrong = _wrong_act(r) if r.mentions_person() or _WE.search(r.low) else None
        if judging or wrong:
            hits.append(Hit("fact-judgement", judging or wrong or ""))
    if causal:
        hits.append(Hit("fact-cause", causal))
    return hits


_WE = re.compile(r"\bwe\b")
_INCORRECT = re.compile(r"\b(?:the|an|a)\s+incorrect\s+[a-z]+")
"""In the timeline, a person's act that went to "the incorrect" target ("@lee applied the
incorrect certificates", "made an incorrect assumption"), as "the wrong" one."""


def _wrong_act(r: Reader) -> str | None:
    """ "Ran it on the wrong host", "@lee applied the incorrect certificates": in the
    timeline, an act (of a person the statement names) that went to the wrong target."""
    wrong = _wrong_target(r)
    if wrong:
        return wrong.span
    m = _INCORRECT.search(r.low)
    return m.group() if m else None


_UNTESTED = re.compile(r"\b(?:was|were)\s+not\s+(?:tested|verified|double-checked)\b")


def _untested(low: str) -> str | None:
    """ "The staging hub was not tested": in the timeline, what people did not do. (As a
    cause, "the runbook was not tested against the new layout" is a condition.)"""
    m = _UNTESTED.search(low)
    return m.group() if m else None


def _late_person(r: Reader) -> str | None:
    """ "Ana finally joined the call": a named person judged late. "We finally restarted" is not."""
    for k, tok in enumerate(r.toks[1:], 1):
        if tok.low == "finally" and r.toks[k - 1].low != "we" and r.person_at(k - 1) is not None:
            return f"{r.toks[k - 1].text} finally"
    return None


def read_causes(r: Reader) -> list[Hit]:
    """At most one hit: blame, hindsight and a person as the doer are one idea.

    "They should have known" names a person, judges and uses hindsight; one
    hint that asks the most useful question beats three stacked ones.
    """
    for find in (_blame, _hindsight, _work_judged, _person, _wrong_target):
        hit = find(r)
        if hit is not None:
            return [hit]
    return []


def _person(r: Reader) -> Hit | None:
    person = r.person_acts() or r.possessive_name() or r.person_as_agent()
    if not person:
        return None
    return Hit("cause-person", person, "team" if _TEAM.search(person) else "")


_TEAM = re.compile(r"(?i)\bteams?\b")


def _blame(r: Reader) -> Hit | None:
    found = r.find("causes.blame") or _apostrophe_fault(r.low) or _role_slip(r)
    if found:
        slip = r.rules.phrases["causes.slips"].find(" " + found + " ")
        whose = _WHOSE_SLIP.search(found) or r.person_acts() or r.possessive_name()
        if slip and not (whose or r.person_as_agent()):
            return Hit("cause-blame", found, "slip")
        return Hit("cause-blame", found)
    trait = r.person_trait() or _took_part(r)
    if trait:
        return Hit("cause-blame", trait)
    state = r.person_state()
    if state and not _outside(r):  # "Struggled to attend due to other commitments"
        return Hit("cause-blame", state, "state")
    judging = r.judging_word()
    if judging:
        return Hit("cause-blame", judging, "judging")
    passive = r.passive_slip()
    if passive:
        return Hit("cause-blame", passive, "slip")
    return None


_WHOSE_SLIP = re.compile(r"\b(?:human|user|operator|pilot|engineer|developer|my|his|her|their)\b")
"""A slip that still names whose it was ("human error") is blame of a person."""


def _hindsight(r: Reader) -> Hit | None:
    found = (
        r.find("causes.hindsight")
        or r.find("causes.retrospect")
        or _modal_hindsight(r.low)
        or _late(r.low)
        or r.hindsight_by_person()
        or r.passive_hindsight()
        or r.omission()
        or _done_without(r)
    )
    return Hit("cause-hindsight", found) if found else None


_WITHOUT = re.compile(r"\bwithout\s+(?:\w+ly\s+)?(?!being\b)(\w+ing)\b")
_ASSUMING = re.compile(r"^\W*assuming\b|\bassumptions?\s+(?:about|that)\b")


@remembered
def _done_without(r: Reader) -> str | None:
    """ "Making changes directly to GitHub without opening a PR first", "Without assigning
    tasks, some teammates were overloaded", "Assuming everyone is aligned": what the team
    did (or took for granted) without a step, told as the cause. A machine doing something
    without a step ("pods exiting without uploading the file") describes the system."""
    if "without" not in r.low and "assum" not in r.low:
        return None  # most statements: no need to run the patterns
    m = _ASSUMING.search(r.low)
    if m:
        return m.group().strip(" -*")
    m = _WITHOUT.search(r.low)
    if not m:
        return None
    lead = r.toks[0].low if r.toks else ""
    if lead == "without" or _gerund(lead, r.rules.lexicon) or _WE.search(r.low[: m.start()]):
        return m.group()
    return None


def _wrong_target(r: Reader) -> Hit | None:
    """ "Ran the command on the wrong host": hindsight, asking what made the target easy to pick.

    Quiet when the statement already says what made it easy ("... after the
    tool change") or that nothing guards against it.
    """
    m = r.rules.phrases["causes.wrong_target"].find(r.low)
    if not m or _EASY_WRONG.search(r.low):
        return None
    return Hit("cause-hindsight", m.group().strip(), "wrong")


_EASY_WRONG = re.compile(
    r"\b(?:after the|because|since|due to|as the(?! wrong)|when the|against|prevents?|"
    r"nothing stops|does not show|did not show|looks? like|similar|same name|"
    r"go(?:es|ne)? wrong|went wrong|going wrong)\b"
)


def _role_slip(r: Reader) -> str | None:
    """ "operator mistake", "engineer error": a role's slip named as the cause."""
    for m in r.rules.phrases["causes.slips"].all(r.low):
        before = r.low[: m.start()].split()
        if before and before[-1].removesuffix("'s") in r.roles | {"human", "user", "pilot"}:
            return f"{before[-1]} {m.group()}"
    return None


def _modal_hindsight(low: str) -> str | None:
    """ "should never have", "could easily have": hindsight with words in between."""
    m = re.search(r"\b(?:should|could|would|ought to)\s+(?:[a-z]+\s+){0,2}?have\b(?!\s+to\b)", low)
    return m.group() if m else None


_LATE = re.compile(
    r"\b(?:too|very)\s+late\b"
    r"|\bbefore\s+(?:we|i|anyone|anybody|someone|somebody|the team)\s+(?:\w+ly\s+)?"
    r"(?:noticed|realized|realised|spotted|caught|discovered)\b"
    r"|\b(?:took|taken)\s+(?:a\s+while|(?:quite\s+)?some\s+time|long)\s+(?:for\s+(?:\w+\s+){1,3})?"
    r"to\s+(?:get|be)\s+noticed\b"
    r"|\b(?:we|i|but)\s+(?:have|had)\s+(?:not\s+yet|yet\s+to)\s+[a-z]+"
)


def _late(low: str) -> str | None:
    """ "Started too late", "an hour before we noticed", "an issue we have yet to address":
    a verdict on when people acted, told as the cause (the hint asks what kept it from
    being seen or done sooner)."""
    m = _LATE.search(low)
    return m.group() if m else None


def _causal_so(low: str) -> str | None:
    """ "..., so the students overloaded the nodes": a consequence drawn in the writer's words."""
    m = re.search(
        r"(?:,|\band)\s+so\s+(?!that\b|far\b|on\b|much\b|many\b|long\b|we\b|they\b|i\b|no\b)\w+",
        low,
    )
    return m.group().lstrip(", ") if m else None


def _causal_since(r: Reader) -> str | None:
    """ "since the checks were misconfigured" explains; "since 14:00" dates."""
    lex = r.rules.lexicon
    for m in re.finditer(r"\bsince\s+([^,.;:!?]*)", r.low):
        words = m.group(1).split()[:5]
        if not words or re.match(r"then|the start|the beginning|last|yesterday|been|\d", words[0]):
            continue  # "since 14:00", "had since been reassigned": a time, not a reason
        for k, verb in enumerate(words):
            if verb in _BE_HAVE or lex.is_past(verb) or lex.is_third(verb) or verb == "seem":
                return "since " + " ".join(words[: k + 1])
    return None


_BE_HAVE = {"was", "were", "is", "are", "had", "has", "have", "did", "does", "do", "could", "can"}


def _apostrophe_fault(low: str) -> str | None:
    m = re.search(r"\b\w+'s\s+fault\b", low)
    return m.group() if m else None


_FINITE = _AUX | {"is", "are", "was", "were", "had", "am", "be"}
_ING_NOUNS = {
    "nothing", "something", "anything", "everything", "morning", "evening", "during",
    "thing", "things", "string", "strings", "spring", "ceiling", "king", "wing", "ring",
}  # fmt: skip


def _gerund(low: str, lex: Lexicon) -> bool:
    """ "Deploying", "overthinking", "double-checking": a verb's -ing form (one the
    lexicon does not know too, when it is long enough not to be a noun such as "thing")."""
    last = low.rsplit("-", 1)[-1]
    return (
        lex.is_gerund(low)
        or lex.is_gerund(last)
        or (last.endswith("ing") and len(last) >= 6 and last not in _ING_NOUNS)
    )


def _act_named(r: Reader) -> bool:
    """ "Overthinking minor tasks", "Not double-checking results", "Letting a task slip":
    a behaviour named as the cause, a gerund with no verb of its own after it (unlike
    "Coding the mechanics took most of the time", where the activity is the subject)."""
    toks = [t for t in r.toks if t.low not in _SENTENCE_END]
    k = 1 if toks and toks[0].low == "not" else 0
    lex = r.rules.lexicon
    if len(toks) <= k or not _gerund(toks[k].low, lex):
        return False
    for tok in toks[k + 1 :]:
        if tok.low in _CLAUSE_START or tok.low in _SENTENCE_END:
            break
        if tok.low in _FINITE or lex.is_third(tok.low) or lex.is_past(tok.low):
            return False
    return True


_UNSKILLED = re.compile(
    r"\b(?:never\s+(?:\w+\s+){0,2}?(?:used|did|done|written|wrote|worked|tried|made|built|"
    r"communicated)\b[^.;]*\bbefore\b|no\s+(?:prior\s+|previous\s+)?experience|"
    r"(?:limited|little|lack\s+of)\s+(?:\w+\s+){0,2}?(?:experience|familiarity|knowledge)|"
    r"unfamiliar(?:ity)?|not\s+familiar|inexperience[d]?|(?:getting|get|got)\s+up\s+to\s+speed|"
    r"i\s+am\s+not\s+an?\s+(?:\w+\s+)?(?:designer|artist|expert|programmer|developer|"
    r"engineer))\b"
)
"""A person's lack of experience given as the explanation ("We had never really used Tiled
before", "Limited initial familiarity with GitHub workflows"): a detector the model weighs."""


_OUTSIDE = re.compile(
    r"\b(?:other|competing|personal|family|work|job|external|outside)\s+(?:commitments?|"
    r"circumstances?|issues?|matters?|reasons?|obligations?|responsibilities|situations?|"
    r"emergenc(?:y|ies)|loss|life)\b|\b(?:time[- ]?zones?|time[- ]?zone overlaps?|illness|"
    r"sickness|hospital|exams?|holidays?|vacation|parental leave|leave of absence|bereavement|"
    r"funeral|full-time job|day job|job work|internet (?:outages?|issues|connection|access)|"
    r"power (?:outages?|cuts?)|lost (?:my|his|her|their|a) laptop)\b"
)
"""An outside condition named as what made it hard ("due to other commitments", "time
zones", "a personal loss"): the cause given is the condition, not the person's state."""
_PARTICIPATION = re.compile(
    r"\b(?:members?|teammates?|team-mates?|contributors?|participants?)\b[^.;]{0,30}?"
    r"\b(?:not|less|in|never|rarely|barely|(?:could|did) not)\s+(?:\w+ly\s+)?(?:active|"
    r"involved|participat\w*|contribut\w*|engaged|responsive)\b"
    r"|\b(?:inconsistent|uneven|low|unequal|poor)\s+(?:participation|contributions?|engagement|"
    r"involvement|attendance)\b"
)
"""Members judged by how much they took part ("Not all team members were consistently
active", "Some members could not fully participate", "inconsistent participation")."""
_MANNER_VERDICT = re.compile(
    r"\bnot\s+(?:\w+\s+)?(?:consistently|effectively|properly|fully|clearly|regularly|"
    r"adequately|thoroughly|efficiently|well)\b|\bnot\s+thorough\s+enough\b"
    r"|\b(?:underutili[sz]ed|mismanaged|poorly|badly|sloppily|haphazardly)\b"
    r"|\b(?:poor|inefficient|ineffective|inconsistent|unclear|bad)\s+(?:use|usage|"
    r"communication|coordination|planning|prioriti[sz]ation|organi[sz]ation|management|"
    r"documentation|tracking|follow-through|collaboration|alignment|estimates?|time)\b"
    r"|\bin\s+a\s+timely\s+(?:manner|fashion)\b"
)
"""A verdict on how people did the work ("were not managed effectively", "notes were not
consistently taken", "poor prioritization", "underutilized"), not on how a system behaves."""
_SYSTEM_VERBS = frozenset({
    "work", "function", "operate", "support", "propagate", "utilize", "utilise", "receive",
    "load", "run", "perform", "scale", "render", "sync", "synchronize", "apply",
    "handle", "cover", "fit", "match", "resolve", "close", "start", "shut", "clean",
})  # fmt: skip
"""What software, funds or tools do "properly" or "fully": a behaviour, not a way of working."""


@remembered
def _outside(r: Reader) -> re.Match[str] | None:
    return _OUTSIDE.search(r.low)


@remembered
def _participation(r: Reader) -> re.Match[str] | None:
    low = r.low
    if not any(word in low for word in _TAKING_PART):
        return None  # most statements: no need to run the pattern
    return _PARTICIPATION.search(low)


_TAKING_PART = (
    "member", "mate", "contributor", "participa", "contribution", "engagement", "involvement",
    "attendance",
)  # fmt: skip
"""A part of every word :data:`_PARTICIPATION` needs."""


@remembered
def _manner(r: Reader) -> re.Match[str] | None:
    return _MANNER_VERDICT.search(r.low)


@remembered
def _manner_verdict(r: Reader) -> str | None:
    """ "Merge conflicts were not managed effectively", "Poor prioritization": a verdict on
    how people did the work. Quiet about how a system behaves ("did not function properly",
    "was not fully utilized") and about a person's own situation ("did not receive the
    notice in a timely fashion")."""
    m = _manner(r)
    if not m:
        return None
    lex = r.rules.lexicon
    near = r.low[max(0, m.start() - 25) : m.end() + 25].split()
    if any(lex.lemma(w) in _SYSTEM_VERBS for w in near):
        return None
    return m.group()


def _work_judged(r: Reader) -> Hit | None:
    verdict = _manner_verdict(r)
    return Hit("cause-blame", verdict, "judging") if verdict else None


@remembered
def _took_part(r: Reader) -> str | None:
    """ "Some members could not fully participate", "inconsistent participation": people
    judged by how much they took part, unless the statement says what kept them away."""
    m = _participation(r)
    if not m or _outside(r) or re.search(r"\b(?:due to|because)\b", r.low):
        return None
    return m.group()


def cause_signals(r: Reader) -> list[str]:
    """Which of the cause detectors fire on their own, not first-wins as in :func:`read_causes`.

    The model weighs them beside the words: "a person acts" alone is weak
    evidence of blame, with "forgot" or "tired" beside it much stronger.
    """
    return _signals(r, _CAUSE_SIGNALS)


def fact_signals(r: Reader) -> list[str]:
    """The detectors that bear on a fact (judging, hindsight, explaining), read with
    reports blanked out."""
    return _signals(_unreported(r), _FACT_SIGNALS)


def _signals(r: Reader, checks: dict[str, _Check]) -> list[str]:
    return [name for name, check in checks.items() if check(r)]


_Check = Callable[[Reader], object]
_CAUSE_SIGNALS: dict[str, _Check] = {
    "blame": lambda r: r.find("causes.blame"),
    "hindsight": lambda r: r.find("causes.hindsight"),
    "retrospect": lambda r: r.find("causes.retrospect"),
    "modal": lambda r: _modal_hindsight(r.low),
    "late": lambda r: _late(r.low),
    "hindsight-person": lambda r: r.hindsight_by_person(),
    "passive": lambda r: r.passive_hindsight(),
    "omission": lambda r: r.omission(),
    "person-omits": lambda r: r.person_omits(),
    "person-acts": lambda r: r.person_acts(),
    "possessive": lambda r: r.possessive_name(),
    "agent": lambda r: r.person_as_agent(),
    "trait": lambda r: r.person_trait(),
    "state": lambda r: r.person_state(),
    "judging": lambda r: r.judging_word(),
    "slip": lambda r: r.passive_slip(),
    "person": lambda r: r.mentions_person(),
    "wrong": _wrong_target,
    "systemic": lambda r: r.find("causes.systemic"),
    "causal": lambda r: r.find("facts.causal"),
    "judgement": lambda r: r.find("facts.judgement"),
    "act-named": _act_named,
    "skill": lambda r: _UNSKILLED.search(r.low),
    "without": _done_without,
    "outside": _outside,
    "participation": _participation,
    "manner": _manner,
}
_FACT_SIGNALS = {
    name: _CAUSE_SIGNALS[name]
    for name in (
        "blame", "hindsight", "modal", "hindsight-person", "passive", "omission",
        "person-omits", "state", "judging", "causal", "judgement",
    )
}  # fmt: skip
