"""``pmtui merge-review``, the merge driver pmtui registers: git itself merges reviews
item by item when someone merges by hand in the sync repository."""

from __future__ import annotations

import json
import subprocess
from datetime import datetime
from pathlib import Path

import pytest

from pmtui.domain.model import Fact
from pmtui.domain.serial import to_dict
from pmtui.store.sync import files
from pmtui.store.sync.driver import merge_files
from tests.e2e.terminal import pmtui_command
from tests.store.helpers import make_review
from tests.store.sync.machines import Machine, bare_remote, requires_git

pytestmark = requires_git()

AT = datetime(2026, 11, 23, 10, 0)


def git(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["git", "-C", str(repo), "-c", "user.name=ana", "-c", "user.email=a@x", *args],
        capture_output=True,
        text=True,
    )


def _edit_file(path: Path, **fields: object) -> None:
    doc = json.loads(path.read_text())
    doc["reviews"][0].update(fields)
    review = files.decode(json.dumps(doc).encode(), f"reviews/{path.name}")
    path.write_bytes(files.encode(files.plain(review)))


@pytest.fixture
def synced(tmp_path: Path) -> tuple[Machine, str]:
    pmtui_command()  # the driver is the installed command: skip where it is not installed
    ana = Machine(tmp_path, "ana", bare_remote(tmp_path / "remote.git"))
    rid = ana.add(make_review("checkout outage")).id
    ana.init()
    return ana, rid


def test_git_merge_by_hand_runs_the_driver_and_keeps_both_texts(
    synced: tuple[Machine, str],
) -> None:
    ana, rid = synced
    repo = ana.repo
    driver = git(repo, "config", "merge.pmtui-review.driver").stdout.strip()
    assert driver.endswith("merge-review %O %A %B")
    assert "merge=pmtui-review" in (repo / ".gitattributes").read_text()
    path = repo / files.review_path(rid)
    assert git(repo, "checkout", "-q", "-b", "side").returncode == 0
    _edit_file(path, title="title on the side branch", summary="summary from the side")
    git(repo, "commit", "-qam", "side")
    git(repo, "checkout", "-q", "main")
    facts = json.loads(path.read_text())["reviews"][0]["facts"]
    extra = {**facts[0], "id": "f-main", "what": "a fact from main"}
    _edit_file(path, title="title on main", facts=[*facts, extra])
    git(repo, "commit", "-qam", "main")
    merged = git(repo, "merge", "--no-edit", "side")
    assert merged.returncode == 0, merged.stdout + merged.stderr
    review = files.decode(path.read_bytes(), files.review_path(rid))
    assert review.title == "title on main"  # ours wins the field both changed
    assert review.summary == "summary from the side"
    assert "a fact from main" in [f.what for f in review.facts]
    [kept] = review.kept
    assert (kept.field_name, kept.text) == ("title", "title on the side branch")

    # the next pmtui sync takes the hand-made merge into the store and pushes it
    ana.sync()
    assert ana.get(rid).title == "title on main"
    assert [k.text for k in ana.get(rid).kept] == ["title on the side branch"]


def test_the_driver_merges_files_added_on_both_sides() -> None:
    review = make_review("added twice")
    ours = files.plain(review)
    theirs = {**ours, "summary": "theirs", "facts": [*ours["facts"]]}
    theirs["facts"].append(to_dict(Fact(what="their fact")))
    data, problem = merge_files(
        b"", files.encode({**ours, "summary": "ours"}), files.encode(theirs), user="ana", at=AT
    )
    assert data is not None, problem
    merged = files.decode(data, "x", named=False)
    assert merged.summary == "ours" and [k.text for k in merged.kept] == ["theirs"]
    assert "their fact" in [f.what for f in merged.facts]


def test_the_driver_refuses_what_it_cannot_read(tmp_path: Path) -> None:
    review = files.encode(files.plain(make_review("a")))
    data, problem = merge_files(review, review, b"not json", user="ana", at=AT)
    assert data is None and "not JSON" in problem
    other = files.encode(files.plain(make_review("b")))
    data, problem = merge_files(review, review, other, user="ana", at=AT)
    assert data is None and "not of the same review" in problem
    # through the installed command, as git runs it: exit 1, ours untouched
    base, ours, theirs = (tmp_path / n for n in ("o", "a", "b"))
    base.write_bytes(review)
    ours.write_bytes(review)
    theirs.write_bytes(b"not json")
    done = subprocess.run(
        [pmtui_command(), "merge-review", str(base), str(ours), str(theirs)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 1 and "not JSON" in done.stderr
    assert ours.read_bytes() == review
