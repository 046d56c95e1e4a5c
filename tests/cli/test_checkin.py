"""`pmtui checkin` from flags: moods, obstacles and commitment updates in one run."""

from __future__ import annotations

import io
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

from pmtui.cli import main
from pmtui.domain.model import Commitment, Kind, Outcome, Review
from pmtui.store.repository import Store

TODAY = date.today()


@pytest.fixture(autouse=True)
def no_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))


@pytest.fixture
def review(store: Store) -> Review:
    return store.add(
        Review(
            title="Deploy hung",
            commitments=[
                Commitment(deliverable="Lock timeout", owner="ana", due=TODAY),
                Commitment(deliverable="Alert route", owner="bo", due=TODAY + timedelta(days=3)),
                Commitment(deliverable="Runbook", owner="bo", due=TODAY + timedelta(days=5)),
            ],
        )
    )


def checkin(store_path: Path, *args: str) -> int:
    return main(["checkin", "--store", str(store_path), *args])


def test_a_scripted_check_in(
    store_path: Path, review: Review, capsys: pytest.CaptureFixture[str]
) -> None:
    lock, alert, runbook = review.commitments
    rc = checkin(
        store_path,
        "--no-input",
        "--people",
        "ana,bo",
        "--mood",
        "ana=4",
        "--mood",
        "bo=tired",
        "--in-the-way",
        "bo=The staging cluster is flaky",
        "--update",
        f"{lock.id[:8]}=kept",
        "--update",
        f"{alert.id[:8]}=open:waiting for ops",
        "--update",
        f"{runbook.id[:8]}=dropped:the tool is being replaced",
    )
    assert rc == 0
    store = Store(store_path)
    made = store.get(capsys.readouterr().out.strip())
    assert made.kind is Kind.CHECKIN and made.participants == ["ana", "bo"]
    assert {(e.author, e.text) for e in made.section("mood")} == {("ana", "4"), ("bo", "tired")}
    assert [e.text for e in made.section("status")] == ["Alert route: waiting for ops"]
    after = store.get(review.id)
    assert [c.status for c in after.commitments] == [Outcome.KEPT, Outcome.OPEN, Outcome.DROPPED]
    assert after.commitments[2].dropped_reason == "the tool is being replaced"


def test_alone_the_person_is_me_and_names_may_be_left_out(
    store_path: Path, review: Review, capsys: pytest.CaptureFixture[str]
) -> None:
    assert checkin(store_path, "--no-input", "--as", "bo", "--mood", "3", "--in-the-way", "CI") == 0
    made = Store(store_path).get(capsys.readouterr().out.strip())
    assert made.participants == ["bo"] and made.section("in_the_way")[0].author == "bo"
    assert all(c.is_open for c in Store(store_path).get(review.id).commitments)


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--people", "ana,bo", "--mood", "ana=4"], "--mood bo=MOOD"),
        (["--mood", "9"], "1 to 5"),
        (["--people", "ana,bo", "--mood", "4"], "one of the people present"),
        (["--mood", "4", "--update", "nope=kept"], "--update"),
    ],
)
def test_missing_or_wrong_flags_exit_2_and_write_nothing(
    store_path: Path, review: Review, capsys: pytest.CaptureFixture[str], args: list[str], says: str
) -> None:
    assert checkin(store_path, "--no-input", "--as", "ana", *args) == 2
    assert says in capsys.readouterr().err
    assert [s.id for s in Store(store_path).summaries()] == [review.id]


def test_a_dropped_update_needs_its_reason(
    store_path: Path, review: Review, capsys: pytest.CaptureFixture[str]
) -> None:
    cid = review.commitments[0].id
    assert checkin(store_path, "--no-input", "--mood", "ok", "--update", f"{cid}=dropped") == 2
    assert f"--update {cid}=dropped:REASON" in capsys.readouterr().err


def test_without_a_terminal_it_never_waits(tmp_path: Path) -> None:
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "pmtui",
            "checkin",
            "--store",
            str(tmp_path / "s.json"),
            "--as",
            "ana",
        ],
        stdin=subprocess.PIPE,
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert proc.returncode == 2 and "--mood ana=MOOD" in proc.stderr
