"""Recurring causes kept counted in memory: a count after a change looks at what changed.

:func:`pmtui.domain.health.recount_from_terms` counts recurrence from every
review's cause terms: at 10,000 reviews with real-worded causes, parsing
them, ordering them and finding the sets alike a changed one among all the
others took a few hundred milliseconds of CPU, in the same interpreter as
the insights view a person has just opened. :class:`KeptRecurrence` keeps
what a count found (each term set's causes, which sets are alike, each
review's recurring causes) between counts in one process; the next count is
given each month's terms, compares only the months that are not the very
objects it counted last (the store keeps those it did not read again), and
updates the groups and the counts around the reviews whose causes changed.
Its result is always exactly what :func:`recount_from_terms` gives for the
same terms (a property test holds it to that).

Recurrence (the rule of :func:`recount_from_terms`): in the order the
reviews were held (their time, then id), every cause whose terms are in a
group of alike sets (:func:`pmtui.domain.insights.grouped`), or the same as
another cause's, counts as recurring unless its review is the first of the
group; a month's count is that of its reviews with top causes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

from pmtui.domain.insights import grouped, regrouped
from pmtui.domain.similarity import MIN_SHARED, SAME, alike

Held = tuple[str, str]
"""A review's place in the order reviews were held: (time held, id)."""
Entry = tuple[str, bool, str, tuple[str, ...]]
"""A review's part: when it was held, whether it has top causes, its month, its causes'
term sets."""


class KeptRecurrence:
    """The recurring causes of the terms last counted, kept to count the next change."""

    def __init__(self) -> None:
        self._reset()

    def _reset(self) -> None:
        self._months: dict[str, set[str]] = {}
        """Each month last counted: its reviews' ids."""
        self._entry: dict[str, Entry] = {}
        """Per review id: when it was held, whether it has top causes, its month, its sets."""
        self._occ: dict[str, Held | list[Held]] = {}
        """Per term set of two or more words: the review of each cause with it (one, or a
        list with a review as often as its causes have it)."""
        self._by_word: dict[str, list[str]] | None = None
        """Per word, the sets with it (a new set is compared with those sharing two words);
        made when first needed (:meth:`index`), so a first count answers without it."""
        self._group_of: dict[str, int] = {}
        self._groups: dict[int, set[str]] = {}
        self._next_group = 0
        self._contrib: dict[object, dict[str, int]] = {}
        """Per group id or lone set: the recurring causes it gives each review."""
        self._recurring: Counter[str] = Counter()
        self._per_month: Counter[str] = Counter()
        self._counted = False

    def count(
        self,
        months: Mapping[str, Mapping[str, Any] | None],
        kept: Mapping[str, Any] | None = None,
    ) -> dict[str, int]:
        """Each month's recurring causes for ``months`` (month: its terms, ``{review id:
        [held, has top causes, [each cause's terms]]}``, as the sums keep them; None: the
        same as last counted).

        The first count builds everything (from ``kept``, the groups a count kept on
        disk, when given); each later one compares only the months given, with what it
        kept of them. Terms of the wrong shape raise (TypeError, ValueError, KeyError,
        IndexError, AttributeError), as does None for a month not counted before: what is
        kept is then dropped, and the next count builds everything again.
        """
        try:
            if not self.counted:
                self._build(months, kept)
            else:
                self._update(months)
        except BaseException:
            self._reset()
            raise
        return {month: self._per_month.get(month, 0) for month in months}

    def index(self) -> None:
        """Make the index of the sets by word, if not made yet: a first count answers
        without it, the next change needs it (done in between, it is not in the way)."""
        if self._by_word is not None:
            return
        by_word: dict[str, list[str]] = {}
        for key in self._occ:
            for word in key.split():
                got = by_word.get(word)
                if got is None:
                    by_word[word] = [key]
                else:
                    got.append(key)
        self._by_word = by_word

    @property
    def counted(self) -> bool:
        """Whether a count is kept (the next looks at what changed only)."""
        return self._counted

    def kept_groups(self) -> dict[str, Any]:
        """What :func:`pmtui.domain.health.kept_groups` keeps of the last count: its term
        sets and its groups (the same sets and groups a fresh count finds)."""
        return {
            "nodes": "\n".join(self._occ),
            "groups": sorted(sorted(keys) for keys in self._groups.values()),
        }

    # -- building ----------------------------------------------------------------------

    def _build(
        self, months: Mapping[str, Mapping[str, Any] | None], kept: Mapping[str, Any] | None
    ) -> None:
        for month, terms in months.items():
            if terms is None:
                raise KeyError(month)  # nothing counted to be the same as
            self._months[month] = set(terms)
            for rid, entry in terms.items():
                self._put(rid, _entry(entry, month), 1)
        if kept is None:
            groups = grouped(self._occ)
        else:
            was = frozenset(str(kept["nodes"]).split("\n"))
            groups = regrouped(kept["groups"], was, self._occ)
        for keys in groups:
            self._new_group(keys)
        group_of = self._group_of
        for key, got in self._occ.items():  # a set in one cause alone gives nothing
            if type(got) is list and key not in group_of:
                self._add_contrib(key)
        for gid in self._groups:
            self._add_contrib(gid)
        for rid, n in self._recurring.items():
            _when, top, month, _sets = self._entry[rid]
            if top and n:
                self._per_month[month] += n
        self._counted = True

    # -- a change ----------------------------------------------------------------------

    def _update(self, months: Mapping[str, Mapping[str, Any] | None]) -> None:
        changed: dict[str, Entry | None] = {}
        for month in self._months.keys() | months.keys():
            if month in months and months[month] is None:
                if month not in self._months:
                    raise KeyError(month)  # nothing counted to be the same as
                continue
            given = months.get(month) or {}
            for rid in self._months.get(month, set()) - given.keys():
                changed.setdefault(rid, None)  # gone, or moved to another month
            for rid, raw in given.items():
                entry = _entry(raw, month)
                if entry != self._entry.get(rid):
                    changed[rid] = entry
            if month in months:
                self._months[month] = set(given)
            else:
                del self._months[month]
        if not changed:
            return
        affected: set[str] = set()

        def unmonth(rid: str) -> None:
            """Take ``rid``'s part out of the months (once, before anything of it changes)."""
            if rid in affected:
                return
            affected.add(rid)
            got = self._entry.get(rid)
            n = self._recurring.get(rid, 0)
            if got is not None and got[1] and n:
                self._per_month[got[2]] -= n

        sets: set[str] = set()
        for rid, becomes in changed.items():
            unmonth(rid)
            for got in (self._entry.get(rid), becomes):
                if got is not None:
                    sets.update(k for k in got[3] if " " in k)
        existed = {k for k in sets if k in self._occ}
        # whatever was counted around a set that changes is taken out, and counted again
        for key in existed:
            self._drop_contrib(self._group_of.get(key, key), unmonth)
        for rid, becomes in changed.items():
            was = self._entry.pop(rid, None)
            if was is not None:
                self._put(rid, was, -1)
            if becomes is not None:
                self._put(rid, becomes, 1)
        removed = {k for k in existed if k not in self._occ}
        added = sorted(k for k in sets if k in self._occ and k not in existed)
        new_parts: set[object] = {k for k in sets if k in self._occ}
        for key in removed:  # a group that lost a set is grouped again alone
            gid = self._group_of.get(key)
            if gid is None:
                continue
            self._drop_contrib(gid, unmonth)
            keys = self._groups.pop(gid)
            for k in keys:
                del self._group_of[k]
            rest = sorted(k for k in keys if k not in removed)
            for group in grouped(rest):
                new_parts.add(self._new_group(group))
            new_parts.update(rest)
        if added:
            new_parts.update(self._join(added, unmonth))
        parts = {self._group_of.get(k, k) if isinstance(k, str) else k for k in new_parts}
        for part in parts:
            if part in self._groups or (isinstance(part, str) and part in self._occ):
                self._drop_contrib(part, unmonth)
                self._add_contrib(part, unmonth)
        for rid in affected:
            got = self._entry.get(rid)
            n = self._recurring.get(rid, 0)
            if got is not None and got[1] and n:
                self._per_month[got[2]] += n
        for month in [m for m, n in self._per_month.items() if not n]:
            del self._per_month[month]

    def _join(self, added: list[str], unmonth: Any) -> set[object]:
        """Link each new set with the sets alike it (those sharing two words with it are
        compared); the groups made or grown."""
        self.index()
        assert self._by_word is not None
        by_word = self._by_word
        parent: dict[object, object] = {}

        def find(x: object) -> object:
            parent.setdefault(x, x)
            root = x
            while parent[root] != root:
                root = parent[root]
            while parent[x] != root:
                parent[x], x = root, parent[x]
            return root

        for key in added:
            toks = frozenset(key.split())
            hits: Counter[str] = Counter()
            for word in toks:
                hits.update(by_word.get(word, ()))
            for other, n in hits.items():
                if (
                    other == key
                    or n < MIN_SHARED
                    or not alike(toks, frozenset(other.split()), SAME)
                ):
                    continue
                a = find(self._group_of.get(key, key))
                b = find(self._group_of.get(other, other))
                if a != b:
                    parent[a] = b
        joined: dict[object, set[str]] = {}
        for part in list(parent):
            joined.setdefault(find(part), set()).update(self._keys(part))
        made: set[object] = set()
        for keys in joined.values():
            if len(keys) < 2:
                continue
            for key in keys:
                self._drop_contrib(self._group_of.get(key, key), unmonth)
            for gid in {self._group_of[k] for k in keys if k in self._group_of}:
                del self._groups[gid]
            made.add(self._new_group(keys))
        return made

    # -- the parts ---------------------------------------------------------------------

    def _put(self, rid: str, entry: Entry, sign: int) -> None:
        when, _top, _month, sets = entry
        held = (when, rid)
        if sign > 0:
            self._entry[rid] = entry
        occ, by_word = self._occ, self._by_word
        for key in sets:
            if " " not in key:
                continue  # fewer words than alike asks to share: never alike
            got = occ.get(key)
            if sign > 0:
                if got is None:
                    occ[key] = held
                    if by_word is not None:
                        for word in key.split():
                            by_word.setdefault(word, []).append(key)
                elif isinstance(got, list):
                    got.append(held)
                else:
                    occ[key] = [got, held]
            elif isinstance(got, list):
                got.remove(held)
                if len(got) == 1:
                    occ[key] = got[0]
            elif got is not None:
                del occ[key]
                if by_word is not None:
                    for word in key.split():
                        keys = by_word[word]
                        keys.remove(key)
                        if not keys:
                            del by_word[word]

    def _new_group(self, keys: Iterable[str]) -> int:
        gid = self._next_group
        self._next_group += 1
        self._groups[gid] = set(keys)
        for key in self._groups[gid]:
            self._group_of[key] = gid
        return gid

    def _keys(self, part: object) -> Iterable[str]:
        if isinstance(part, int):
            return self._groups.get(part, ())
        return (part,) if isinstance(part, str) and part in self._occ else ()

    def _drop_contrib(self, part: object, unmonth: Any = None) -> None:
        got = self._contrib.pop(part, None)
        if not got:
            return
        for rid, n in got.items():
            if unmonth is not None:
                unmonth(rid)
            self._recurring[rid] -= n
            if not self._recurring[rid]:
                del self._recurring[rid]

    def _add_contrib(self, part: object, unmonth: Any = None) -> None:
        members: list[Held] = []
        for key in self._keys(part):
            got = self._occ[key]
            if isinstance(got, list):
                members.extend(got)
            else:
                members.append(got)
        if len(members) < 2:
            return
        first = min(members)[1]
        out: dict[str, int] = {}
        for _when, rid in members:
            if rid != first:
                out[rid] = out.get(rid, 0) + 1
        if not out:
            return
        self._contrib[part] = out
        for rid, n in out.items():
            if unmonth is not None:
                unmonth(rid)
            self._recurring[rid] += n


def _entry(entry: Any, month: str) -> tuple[str, bool, str, tuple[str, ...]]:
    """A review's kept terms (``[held, has top causes, [each cause's terms]]``), checked."""
    when, top, sets = entry
    if not isinstance(when, str) or not all(isinstance(k, str) for k in sets):
        raise TypeError("cause terms of the wrong shape")
    return when, bool(top), month, tuple(sets)
