"""A hostile repository or teammate: nothing they push can make pmtui run a command,
and what they push is checked like an import before it reaches the store."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from pmtui.store.sync import files
from pmtui.store.sync.git import SyncError
from tests.store.helpers import make_review
from tests.store.sync.machines import Machine, bare_remote, requires_git

pytestmark = requires_git()


def git(cwd: Path, *args: str) -> str:
    """mallory's own git (not the user's config, which some tests give filters)."""
    return subprocess.run(
        ["git", "-c", "user.name=mallory", "-c", "user.email=m@x", *args],
        cwd=cwd,
        env={**os.environ, "GIT_CONFIG_GLOBAL": "/dev/null"},
        capture_output=True,
        text=True,
        check=True,
    ).stdout


@pytest.fixture
def scene(tmp_path: Path) -> tuple[Machine, Path, str]:
    """ana's store syncs with a remote that mallory can also push to (from ``work``)."""
    remote = bare_remote(tmp_path / "remote.git")
    ana = Machine(tmp_path, "ana", remote)
    rid = ana.add(make_review("checkout outage")).id
    ana.init()
    work = tmp_path / "mallory"
    subprocess.run(["git", "clone", "-q", str(remote), str(work)], check=True)
    return ana, work, rid


def push(work: Path, files_: dict[str, str | bytes], message: str = "x") -> None:
    for name, data in files_.items():
        path = work / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data if isinstance(data, bytes) else data.encode())
    git(work, "add", "-A")
    git(work, "commit", "-q", "-m", message)
    git(work, "push", "-q", "origin", "HEAD:main")


@pytest.fixture
def user_git_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The user's own ~/.gitconfig defines a filter, a diff driver and a merge driver
    (as git-lfs and others do); a repository naming them must not make pmtui run them."""
    home = tmp_path / "home"
    home.mkdir()
    marker = tmp_path / "ran"
    cmd = f"sh -c 'echo ran >> {marker}; cat'"
    (home / ".gitconfig").write_text(
        f'[filter "evil"]\n\tsmudge = {cmd}\n\tclean = {cmd}\n\tprocess = {cmd}\n'
        f'[diff "evil"]\n\ttextconv = {cmd}\n\tcommand = {cmd}\n'
        f'[merge "evil"]\n\tdriver = {cmd}\n'
    )
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("XDG_CONFIG_HOME", raising=False)
    return marker


def test_gitattributes_cannot_run_the_users_filters_or_drivers(
    scene: tuple[Machine, Path, str], user_git_config: Path
) -> None:
    ana, work, rid = scene
    ours = ana.get(rid)
    push(
        work,
        {
            ".gitattributes": "* filter=evil diff=evil merge=evil\n",
            "notes.txt": "hello\n",
        },
    )
    ana.edit(rid, lambda r: setattr(r, "summary", "changed here"))
    ana.sync()
    assert not user_git_config.exists(), "a command named in .gitattributes ran"
    assert (ana.repo / "notes.txt").read_text() == "hello\n"
    assert ana.get(rid).summary == "changed here"
    assert ana.get(rid).title == ours.title


def test_hooks_are_never_run(scene: tuple[Machine, Path, str], tmp_path: Path) -> None:
    ana, work, rid = scene
    marker = tmp_path / "hooked"
    hooks = ana.repo / ".git" / "hooks"
    hooks.mkdir(exist_ok=True)
    for name in ("pre-commit", "post-checkout", "reference-transaction", "pre-push",
                 "post-merge", "post-rewrite", "fsmonitor-watchman"):  # fmt: skip
        hook = hooks / name
        hook.write_text(f"#!/bin/sh\necho {name} >> {marker}\n")
        hook.chmod(0o755)
    push(work, {"notes.txt": "hi\n"})
    ana.edit(rid, lambda r: setattr(r, "summary", "changed"))
    ana.sync()
    assert not marker.exists()


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("core.fsmonitor", "touch {marker}"),
        ("core.sshCommand", "touch {marker}"),
        ("remote.origin.uploadpack", "touch {marker}; git-upload-pack"),
        ("include.path", "{marker}.cfg"),
        ("core.hooksPath", "{marker}.d"),
    ],
)
def test_a_config_pmtui_did_not_write_is_refused_and_nothing_runs(
    scene: tuple[Machine, Path, str], tmp_path: Path, key: str, value: str
) -> None:
    ana, _work, _rid = scene
    marker = tmp_path / "configured"
    config = ana.repo / ".git" / "config"
    subprocess.run(
        ["git", "config", "--file", str(config), key, value.format(marker=marker)], check=True
    )
    with pytest.raises(SyncError, match=f"sets {key.lower()}.*--unset-all"):
        ana.syncer().sync()
    assert not marker.exists()
    assert ana.syncer().status().count == 0  # the status reads no config: still answers


def test_a_symlink_in_the_repository_is_never_followed(
    scene: tuple[Machine, Path, str], tmp_path: Path
) -> None:
    ana, work, _rid = scene
    secret = tmp_path / "secret.txt"
    secret.write_text('{"format": "pmtui-export"}')
    link_id = "0badf00d-0000-4000-8000-000000000000"
    os.symlink(secret, work / "reviews" / f"{link_id}.json")
    os.symlink(secret, work / "docs" / "2026-01-01-x-0badf00d.md")
    push(work, {})
    report = ana.sync()
    assert link_id not in ana.contents()
    assert [p for p, _why in report.unreadable] == [files.review_path(link_id)]
    # checked out as a plain file holding the link's text, not as a link
    checked = ana.repo / "reviews" / f"{link_id}.json"
    assert not checked.is_symlink() and checked.read_text() == str(secret)
    assert not (ana.repo / "docs" / "2026-01-01-x-0badf00d.md").is_symlink()


def test_a_review_that_fails_import_checks_is_left_out_and_said(
    scene: tuple[Machine, Path, str],
) -> None:
    ana, work, rid = scene
    path = work / files.review_path(rid)
    doc = json.loads(path.read_text())
    doc["reviews"][0]["title"] = "x" * 5000  # longer than any title may be
    doc["reviews"][0]["summary"] = "a teammate's edit"
    path.write_text(json.dumps(doc))
    bad_id = "11111111-2222-4333-8444-555555555555"
    push(
        work,
        {
            files.review_path(bad_id): '{"format": "pmtui-export", "version": 1, "reviews": [1]}',
            files.review_path("22222222-2222-4333-8444-555555555555"): json.dumps(
                {**doc, "reviews": [{**doc["reviews"][0], "title": "ok", "id": bad_id}]}
            ),
        },
    )
    before = ana.contents()
    report = ana.sync()
    assert ana.contents() == before
    reasons = dict(report.unreadable)
    assert "title" in reasons[files.review_path(rid)]
    assert files.review_path(bad_id) in reasons
    assert (
        "not the one its name says"
        in reasons[files.review_path("22222222-2222-4333-8444-555555555555")]
    )
    # a later local edit is sent over the unreadable version
    ana.edit(rid, lambda r: setattr(r, "impact", "fixed here"))
    ana.sync()
    fixed = subprocess.run(
        ["git", "--git-dir", str(ana.remote), "show", f"main:{files.review_path(rid)}"],
        capture_output=True,
        check=True,
    ).stdout
    assert files.decode(fixed, files.review_path(rid)).impact == "fixed here"


def test_escape_sequences_in_texts_and_names_reach_no_terminal(
    scene: tuple[Machine, Path, str],
) -> None:
    ana, work, rid = scene
    path = work / files.review_path(rid)
    doc = json.loads(path.read_text())
    doc["reviews"][0]["title"] = "outage\x1b]0;pwned\x07\x1b[2J"
    path.write_text(json.dumps(doc))
    for name, data in {files.review_path(rid): path.read_bytes()}.items():
        (work / name).write_bytes(data)
    git(work, "add", "-A")
    git(work, "-c", "user.name=mal\x1b[31mlory", "commit", "-qm", "x")
    git(work, "push", "-q", "origin", "HEAD:main")
    report = ana.sync()
    assert ana.get(rid).title == "outage"
    assert not any("\x1b" in line for line in report.lines())
    assert "mal[31mlory" in report.arrivals[0].authors or "mallory" in report.arrivals[0].authors


def test_submodules_in_the_remote_are_not_fetched_or_run(
    scene: tuple[Machine, Path, str], tmp_path: Path
) -> None:
    ana, work, _rid = scene
    other = bare_remote(tmp_path / "other.git")
    push(work, {".gitmodules": f'[submodule "x"]\n\tpath = x\n\turl = {other}\n'})
    ana.sync()
    assert not (ana.repo / "x" / ".git").exists()


def test_objects_git_itself_finds_dangerous_are_refused_at_the_fetch(
    scene: tuple[Machine, Path, str],
) -> None:
    ana, work, rid = scene
    push(
        work,
        {".gitmodules": '[submodule "x"]\n\tpath = x\n\turl = ../x\n\tupdate = !touch pwned\n'},
    )
    ana.edit(rid, lambda r: setattr(r, "summary", "kept here"))
    report = ana.syncer().sync()
    assert report.problem is not None and "fsck" in report.problem
    assert not (ana.repo / "pwned").exists()
    assert ana.get(rid).summary == "kept here"
    assert ana.syncer().status().count == 1  # recorded, waiting for a remote it can use
