"""How incidents and their reviews are kept on disk, beside the reviews.

Incidents live whole in one TinyDB file, ``pmtui.incidents.json`` (table
``incidents``, keyed by id): they are a few fields each, so ten thousand of
them are a file ``pmtui log`` rewrites in milliseconds. The file is primary
data like the review shards: backed up, restored per incident, never rebuilt.

Which review was started from which incident is not stored twice: a review
carries its ``incident_id``, and the open-commitments file (derived from the
review shards, rebuilt with them) keeps one row per such review in table
``incident_reviews`` (with whether the review was held: its status reviewed
or closed), so ``pmtui due`` and the home screen learn every
incident's state from two small files without reading the index or any
review. Those two tables and the checks an incident is read with are in
:mod:`pmtui.store.incident_file`, which the app's first frame reads them with
(without TinyDB or the model of a review).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from pmtui.domain.incidents import Incident, incident_from_dict
from pmtui.domain.model import Review, ValidationError
from pmtui.store.incident_file import stored_fields

if TYPE_CHECKING:
    from pmtui.domain.incident_list import Row
    from pmtui.store.repository import Store


def link_row(review: Review) -> dict[str, Any] | None:
    """The row a review started from an incident leaves in the open-commitments file."""
    if not review.incident_id:
        return None
    return {
        "incident": review.incident_id,
        "created": review.created.date().isoformat(),
        "held": review.status.held,
    }


def decode(incident_id: str, doc: dict[str, Any]) -> Incident:
    """An incident from its stored document; raises ``ValueError`` naming what is wrong.

    Every process that lists incidents decodes them all (``pmtui due`` does,
    at each login), so the stored form is read field by field rather than
    through the generic codec; anything unexpected goes to the codec and the
    model's own checks, whose messages name the field.
    """
    try:
        return Incident(**stored_fields(incident_id, doc))
    except (KeyError, TypeError, ValueError, AttributeError):
        pass  # the codec reads what the quick path does not (a key left out...) or names it
    incident = incident_from_dict({**doc, "id": incident_id}, f"incidents[{incident_id}]")
    try:
        incident.validate()
    except ValidationError as exc:
        raise ValueError(f"incident {incident_id}: {exc}") from None
    return incident


def readable(docs: Mapping[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """The documents that decode, and the ids of those that do not (for a restore)."""
    good: dict[str, Any] = {}
    bad: list[str] = []
    for iid, doc in docs.items():
        try:
            decode(iid, dict(doc))
        except (ValidationError, TypeError, KeyError, ValueError):
            bad.append(iid)
        else:
            good[iid] = doc
    return good, bad


@dataclass
class ListReport:
    """What a ``pmtui log --import`` did."""

    added: list[Incident] = field(default_factory=list)
    updated: list[Incident] = field(default_factory=list)
    unchanged: list[Incident] = field(default_factory=list)

    def line(self) -> str:
        return (
            f"{len(self.added)} incident(s) added, {len(self.updated)} updated, "
            f"{len(self.unchanged)} already logged and unchanged."
        )


def merge_list(store: Store, rows: list[Row]) -> ListReport:
    """Log the incidents of another tool's list, in one save, never twice.

    An incident matches one already logged by its id in that tool, or, when
    the list has no ids, by title and start time: a second import of the
    same file changes nothing, and an updated export updates what changed.
    """
    from pmtui.domain.incident_list import carried  # reading lists is rarer than due's listing

    report = ListReport()
    with store.incident_batch() as txn:
        known = store.incidents()
        by_id = {i.external_id: i for i in known if i.external_id}
        by_name = {(i.title.casefold(), i.started): i for i in known}
        for row in rows:
            incoming = row.incident
            match = by_id.get(incoming.external_id) if incoming.external_id else None
            match = match or by_name.get((incoming.title.casefold(), incoming.started))
            if match is None:
                saved = txn.put_incident(incoming)
                report.added.append(saved)
                by_name[(saved.title.casefold(), saved.started)] = saved
                if saved.external_id:
                    by_id[saved.external_id] = saved
            elif carried(incoming, match):
                report.updated.append(txn.put_incident(match))
            else:
                report.unchanged.append(match)
    return report
