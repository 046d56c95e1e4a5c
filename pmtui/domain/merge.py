"""Merging two versions of one review edited apart, item by item and field by field.

When a team syncs through git, two people may have changed the same review
on different machines since they last synced. :func:`merge_review` combines
the two versions against the version both started from, on the reviews'
plain dict form (:func:`pmtui.domain.serial.review_to_dict`):

* an item (fact, cause, commitment, entry...) added on either side is kept;
* a field changed on one side only takes that side's value, so edits to
  different fields of one item both survive;
* lists of names and links (participants, tags, a cause's facts...) take the
  additions and removals of both sides;
* the same field changed on both sides is a conflict, kept the way live
  sessions keep it (:mod:`pmtui.domain.conflicts`): ``ours`` (the side that
  syncs later) wins, and the text it replaced is stored with the review as a
  :class:`~pmtui.domain.model.KeptText` naming whose it was;
* an item deleted on one side and edited on the other stays deleted, and
  the edit is kept whole with the review so it can be put back.

Nothing here reads files or runs git: the sync engine and ``pmtui
merge-review`` (the git merge driver) feed it parsed reviews.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from pmtui.domain.conflicts import DELETED_KEPT, ITEMS, field_key
from pmtui.domain.model import KeptText, new_id
from pmtui.domain.serial import to_dict

_MISSING: Any = object()

PEOPLES_ITEMS = tuple(ITEMS)
"""Collections whose items are people's words: a conflict there keeps the other text."""
MACHINERY_ITEMS = ("rounds", "sealed", "kept")
"""Collections pmtui itself manages: merged by id, the later side winning quietly."""
SET_LISTS = {"participants", "tags", "dismissed_hints", "fact_ids", "cause_ids", "history"}
"""Lists merged as sets: both sides' additions and removals apply."""
DICT_FIELDS = {"last_writers", "deleted_by", "last_sessions", "deleted_sessions", "votes"}
"""Objects merged key by key (the later side wins a key both changed)."""
QUIET_FIELDS = {"dot_votes", "created", "incident_id"}
"""Review fields that are settings, not anyone's words: no kept text when both changed."""


@dataclass
class MergeNote:
    """Something the merge decided that a person should hear about."""

    kept: KeptText
    """The kept text or kept edit, as stored in the merged review."""


@dataclass
class Merged:
    review: dict[str, Any]
    notes: list[MergeNote] = field(default_factory=list)


@dataclass
class _Sides:
    """Who wrote each side, for the kept texts' names."""

    ours: dict[str, Any]
    theirs: dict[str, Any]
    ours_by: str
    theirs_by: str
    at: datetime
    kept: list[dict[str, Any]]
    notes: list[MergeNote]

    def writer(self, side: dict[str, Any], fallback: str, key: str) -> str:
        writers = side.get("last_writers")
        found = writers.get(key) if isinstance(writers, dict) else None
        return found if isinstance(found, str) and found else fallback

    def keep(self, kept: KeptText) -> None:
        plain = to_dict(kept)
        same = ("target", "item_id", "field_name", "text", "item")
        for existing in [
            *_list(self.ours.get("kept")),
            *_list(self.theirs.get("kept")),
            *self.kept,
        ]:
            if isinstance(existing, dict) and all(existing.get(k) == plain.get(k) for k in same):
                return  # kept by an earlier merge (an interrupted sync run again): not twice
        self.kept.append(plain)
        self.notes.append(MergeNote(kept))


def merge_review(
    base: dict[str, Any] | None,
    ours: dict[str, Any],
    theirs: dict[str, Any],
    *,
    ours_by: str,
    theirs_by: str,
    at: datetime,
) -> Merged:
    """Merge ``ours`` and ``theirs``, both changed from ``base`` (``None``: added on both).

    ``ours_by`` and ``theirs_by`` name who made each side's changes when the
    review's own record of who last wrote a field does not; ``at`` stamps the
    kept texts. Returns a new dict; the inputs are not changed.
    """
    if ours == theirs:
        return Merged(copy.deepcopy(ours))
    base = base or {}
    sides = _Sides(ours, theirs, ours_by, theirs_by, at, [], [])
    out: dict[str, Any] = {}
    for key in _keys(ours, theirs):
        if key == "kept":
            continue  # merged last: the conflicts below add to it
        b, o, t = base.get(key, _MISSING), ours.get(key, _MISSING), theirs.get(key, _MISSING)
        if key in PEOPLES_ITEMS or key in MACHINERY_ITEMS:
            value = _items(key, _list(b), _list(o), _list(t), sides)
        else:
            value = _field(
                "review", None, key, b, o, t, sides, quiet=key in QUIET_FIELDS or key == "id"
            )
        if value is not _MISSING:
            out[key] = value
    kept = _items(
        "kept",
        _list(base.get("kept", [])),
        _list(ours.get("kept", [])),
        _list(theirs.get("kept", [])),
        sides,
    )
    for extra in sides.kept:
        if not any(k.get("id") == extra["id"] for k in kept):
            kept.append(extra)
    out["kept"] = kept
    _repair(out)
    return Merged(out, sides.notes)


def writers_since(before: dict[str, Any], after: dict[str, Any], user: str) -> dict[str, str]:
    """Who wrote each field changed from ``before`` to ``after`` that no one recorded.

    Live sessions record who last saved each field (``last_writers``); an
    edit made another way (``pmtui quick``, a follow-up, an import) records
    nothing. The sync marks those fields as ``user``'s when it records them,
    so a conflict later names the right person. Fields of new items and
    fields whose writer was recorded since are left alone.
    """
    recorded_before = before.get("last_writers") or {}
    recorded_now = after.get("last_writers") or {}
    out: dict[str, str] = {}
    for key in _changed_fields(before, after):
        if recorded_now.get(key) == recorded_before.get(key) and recorded_now.get(key) != user:
            out[key] = user
    return out


def _changed_fields(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    keys: list[str] = []
    for name, value in after.items():
        if name in PEOPLES_ITEMS:
            old_items = _by_id(_list(before.get(name)))
            for item in _list(value):
                old = old_items.get(str(item.get("id"))) if isinstance(item, dict) else None
                if old is None:
                    continue
                for f, v in item.items():
                    if f != "id" and old.get(f, _MISSING) != v:
                        keys.append(field_key(name, item["id"], f))
        elif name in MACHINERY_ITEMS or name in DICT_FIELDS or name == "id":
            continue
        elif before.get(name, _MISSING) != value:
            keys.append(field_key("review", None, name))
    return keys


# == fields ===================================================================


def _field(
    target: str,
    item_id: str | None,
    name: str,
    b: Any,
    o: Any,
    t: Any,
    sides: _Sides,
    *,
    quiet: bool = False,
) -> Any:
    """One field three ways: one side's change wins; both changed is a conflict."""
    if o == t or t == b:
        return copy.deepcopy(o)
    if o == b:
        return copy.deepcopy(t)
    if name in SET_LISTS and isinstance(o, list) and isinstance(t, list):
        return _set_list(_list(b), o, t)
    if name in DICT_FIELDS and isinstance(o, dict) and isinstance(t, dict):
        return _dict(b if isinstance(b, dict) else {}, o, t)
    if o is _MISSING:
        return copy.deepcopy(t)
    if t is _MISSING or quiet:
        return copy.deepcopy(o)
    key = field_key(target, item_id, name)
    sides.keep(
        KeptText(
            target=target,
            item_id=item_id,
            field_name=name,
            text=copy.deepcopy(t),
            by=sides.writer(sides.theirs, sides.theirs_by, key),
            replaced_by=sides.writer(sides.ours, sides.ours_by, key),
            at=sides.at,
            now=copy.deepcopy(o),
            id=new_id(),
        )
    )
    return copy.deepcopy(o)


def _set_list(b: list[Any], o: list[Any], t: list[Any]) -> list[Any]:
    """Ours in its order, then what theirs added; what either side removed goes."""
    removed = [x for x in b if x not in o or x not in t]
    out = [copy.deepcopy(x) for x in o if x not in removed]
    for x in t:
        if x not in b and x not in out:
            out.append(copy.deepcopy(x))
    return out


def _dict(b: dict[str, Any], o: dict[str, Any], t: dict[str, Any]) -> dict[str, Any]:
    """Key by key; a key both sides changed keeps ours, one removed on a side goes."""
    out: dict[str, Any] = {}
    for key in _keys(o, t):
        bv, ov, tv = b.get(key, _MISSING), o.get(key, _MISSING), t.get(key, _MISSING)
        if ov == tv or tv == bv:
            value = ov
        elif ov == bv:
            value = tv
        else:
            value = ov if ov is not _MISSING else tv
        if value is not _MISSING:
            out[key] = copy.deepcopy(value)
    return out


# == items ====================================================================


def _items(
    target: str,
    b: list[Any],
    o: list[Any],
    t: list[Any],
    sides: _Sides,
) -> list[Any]:
    """A collection of items with ids, merged item by item."""
    if o == t or t == b:
        return copy.deepcopy(o)
    if o == b:
        return copy.deepcopy(t)
    bs, os_, ts = _by_id(b), _by_id(o), _by_id(t)
    merged: dict[str, Any] = {}
    for item_id in _keys(os_, ts):
        bi, oi, ti = bs.get(item_id), os_.get(item_id), ts.get(item_id)
        if oi is not None and ti is not None:
            merged[item_id] = _item(target, item_id, bi, oi, ti, sides)
        elif oi is not None:  # not on their side: added here, or deleted there
            if bi is None or (oi != bi and target == "kept"):
                merged[item_id] = copy.deepcopy(oi)
            elif oi != bi:
                _deleted_edit(target, item_id, oi, sides.ours, sides.theirs, sides, ours=True)
        elif ti is not None:
            if bi is None or (ti != bi and target == "kept"):
                merged[item_id] = copy.deepcopy(ti)
            elif ti != bi:
                _deleted_edit(target, item_id, ti, sides.theirs, sides.ours, sides, ours=False)
    order = _order([i for i in os_ if i in merged], [i for i in ts if i in merged])
    return [merged[i] for i in order]


def _item(
    target: str,
    item_id: str,
    bi: dict[str, Any] | None,
    oi: dict[str, Any],
    ti: dict[str, Any],
    sides: _Sides,
) -> dict[str, Any]:
    if oi == ti or ti == bi:
        return copy.deepcopy(oi)
    if oi == bi:
        return copy.deepcopy(ti)
    base = bi or {}
    quiet = target not in PEOPLES_ITEMS
    out: dict[str, Any] = {}
    for name in _keys(oi, ti):
        b, o, t = base.get(name, _MISSING), oi.get(name, _MISSING), ti.get(name, _MISSING)
        value = _field(target, item_id, name, b, o, t, sides, quiet=quiet or name == "id")
        if value is not _MISSING:
            out[name] = value
    return out


def _deleted_edit(
    target: str,
    item_id: str,
    edited: dict[str, Any],
    editor_side: dict[str, Any],
    deleter_side: dict[str, Any],
    sides: _Sides,
    *,
    ours: bool,
) -> None:
    """An item deleted on one side and changed on the other: the deletion stands,
    the edit is kept with the review so it can be put back as a new item."""
    if target not in PEOPLES_ITEMS:
        return  # a round revealed, a kept text let go: nothing of anyone's words lost
    editor_fallback = sides.ours_by if ours else sides.theirs_by
    deleter_fallback = sides.theirs_by if ours else sides.ours_by
    prefix = f"{target}/{item_id}/"
    writers = editor_side.get("last_writers")
    editor = next(
        (
            v
            for k, v in (writers.items() if isinstance(writers, dict) else [])
            if k.startswith(prefix)
        ),
        editor_fallback,
    )
    deleted_by = deleter_side.get("deleted_by")
    deleter = deleted_by.get(item_id) if isinstance(deleted_by, dict) else None
    sides.keep(
        KeptText(
            target=target,
            item_id=item_id,
            field_name="",
            text=None,
            by=editor if isinstance(editor, str) and editor else editor_fallback,
            replaced_by=deleter if isinstance(deleter, str) and deleter else deleter_fallback,
            at=sides.at,
            item=copy.deepcopy(edited),
            id=new_id(),
        )
    )


def _order(ours: list[str], theirs: list[str]) -> list[str]:
    """Ours in its order; each item only theirs has goes after the one before it there
    (and after what ours added at that place)."""
    out = list(ours)
    placed = set(out)
    known = set(theirs)
    for i, item_id in enumerate(theirs):
        if item_id in placed:
            continue
        before = next((p for p in reversed(theirs[:i]) if p in placed), None)
        at = out.index(before) + 1 if before is not None else 0
        while at < len(out) and out[at] not in known:
            at += 1  # what ours added at the same place comes first
        out.insert(at, item_id)
        placed.add(item_id)
    return out


# == after the merge ==========================================================


def _repair(review: dict[str, Any]) -> None:
    """Links that point at something the other side deleted are dropped; a why
    whose parent went becomes a top-level cause; a loop of whys is broken."""
    facts = {f.get("id") for f in _list(review.get("facts", [])) if isinstance(f, dict)}
    causes = [c for c in _list(review.get("causes", [])) if isinstance(c, dict)]
    cause_ids = {c.get("id") for c in causes}
    parents: dict[Any, Any] = {}
    for cause in causes:
        if cause.get("parent_id") is not None and cause.get("parent_id") not in cause_ids:
            cause["parent_id"] = None
        if isinstance(cause.get("fact_ids"), list):
            cause["fact_ids"] = [i for i in cause["fact_ids"] if i in facts]
        parents[cause.get("id")] = cause.get("parent_id")
    for cause in causes:
        seen = {cause.get("id")}
        up = parents.get(cause.get("id"))
        while up is not None:
            if up in seen:
                cause["parent_id"] = None
                parents[cause.get("id")] = None
                break
            seen.add(up)
            up = parents.get(up)
    for com in _list(review.get("commitments", [])):
        if isinstance(com, dict) and isinstance(com.get("cause_ids"), list):
            com["cause_ids"] = [i for i in com["cause_ids"] if i in cause_ids]
    deleted = review.get("deleted_by")
    if isinstance(deleted, dict):
        while len(deleted) > DELETED_KEPT:
            del deleted[next(iter(deleted))]


# == helpers ==================================================================


def _keys(*dicts: Any) -> list[str]:
    out: dict[str, None] = {}
    for d in dicts:
        if isinstance(d, dict):
            out.update(dict.fromkeys(d))
    return list(out)


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _by_id(items: list[Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for i, item in enumerate(items):
        if isinstance(item, dict):
            key = item.get("id")
            out[key if isinstance(key, str) else f"#{i}"] = item
    return out
