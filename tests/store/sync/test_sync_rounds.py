"""Three stores syncing through a bare repository: what each ends up with, in every order."""

from __future__ import annotations

import difflib
import functools
import itertools
import json
import subprocess
from pathlib import Path

import pytest

from pmtui.domain.model import Commitment, Entry, Fact, Review
from pmtui.store.sync import files
from pmtui.store.sync.engine import Syncer
from pmtui.store.sync.git import SyncError
from tests.store.helpers import make_review
from tests.store.sync.machines import Machine, bare_remote, requires_git, texts

pytestmark = requires_git()


@pytest.fixture
def remote(tmp_path: Path) -> Path:
    return bare_remote(tmp_path / "remote.git")


@pytest.fixture
def trio(tmp_path: Path, remote: Path) -> tuple[Machine, Machine, Machine]:
    return (
        Machine(tmp_path, "ana", remote),
        Machine(tmp_path, "ben", remote),
        Machine(tmp_path, "cy", remote),
    )


def remote_files(remote: Path, branch: str = "main") -> dict[str, bytes]:
    listing = subprocess.run(
        ["git", "--git-dir", str(remote), "ls-tree", "-r", "-z", "--name-only", branch],
        capture_output=True,
        check=True,
    ).stdout.decode()
    out = {}
    for path in filter(None, listing.split("\0")):
        out[path] = subprocess.run(
            ["git", "--git-dir", str(remote), "show", f"{branch}:{path}"],
            capture_output=True,
            check=True,
        ).stdout
    return out


def test_init_pushes_the_store_and_join_brings_it_to_a_new_store(
    trio: tuple[Machine, Machine, Machine], remote: Path
) -> None:
    ana, ben, _cy = trio
    review = make_review("checkout outage")
    review.commitments[1].owner = "ben"
    review = ana.add(review)
    report = ana.init()
    assert report.problem is None and report.sent == {review.id}
    pushed = remote_files(remote)
    assert files.review_path(review.id) in pushed
    assert files.doc_path(review) in pushed  # the Markdown document, for browsing
    assert ".gitattributes" in pushed and "README.md" in pushed
    back = files.decode(pushed[files.review_path(review.id)], files.review_path(review.id))
    assert files.plain(back) == files.plain(ana.get(review.id))

    report = ben.join()
    assert [a.review_id for a in report.arrivals] == [review.id]
    assert report.arrivals[0].authors == ["ana"]
    assert report.headline() == "1 review changed by one teammate, 1 new commitment for you."
    assert ben.contents() == ana.contents()


def test_join_refuses_a_store_that_has_reviews(trio: tuple[Machine, Machine, Machine]) -> None:
    ana, ben, _cy = trio
    ana.init()
    ben.add(make_review("mine"))
    with pytest.raises(SyncError, match=r"already holds reviews.*pmtui sync --init"):
        ben.join()


def test_a_store_with_reviews_joins_a_remote_with_others_and_both_are_kept(
    trio: tuple[Machine, Machine, Machine],
) -> None:
    ana, ben, _cy = trio
    a = ana.add(make_review("ana's"))
    ana.init()
    b = ben.add(make_review("ben's"))
    ben.init()  # sync --init on a store that has its own reviews
    ana.sync()
    assert set(ana.contents()) == set(ben.contents()) == {a.id, b.id}
    assert ana.contents() == ben.contents()


def _setup(trio: tuple[Machine, Machine, Machine]) -> str:
    ana, ben, cy = trio
    review = ana.add(make_review("checkout outage"))
    ana.init()
    ben.join()
    cy.join()
    return review.id


EDITS = {
    # Each machine changes the same review: one field both ana and ben change,
    # one field only cy changes, and each adds an item of its own.
    "ana": [
        lambda r: setattr(r, "title", "checkout outage: ana's title"),
        lambda r: r.facts.append(Fact(what="ana's fact", id="fa")),
        lambda r: setattr(r.facts[0], "evidence", "deploy log (ana)"),
    ],
    "ben": [
        lambda r: setattr(r, "title", "checkout outage: ben's title"),
        lambda r: r.entries.append(Entry(section="lucky", text="ben's luck", id="eb")),
        lambda r: setattr(r.facts[0], "what", "deploy started (ben)"),
    ],
    "cy": [
        lambda r: setattr(r, "summary", "cy's summary"),
        lambda r: r.commitments.append(
            Commitment(deliverable="cy's commitment", owner="ana", id="mc")
        ),
        lambda r: setattr(r.causes[0], "category", "tooling"),
    ],
}


@pytest.mark.parametrize("order", list(itertools.permutations(["ana", "ben", "cy"])))
def test_edits_to_one_review_in_every_order_of_sync(
    trio: tuple[Machine, Machine, Machine], order: tuple[str, str, str]
) -> None:
    rid = _setup(trio)
    machines = {m.user: m for m in trio}
    for user, edits in EDITS.items():
        for edit in edits:
            machines[user].edit(rid, edit)
    for user in order:
        machines[user].sync()
    for user in order[:2]:  # the first two fetch what came after them
        machines[user].sync()
    ana, ben, cy = trio
    assert ana.contents() == ben.contents() == cy.contents()
    review = ana.get(rid)
    # items added everywhere are all there
    assert {f.id for f in review.facts} >= {"fa"}
    assert "eb" in {e.id for e in review.entries}
    assert "mc" in {c.id for c in review.commitments}
    # different fields of the same item both survive
    assert review.facts[0].what == "deploy started (ben)"
    assert review.facts[0].evidence == "deploy log (ana)"
    assert review.summary == "cy's summary" and review.causes[0].category == "tooling"
    # the field both changed: the later sync wins, the other text is kept, named
    titles = {"ana": "checkout outage: ana's title", "ben": "checkout outage: ben's title"}
    later = next(u for u in reversed(order) if u in titles)
    earlier = "ben" if later == "ana" else "ana"
    assert review.title == titles[later]
    [kept] = [k for k in review.kept if k.field_name == "title"]
    assert (kept.text, kept.by, kept.replaced_by) == (titles[earlier], earlier, later)
    assert len(review.kept) == 1


def test_delete_here_against_an_edit_there_keeps_the_edit(
    trio: tuple[Machine, Machine, Machine],
) -> None:
    rid = _setup(trio)
    ana, ben, _cy = trio
    entry = ana.get(rid).entries[0].id
    ana.edit(rid, lambda r: setattr(r, "entries", []))
    ben.edit(rid, lambda r: setattr(r.entries[0], "text", "paging worked in a minute"))
    ana.sync()
    report = ben.sync()
    review = ben.get(rid)
    assert review.entries == []
    [kept] = review.kept
    assert kept.deleted and kept.item_id == entry
    assert kept.item is not None and kept.item["text"] == "paging worked in a minute"
    assert any("deleted" in line and "edit is kept" in line for line in report.lines())
    ana.sync()
    assert ana.contents() == ben.contents()


def test_a_review_deleted_here_and_changed_there_comes_back(
    trio: tuple[Machine, Machine, Machine],
) -> None:
    rid = _setup(trio)
    ana, ben, _cy = trio
    ana.store.delete(rid)
    ben.edit(rid, lambda r: setattr(r, "summary", "ben kept writing"))
    ben.sync()
    report = ana.sync()
    assert ana.get(rid).summary == "ben kept writing"
    assert any("deleted here but changed" in line for line in report.lines())
    ben.sync()
    assert ana.contents() == ben.contents()


def test_a_review_deleted_there_and_untouched_here_goes(
    trio: tuple[Machine, Machine, Machine],
) -> None:
    rid = _setup(trio)
    ana, ben, _cy = trio
    ana.store.delete(rid)
    ana.sync()
    report = ben.sync()
    assert ben.contents() == {}
    assert [a.how for a in report.arrivals] == ["deleted"]
    assert not any(p.startswith("docs/") for p in remote_files(ana.remote))


def test_a_title_change_renames_the_document(trio: tuple[Machine, Machine, Machine]) -> None:
    rid = _setup(trio)
    ana, ben, _cy = trio
    ana.edit(rid, lambda r: setattr(r, "title", "payments down"))
    ben.edit(rid, lambda r: setattr(r, "summary", "it was the cache"))
    ana.sync()
    ben.sync()
    docs = [p for p in remote_files(ana.remote) if p.startswith("docs/")]
    assert len(docs) == 1 and "payments-down" in docs[0]
    text = remote_files(ana.remote)[docs[0]].decode()
    assert "it was the cache" in text and "# payments down" in text


def test_the_repository_file_reads_well_in_a_diff(trio: tuple[Machine, Machine, Machine]) -> None:
    rid = _setup(trio)
    ana, _ben, _cy = trio
    before = remote_files(ana.remote)[files.review_path(rid)].decode().splitlines()
    ana.edit(rid, lambda r: setattr(r.facts[0], "evidence", "the deploy log"))
    ana.sync()
    after = remote_files(ana.remote)[files.review_path(rid)].decode().splitlines()
    changed = [line[2:] for line in difflib.ndiff(before, after) if line.startswith("+ ")]
    # one line for the fact, and the record of who wrote its evidence
    assert len(changed) == 4
    assert (
        changed[0].lstrip().startswith('{"id": ') and '"evidence": "the deploy log"' in changed[0]
    )
    assert changed[1].strip() == '"last_writers": {'
    assert changed[2].strip() == f'"facts/{ana.get(rid).facts[0].id}/evidence": "ana"'
    assert changed[3].strip() == "},"
    doc = json.loads("\n".join(after))
    assert "rev" not in doc["reviews"][0] and "updated" not in doc["reviews"][0]


def test_nothing_to_do_changes_nothing(trio: tuple[Machine, Machine, Machine]) -> None:
    _setup(trio)
    ana, _ben, _cy = trio
    head = subprocess.run(
        ["git", "--git-dir", str(ana.remote), "rev-parse", "main"], capture_output=True, text=True
    ).stdout
    report = ana.sync()
    assert report.lines() == ["Nothing came in.", "Nothing to send; origin is up to date."]
    again = subprocess.run(
        ["git", "--git-dir", str(ana.remote), "rev-parse", "main"], capture_output=True, text=True
    ).stdout
    assert head == again


def test_status_counts_what_is_not_synced(trio: tuple[Machine, Machine, Machine]) -> None:
    rid = _setup(trio)
    ana, _ben, _cy = trio
    assert ana.syncer().status().count == 0
    ana.edit(rid, lambda r: setattr(r, "summary", "more"))
    new = ana.add(make_review("another"))
    status = ana.syncer().status()
    assert status.count == 2
    assert {i for i, _t in status.changed} == {rid, new.id}
    ana.sync()
    assert ana.syncer().status().count == 0


def test_a_remote_that_cannot_be_reached_keeps_the_changes_for_the_next_sync(
    trio: tuple[Machine, Machine, Machine], tmp_path: Path
) -> None:
    rid = _setup(trio)
    ana, ben, _cy = trio
    ana.edit(rid, lambda r: setattr(r, "summary", "written offline"))
    away = tmp_path / "away.git"
    ana.remote.rename(away)
    report = ana.syncer().sync()
    assert report.problem is not None
    assert any(line.startswith("Not synced with origin") for line in report.lines())
    status = ana.syncer().status()
    assert status.count == 1 and status.last_problem
    away.rename(ana.remote)
    ana.sync()
    ben.sync()
    assert ben.get(rid).summary == "written offline"


def test_a_push_refused_because_someone_pushed_first_is_merged_and_pushed_again(
    trio: tuple[Machine, Machine, Machine], monkeypatch: pytest.MonkeyPatch
) -> None:
    rid = _setup(trio)
    ana, ben, _cy = trio
    ana.edit(rid, lambda r: setattr(r, "summary", "ana's summary"))
    ben.edit(rid, lambda r: setattr(r, "impact", "ben's impact"))
    pushes: list[str | None] = []
    real_push = Syncer._push

    def push_after_ben(self: Syncer, st: object) -> tuple[str | None, bool]:
        if self.user == "ana" and not pushes:
            ben.sync()  # ben pushes between ana's fetch and ana's push
        result = real_push(self, st)  # type: ignore[arg-type]
        if self.user == "ana":
            pushes.append(result[0])
        return result

    monkeypatch.setattr(Syncer, "_push", push_after_ben)
    report = ana.syncer().sync()
    assert pushes == ["someone pushed first", None]
    assert report.problem is None and report.pushed
    ben.sync()
    assert ben.get(rid).summary == "ana's summary" and ben.get(rid).impact == "ben's impact"
    assert ana.contents() == ben.contents()


def _set_summary(review: Review, text: str) -> None:
    review.summary = text


def _add_fact(review: Review, what: str) -> None:
    review.facts.append(Fact(what=what))


def test_three_stores_agree_and_lose_no_text_after_many_rounds(
    trio: tuple[Machine, Machine, Machine],
) -> None:
    rid = _setup(trio)
    written: set[str] = set()
    for n in range(3):
        for m in trio:
            text = f"{m.user} round {n}"
            written.add(text)
            m.edit(rid, functools.partial(_set_summary, text=text))
            m.edit(rid, functools.partial(_add_fact, what=text + " fact"))
            written.add(text + " fact")
            m.sync()
    for m in trio:
        m.sync()
    contents = [m.contents() for m in trio]
    assert contents[0] == contents[1] == contents[2]
    assert written <= texts(contents[0])


def test_an_edit_typed_while_syncing_is_merged_not_overwritten(
    trio: tuple[Machine, Machine, Machine], monkeypatch: pytest.MonkeyPatch
) -> None:
    rid = _setup(trio)
    ana, ben, _cy = trio
    ben.edit(rid, lambda r: setattr(r, "summary", "ben's summary"))
    ben.edit(rid, lambda r: setattr(r, "impact", "ben's impact"))
    ben.sync()
    ana.edit(rid, lambda r: setattr(r, "title", "ana's title"))
    real_fetch = Syncer._fetch

    def type_meanwhile(self: Syncer) -> str | None:
        got = real_fetch(self)
        # ana's app saves while her sync is between recording and merging
        ana.edit(rid, lambda r: setattr(r, "summary", "ana typed this meanwhile"))
        ana.edit(rid, lambda r: r.entries.append(Entry(section="lucky", text="typed too")))
        return got

    monkeypatch.setattr(Syncer, "_fetch", type_meanwhile)
    ana.syncer().sync()
    monkeypatch.undo()
    review = ana.get(rid)
    assert review.title == "ana's title" and review.impact == "ben's impact"
    assert review.summary == "ana typed this meanwhile"
    assert [k.text for k in review.kept] == ["ben's summary"]
    assert "typed too" in [e.text for e in review.entries]
    assert ana.syncer().status().count == 1  # the edit typed meanwhile waits for the next sync
    ana.sync()
    ben.sync()
    assert ana.contents() == ben.contents()
