"""The gh script: valid POSIX shell whose commands carry user text as plain arguments."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from pmtui.store.exports import gh
from tests.store.test_export_formats import TODAY, sample_review

FAKE_GH = """#!/bin/sh
for arg in "$@"; do printf '%s\\0' "$arg"; done >> "$GH_LOG"
printf '\\n' >> "$GH_LOG"
"""


def _run(script: str, tmp_path: Path) -> list[list[str]]:
    """Run the script with a stand-in ``gh`` that records its arguments."""
    bindir = tmp_path / "bin"
    bindir.mkdir()
    fake = bindir / "gh"
    fake.write_text(FAKE_GH)
    fake.chmod(0o755)
    log = tmp_path / "gh.log"
    log.write_bytes(b"")
    path = tmp_path / "issues.sh"
    path.write_text(script, encoding="utf-8")
    env = {**os.environ, "PATH": f"{bindir}:{os.environ['PATH']}", "GH_LOG": str(log)}
    subprocess.run(["sh", str(path)], check=True, env=env, cwd=tmp_path, timeout=30)
    calls = log.read_bytes().decode("utf-8").split("\0\n")
    return [c.split("\0") for c in calls if c]


@pytest.mark.skipif(shutil.which("sh") is None, reason="needs a POSIX shell")
def test_running_the_script_passes_user_text_through_untouched(tmp_path: Path) -> None:
    review = sample_review()
    review.commitments[1].deliverable = 'it\'s $(touch pwned) `id` "quoted" \\ ; done'
    every = _run(gh.render([review], today=TODAY), tmp_path)
    assert not (tmp_path / "pwned").exists()
    labels = [c for c in every if c[:2] == ["label", "create"]]
    assert labels == [
        ["label", "create", name, "--force"]
        for name in ("priority: P1", "priority: P2", "type: prevent", "type: process")
    ]
    calls = every[len(labels) :]
    opened = review.open_commitments()
    assert len(calls) == len(opened) == 3
    first, second, third = calls
    assert first == [
        "issue",
        "create",
        "--title=Remove the --fast flag | make canary mandatory",
        f"--body={gh.body(review, opened[0])}",
        "--assignee=ana-lima",
        "--label=type: prevent",
        "--label=priority: P1",
    ]
    assert not any(a.startswith("--label") for a in third)  # no type, no priority
    assert "Tracked in: #42" in second[3]
    assert second[2] == "--title=" + review.commitments[1].deliverable
    assert not any(a.startswith("--assignee") for a in second)


@pytest.mark.parametrize(
    ("owner", "login"),
    [
        ("@ana-lima", "ana-lima"),
        ("@Bo42", "Bo42"),
        ("Bo Chen", None),
        ("ana", None),
        ("@-bad", None),
        ("@bad-", None),
        ("@a--b", None),
        ("@" + "a" * 40, None),
        ("@x; rm -rf /", None),
    ],
)
def test_only_handles_become_assignees(owner: str, login: str | None) -> None:
    assert gh.handle(owner) == login


def test_no_open_commitments_makes_a_script_that_creates_nothing() -> None:
    review = sample_review()
    review.commitments = review.commitments[3:]  # only the dropped one
    script = gh.render([review], today=TODAY)
    assert "gh issue create" not in script
    assert script.startswith("#!/bin/sh\n")
