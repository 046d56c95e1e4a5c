"""Commitments: does the text name a deliverable someone can check?

The test is inverted on purpose. A list of vague words always lags behind
the ways people find to say "we'll do better", so a commitment is taken as
an intention until it names something checkable: an artefact ("a runbook
step", "an alert"), a place, a threshold or a number, or a named component
and what changes in it ("make the deploy tool print the target cluster").
A slash or a capitalised product name alone is not concreteness.

Only the main clause is judged: "We need to" before a concrete item, or a
trailing "and consider ..." after one, does not make it vague.
"""

from __future__ import annotations

import re

from pmtui.domain.coach.wording import (
    _DETERMINERS,
    _SENTENCE_END,
    Hit,
    Reader,
    _Tok,
    remembered,
)

_PREFIX = re.compile(
    r"^(?:\s*(?:[-*•>]+|\[\s?[xX]?\s?\]|\d+[.)]|(?:todo|action(?:\s+item)?|ai|fix|follow-up)\s*[:-]"
    r"|[A-Z][\w.-]*:(?=\s)))+\s*",
    re.IGNORECASE,
)
"""List marks and labels before the item: "- [ ] ", "TODO: ", "Ana: "."""
_TRAILING = re.compile(
    r"\s*(?:;|,\s*(?:and|or|then|but|plus|also)\b|\s(?:and|or)\s+(?:then\s+)?(?=(?:also\s+)?"
    r"(?:consider|look|think|discuss|evaluate|explore|investigate|review|see|check|maybe|"
    r"possibly|perhaps|ideally)\b)|,\s*(?=(?:consider|maybe|possibly|perhaps|ideally|"
    r"if|where|when|and)\b)|\.\s)",
    re.IGNORECASE,
)
"""Where the main item ends and a trailing clause ("and consider ...") begins."""
_PATHLIKE = re.compile(
    r"(?:^|\s)[~.]?/[\w.-]+|[\w-]+/[\w.-]+/|\w\.(?:py|js|ts|go|rs|java|rb|ya?ml|json|toml|sh|sql|md|"
    r"conf|cfg|ini|tf|txt|csv|html|css)\b|[A-Z]{2,}-\d+|#\d+"
)
"""A path, a file name, a ticket id: concrete. "readiness/liveness" alone is not."""


def read_commitments(r: Reader) -> list[Hit]:
    hits: list[Hit] = []
    vague = _vague(r)
    if vague:
        hits.append(Hit("commitment-vague", *vague))
    lead = " " + r.low.lstrip(" -*•\t") + " "
    m = r.rules.phrases["commitments.group_subjects"].at(lead, 1)
    group = m.group() if m else _all_of_a_role(r)
    if group:
        hits.append(Hit("commitment-group-owner", group))
    gate = r.find("commitments.gates")
    if gate and "checklist" in gate and not r.find("commitments.gate_contexts"):
        gate = None  # an onboarding checklist is not a gate
    if gate and r.find("commitments.gate_verbs") and not r.find("commitments.automation"):
        hits.append(Hit("commitment-gate", gate))
    return hits


_OPENING = re.compile(
    r"^(?:(?:as part of|as a|in addition|additionally|also|going forward|moving forward|"
    r"in the future|from now on|longer term|long term|short term|as such|as mentioned above|"
    r"and|if|once|when|after|before|until|while)\b[^,]{0,60},\s*"
    r"|(?:in the future|going forward|from now on|also|as a (?:first|next|second) step|first|"
    r"next|then|finally)\s+)",
    re.IGNORECASE,
)
"""An opening phrase or condition before the item itself: "As part of remediation, ..."."""
_MODAL = re.compile(
    r"\b(?:should|must|will|shall|would|can|need to|needs to|has to|have to|was|were|"
    r"has been|have been|is being|are being)\s+(?:also\s+)?(?:be\s+)?(?:\w+ly\s+)?(?P<verb>[a-z-]+)"
)
_NORMATIVE = re.compile(r"\b(?:should|must|ought to)\s+(?:also\s+|always\s+)?be\s+[a-z]+ed\b")
"""A rule for everyone ("migrations should be tested beforehand"), not a change someone makes."""
_QUESTION = re.compile(
    r"^\W*(?:can|could|should|shall|how|what|why|would|is|are|do|does)\b.*|.*\?\s*$"
)


@remembered
def main_clause(r: Reader) -> Reader:
    """The item without list marks, an opening or lead-in ("We need to") or a trailing clause."""
    text = _PREFIX.sub("", r.original, count=1)
    text = _OPENING.sub("", text, count=1)
    low = " " + text.lower() + " "
    m = r.rules.phrases["commitments.lead_ins"].at(low, 1)
    if m:
        text = text[m.end() - 1 :].lstrip()
    text = _cut_trailing(r, text)
    if text == r.original:
        return r
    return Reader(text, r.rules, r.raw_names)


def _cut_trailing(r: Reader, text: str) -> str:
    """The item up to a trailing clause or a purpose ("to ensure ...", "so others can ...")."""
    ends = [m.start() for m in _TRAILING.finditer(text)]
    lex = r.rules.lexicon
    for m in re.finditer(
        r"\s(?:in order )?to\s+(?:\w+ly\s+)?([a-z-]+)|\s(?:so|so that)\s+\w+\s+can\b", text
    ):
        verb = m.group(1)
        if verb is None or (lex.is_lemma(verb) and lex.lemma(verb) == verb):
            ends.append(m.start())
    for end in sorted(ends):
        if len(text[:end].split()) >= 3:
            return text[:end]
    return text


def _vague(r: Reader) -> tuple[str, str] | None:
    """The words that make the item an intention and which kind of reading found them
    ("soft": a soft word with nothing measurable, "unnamed": no deliverable named), or
    ``None`` when it names a deliverable."""
    if _QUESTION.match(r.original.strip()):
        return (r.toks[0].text, "") if r.toks else None
    main = main_clause(r)
    words = [t for t in main.toks if t.low not in _SENTENCE_END and t.low != ","]
    if not words:
        return None
    intention = main.find("commitments.vague")
    if intention:
        return intention.strip(), ""
    inquiry = _inquiry(main)
    if inquiry:
        return inquiry, ""
    anchored = _anchored(main) or _anchored(r)
    soft = main.find("commitments.soft") or _attitude(main)
    if soft and not anchored and not _changes_an_artefact(main, soft):
        return soft.strip(), "soft"
    if soft:
        return None
    generic = _only_generic(main)
    if generic:
        return generic, ""
    verbs = _lead_verbs(main)
    if not verbs:
        verbs = _modal_verbs(main)
    normative = _NORMATIVE.search(main.low)
    if normative:
        return normative.group(), ""
    if any(v in main.rules.words("commitments.open_ended_verbs") for v in verbs[:1]):
        return None if _delivers_after(main) else (verbs[0], "")
    if anchored:
        return None
    if any(v in main.rules.words("commitments.change_verbs") for v in verbs):
        return (verbs[0], "") if _only_a_name(main, words) else None
    lead = words[0].text if verbs or len(words) < 2 else f"{words[0].text} {words[1].text}"
    return lead, "unnamed"


def _inquiry(r: Reader) -> str | None:
    """ "Investigate the 'no space left' messages (#3499)": an inquiry with no result to
    deliver, however precisely it names its subject; "Investigate and fix" delivers."""
    verbs = _lead_verbs(r)
    if not verbs or verbs[0] not in _INQUIRY or len(verbs) > 1 or _delivers_after(r):
        return None
    return r.toks[0].text if r.toks[0].low == verbs[0] else verbs[0]


_INQUIRY = frozenset(
    {"investigate", "explore", "research", "determine", "identify", "study", "examine", "look"}
)
"""Verbs of an inquiry: what they promise is to find out, not a change anyone can check."""


def _changes_an_artefact(r: Reader, soft: str) -> bool:
    """ "Update the runbook with clearer failover steps": a soft word inside a concrete change."""
    verbs = _lead_verbs(r)
    if not verbs or verbs[0] not in r.rules.words("commitments.change_verbs"):
        return False
    lead = r.toks[0].low if r.toks else ""
    first = soft.split()[0]
    if first in {lead, r.rules.lexicon.lemma(lead)}:
        return False  # the soft word leads: "Improve ...", "Clean up ..."
    if first in {"more", "less", "fewer", "better"} or first.endswith("er"):
        return False  # "Make the script safer", "Write more tests": better than what?
    return r.find("commitments.artefacts") is not None


def _delivers_after(r: Reader) -> bool:
    """ "Investigate the spike and publish findings in INC-204": an activity with a result."""
    change = r.rules.words("commitments.change_verbs")
    for k, tok in enumerate(r.toks[1:], 1):
        if r.toks[k - 1].low in {"and", "then"} and tok.low in change:  # an imperative
            return True
    return False


def _only_a_name(r: Reader, words: list[_Tok]) -> bool:
    """ "Implement Secrets Manager": a verb and a product's name, nothing said of what changes."""
    rest = words[1:]
    return 0 < len(rest) <= 3 and all(t.text[:1].isupper() for t in rest)


def _modal_verbs(r: Reader) -> list[str]:
    """ "Each strategy should call lock() on harvest", "The bugs will be added as tests"."""
    m = _MODAL.search(r.low)
    if not m:
        return []
    lex = r.rules.lexicon
    verb = m.group("verb")
    lemma = lex.lemma(verb)
    return [lemma if lex.is_lemma(lemma) else verb]


def _lead_verbs(r: Reader) -> list[str]:
    """The lemmas of the verbs that lead the item: "Review and merge" gives both."""
    lex = r.rules.lexicon
    toks = [t for t in r.toks if t.low != ","]
    out: list[str] = []
    k = 0
    while k < len(toks):
        low = toks[k].low
        if low in _SKIPPED or (not out and (low in _DONE_OR_PLANNED or low == "do")):
            k += 1  # "we have switched", "we will be adding": judged by the verb itself
            continue
        bare = low if lex.is_form(low) else re.sub(r"^re-?(?=[a-z]{4})", "", low)
        lemma = lex.lemma(bare)
        if not lex.is_lemma(lemma) and low not in r.rules.words("commitments.change_verbs"):
            break
        out.append(lemma if lex.is_lemma(lemma) else low)
        if k + 2 < len(toks) and toks[k + 1].low in {"and", "or", "&"}:
            k += 2
            continue
        break
    return out


_SKIPPED = {
    "also",
    "then",
    "please",
    "first",
    "immediately",
    "quickly",
    "explicitly",
    "not",
    "never",
}
_DONE_OR_PLANNED = {"we", "i", "have", "has", "had", "been", "be", "will", "are", "is"}


def _all_of_a_role(r: Reader) -> str | None:
    """ "All on-call engineers must...", "Every reviewer checks...": a group as the doer."""
    toks = [t for t in r.toks if t.low[:1].isalnum()]
    if not toks or toks[0].low not in {"all", "every", "each"}:
        return None
    for k in range(1, min(4, len(toks))):
        if toks[k].low in r.roles:
            return " ".join(t.text for t in toks[: k + 1])
    return None


def _attitude(r: Reader) -> str | None:
    """ "Stay focused", "Work harder on reliability": a verb of attitude leads."""
    words = [t.low for t in r.toks if t.low[:1].isalnum()]
    lex = r.rules.lexicon
    if len(words) > 1 and words[0] == "be" and (lex.is_gerund(words[1]) or lex.is_past(words[1])):
        return None  # "be adding a policy": what is planned, judged by its verb
    verbs = r.rules.words("commitments.attitude_verbs")
    for lead in (" ".join(words[:2]), words[0] if words else ""):
        if lead in verbs:
            return lead
    return None


def _only_generic(r: Reader) -> str | None:
    """ "Fix the bug", "Write tests": a verb and a generic object, nothing to check."""
    words = [t.low for t in r.toks if t.low not in _SENTENCE_END and t.low != ","]
    if not 2 <= len(words) <= 4:
        return None
    if words[0] in r.rules.words("commitments.open_ended_verbs") and not _anchored(r):
        return words[0]
    generic = r.rules.words("commitments.generic_objects")
    for k in range(len(words) - 1):
        tail = " ".join(words[1 + k :])
        if tail in generic and all(
            w in _DETERMINERS | {"more", "some", "new"} for w in words[1 : 1 + k]
        ):
            return words[0]
    return None


_NUMBER = re.compile(r"(?<![a-z+])\d")
_QUOTED_NAME = re.compile(r"[\"“`][^\"”`]{2,}[\"”`]")  # a quoted name: "runbook updated"
_LISTED = re.compile(r":\s*(?:[\w-]+\s?){1,3}(?:,\s*(?:[\w-]+\s?){1,3})*(?:,| and )")
_BRACKETED_LIST = re.compile(r"\([^()]*,[^()]*\)")  # "(balances, weights, amplification)"
_IDENTIFIER = re.compile(r"[a-z0-9][_.=][a-z0-9]|--|^[a-z]+[A-Z]")


@remembered
def _anchored(r: Reader) -> bool:
    """Whether the item names something measurable, a mechanism or an identifier."""
    if _NUMBER.search(r.low):
        return True
    if r.find("commitments.anchors"):
        return True
    if _QUOTED_NAME.search(r.original):
        return True
    if _LISTED.search(r.low):
        return True  # "...: host, mount and growth rate"
    if _PATHLIKE.search(r.original):
        return True
    if _BRACKETED_LIST.search(r.original):
        return True
    return any(_IDENTIFIER.search(t.text) for t in r.toks)


def commitment_signals(r: Reader) -> list[str]:
    """What the commitment readings notice, each on its own, for the model to weigh.

    :func:`read_commitments` stops at the first reading that decides; the
    model sees them all, and the verb that leads the item ("lead:add").
    """
    out = []
    if _QUESTION.match(r.original.strip()):
        out.append("question")
    main = main_clause(r)
    if main is not r:
        out.append("trimmed")
    checks = {
        "intention": main.find("commitments.vague"),
        "soft": main.find("commitments.soft"),
        "attitude": _attitude(main),
        "anchored": _anchored(main) or _anchored(r),
        "generic": _only_generic(main),
        "normative": _NORMATIVE.search(main.low),
        "artefact": main.find("commitments.artefacts"),
        "group": _all_of_a_role(r) or r.find("commitments.group_subjects"),
        "gate": r.find("commitments.gates"),
    }
    out += [name for name, found in checks.items() if found]
    verbs = _lead_verbs(main) or _modal_verbs(main)
    change = r.rules.words("commitments.change_verbs")
    open_ended = r.rules.words("commitments.open_ended_verbs")
    for verb in verbs[:1]:
        out.append(f"lead:{verb}")
        if verb in change:
            out.append("change-verb")
        if verb in open_ended:
            out.append("open-ended")
    if not verbs:
        out.append("no-verb")
    return out
