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

from pmtui.domain.coach.wording import _DETERMINERS, _SENTENCE_END, Hit, Reader

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
        hits.append(Hit("commitment-vague", vague))
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


def main_clause(r: Reader) -> Reader:
    """The item without list marks, a lead-in ("We need to") or a trailing clause."""
    text = _PREFIX.sub("", r.original, count=1)
    low = " " + text.lower() + " "
    m = r.rules.phrases["commitments.lead_ins"].at(low, 1)
    if m:
        text = text[m.end() - 1 :].lstrip()
    cut = _TRAILING.search(text)
    if cut and cut.start() > 0:
        text = text[: cut.start()]
    if text == r.original:
        return r
    return Reader(text, r.rules, r.raw_names)


def _vague(r: Reader) -> str | None:
    """The words that make the item an intention, or ``None`` when it names a deliverable."""
    main = main_clause(r)
    words = [t for t in main.toks if t.low not in _SENTENCE_END and t.low != ","]
    if not words:
        return None
    intention = main.find("commitments.vague")
    if intention:
        return intention.strip()
    anchored = _anchored(main)
    soft = main.find("commitments.soft") or _attitude(main)
    if soft:
        return None if anchored else soft.strip()
    generic = _only_generic(main)
    if generic:
        return generic
    if anchored:
        return None
    verbs = _lead_verbs(main)
    if any(v in main.rules.words("commitments.open_ended_verbs") for v in verbs):
        return verbs[0]
    if any(v in main.rules.words("commitments.change_verbs") for v in verbs):
        return None
    if not verbs and main.find("commitments.artefacts"):
        return None  # "A disk alert on the log hosts": the thing itself
    return words[0].text if verbs or len(words) < 2 else f"{words[0].text} {words[1].text}"


def _lead_verbs(r: Reader) -> list[str]:
    """The lemmas of the verbs that lead the item: "Review and merge" gives both."""
    lex = r.rules.lexicon
    toks = [t for t in r.toks if t.low != ","]
    out: list[str] = []
    k = 0
    while k < len(toks):
        low = toks[k].low
        if low in {"also", "then", "please", "first", "immediately", "quickly"}:
            k += 1
            continue
        lemma = lex.lemma(low)
        if lemma not in lex.forms and low not in r.rules.words("commitments.change_verbs"):
            break
        out.append(lemma if lemma in lex.forms else low)
        if k + 2 < len(toks) and toks[k + 1].low in {"and", "or", "&"}:
            k += 2
            continue
        break
    return out


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


def _anchored(r: Reader) -> bool:
    """Whether the item names something measurable, a mechanism or an identifier."""
    if re.search(r"(?<![a-z+])\d", r.low):
        return True
    if r.find("commitments.anchors"):
        return True
    if re.search(r"[\"“`][^\"”`]{2,}[\"”`]", r.original):  # a quoted name: "runbook updated"
        return True
    if re.search(r":\s*[^:,]+(?:,[^:,]+)*(?:,| and )", r.low):  # "...: host, mount and rate"
        return True
    if re.search(r"\w:\s+(?:[\w'-]+\s+){2,}[\w'-]+", r.low):  # "Harden SSH: disable password login"
        return True
    if _PATHLIKE.search(r.original):
        return True
    return any(re.search(r"[a-z0-9][_.=][a-z0-9]|--|[a-z][A-Z]", t.text) for t in r.toks)
