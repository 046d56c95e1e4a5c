"""Many short strings held as one, for the coach's lexicon and model.

A string object and a dictionary entry per word cost about 100 bytes, so the
lexicon's 23,000 verb forms and the model's 24,000 features held about 7.4 MiB
as dictionaries and sets, what took a review open at its causes with 10,000
reviews stored over 100 MiB. Here the words are one string, in the order of their CRC-32, beside an
array of their CRC-32s: a word is found by bisecting the CRC-32s and comparing
it with the word there, so an answer is exactly what a dictionary gave. The
coach asks about the same words again and again (the words of a statement,
the features of each reading), so what a word was found to be is remembered
(:class:`Memo`): a word met before costs one dictionary lookup, as it did.

Files carry these arrays as base64 of their little-endian bytes (:func:`pack`),
built once (``python -m pmtui.domain.coach.lexicon``, ``benchmarks/coach_train.py``),
and are read from the file's bytes in place (:func:`read_lines`, :func:`unpack`), so
reading one makes no object per word and no copy of the file's text beyond the
words themselves.
"""

from __future__ import annotations

import binascii
import itertools
import operator
import sys
import zlib
from array import array
from bisect import bisect_left
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, Literal, TypeVar, cast

MEMO_WORDS = 8192
"""Words a memo remembers at most (about a megabyte); words met after that are looked
up each time, so the first met, the common ones, stay remembered."""
SIEVE_SHIFT = 15
"""A word's CRC-32 shifted right by this picks a byte of a :class:`Words`' sieve (128 KiB),
set only where some word's CRC-32 falls: most words not among them are told so at once."""

_T = TypeVar("_T")


def crc(word: str) -> int:
    return zlib.crc32(word.encode("utf-8", "surrogatepass"))


def pack(typecode: str, values: Iterable[int]) -> str:
    """``values`` as an array of ``typecode``, its bytes little-endian, in base64."""
    data = array(typecode, values)
    if sys.byteorder == "big":
        data.byteswap()
    return binascii.b2a_base64(data.tobytes(), newline=False).decode("ascii")


def unpack(
    typecode: Literal["B", "H", "I", "i"], packed: bytes | memoryview | str
) -> Sequence[int]:
    """What :func:`pack` packed (a view of the decoded bytes where the machine is
    little-endian, as nearly every one is)."""
    raw = binascii.a2b_base64(packed)
    if sys.byteorder == "little":
        return memoryview(raw).cast(typecode)
    out = array(typecode)
    out.frombytes(raw)
    out.byteswap()
    return out


def read_lines(data: bytes, start: int = 0) -> Iterator[tuple[list[str], memoryview]]:
    """Each line of ``data`` from ``start``: the fields before its last tab, and its last
    field as a view into ``data`` (a packed field is read without copying the line)."""
    view = memoryview(data)
    while start < len(data):
        end = data.find(b"\n", start)
        end = len(data) if end < 0 else end
        tab = data.rfind(b"\t", start, end)
        names = data[start:tab].decode("utf-8").split("\t") if tab >= 0 else []
        yield names, view[tab + 1 : end]
        start = end + 1


class Words:
    """Distinct words (no tabs or line breaks, under 255 characters) held as one string."""

    def __init__(
        self, text: str = "", lengths: Iterable[int] = (), crcs: Sequence[int] = ()
    ) -> None:
        self._text = text
        """The words, each followed by a space, in the order of their CRC-32."""
        self._starts = array("I", itertools.accumulate(lengths, initial=0))
        self._crcs = crcs
        self._sieve = bytearray(1 << (32 - SIEVE_SHIFT))
        slots = map(operator.rshift, crcs, itertools.repeat(SIEVE_SHIFT))
        deque(map(self._sieve.__setitem__, slots, itertools.repeat(1)), maxlen=0)

    @staticmethod
    def order(words: Iterable[str]) -> list[str]:
        """``words`` in the order they are held in (by CRC-32, then as strings)."""
        out = sorted(set(words), key=lambda w: (crc(w), w))
        if any("\t" in w or "\n" in w or len(w) >= 255 for w in out):
            raise ValueError("a word with a tab or a line break, or of 255 characters or more")
        return out

    @staticmethod
    def fields(ordered: list[str]) -> tuple[str, str, str]:
        """The text, the lengths (packed bytes) and the CRC-32s (packed) that hold
        ``ordered`` (from :meth:`order`), as a file keeps them."""
        lengths = pack("B", (len(w) + 1 for w in ordered))
        return " ".join(ordered), lengths, pack("I", map(crc, ordered))

    @classmethod
    def of_fields(cls, text: memoryview, lengths: memoryview, crcs: memoryview) -> Words:
        """What :meth:`fields` wrote, as :func:`read_lines` reads it."""
        words = str(text, "utf-8")
        return cls(words + " " if words else "", binascii.a2b_base64(lengths), unpack("I", crcs))

    def __len__(self) -> int:
        return len(self._crcs)

    def __iter__(self) -> Iterator[str]:
        starts = self._starts
        return (self._text[starts[i] : starts[i + 1] - 1] for i in range(len(self)))

    def find(self, word: str) -> int:
        """The index of ``word``, or the number of words when it is not among them."""
        key = zlib.crc32(word.encode("utf-8", "surrogatepass"))
        crcs = self._crcs
        if not self._sieve[key >> SIEVE_SHIFT]:
            return len(crcs)
        starts = self._starts
        i = bisect_left(crcs, key)
        while i < len(crcs) and crcs[i] == key:
            if self._text[starts[i] : starts[i + 1] - 1] == word:
                return i
            i += 1
        return len(crcs)


class Memo(dict[str, _T]):
    """What each word asked about was found to be, ``answers[i]`` for the word at index
    ``i`` of ``words`` and ``answers[len(words)]`` for a word not among them, remembered
    (:data:`MEMO_WORDS` at most): ``memo[word]``, or ``map(memo.__getitem__, words)``, is
    a dictionary lookup for a word met before (``memo.get`` would not look it up).
    ``scale`` divides each answer (a weight kept as a whole number). Without
    ``absent``, only words found are remembered: a model meets many features once (the
    pairs of words of a statement as it is typed) and knows few of them."""

    def __init__(
        self, words: Words, answers: Sequence[int], scale: int = 0, *, absent: bool = True
    ) -> None:
        super().__init__()
        self._words = words
        self._answers = answers
        self._scale = scale
        self._absent = absent

    def __missing__(self, word: str) -> _T:
        # Words.find, inline: this runs for every word the coach meets for the first time.
        words = self._words
        key = zlib.crc32(word.encode("utf-8", "surrogatepass"))
        crcs = words._crcs
        i = len(crcs)
        if words._sieve[key >> SIEVE_SHIFT]:
            j = bisect_left(crcs, key)
            while j < i and crcs[j] == key:
                if words._text[words._starts[j] : words._starts[j + 1] - 1] == word:
                    i = j
                    break
                j += 1
        answer: Any = self._answers[i] / self._scale if self._scale else self._answers[i]
        if len(self) < MEMO_WORDS and (self._absent or i < len(crcs)):
            self[word] = answer
        return cast(_T, answer)
