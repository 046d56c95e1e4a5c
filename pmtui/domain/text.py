"""Text at pmtui's two boundaries: cleaning it on the way in, showing it on the way out.

People paste from terminals, chat and logs; escape sequences and control
characters would otherwise travel into the store and later into someone's
terminal. Limits keep one runaway paste from making the store unusable.

Cleaning on the way in is not enough: a teammate can edit a shared store's
files by hand, and an import file can hold anything. So every piece of text
that leaves pmtui for a terminal or an export passes through :func:`shown`,
whatever the store holds: control characters, escape sequences and bidi
controls come out visible (``␛]0;title␇``), never executed.
"""

from __future__ import annotations

import re

# The patterns only cleaning uses are sources, compiled by ``re`` (and kept) when first
# used: this module loads before the app's first frame, which shows text, never cleans it.

# ESC-introduced sequences (CSI, OSC, and two-character escapes) first, so the
# printable tail of a colour code does not survive as "[31m" noise.
_ESCAPES = (
    r"\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"  # OSC ... BEL / ST
    r"|\x1b\[[0-?]*[ -/]*[@-~]"  # CSI
    r"|\x1b[@-Z\\-_]"  # two-character escapes
    r"|\x9b[0-?]*[ -/]*[@-~]"  # 8-bit CSI
)
_CONTROLS_MULTILINE = r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]"
_CONTROLS_SINGLE = r"[\x00-\x1f\x7f-\x9f]"

BIDI_CONTROLS = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
"""The marks, embeddings, overrides and isolates that reorder how text is displayed
(U+202E makes ``exe.txt`` read as ``txt.exe``)."""
_BIDI = f"[{BIDI_CONTROLS}]"
_LINE_SEPARATORS = "[\u2028\u2029]"
_SURROGATE = "[\ud800-\udfff]"

UNSAFE = f"[\x00-\x08\x0b-\x1f\x7f-\x9f{BIDI_CONTROLS}\u2028\u2029\ud800-\udfff]"
"""What must never reach a terminal or an export as it is: every C0 control but tab
and line feed, DEL, every C1 control, the bidi controls, the Unicode line and
paragraph separators, and lone surrogates (bytes that were not UTF-8). A pattern's
source (the first frame shows one-line text only, with the pattern below)."""
_UNSAFE_OR_BREAK = re.compile(UNSAFE[:-1] + "\t\n]")
_CRLF = re.compile("\r\n")

SHORT_LIMIT = 300
"""Characters allowed in a one-line field such as a title or an owner."""
LONG_LIMIT = 20_000
"""Characters allowed in a free-text field such as a fact or a reason."""


def clean(text: str, *, multiline: bool = False) -> str:
    """Return ``text`` without terminal escape sequences, control or bidi characters.

    Line breaks survive in multi-line fields (normalised to ``\\n``); in
    one-line fields they become spaces. Tabs become spaces in both. Lone
    surrogates are left for :func:`check_text` to refuse with the field's name.
    """
    text = re.sub(_ESCAPES, "", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    text = re.sub(_LINE_SEPARATORS, "\n", re.sub(_BIDI, "", text))
    if multiline:
        return re.sub(_CONTROLS_MULTILINE, "", text)
    text = text.replace("\n", " ")
    return re.sub(_CONTROLS_SINGLE, "", text).strip()


def visible(char: str) -> str:
    """How one unsafe character is shown: a control picture, or its code as an escape."""
    code = ord(char)
    if code < 0x20:
        return chr(0x2400 + code)  # ␛ for ESC, ␇ for BEL, ␍ for CR...
    if code == 0x7F:
        return "\u2421"  # ␡
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def _visible(match: re.Match[str]) -> str:
    return visible(match.group())


def _visible_or_space(match: re.Match[str]) -> str:
    char = match.group()
    return " " if char in "\t\n" else visible(char)


def shown(text: str, *, multiline: bool = False) -> str:
    """``text`` made safe to print: the output boundary of every CLI line, export and widget.

    Every character in :data:`UNSAFE` is replaced by a visible stand-in
    (``␛`` for ESC, ``\\x9b`` for a C1 control, ``\\u202e`` for a bidi
    override), so an escape sequence is shown as text and never acts on the
    terminal. With ``multiline``, line feeds, CR LF pairs and tabs are kept;
    otherwise line breaks and tabs become spaces, so a one-line field stays
    one line.
    """
    if multiline:
        if "\r" not in text:
            return re.sub(UNSAFE, _visible, text)
        parts = _CRLF.split(text)
        return "\r\n".join(re.sub(UNSAFE, _visible, part) for part in parts)
    return _UNSAFE_OR_BREAK.sub(_visible_or_space, _CRLF.sub(" ", text))


def cut(text: str, limit: int = 0) -> str:
    """``text`` cut to ``limit`` characters (0: no limit), the cut marked with "…"."""
    if limit and len(text) > limit:
        return text[: limit - 1].rstrip() + "…"
    return text


def first_line(text: str, limit: int = 0, *, more: str = " …") -> str:
    """The first line of ``text``, for lists, tables and prompts, made safe to show.

    ``more`` marks that further lines follow (``""``: no mark, for a default
    title); a line over ``limit`` characters is cut (:func:`cut`).
    """
    first, _, rest = text.strip().partition("\n")
    return cut(shown(first) + (more if rest.strip() else ""), limit)


def plural(count: float, word: str, many: str = "") -> str:
    """The count and the word, the plural unless the count is exactly one: ``1 cause``,
    ``2 causes``, ``1,204 reviews``, ``1.5 days``. ``many`` is the plural where an added
    "s" is wrong (``plural(n, "person", "people")``). Every count pmtui words goes here.
    """
    number = f"{count:,}" if isinstance(count, int) else f"{count:,g}"
    return f"{number} {word_for(count, word, many)}"


def word_for(count: float, word: str, many: str = "") -> str:
    """The word alone as :func:`plural` words it for ``count`` (the count said otherwise,
    "two teammates")."""
    return word if count == 1 else many or word + "s"


def folded(text: str, limit: int = 0) -> str:
    """All of ``text`` on one line, whitespace folded, made safe to show and cut at ``limit``."""
    return cut(" ".join(shown(text).split()), limit)


def _json_escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def json_shown(document: str) -> str:
    """A JSON document with every unsafe character written as a ``\\uXXXX`` escape.

    The JSON form of :func:`shown`: the same characters are made harmless,
    but as escapes any JSON reader turns back into the original text, so a
    JSON export stays lossless. ``json.dumps`` already escapes C0 controls;
    this covers DEL, C1, bidi controls and lone surrogates, which it writes
    raw. Unsafe characters can only occur inside JSON strings, where the
    escape is valid.
    """
    return re.sub(UNSAFE, _json_escape, document)


def is_shown(text: str, *, multiline: bool = True) -> bool:
    """Whether ``text`` is already safe to print (nothing :func:`shown` would replace)."""
    pattern = UNSAFE if multiline else _UNSAFE_OR_BREAK
    return re.search(pattern, _CRLF.sub("\n", text)) is None


def check_text(value: str, limit: int) -> str | None:
    """What is wrong with a text field's value (too long, not UTF-8), or ``None``."""
    if len(value) > limit:
        return f"at most {limit:,} characters (this has {len(value):,}); shorten it or split it"
    bad = re.search(_SURROGATE, value)
    if bad is not None:
        return (
            "text that is valid UTF-8 (it holds a byte that is not, shown as "
            f"{visible(bad.group())}); type it again"
        )
    return None
