"""The files of a sync repository: one JSON file and one Markdown document per review.

``reviews/<id>.json`` is a pmtui JSON export holding one review (so ``pmtui
import`` reads it as it is), written for diffs: keys in a fixed order, one
field per line, one item (fact, cause, commitment...) per line, nothing that
changes on every save (``rev``, ``updated``). ``docs/<day>-<title>-<id>.md``
is the review's Markdown export, generated, for people who only browse the
repository on a forge. A README and ``.gitattributes`` (which names the
merge driver) are written in the first commit.

Reading a review back goes through the same checks as ``pmtui import``
(:func:`pmtui.store.exports.importer.parse`): a teammate's file is data,
checked like any import, never trusted.
"""

from __future__ import annotations

import hashlib
import json
import re
from datetime import date
from typing import Any

from pmtui.domain.model import ID_PATTERN, Review
from pmtui.store.exports import json as json_format
from pmtui.store.exports import md
from pmtui.store.exports.importer import ImportRefused, parse
from pmtui.store.sync.git import DRIVER

REVIEWS_DIR = "reviews"
DOCS_DIR = "docs"
VOLATILE = ("rev", "updated", "digest")
"""Store-local keys: each store sets its own on every save, so they are not shared."""
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_INLINE = {"participants", "tags", "fact_ids", "cause_ids", "history", "votes"}

GITATTRIBUTES = (
    "# Reviews are merged item by item by pmtui (`pmtui merge-review`); see pmtui's docs/sync.md.\n"
    f"reviews/*.json merge={DRIVER}\n"
)

README = """\
# Reviews, synced by pmtui

This repository is written by `pmtui sync`. Each review is two files:

- `reviews/<id>.json`: the review itself, one item per line (pmtui reads and
  merges these; `pmtui import reviews/<id>.json` reads one too);
- `docs/<date>-<title>-<id>.md`: the same review as a document, generated on
  every sync for reading here.

Change reviews in pmtui, not here: pmtui merges what teammates changed item by
item, keeps both texts when two people changed the same field, and rewrites
the documents. To take part, run `pmtui init --git <this repository's URL>`
(a new store) or `pmtui sync --init <URL>` (an existing one).
"""


class UnreadableReview(Exception):
    """A review file that does not pass import's checks; ``reason`` says why."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


def review_path(review_id: str) -> str:
    return f"{REVIEWS_DIR}/{review_id}.json"


def review_id_of(path: str) -> str | None:
    """The review id a repository path names, or ``None`` for any other file."""
    if not path.startswith(f"{REVIEWS_DIR}/") or not path.endswith(".json"):
        return None
    rid = path[len(REVIEWS_DIR) + 1 : -len(".json")]
    return rid if ID_PATTERN.fullmatch(rid) else None


def doc_path(review: Review) -> str:
    """The Markdown document's path: readable on a forge, one per review."""
    name = md.file_name(review)
    if not _UUID.fullmatch(review.id):  # an imported id: its first 8 characters may not be unique
        name = name.removesuffix(f"-{review.id[:8]}.md") + f"-{review.id}.md"
    return f"{DOCS_DIR}/{name}"


def document(review: Review) -> bytes:
    """The review as Markdown; 'overdue' is left out, so the file changes only with the review."""
    return md.document(review, today=date.min).encode("utf-8")


def plain(review: Review) -> dict[str, Any]:
    """A review's shared content: its dict without the keys each store sets itself.

    Keys added since version 1 of the export are left out while empty, so a
    review that names no incident is the file it always was.
    """
    data = json_format.review_data(review)
    for key in VOLATILE:
        data.pop(key, None)
    return data


def encode(data: dict[str, Any]) -> bytes:
    """A review's content (see :func:`plain`) as the repository's JSON file."""
    ordered = {"id": data.get("id"), **{k: v for k, v in data.items() if k != "id"}}
    version = json_format.version_of(data)
    lines = ["{", f'  "format": "{json_format.FORMAT}",', f'  "version": {version},']
    lines.append('  "reviews": [')
    lines.append("    {")
    fields = list(ordered.items())
    for n, (key, value) in enumerate(fields):
        comma = "," if n < len(fields) - 1 else ""
        lines += _field(key, value, comma)
    lines += ["    }", "  ]", "}"]
    return ("\n".join(lines) + "\n").encode("utf-8", "surrogatepass")


def decode(data: bytes, path: str, *, named: bool = True) -> Review:
    """Read a review file with import's checks; raises :class:`UnreadableReview`.

    With ``named``, the review must be the one ``path`` names.
    """
    try:
        incoming = parse(data, path).reviews
    except ImportRefused as exc:
        raise UnreadableReview(path, exc.reason) from None
    if len(incoming) != 1:
        raise UnreadableReview(path, f"it holds {len(incoming)} reviews, not one")
    review = incoming[0].review
    if named and review_id_of(path) != review.id:
        raise UnreadableReview(path, f"it holds review {review.id}, not the one its name says")
    return review


def blob_sha(data: bytes) -> str:
    """The id git gives a file with these bytes (so unchanged files need no git call)."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data, usedforsecurity=False).hexdigest()


def _field(key: str, value: Any, comma: str) -> list[str]:
    name = _dump(key)
    if isinstance(value, list) and value and key not in _INLINE:
        items = [f"        {_dump(v)}," for v in value]
        items[-1] = items[-1][:-1]
        return [f"      {name}: [", *items, f"      ]{comma}"]
    if isinstance(value, dict) and value and key not in _INLINE:
        pairs = [f"        {_dump(k)}: {_dump(v)}," for k, v in sorted(value.items())]
        pairs[-1] = pairs[-1][:-1]
        return [f"      {name}: {{", *pairs, f"      }}{comma}"]
    return [f"      {name}: {_dump(value)}{comma}"]


def _dump(value: Any) -> str:
    return json.dumps(_ordered(value), ensure_ascii=False, separators=(", ", ": "))


def _ordered(value: Any) -> Any:
    """Keys in a fixed order: an item's id first, then its fields; other objects sorted."""
    if isinstance(value, dict):
        keys = ["id", *(k for k in value if k != "id")] if "id" in value else sorted(value)
        return {k: _ordered(value[k]) for k in keys}
    if isinstance(value, list):
        return [_ordered(v) for v in value]
    return value
