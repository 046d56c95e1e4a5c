"""Reviews started from incidents travel through a sync with the incident they close.

Incidents themselves are not synced yet (each machine keeps its own log); the
link from a review to its incident is part of the review and must survive,
and a review that names no incident is written exactly as before incidents
existed, so teammates on an older pmtui still read it.
"""

from __future__ import annotations

import json
from pathlib import Path

from pmtui.domain.incidents import new_incident, review_from
from pmtui.domain.model import Kind, Review
from pmtui.store.sync import files
from tests.conftest import NOW
from tests.store.sync.machines import Machine, bare_remote, requires_git

pytestmark = [requires_git()]


def test_the_link_to_the_incident_syncs_and_a_plain_review_stays_version_1(
    tmp_path: Path,
) -> None:
    remote = bare_remote(tmp_path / "remote.git")
    ana = Machine(tmp_path, "ana", remote)
    incident = ana.store.add_incident(new_incident("checkout 502s", now=NOW, author="ana"))
    from_incident = ana.store.review_incident(
        incident.id, lambda i: review_from(i, "postmortem", Kind.POSTMORTEM, now=NOW, user="ana")
    )
    plain = ana.add(Review(title="a week of deploys"))
    ana.init()
    bo = Machine(tmp_path, "bo", remote)
    bo.join()
    assert bo.get(from_incident.id).incident_id == incident.id
    assert bo.store.incident_links()[incident.id].review_id == from_incident.id
    plain_file = json.loads((ana.repo / files.review_path(plain.id)).read_text())
    assert plain_file["version"] == 1 and "incident_id" not in plain_file["reviews"][0]
    linked_file = json.loads((ana.repo / files.review_path(from_incident.id)).read_text())
    assert linked_file["version"] == 2
    assert linked_file["reviews"][0]["incident_id"] == incident.id
