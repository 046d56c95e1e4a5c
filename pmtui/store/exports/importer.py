"""Reading a JSON export back into the store: all of it, or nothing.

The whole file is checked before anything is written (format, version,
required fields, types, the model's own limits); one problem refuses the
file with the reason. Then every review and every incident is merged in one
store batch, under the store's lock, so other writers see the import whole
or not at all. A version 1 file (before incidents) reads as one without any.

How a review (or an incident) that is already in the store is merged (``rev``
is the revision it was exported at, ``digest`` the fingerprint of its content
then):

- same content as the store: nothing to do ("unchanged");
- the store has not been saved since that revision: the file's version is
  saved ("updated");
- the store was saved since, and the file is an untouched export: the store
  is newer and is kept ("kept newer");
- the store was saved since, and the file was edited too: a conflict. It is
  reported and neither side is overwritten.
"""

from __future__ import annotations

import copy
import errno
import json
import os
import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, TypeVar

from pmtui.domain.incidents import Incident, incident_from_dict
from pmtui.domain.model import Review, ValidationError, incomplete
from pmtui.domain.serial import review_from_dict, review_to_dict
from pmtui.store.errors import StoreError
from pmtui.store.exports import json as json_format
from pmtui.store.repository import Store

T = TypeVar("T")


class _Revised(Protocol):
    rev: int


R = TypeVar("R", bound=_Revised)

MAX_BYTES = 256 * 1024 * 1024
"""A file larger than this is refused (no store is that big); at most this much is read."""
MAX_DEPTH = 16
"""Lists and objects nested deeper than this are refused: an export nests 7 deep."""
_CHUNK = 1 << 20
_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)

REVIEW_FIELDS: dict[str, tuple[type, ...]] = {
    "id": (str,),
    "kind": (str,),
    "title": (str,),
    "status": (str,),
    "facts": (list,),
    "causes": (list,),
    "commitments": (list,),
}
COMMITMENT_FIELDS: dict[str, tuple[type, ...]] = {
    "id": (str,),
    "owner": (str,),
    "deliverable": (str,),
    "due": (str, type(None)),
    "status": (str,),
}
INCIDENT_FIELDS: dict[str, tuple[type, ...]] = {
    "id": (str,),
    "title": (str,),
    "started": (str,),
}
_TYPE_NAMES = {str: "text", list: "a list", type(None): "null", dict: "an object", int: "a number"}


class ImportRefused(StoreError):
    """The file cannot be imported; nothing was written."""

    def __init__(self, source: str, reason: str) -> None:
        self.reason = reason
        super().__init__(f"cannot import {source}: {reason}. Nothing was written.")


@dataclass
class Incoming:
    review: Review
    exported_rev: int
    edited: bool
    """The content differs from what was exported (or the file has no digest)."""


@dataclass
class IncomingIncident:
    incident: Incident
    exported_rev: int
    edited: bool


@dataclass
class Outcomes:
    """What became of each item of one kind (reviews, or incidents)."""

    added: list[Any] = field(default_factory=list)
    updated: list[Any] = field(default_factory=list)
    unchanged: list[Any] = field(default_factory=list)
    kept_newer: list[Any] = field(default_factory=list)
    conflicts: list[Any] = field(default_factory=list)

    def counts(self) -> str:
        return (
            f"{len(self.added)} added, {len(self.updated)} updated, "
            f"{len(self.unchanged)} unchanged, {len(self.kept_newer)} kept as the store has "
            f"newer changes, {len(self.conflicts)} in conflict"
        )


@dataclass
class ImportReport(Outcomes):
    """The reviews' outcomes, and the incidents' in :attr:`incidents`."""

    incidents: Outcomes = field(default_factory=Outcomes)
    read_incidents: bool = False
    """The file had incidents to read (a version 2 export)."""

    @property
    def written(self) -> int:
        return len(self.added) + len(self.updated)

    def lines(self) -> list[str]:
        """What happened, for people: counts first, then each conflict by name."""
        out = [self.counts() + "."]
        if self.read_incidents:
            out.append(f"incidents: {self.incidents.counts()}.")
        for r in self.conflicts:
            out.append(
                f"conflict: {r.id[:8]} {r.title!r} was changed both in the store and in the "
                "file since it was exported; neither was overwritten. Export it again, "
                "re-apply the file's changes, and import that."
            )
        for i in self.incidents.conflicts:
            out.append(
                f"conflict: incident {i.id[:8]} {i.title!r} was changed both in the store and "
                "in the file since it was exported; neither was overwritten."
            )
        return out

    @property
    def any_conflict(self) -> bool:
        return bool(self.conflicts or self.incidents.conflicts)


@dataclass
class Document:
    """A checked export file: its reviews and its incidents."""

    reviews: list[Incoming]
    incidents: list[IncomingIncident] | None
    """``None`` for a version 1 file, which could not hold any."""


def read(path: Path) -> Document:
    """Read and check a whole export file; raises :class:`ImportRefused`."""
    source = str(path)
    try:
        data = read_bounded(path)
    except OSError as exc:
        raise ImportRefused(source, exc.strerror or str(exc)) from None
    return parse(data, source)


def read_bounded(path: Path, limit: int = MAX_BYTES) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes, however big it claims to be.

    A device, a pipe or a directory is refused before anything is read (its
    size says nothing: ``/dev/zero`` reports 0 and never ends), and reading
    stops one byte past the limit, so a file that grows while it is read is
    refused too. Opening does not block on a pipe with no writer.
    """
    fd = os.open(path, _FLAGS)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(
                errno.EINVAL,
                "it is not a regular file (a directory, a device or a pipe); "
                "save the export to a file and import that",
            )
        chunks: list[bytes] = []
        got = 0
        while got <= limit:
            chunk = os.read(fd, min(_CHUNK, limit + 1 - got))
            if not chunk:
                return b"".join(chunks)
            chunks.append(chunk)
            got += len(chunk)
    finally:
        os.close(fd)
    raise OSError(errno.EFBIG, f"it is more than {limit:,} bytes, more than pmtui imports")


def parse(data: bytes, source: str = "the file") -> Document:
    """Check an export document and build its reviews; raises :class:`ImportRefused`."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ImportRefused(source, f"it is not UTF-8 text (byte {exc.start})") from None
    try:
        doc = json.loads(text, parse_constant=_no_constant)
    except RecursionError:
        raise ImportRefused(source, _too_deep()) from None
    except (json.JSONDecodeError, ValueError) as exc:
        raise ImportRefused(source, f"it is not JSON ({exc})") from None
    if _depth(doc) > MAX_DEPTH:
        raise ImportRefused(source, _too_deep())
    if not isinstance(doc, dict) or doc.get("format") != json_format.FORMAT:
        raise ImportRefused(
            source, f'it is not a pmtui export (no "format": "{json_format.FORMAT}")'
        )
    version = doc.get("version")
    if isinstance(version, bool) or not isinstance(version, int):
        raise ImportRefused(source, 'its "version" is missing or not a whole number')
    if version > json_format.VERSION:
        raise ImportRefused(
            source,
            f"it was written by a newer pmtui (format version {version}; this pmtui reads up "
            f"to {json_format.VERSION}); upgrade pmtui to import it",
        )
    if version < 1:
        raise ImportRefused(source, f"format version {version} does not exist")
    if doc.get("anonymized") is True:
        raise ImportRefused(
            source,
            "it was anonymized for sharing; importing it would replace people's names "
            "with pseudonyms. Import the original export instead",
        )
    reviews = doc.get("reviews")
    if not isinstance(reviews, list):
        raise ImportRefused(source, '"reviews" is missing or not a list')
    checked = _each(reviews, "reviews", source, _incoming, lambda i: i.review.id)
    incidents = doc.get("incidents")
    if incidents is None:
        return Document(checked, None)  # a version 1 file, or one review (as sync writes them)
    if not isinstance(incidents, list):
        raise ImportRefused(source, '"incidents" is missing or not a list')
    logged = _each(incidents, "incidents", source, _incoming_incident, lambda i: i.incident.id)
    return Document(checked, logged)


def _each(
    items: list[Any],
    name: str,
    source: str,
    check: Callable[[Any, str], T],
    id_of: Callable[[T], str],
) -> list[T]:
    """Every item of a list checked, refusing the file at the first problem or repeated id."""
    out: list[T] = []
    seen: set[str] = set()
    for i, raw in enumerate(items):
        where = f"{name}[{i}]"
        try:
            item = check(raw, where)
        except ValidationError as exc:
            raise ImportRefused(source, str(exc)) from None
        if id_of(item) in seen:
            raise ImportRefused(source, f"{where}.id: {id_of(item)} appears twice")
        seen.add(id_of(item))
        out.append(item)
    return out


def merge(store: Store, incoming: Document) -> ImportReport:
    """Merge a checked file into ``store`` in one batch; see the module doc for the rules."""
    report = ImportReport(read_incidents=incoming.incidents is not None)
    with store.batch() as txn:

        def keep_updated(review: Review) -> Review:
            """A review comes in as it was last changed: export, import, export is one file."""
            return txn.put(review, keep_updated=True)

        for item in incoming.reviews:
            review = copy.deepcopy(item.review)
            known = txn.get(review.id)
            same = known is not None and _same(known, review)
            _merge_one(report, known, review, same, item.exported_rev, item.edited, keep_updated)
        for one in incoming.incidents or []:
            incident = copy.deepcopy(one.incident)
            known_i = txn.get_incident(incident.id)
            same = known_i is not None and _same_incident(known_i, incident)
            _merge_one(
                report.incidents, known_i, incident, same, one.exported_rev, one.edited,
                txn.put_incident,
            )  # fmt: skip
    return report


def _merge_one(
    outcomes: Outcomes,
    known: R | None,
    incoming: R,
    same: bool,
    exported_rev: int,
    edited: bool,
    put: Callable[[R], R],
) -> None:
    """The rule of the module doc for one review (or incident): add, keep, update or report."""
    if known is None:
        outcomes.added.append(put(incoming))
    elif same:
        outcomes.unchanged.append(known)
    elif known.rev <= exported_rev:
        outcomes.updated.append(put(incoming))
    elif not edited:
        outcomes.kept_newer.append(known)
    else:
        outcomes.conflicts.append(known)


def import_file(store: Store, path: Path) -> ImportReport:
    """Import an export file; an open commitment written or edited outside pmtui needs an
    owner, a deliverable and a date (a review exported as pmtui wrote it comes back as it
    was, commitments made before that rule included; a dropped one may have had no date)."""
    incoming = read(path)
    for i, item in enumerate(incoming.reviews):
        for j, commitment in enumerate(item.review.commitments if item.edited else ()):
            problem = incomplete(commitment) if commitment.is_open else None
            if problem is not None:
                raise ImportRefused(str(path), f"reviews[{i}].commitments[{j}]: {problem}")
    return merge(store, incoming)


# == checking ==================================================================


def _incoming(raw: Any, where: str) -> Incoming:
    if not isinstance(raw, dict):
        raise ValidationError(where, f"an object, not {_type_name(raw)}")
    _require(raw, REVIEW_FIELDS, where)
    for j, com in enumerate(raw["commitments"]):
        if not isinstance(com, dict):
            raise ValidationError(f"{where}.commitments[{j}]", f"an object, not {_type_name(com)}")
        _require(com, COMMITMENT_FIELDS, f"{where}.commitments[{j}]")
    rev, stated = _rev_and_digest(raw, where)
    try:
        review = review_from_dict(raw)
    except ValidationError as exc:
        raise ValidationError(where + exc.field.removeprefix("review"), exc.expected) from None
    review.clean()
    try:
        review.validate()
    except ValidationError as exc:
        raise ValidationError(f"{where}.{exc.field}", exc.expected) from None
    edited = stated is None or stated != json_format.digest(json_format.review_data(review))
    return Incoming(review=review, exported_rev=rev, edited=edited)


def _incoming_incident(raw: Any, where: str) -> IncomingIncident:
    if not isinstance(raw, dict):
        raise ValidationError(where, f"an object, not {_type_name(raw)}")
    _require(raw, INCIDENT_FIELDS, where)
    rev, stated = _rev_and_digest(raw, where)
    incident = incident_from_dict(raw, where)
    incident.clean()
    try:
        incident.validate()
    except ValidationError as exc:
        raise ValidationError(f"{where}.{exc.field}", exc.expected) from None
    edited = stated is None or stated != json_format.digest(json_format.incident_data(incident))
    return IncomingIncident(incident=incident, exported_rev=rev, edited=edited)


def _rev_and_digest(raw: dict[str, Any], where: str) -> tuple[int, str | None]:
    """The revision an item was exported at and the digest it states, both checked."""
    rev = raw.get("rev", 0)
    if isinstance(rev, bool) or not isinstance(rev, int) or rev < 0:
        raise ValidationError(f"{where}.rev", "a whole number, 0 or more")
    stated = raw.get("digest")
    if stated is not None and not isinstance(stated, str):
        raise ValidationError(f"{where}.digest", "text")
    return rev, stated


def _require(raw: dict[str, Any], fields: dict[str, tuple[type, ...]], where: str) -> None:
    for name, types in fields.items():
        if name not in raw:
            raise ValidationError(f"{where}.{name}", "present (it is missing)")
        if not isinstance(raw[name], types):
            wanted = " or ".join(_TYPE_NAMES.get(t, t.__name__) for t in types)
            raise ValidationError(f"{where}.{name}", f"{wanted}, not {_type_name(raw[name])}")


def _type_name(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    return _TYPE_NAMES.get(type(value), type(value).__name__)


def _same(a: Review, b: Review) -> bool:
    return json_format.content(review_to_dict(a)) == json_format.content(review_to_dict(b))


def _same_incident(a: Incident, b: Incident) -> bool:
    return json_format.content(json_format.incident_data(a)) == json_format.content(
        json_format.incident_data(b)
    )


def _depth(doc: Any) -> int:
    """How deeply lists and objects nest in ``doc`` (without recursing: it may be deep)."""
    deepest = 0
    todo: list[tuple[Any, int]] = [(doc, 1)]
    while todo:
        value, depth = todo.pop()
        if isinstance(value, dict):
            value = value.values()
        elif not isinstance(value, list):
            continue
        if depth > MAX_DEPTH:
            return depth
        deepest = max(deepest, depth)
        todo.extend((v, depth + 1) for v in value if isinstance(v, dict | list))
    return deepest


def _too_deep() -> str:
    return f"its lists and objects nest more than {MAX_DEPTH} levels deep; a pmtui export nests 7"


def _no_constant(name: str) -> None:
    raise ValueError(f"{name} is not a JSON number")
