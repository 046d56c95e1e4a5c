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
for plural nouns spelled like a verb's third person ("times", "engineers"). Last come
the ``x`` lines, the verb forms as :class:`Lexicon` looks them up, worked out from the
``v`` and ``n`` lines when the file is built (:func:`index_lines`): every form, in the
order of its CRC-32, and beside each (base64 of little-endian arrays) its length, its
CRC-32, the ``v`` line of its lemma and what kind of form it is. Reading the file then
makes no object per form (:mod:`pmtui.domain.coach.packed`): read into dictionaries and
sets, the 23,000 forms held 4.9 MiB; packed, the lexicon holds about 1 MiB. Common
words stay one string, searched for a host account's name parts, not a set (1.4 MiB).
"""

from __future__ import annotations

import binascii
import functools
import itertools
import re
from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from pmtui.domain.coach.packed import MEMO_WORDS, Memo, Words, pack, read_lines, unpack

VERB_MIN_ZIPF = 2.0
"""Verbs at least this common (wordfreq's Zipf scale) get their forms listed."""
WORD_MIN_ZIPF = 3.3
"""Words at least this common count as words, not names, for host accounts."""
JUDGING_VALENCE = -1.0
"""VADER valence at or below which an adjective or adverb judges."""

FORM = 1
"""A form of some verb ("broke", "break", "saw")."""
LEMMA = 2
"""A verb's base form with a ``v`` line of its own ("break", "saw")."""
PAST = 4
"""A simple past or past participle form: "broke", "deleted", "broken"."""
THIRD = 8
"""A third person singular present that is not also a plural noun: "deletes", not "times"."""
GERUND = 16


class Lexicon:
    """Verb forms by lemma, judging words and common words for one language.

    The verb forms are held packed (:mod:`pmtui.domain.coach.packed`): the
    file's ``v`` lines as one string, every form in one :class:`Words`, and
    beside each form its lemma's ``v`` line and its kind (:data:`PAST`, ...).
    What each word asked about was found to be is remembered, so a statement's
    words cost a dictionary lookup each, as when the forms were dictionaries.
    """

    def __init__(
        self,
        verbs: str = "",
        verb_lengths: Iterable[int] = (),
        forms: Words | None = None,
        lemma_lines: Sequence[int] = (),
        kinds: bytes = b"",
        evaluative: dict[str, float] | None = None,
        common_text: str = "",
    ) -> None:
        self._verbs = verbs
        """The file's ``v`` lines."""
        self._verb_starts = array("I", itertools.accumulate(verb_lengths, initial=0))
        self._forms = forms if forms is not None else Words()
        self._lemma_lines = lemma_lines
        self._kinds = kinds + b"\0"
        """Each form's kind, and 0 for a word that is none."""
        self.evaluative = evaluative if evaluative is not None else {}
        """Adjectives and adverbs with a negative valence ("sloppy" is not in VADER,
        "careless" is)."""
        self._common = f" {common_text} "
        self._kind_memo: Memo[int] = Memo(self._forms, self._kinds)
        self._lemma_memo = _Lemmas(self)

    @classmethod
    def empty(cls) -> Lexicon:
        return cls()

    def _lemma_at(self, i: int) -> str:
        """The lemma of the ``i``-th form."""
        start = self._verb_starts[self._lemma_lines[i]] + 2  # past "v\t"
        return self._verbs[start : self._verbs.index("\t", start)]

    def inflections(self, word: str) -> tuple[str, ...]:
        """Every form of ``word`` when it is a verb's base form, else just the word."""
        if self._kind_memo[word] & LEMMA and self._lemma_memo[word] == word:  # not "saw"
            line = self._lemma_lines[self._forms.find(word)]
            _v, *groups = self._verbs[
                self._verb_starts[line] : self._verb_starts[line + 1] - 1
            ].split("\t")
            return tuple(dict.fromkeys(f for group in groups for f in group.split("|")))
        return (word,)

    def lemma(self, word: str) -> str:
        """The lemma of a verb form ("broke" -> "break"); any other word as it is."""
        return self._lemma_memo[word]

    def lemmas(self, words: Iterable[str]) -> list[str]:
        """:meth:`lemma` of each word."""
        return list(map(self._lemma_memo.__getitem__, words))

    def is_form(self, word: str) -> bool:
        """Any form of a verb: "broke", "break", "saw"."""
        return self._kind_memo[word] != 0

    def is_lemma(self, word: str) -> bool:
        """A verb's base form, with forms of its own: "break", "saw" (also a form of "see")."""
        return self._kind_memo[word] & LEMMA != 0

    def is_past(self, word: str) -> bool:
        return self._kind_memo[word] & PAST != 0

    def is_third(self, word: str) -> bool:
        return self._kind_memo[word] & THIRD != 0

    def is_gerund(self, word: str) -> bool:
        return self._kind_memo[word] & GERUND != 0

    def is_word(self, low: str) -> bool:
        """A common English word ("backup", "deploy"), not a name."""
        return (" " not in low and f" {low} " in self._common) or self.is_form(low)


class _Lemmas(dict[str, str]):
    """Each word's lemma (the word itself when it is no verb form), remembered as
    :class:`pmtui.domain.coach.packed.Memo` remembers."""

    def __init__(self, lexicon: Lexicon) -> None:
        super().__init__()
        self._find = lexicon._forms.find
        self._count = len(lexicon._forms)
        self._lemma_at = lexicon._lemma_at
        self._kinds = lexicon._kind_memo
        self._kind_of = lexicon._kinds

    def __missing__(self, word: str) -> str:
        i = self._find(word)
        lemma = word if i == self._count else self._lemma_at(i)
        if len(self) < MEMO_WORDS:
            self[word] = lemma
            if len(self._kinds) < MEMO_WORDS:  # found already: remember its kind too
                self._kinds.setdefault(word, self._kind_of[i])
        return lemma


@dataclass(frozen=True)
class VerbLine:
    """One ``v`` line: a verb's lemma and its forms by tag, several spellings joined by ``|``."""

    lemma: str
    past: tuple[str, ...]
    participle: tuple[str, ...]
    third: tuple[str, ...]
    gerund: tuple[str, ...]

    @classmethod
    def of(cls, line: str) -> VerbLine:
        _v, lemma, vbd, vbn, vbz, vbg = line.split("\t")
        d, n, z, g = vbd.split("|"), vbn.split("|"), vbz.split("|"), vbg.split("|")
        return cls(lemma, tuple(d), tuple(n), tuple(z), tuple(g))

    @property
    def forms(self) -> tuple[str, ...]:
        """The lemma and all its forms, the lemma first, each once."""
        every = [self.lemma, *self.past, *self.participle, *self.third, *self.gerund]
        return tuple(dict.fromkeys(every))


def verb_kinds(lines: Iterable[str]) -> tuple[list[str], dict[str, str], dict[str, int]]:
    """From the ``v`` and ``n`` lines: the lemmas in file order, every form's lemma (a form
    of a later verb keeps that verb: "saw" is a form of "see" before it is a verb of its
    own) and every form's kind. What :func:`index_lines` writes and the lexicon answers."""
    lines = list(lines)
    verbs = [VerbLine.of(line) for line in lines if line.startswith("v\t")]
    nouns = {w for line in lines if line.startswith("n\t") for w in line[2:].split(" ")}
    lemma_of = {v.lemma: v.lemma for v in verbs}
    lemma_of.update({f: v.lemma for v in verbs for f in v.forms[1:]})
    kinds = dict.fromkeys(lemma_of, FORM)
    for v in verbs:
        kinds[v.lemma] |= LEMMA
        for f in (*v.past, *v.participle):
            kinds[f] |= PAST
        for f in v.third:
            if f not in nouns:
                kinds[f] |= THIRD
        for f in v.gerund:
            kinds[f] |= GERUND
    return [v.lemma for v in verbs], lemma_of, kinds


def index_lines(lines: list[str]) -> list[str]:
    """The ``x`` lines for the ``v`` and ``n`` lines among ``lines`` (see the module's
    docstring): what the lexicon reads instead of building dictionaries of the forms."""
    lemmas, lemma_of, kinds = verb_kinds(lines)
    line_of = {lemma: k for k, lemma in enumerate(lemmas)}
    words = Words.order(lemma_of)
    text, lengths, crcs = Words.fields(words)
    return [
        f"x\twords\t{text}",
        f"x\tlengths\t{lengths}",
        f"x\tcrcs\t{crcs}",
        "x\tlemma-lines\t" + pack("H", (line_of[lemma_of[w]] for w in words)),
        "x\tkinds\t" + pack("B", (kinds[w] for w in words)),
        "x\tverb-lengths\t" + pack("H", (len(x) + 1 for x in lines if x.startswith("v\t"))),
    ]


def _path(language: str) -> Path:
    return Path(str(resources.files("pmtui") / "data" / "coach" / f"{language}-lexicon.txt"))


@functools.lru_cache(maxsize=4)
def load(language: str = "en") -> Lexicon:
    """The packaged lexicon, read once per process (a few ms); empty when none ships."""
    path = _path(language)
    if not path.is_file():
        return Lexicon.empty()
    return parse(path.read_bytes())


def parse(data: bytes) -> Lexicon:
    """A lexicon from its file: the ``v`` lines are kept as one string and the ``x`` lines
    read in place (:mod:`pmtui.domain.coach.packed`); only judging and common words are split."""
    first_v = data.find(b"\nv\t") + 1
    after_v = data.find(b"\nn\t", first_v) + 1
    index = data.find(b"\nx\t") + 1
    if not 0 < first_v < after_v < index:
        raise ValueError("a lexicon file needs its v, n and x lines, in that order")
    evaluative: dict[str, float] = {}
    common: list[str] = []
    for line in data[after_v:index].decode("utf-8").splitlines():
        kind, _, rest = line.partition("\t")
        if kind == "e":
            word, valence = rest.split("\t")
            evaluative[word] = float(valence)
        elif kind == "w":
            common.append(rest)
    x = {names[1]: value for names, value in read_lines(data, index)}
    return Lexicon(
        verbs=data[first_v:after_v].decode("utf-8"),
        verb_lengths=unpack("H", x["verb-lengths"]),
        forms=Words.of_fields(x["words"], x["lengths"], x["crcs"]),
        lemma_lines=unpack("H", x["lemma-lines"]),
        kinds=binascii.a2b_base64(x["kinds"]),
        evaluative=evaluative,
        common_text=" ".join(common),
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
    out += index_lines(out)
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
