"""The merge behind ``pmtui merge-review``: three review files in, one merged file out.

Git hands the driver the common ancestor, our version and theirs as files.
Each is read with import's checks, merged by
:func:`pmtui.domain.merge.merge_review` (ours, the branch being merged into,
wins a field both changed; the other text is kept with the review), checked
again and written in the repository's format. Nothing else: no store, no git.
"""

from __future__ import annotations

from datetime import datetime

from pmtui.domain.merge import merge_review
from pmtui.store.sync import files
from pmtui.store.sync.files import UnreadableReview


def merge_files(
    base: bytes, ours: bytes, theirs: bytes, *, user: str, at: datetime
) -> tuple[bytes | None, str]:
    """The merged file, or ``None`` and the reason when a side cannot be read."""
    try:
        b = files.decode(base, "the base version", named=False) if base.strip() else None
        o = files.decode(ours, "our version", named=False)
        t = files.decode(theirs, "their version", named=False)
    except UnreadableReview as exc:
        return None, str(exc)
    if o.id != t.id or (b is not None and b.id != o.id):
        return None, "the three versions are not of the same review"
    merged = merge_review(
        files.plain(b) if b else None,
        files.plain(o),
        files.plain(t),
        ours_by=user,
        theirs_by="",
        at=at,
    )
    data = files.encode(merged.review)
    try:
        files.decode(data, "the merge", named=False)
    except UnreadableReview as exc:
        return None, str(exc)
    return data, ""
