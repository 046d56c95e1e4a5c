"""The index written one summary row a line, so a save can patch a row without parsing the rest.

With 10,000 reviews the index is about 15 MB of JSON and 58 MB of Python
objects once parsed. A save changes one or a few rows; parsing the whole
file to change them (and keeping it parsed between saves) was most of an
open app's memory. The index is therefore written in one fixed layout,
still plain JSON that TinyDB and any JSON tool read::

    {"_meta":{"meta":{..., "lines":[BODY_BYTES, CRC32]}},
    "reviews":{
    "<id>":{...row...},
    "<id>":{...row...}
    }}

JSON text never holds a raw line break (orjson escapes them), so each row
is exactly one line. The meta row records the length and CRC-32 checksum
of the rows' lines: a file whose rows are not byte for byte what pmtui
wrote (a hand edit, a merge, a file written by an older pmtui) does not
match and is read and written the old way, whole; the next save writes it
in this layout again. Nothing here decides what a row holds; the
transaction does (:mod:`pmtui.store.transaction`).
"""

from __future__ import annotations

import contextlib
import zlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import orjson

META, REVIEWS = "_meta", "reviews"
_HEAD = b'{"_meta":{"meta":'
_HEAD_END = b"},\n"
_TABLE = b'"reviews":{\n'
_TAIL = b"\n}}\n"
_SEP = b",\n"
FIND_ROWS = 8
"""Rows found one search each before every row is found in one pass (see ``Lines._span``)."""


def dump(data: Mapping[str, Mapping[str, Any]]) -> bytes | None:
    """The index in the row-a-line layout, or None when ``data`` is not an index's shape."""
    if set(data) - {META, REVIEWS} or set(data.get(META, {})) - {"meta"}:
        return None
    meta = data.get(META, {}).get("meta")
    if meta is not None and not isinstance(meta, dict):
        return None
    rows = data.get(REVIEWS, {})
    body = _SEP.join(orjson.dumps(key) + b":" + orjson.dumps(row) for key, row in rows.items())
    return _assemble(dict(meta or {}), [body])


def _assemble(meta: dict[str, Any], body: list[Any]) -> bytes:
    return b"".join(_pieces(meta, body))


def _pieces(meta: dict[str, Any], body: list[Any]) -> list[Any]:
    """The file's pieces in order, ``body``'s among them as given (slices stay slices)."""
    size, check = 0, zlib.crc32(b"")
    for piece in body:
        size += len(piece)
        check = zlib.crc32(piece, check)
    meta["lines"] = [size, check]
    return [_HEAD, orjson.dumps(meta), _HEAD_END, _TABLE, *body, _TAIL]


def _escaped_key(raw: bytes, pos: int, stop: int) -> str | None:
    """The key of the row at ``pos`` whose text holds an escape (None if not found)."""
    at = raw.find(b'":', pos + 1, stop)
    while at > 0:
        with contextlib.suppress(orjson.JSONDecodeError):
            key = orjson.loads(raw[pos : at + 1])
            return key if isinstance(key, str) else None
        at = raw.find(b'":', at + 1, stop)
    return None


@dataclass(frozen=True)
class Lines:
    """An index file in the row-a-line layout, checked: its meta and where its rows are."""

    raw: bytes
    meta: dict[str, Any]
    start: int
    """Offset of the first row's line."""
    end: int
    """Offset just past the last row's line."""
    _spans: dict[str, tuple[int, int] | None] = field(default_factory=dict, compare=False)
    _scanned: bool = field(default=False, compare=False)

    @classmethod
    def of(cls, raw: bytes) -> Lines | None:
        """The file's rows if it is exactly as pmtui wrote it in this layout (else None)."""
        if not raw.startswith(_HEAD) or not raw.endswith(_TAIL):
            return None
        newline = raw.find(b"\n")
        if newline < 0 or raw[newline - 2 : newline + 1] != _HEAD_END:
            return None
        try:
            meta = orjson.loads(raw[len(_HEAD) : newline - 2])
        except orjson.JSONDecodeError:
            return None
        start = newline + 1 + len(_TABLE)
        end = len(raw) - len(_TAIL)
        if not isinstance(meta, dict) or raw[newline + 1 : start] != _TABLE or end < start:
            return None
        lines = meta.get("lines")
        body = memoryview(raw)[start:end]
        if lines != [len(body), zlib.crc32(body)]:
            return None
        return cls(raw, meta, start, end)

    def _span(self, key: str) -> tuple[int, int] | None:
        """Where the row of ``key`` is: from its first byte to the end of its line.

        Each of the first rows asked for is a search of the file; past
        :data:`FIND_ROWS` of them (an import, a sync), every row is found in
        one pass instead.
        """
        if key in self._spans:
            return self._spans[key]
        if len(self._spans) >= FIND_ROWS and self._scan():
            return self._spans.setdefault(key, None)
        self._spans[key] = self._find(key)
        return self._spans[key]

    def _scan(self) -> bool:
        """Find every row in one pass (False, and nothing kept, if a key is not as expected)."""
        if self._scanned:
            return True
        raw, pos, end = self.raw, self.start, self.end
        spans: dict[str, tuple[int, int] | None] = {}
        try:
            while pos < end:
                stop = raw.find(b"\n", pos, end)
                stop = end if stop < 0 else stop - 1  # before the separating comma
                close = raw.find(b'"', pos + 1, stop)
                text = raw[pos + 1 : close]
                # A key without escapes is its text (pmtui's ids always are); any other is
                # read as JSON, up to the first '":' that ends a whole string.
                if raw[pos : pos + 1] != b'"' or close < 0:
                    return False
                if b"\\" in text:
                    key = _escaped_key(raw, pos, stop)
                elif raw[close + 1 : close + 2] == b":":
                    key = text.decode()
                else:
                    return False
                if key is None:
                    return False
                spans[key] = (pos, stop)
                pos = stop + 2
        except (UnicodeDecodeError, orjson.JSONDecodeError):
            return False
        self._spans.update(spans)
        object.__setattr__(self, "_scanned", True)
        return True

    def _find(self, key: str) -> tuple[int, int] | None:
        needle = b"\n" + orjson.dumps(key) + b":"
        at = self.raw.find(needle, self.start - 1, self.end)
        if at < 0:
            return None
        begin = at + 1
        stop = self.raw.find(b"\n", begin, self.end)
        stop = self.end if stop < 0 else stop - 1  # before the separating comma
        return begin, stop

    def row(self, key: str) -> dict[str, Any] | None:
        """One row, parsed alone (None when absent)."""
        span = self._span(key)
        if span is None:
            return None
        value = orjson.loads(b"{" + self.raw[span[0] : span[1]] + b"}")
        got = value.get(key) if isinstance(value, dict) else None
        return got if isinstance(got, dict) else None

    def rows(self) -> Iterator[tuple[str, dict[str, Any]]]:
        """Every row, each parsed alone: the whole file is never held as objects."""
        raw, pos, end = self.raw, self.start, self.end
        while pos < end:
            stop = raw.find(b"\n", pos, end)
            stop = end if stop < 0 else stop - 1
            parsed = orjson.loads(b"{" + raw[pos:stop] + b"}")
            if not isinstance(parsed, dict) or len(parsed) != 1:
                raise ValueError("a row of the index is not one entry")
            yield next(iter(parsed.items()))
            pos = stop + 2

    def patched_pieces(
        self, changes: Mapping[str, dict[str, Any] | None], meta: dict[str, Any]
    ) -> list[Any]:
        """The file with ``changes`` (a new row, or None to remove one) and ``meta`` in
        place, as the pieces to write one after another, never joined.

        Built from slices of the file as read: only the changed lines are new.
        A save writes them as they are (:func:`~pmtui.store.atomic.atomic_write`):
        joined, a 15 MB index was copied into a fresh block on every save,
        whose pages were faulted in while the interpreter was held and a
        typed key's echo waited (see docs/benchmarks.md, "Memory given back
        after a save").
        """
        spans: list[tuple[int, int, bytes | None]] = []
        added: list[bytes] = []
        for key, row in changes.items():
            line = None if row is None else orjson.dumps(key) + b":" + orjson.dumps(row)
            span = self._span(key)
            if span is not None:
                begin, stop = span
                if line is None and stop < self.end:
                    stop += len(_SEP)  # a removed line takes its separator with it
                spans.append((begin, stop, line))
            elif line is not None:
                added.append(line)
        spans.sort()
        view = memoryview(self.raw)
        pieces: list[Any] = []
        pos = self.start
        for begin, stop, line in spans:
            pieces += [view[pos:begin]] if line is None else [view[pos:begin], line]
            pos = stop
        pieces.append(view[pos : self.end])
        pieces = [piece for piece in pieces if len(piece)]
        if pieces and bytes(pieces[-1][-len(_SEP) :]) == _SEP:
            pieces[-1] = pieces[-1][: -len(_SEP)]  # the last line was removed
        for line in added:
            pieces += [_SEP, line] if pieces else [line]
        return _pieces(dict(meta), pieces)
