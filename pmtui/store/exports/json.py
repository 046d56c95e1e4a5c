"""JSON: the whole store or some reviews as one versioned, lossless document.

The format is documented field by field in docs/json-format.md; `pmtui
import` reads it back (:mod:`pmtui.store.exports.importer`). Each review
carries a ``digest`` of its content as exported, so an import can tell a file
someone edited from a plain old export.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from datetime import date
from typing import Any

from pmtui import __version__
from pmtui.domain.model import Review
from pmtui.domain.serial import review_to_dict
from pmtui.domain.text import json_shown
from pmtui.store.exports import prepared

FORMAT = "pmtui-export"
VERSION = 1
"""Bumped on any change an older pmtui could not read correctly."""

VOLATILE = ("rev", "updated", "digest")
"""Keys the store sets on every save (or the export adds): not part of the content."""


def document(reviews: Sequence[Review], *, anonymize: bool = False, today: date) -> dict[str, Any]:
    items = []
    for review in prepared(reviews, anonymize, shown=False):
        data = review_to_dict(review)
        data["digest"] = digest(data)
        items.append(data)
    return {
        "format": FORMAT,
        "version": VERSION,
        "pmtui": __version__,
        "exported": today.isoformat(),
        "anonymized": anonymize,
        "reviews": items,
    }


def render(reviews: Sequence[Review], *, anonymize: bool = False, today: date) -> str:
    doc = document(reviews, anonymize=anonymize, today=today)
    return json_shown(json.dumps(doc, ensure_ascii=False, indent=2)) + "\n"


def content(data: dict[str, Any]) -> dict[str, Any]:
    """A review dict without the keys that change on every save."""
    return {k: v for k, v in data.items() if k not in VOLATILE}


def digest(data: dict[str, Any]) -> str:
    """A fingerprint of a review's content: equal content, equal digest."""
    canonical = json.dumps(content(data), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return "sha256:" + hashlib.sha256(canonical.encode("utf-8", "surrogatepass")).hexdigest()
