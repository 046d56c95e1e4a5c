"""The quick review a person stopped with Ctrl-C and kept as a draft, offered again.

``pmtui quick`` stopped with Ctrl-C keeps what was typed as a draft review;
the next ``pmtui quick`` offers to continue it before its first question. So
that offer costs one small file and not the store (the first prompt stays as
fast as a bare one), the answers given so far are kept beside the store in a
file of that person's own (``.pmtui.quick-<user>.json``, private, one per
person). The review in the store stays the truth: continuing replaces the
draft only while it is as it was kept (its ``rev``). A file that is missing,
damaged, or not this account's is no draft to offer.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pmtui.store.atomic import atomic_write, read_file
from pmtui.store.layout import Layout

VERSION = 1
MODE = 0o600
"""Only its owner reads it: the answers are theirs until the review is finished."""


@dataclass(frozen=True)
class StoppedQuick:
    review_id: str
    rev: int
    """The draft's revision when it was kept: continuing replaces only that version."""
    title: str
    answers: dict[str, Any]
    """The quick flow's answers so far (:func:`pmtui.prompts.quick.answers_from`)."""


def stopped_title(layout: Layout, user: str) -> str | None:
    """The title of the draft ``user`` stopped last in this store, or ``None``.

    The file's first line, read without parsing the answers: the offer to
    continue is drawn before anything more is loaded.
    """
    got = _own(layout.stopped_quick(user))
    if got is None:
        return None
    try:
        return got.partition(b"\n")[0].decode("utf-8")
    except UnicodeDecodeError:
        return None


def read_stopped(layout: Layout, user: str) -> StoppedQuick | None:
    """The draft ``user`` stopped last in this store, or ``None``."""
    import orjson  # once the offer is answered: it imports more than the first prompt needs

    got = _own(layout.stopped_quick(user))
    try:
        if got is None:
            return None
        doc = orjson.loads(got.partition(b"\n")[2])
        if doc.get("version") != VERSION or doc.get("user") != user:
            return None
        return StoppedQuick(
            str(doc["review"]), int(doc["rev"]), str(doc["title"]), dict(doc["answers"])
        )
    except (ValueError, TypeError, KeyError, AttributeError):
        return None


def keep_stopped(layout: Layout, user: str, stopped: StoppedQuick) -> None:
    """Remember the draft ``user`` just kept, in place of any earlier one."""
    import orjson

    doc = {
        "version": VERSION,
        "user": user,
        "review": stopped.review_id,
        "rev": stopped.rev,
        "title": stopped.title,
        "answers": stopped.answers,
    }
    title = " ".join(stopped.title.split()).encode("utf-8", "replace")
    atomic_write(layout.stopped_quick(user), title + b"\n" + orjson.dumps(doc), MODE)


def forget_stopped(layout: Layout, user: str) -> None:
    """No draft to offer any more (it was finished, or a new review was chosen)."""
    with contextlib.suppress(FileNotFoundError):
        os.unlink(layout.stopped_quick(user))


def _own(path: Path) -> bytes | None:
    """The file's bytes if it is a regular file of this account's (never through a link)."""
    try:
        got = read_file(path)
        if got is None or os.stat(path, follow_symlinks=False).st_uid != os.getuid():
            return None
    except OSError:
        return None
    return got[0]
