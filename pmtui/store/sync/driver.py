"""Three versions of a review in, one merged review out: for ``pmtui sync`` and for
``pmtui merge-review``, the merge driver git runs on review files.

Each version is read with import's checks, merged by
:func:`pmtui.domain.merge.merge_review` (ours wins a field both changed; the
other text is kept with the review), and the result is checked again as the
file it becomes. Nothing else: no store, no git.
"""

from __future__ import annotations

from datetime import datetime

from pmtui.domain.merge import MergeNote, merge_review
from pmtui.domain.model import Review
from pmtui.store.sync import files
from pmtui.store.sync.files import UnreadableReview


def merged(
    base: Review | None,
    ours: Review,
    theirs: Review,
    *,
    ours_by: str,
    theirs_by: str,
    at: datetime,
    path: str,
) -> tuple[Review, list[MergeNote]]:
    """The merge of ``ours`` and ``theirs``, read back as the file ``path`` would hold it.

    Raises :class:`UnreadableReview` if the merge does not pass import's checks.
    """
    done = merge_review(
        files.plain(base) if base else None,
        files.plain(ours),
        files.plain(theirs),
        ours_by=ours_by,
        theirs_by=theirs_by,
        at=at,
    )
    return files.decode(files.encode(done.review), path, named=False), done.notes


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
    try:
        review, _notes = merged(b, o, t, ours_by=user, theirs_by="", at=at, path="the merge")
    except UnreadableReview as exc:
        return None, str(exc)
    return files.encode(files.plain(review)), ""
