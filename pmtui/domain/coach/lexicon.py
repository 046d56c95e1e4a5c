"""English word knowledge the coach reads by lemma: verb forms, judging words, common words.

The coach matches ideas, not spellings: "forget to" in a word list must
also catch "forgets to" and "forgetting to", a judging word must be caught
without listing every one, and a person's name must be told from a word.
That knowledge comes from well-kept libraries (lemminflect for lemmas and
inflections, VADER's valence lexicon for judging words, wordfreq for how
common a word is), compiled once into ``pmtui/data/coach/<language>-lexicon.txt``
so that nothing heavy is imported and nothing downloads when pmtui runs.

Regenerate the file after upgrading one of those libraries (their pinned
versions are in ``pyproject.toml``; a test compares the file with what they
produce)::

    python -m pmtui.domain.coach.lexicon > pmtui/data/coach/en-lexicon.txt

Lines: ``v lemma past participle third-person gerund`` (several spellings
joined by ``|``), ``e word valence`` for an evaluative adjective or adverb,
``w word ...`` for common English words (a name is a word these lack), ``n word ...``
for plural nouns spelled like a verb's third person ("times", "engineers").
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

VERB_MIN_ZIPF = 2.0
"""Verbs at least this common (wordfreq's Zipf scale) get their forms listed."""
WORD_MIN_ZIPF = 3.3
"""Words at least this common count as words, not names, for host accounts."""
JUDGING_VALENCE = -1.0
"""VADER valence at or below which an adjective or adverb judges."""


@dataclass(frozen=True, eq=False)
class Lexicon:
    """Verb forms by lemma, judging words and common words for one language."""

    forms: dict[str, tuple[str, ...]]
    """A verb's lemma and all its forms (the lemma first)."""
    lemma_of: dict[str, str]
    """Any verb form to its lemma ("broke" -> "break")."""
    past: frozenset[str]
    """Simple past and past participle forms: "broke", "deleted", "broken"."""
    third: frozenset[str]
    """Third person singular present that is not also a plural noun: "deletes", not "times"."""
    gerund: frozenset[str]
    evaluative: dict[str, float]
    """Adjectives and adverbs with a negative valence ("sloppy" is not in VADER, "careless" is)."""
    common_text: str = field(repr=False)
    """Common words, space-separated; split on first use (only host names need them)."""

    @classmethod
    def empty(cls) -> Lexicon:
        return cls({}, {}, frozenset(), frozenset(), frozenset(), {}, "")

    def inflections(self, word: str) -> tuple[str, ...]:
        """Every form of ``word`` when it is a verb's base form, else just the word."""
        if word in self.forms and self.lemma_of.get(word) == word:
            return self.forms[word]
        return (word,)

    def lemma(self, word: str) -> str:
        return self.lemma_of.get(word, word)

    @functools.cached_property
    def common(self) -> frozenset[str]:
        return frozenset(self.common_text.split(" "))

    def is_word(self, low: str) -> bool:
        """A common English word ("backup", "deploy"), not a name."""
        return low in self.common or low in self.lemma_of


def _path(language: str) -> Path:
    return Path(str(resources.files("pmtui") / "data" / "coach" / f"{language}-lexicon.txt"))


@functools.lru_cache(maxsize=4)
def load(language: str = "en") -> Lexicon:
    """The packaged lexicon, read once per process (about 20 ms); empty when none ships."""
    forms: dict[str, tuple[str, ...]] = {}
    past: set[str] = set()
    third: set[str] = set()
    gerund: set[str] = set()
    evaluative: dict[str, float] = {}
    common: list[str] = []
    nouns: set[str] = set()
    path = _path(language)
    text = path.read_text(encoding="utf-8") if path.is_file() else ""
    for line in text.splitlines():
        kind, _, rest = line.partition("\t")
        if kind == "v":
            lemma, vbd, vbn, vbz, vbg = rest.split("\t")
            d, n, z, g = vbd.split("|"), vbn.split("|"), vbz.split("|"), vbg.split("|")
            past.update(d)
            past.update(n)
            third.update(z)
            gerund.update(g)
            forms[lemma] = tuple(dict.fromkeys([lemma, *d, *n, *z, *g]))
        elif kind == "e":
            word, valence = rest.split("\t")
            evaluative[word] = float(valence)
        elif kind == "w":
            common.append(rest)
        elif kind == "n":
            nouns.update(rest.split(" "))
    # "saw" is a form of "see" before it is a verb of its own
    lemma_of = {lemma: lemma for lemma in forms}
    lemma_of.update({f: lemma for lemma, fs in forms.items() for f in fs[1:]})
    return Lexicon(
        forms,
        lemma_of,
        frozenset(past),
        frozenset(third - nouns),
        frozenset(gerund),
        evaluative,
        " ".join(common),
    )


# -- building the file (needs the pinned libraries of the test extras) ----------

_LINE_WIDTH = 100


def build() -> str:  # pragma: no cover - exercised by the freshness test
    """The lexicon file's text, from lemminflect, VADER and wordfreq."""
    import lemminflect
    import wordfreq
    from lemminflect.core.Lemmatizer import Lemmatizer
    from vaderSentiment import vaderSentiment

    lemma_dict = Lemmatizer()._getLemmaDict()
    verbs: set[str] = set()
    adjadv: set[str] = set()
    plural: set[str] = set()
    for form, by_pos in lemma_dict.items():
        verbs.update(by_pos.get("VERB", ()))
        if form not in by_pos.get("NOUN", (form,)):
            plural.add(form)
        if "ADJ" in by_pos or "ADV" in by_pos:
            adjadv.add(form)
    out = [
        "# Generated by python -m pmtui.domain.coach.lexicon from lemminflect, VADER and "
        "wordfreq; do not edit."
    ]
    for lemma in sorted(verbs):
        if not re.fullmatch(r"[a-z][a-z-]*", lemma):
            continue
        if wordfreq.zipf_frequency(lemma, "en") < VERB_MIN_ZIPF:
            continue
        infl = lemminflect.getAllInflections(lemma, upos="VERB")
        infl.setdefault("VBN", infl.get("VBD", ()))  # "deleted" is both
        tags = ("VBD", "VBN", "VBZ", "VBG")
        groups = ["|".join(dict.fromkeys(infl.get(tag, ()))) for tag in tags]
        if all(groups):
            out.append("\t".join(["v", lemma, *groups]))
    third = {f for line in out[1:] for f in line.split("\t")[4].split("|")}
    _rows(out, "n", sorted(third & plural))
    lexicon_file = Path(vaderSentiment.__file__).with_name("vader_lexicon.txt")
    for line in lexicon_file.read_text(encoding="utf-8", errors="replace").splitlines():
        word, valence, *_ = line.split("\t")
        if word in adjadv and re.fullmatch(r"[a-z]+", word) and float(valence) <= JUDGING_VALENCE:
            out.append(f"e\t{word}\t{float(valence):.1f}")
    common = sorted(
        w
        for w in lemma_dict
        if re.fullmatch(r"[a-z]+", w) and wordfreq.zipf_frequency(w, "en") >= WORD_MIN_ZIPF
    )
    _rows(out, "w", common)
    return "\n".join(out) + "\n"


def _rows(out: list[str], kind: str, words: list[str]) -> None:  # pragma: no cover
    row: list[str] = []
    for w in words:
        if sum(len(x) + 1 for x in row) + len(w) > _LINE_WIDTH:
            out.append(f"{kind}\t" + " ".join(row))
            row = []
        row.append(w)
    if row:
        out.append(f"{kind}\t" + " ".join(row))


if __name__ == "__main__":  # pragma: no cover
    import sys

    sys.stdout.write(build())
