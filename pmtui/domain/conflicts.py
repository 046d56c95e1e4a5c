"""Conflicts between people editing one review, kept until someone resolves them.

Two things can go wrong when several people edit at once, and neither may
lose anything in silence:

* **Same field.** Someone saves over a field that changed since they last
  saw it. The later save wins; the text it replaced is kept as a
  :class:`KeptText` naming whose text it was and who replaced it.
* **Deleted item.** Someone saves an edit to an item another person deleted
  meanwhile. The edit is kept whole, so it can be put back as a new item.

A writer is one running pmtui, not one person: the same person's other
session (a second SSH login, another tmux window) is another writer, and a
save over its text is kept exactly like a save over a teammate's. Each
:class:`~pmtui.editing.session.ReviewSession` names itself with a session id,
recorded beside the person's name (``last_sessions``, ``deleted_sessions``,
``KeptText.by_session``); :func:`is_me` is the one rule that compares them.

The records live in the review (``review.kept``), written in the same save
that caused them, so they survive leaving the review and restarting, and
everyone sees them until one person puts the text back or lets it go.
:func:`record` is called by the saving session on the freshest copy, under
the store's lock; the other functions make the edits that resolve a record.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from pmtui.domain.edits import Edit, Overwrite, RemoveItem, SetField
from pmtui.domain.model import (
    MAIN_TEXT,
    Cause,
    Commitment,
    Entry,
    Fact,
    KeptText,
    Review,
    new_id,
)
from pmtui.domain.rounds import same_person
from pmtui.domain.serial import from_dict, to_dict

DELETED_KEPT = 200
"""How many deletions remember who made them (enough for any one session)."""

ITEMS: dict[str, type[Fact | Cause | Commitment | Entry]] = {
    "facts": Fact,
    "causes": Cause,
    "commitments": Commitment,
    "entries": Entry,
}
NOUNS = {"facts": "fact", "causes": "cause", "commitments": "commitment", "entries": "item"}


def field_key(target: str, item_id: str | None, field: str) -> str:
    return f"{target}/{item_id or ''}/{field}"


def is_me(name: str, session: str, user: str, user_session: str) -> bool:
    """Whether a recorded writer (``name`` in ``session``) is this running pmtui.

    The same person in another session is someone else. A session nobody
    recorded (written by an older pmtui, or before sessions were recorded)
    cannot be told apart, so it counts as this one, as it always did.
    """
    if not same_person(name, user):
        return False
    return not session or not user_session or session == user_session


def writer(name: str, session: str, user: str, user_session: str, *, start: bool = False) -> str:
    """A recorded writer as this session names them: ``you``, ``your other session``, ``ben``
    (``You``, ``Your other session`` to ``start`` a sentence; a name is never changed)."""
    if is_me(name, session, user, user_session):
        return "You" if start else "you"
    if same_person(name, user):
        return "Your other session" if start else "your other session"
    return person(name)


def record(
    review: Review,
    edits: Sequence[Edit],
    overwrites: Sequence[Overwrite],
    user: str,
    at: datetime,
    session: str = "",
) -> list[KeptText]:
    """Keep what ``user``'s just-applied ``edits`` replaced, and remember who wrote what.

    ``session`` names the running pmtui that saves (see :func:`is_me`).
    Returns the records made or refreshed. A conflict still open between the
    same two writers on the same field is refreshed, not repeated: two people
    typing in one field make one record each way, not one per save.
    """
    changed: list[KeptText] = []
    for over in overwrites:
        if over.deleted:
            kept = _deleted(review, over, user, session, at)
        else:
            kept = _replaced(review, over, user, session, at)
        if kept is not None:
            changed.append(kept)
    for edit in edits:
        if isinstance(edit, SetField) and over_target_exists(review, edit):
            key = field_key(edit.target, edit.item_id, edit.field)
            review.last_writers[key] = user
            _note(review.last_sessions, key, session)
        elif isinstance(edit, RemoveItem) and edit.collection != "sealed":
            # Who deleted a sealed round item would say who wrote it: never recorded.
            review.deleted_by.pop(edit.item_id, None)
            review.deleted_by[edit.item_id] = user
            review.deleted_sessions.pop(edit.item_id, None)
            _note(review.deleted_sessions, edit.item_id, session)
            prefix = f"{edit.collection}/{edit.item_id}/"
            for key in [k for k in review.last_writers if k.startswith(prefix)]:
                del review.last_writers[key]
            for key in [k for k in review.last_sessions if k.startswith(prefix)]:
                del review.last_sessions[key]
    while len(review.deleted_by) > DELETED_KEPT:
        del review.deleted_by[next(iter(review.deleted_by))]
    for item_id in [i for i in review.deleted_sessions if i not in review.deleted_by]:
        del review.deleted_sessions[item_id]
    return changed


def _note(sessions: dict[str, str], key: str, session: str) -> None:
    """Record ``session`` under ``key``; an unnamed one forgets an older name (unknown again)."""
    if session:
        sessions[key] = session
    else:
        sessions.pop(key, None)


def over_target_exists(review: Review, edit: SetField) -> bool:
    if edit.target == "review":
        return True
    return any(i.id == edit.item_id for i in getattr(review, edit.target))


def _replaced(
    review: Review, over: Overwrite, user: str, session: str, at: datetime
) -> KeptText | None:
    key = field_key(over.target, over.item_id, over.field)
    by, by_session = review.last_writers.get(key, ""), review.last_sessions.get(key, "")
    if by and is_me(by, by_session, user, session):
        return None  # this session's own older text
    for kept in review.kept:
        if (
            kept.target,
            kept.item_id,
            kept.field_name,
            kept.by,
            kept.by_session,
            kept.replaced_by,
            kept.replaced_by_session,
        ) == (over.target, over.item_id, over.field, by, by_session, user, session):
            kept.text, kept.now, kept.at = _plain(over.replaced), _plain(over.value), at
            return kept
    kept = KeptText(
        target=over.target,
        item_id=over.item_id,
        field_name=over.field,
        text=_plain(over.replaced),
        by=by,
        replaced_by=user,
        at=at,
        now=_plain(over.value),
        by_session=by_session,
        replaced_by_session=session,
    )
    review.kept.append(kept)
    return kept


def _deleted(
    review: Review, over: Overwrite, user: str, session: str, at: datetime
) -> KeptText | None:
    if over.target not in ITEMS or over.item is None:
        return None
    item = _plain(over.item)
    for kept in review.kept:
        if (
            kept.deleted
            and kept.item_id == over.item_id
            and same_person(kept.by, user)
            and kept.by_session == session
        ):
            kept.item, kept.at = item, at
            return kept
    kept = KeptText(
        target=over.target,
        item_id=over.item_id,
        field_name="",
        text=None,
        by=user,
        replaced_by=review.deleted_by.get(over.item_id or "", ""),
        at=at,
        item=item,
        by_session=session,
        replaced_by_session=review.deleted_sessions.get(over.item_id or "", ""),
    )
    review.kept.append(kept)
    return kept


def _plain(value: Any) -> Any:
    """A value as the store keeps it (a dataclass as a dict, a date as text)."""
    return to_dict(value)


# == resolving ================================================================


def find(review: Review, kept_id: str) -> KeptText | None:
    return next((k for k in review.kept if k.id == kept_id), None)


def let_go(review: Review, kept_id: str) -> None:
    """Forget a kept text (nothing else changes); letting go twice is harmless."""
    review.kept = [k for k in review.kept if k.id != kept_id]


def kept_value(kept: KeptText) -> Any:
    """The kept value as the field holds it (a date back as a date...)."""
    cls = Review if kept.target == "review" else ITEMS.get(kept.target)
    if cls is None:
        return kept.text
    hints = {f.name for f in dataclasses.fields(cls)}
    if kept.field_name not in hints:
        return kept.text
    decoded = from_dict(cls, {kept.field_name: kept.text})
    return getattr(decoded, kept.field_name)


def revived(kept: KeptText) -> Fact | Cause | Commitment | Entry | None:
    """A deleted item's kept edit as a new item (a fresh id), to add back."""
    cls = ITEMS.get(kept.target)
    if cls is None or kept.item is None:
        return None
    item = from_dict(cls, {**kept.item, "id": new_id()})
    return item


# == words ====================================================================


def shown(value: Any, limit: int = 60) -> str:
    """A stored value in plain words: a list as ``a, b``, yes/no, a short text."""
    if value is None:
        return "(nothing)"
    if isinstance(value, bool):
        text = "yes" if value else "no"
    elif isinstance(value, list):
        text = ", ".join(shown(v, limit) for v in value) or "(none)"
    elif isinstance(value, (date, datetime)):
        text = value.isoformat()
    else:
        text = " ".join(str(value).split()) or "(empty)"
    return text if len(text) <= limit else text[: limit - 1] + "…"


def place(review: Review, kept: KeptText) -> str:
    """Which item and field, in words: ``the title``, ``fact “db restarted” (evidence)``."""
    label = kept.field_name.replace("_", " ")
    if kept.target == "review":
        return f"the {label}"
    noun = NOUNS.get(kept.target, "item")
    item = next((i for i in getattr(review, kept.target, []) if i.id == kept.item_id), None)
    key = MAIN_TEXT.get(kept.target, "")
    snapshot = kept.item or next(
        (k.item for k in review.kept if k.item is not None and k.item_id == kept.item_id), None
    )
    title = ""
    if item is not None:
        title = str(getattr(item, key, ""))
    elif snapshot is not None:  # deleted: its last known text
        title = str(snapshot.get(key, ""))
    elif isinstance(kept.text, str) and kept.field_name == key:
        title = kept.text
    where = f"{noun} “{shown(title, 40)}”" if title.strip() else f"a {noun}"
    return where if kept.deleted or kept.field_name == key else f"{where} ({label})"


def person(name: str) -> str:
    return name or "someone"
