"""Practice health's sums per month, kept beside the index: a cache, never the truth.

The figures (:mod:`pmtui.domain.health`) are sums over every review; with
10,000 reviews, reading the 12 MB index and summing it took most of a
second. ``pmtui.health.json`` holds the sums per month
(:func:`pmtui.domain.health.month_sums`): a save takes the part of each
review it changes out and puts the new part in (:mod:`pmtui.store.transaction`),
so the insights view and ``pmtui health`` read one small file.

It records what it was built from, as the first-screen file does
(:mod:`pmtui.store.first_screen`): the index's and the open file's
signatures, the save generation and the shards' signatures, the version of
the per-review numbers and the stop words recurrence compared causes with.
It is used only while all of them still hold; anything else (a save by an
older pmtui, a restore, a sync, a hand edit, a damaged or missing file)
makes it unused, the figures are summed from the index again, and the file
is written anew. Recurrence is global (a new cause can make an old one
recur): a save that changes causes marks it to be counted again, from the
index, on the next look. Backups, restores and syncs ignore the file.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
from pathlib import Path
from typing import Any

import orjson

from pmtui.domain.health import add_row
from pmtui.domain.summary import ReviewSummary, created_order
from pmtui.domain.verdicts import NUMBERS_VERSION, numbers_current
from pmtui.store.atomic import atomic_write, read_file

VERSION = 1
_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


def words_key(stop_words: frozenset[str]) -> str:
    """A fingerprint of the stop words the causes were compared with."""
    text = "\n".join(sorted(stop_words)).encode("utf-8", "surrogatepass")
    return hashlib.blake2b(text, digest_size=8).hexdigest()


def read(path: Path, sources: dict[str, Any]) -> tuple[dict[str, Any], str | None] | None:
    """The sums and the stop words' fingerprint, if built from exactly ``sources`` (else None).

    The file is a header line, then the sums; the header holds a checksum of
    both, so a hand edit of the file itself is not trusted either.
    """
    try:
        got = read_file(path)
        if got is None:
            return None
        head, _nl, body = got[0].partition(b"\n")
        header = orjson.loads(head)
        if (
            not isinstance(header, dict)
            or header.get("version") != VERSION
            or header.get("numbers") != NUMBERS_VERSION
            or header.get("sources") != sources
            or header.get("check") != _check(body, header.get("words"), sources)
        ):
            return None
        sums = orjson.loads(body)
        if not _well_formed(sums):
            return None
        words = header.get("words")
        return sums, words if isinstance(words, str) else None
    except (OSError, ValueError, TypeError, KeyError, AttributeError, orjson.JSONDecodeError):
        return None  # damaged or from another version: summed from the index instead


def write(
    path: Path,
    sums: dict[str, Any],
    sources: dict[str, Any],
    words: str | None,
    mode: int,
) -> None:
    """Replace the file; ``words`` is None when recurrence must be counted again.

    A store that cannot take it (read-only, full) just sums from the index.
    """
    with contextlib.suppress(OSError, TypeError, orjson.JSONEncodeError):
        body = orjson.dumps(sums)
        header = {
            "version": VERSION,
            "numbers": NUMBERS_VERSION,
            "words": words,
            "sources": sources,
            "check": _check(body, words, sources),
        }
        atomic_write(path, orjson.dumps(header) + b"\n" + body, mode)


def _check(body: bytes, words: object, sources: dict[str, Any]) -> str:
    seen = orjson.dumps([VERSION, NUMBERS_VERSION, words, sources])
    return hashlib.blake2b(seen + b"\0" + body, digest_size=16).hexdigest()


def _well_formed(sums: Any) -> bool:
    """The shape :func:`pmtui.domain.health.figures` reads, checked before it is trusted."""
    if not isinstance(sums, dict) or type(sums.get("total")) is not int:
        return False
    months = sums.get("months")
    if not isinstance(months, dict):
        return False
    for key, m in months.items():
        if not (isinstance(key, str) and _MONTH.match(key) and isinstance(m, dict)):
            return False
        if not all(
            isinstance(m.get(k), list) and all(type(n) is int for n in m[k])
            for k in ("blame", "shallow", "settled")
        ):
            return False
        if type(m.get("reviews")) is not int or type(m.get("recurring")) is not int:
            return False
        for k in ("blame_ids", "shallow_ids", "settled_ids"):
            ids = m.get(k)
            if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
                return False
        for k in ("open", "follow_ups"):
            items = m.get(k)
            if not isinstance(items, list) or not all(
                isinstance(e, list)
                and len(e) == 3
                and isinstance(e[0], str)
                and type(e[1]) is int
                and isinstance(e[2], str)
                for e in items
            ):
                return False
    return True


def follow(
    path: Path,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    changed: list[tuple[Any, Any]] | None,
    mode: int,
) -> None:
    """After a save: the sums with each changed review's old part out and its new part in.

    ``before`` and ``after`` are the store's files' signatures around the
    save, ``changed`` each review's index row before and after it (``None``
    when a repair rebuilt rows wholesale). A file that did not match the
    store before the save is left alone (it stays unused); a cause changed,
    a review added or removed with causes, marks recurrence to be counted
    again. Never fails the save: the file is a cache.
    """
    if before is None or after is None or changed is None:
        return
    got = read(path, before)
    if got is None:
        return
    sums, words = got
    try:
        for old, new in changed:
            if _causes(old) != _causes(new):
                words = None
            for raw, sign in ((old, -1), (new, 1)):
                if raw is None:
                    continue
                row = ReviewSummary.from_raw(raw)
                if not numbers_current(row.health):
                    return  # a row of another pmtui's: summed from the index next time
                add_row(sums, row, raw["health"], sign=sign)
    except (ValueError, TypeError, KeyError, AttributeError, IndexError):
        return
    write(path, sums, after, words, mode)


def _causes(raw: Any) -> tuple[object, ...]:
    """What recurrence reads of a row: when it was held and its cause statements."""
    if raw is None:
        return ()
    causes = raw.get("causes") or ()
    if not causes:
        return ()
    top = bool((raw.get("health") or {}).get("top"))
    return (created_order(raw["created"]), raw["id"], top, tuple(c[1] for c in causes))
