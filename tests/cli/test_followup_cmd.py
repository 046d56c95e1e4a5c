"""`pmtui followup` from flags: listing what is due and recording one outcome per run."""

from __future__ import annotations

import io
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

from pmtui.cli import main
from pmtui.domain.model import Commitment, Outcome, Review, Status
from pmtui.store.repository import Store

TODAY = date.today()  # the CLI reads the real clock


@pytest.fixture(autouse=True)
def no_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))


@pytest.fixture
def review(store: Store) -> Review:
    return store.add(
        Review(
            title="Deploy hung",
            status=Status.REVIEWED,
            commitments=[
                Commitment(deliverable="Lock timeout", owner="ana", due=TODAY - timedelta(days=2)),
                Commitment(deliverable="Runbook", owner="ana", due=TODAY + timedelta(days=20)),
                Commitment(deliverable="Alert route", owner="bo", due=TODAY),
            ],
        )
    )


def followup(store_path: Path, *args: str) -> int:
    return main(["followup", "--store", str(store_path), *args])


def test_list_prints_my_due_commitments_with_their_ids(
    store_path: Path, review: Review, capsys: pytest.CaptureFixture[str]
) -> None:
    assert followup(store_path, "--list") == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split("\t")[3] for line in lines] == ["Lock timeout"]
    assert lines[0].split("\t")[0] == review.commitments[0].id


def test_one_outcome_is_recorded_through_the_follow_up_rules(
    store_path: Path, review: Review, capsys: pytest.CaptureFixture[str]
) -> None:
    lock = review.commitments[0]
    args = ["--no-input", "--commitment", lock.id[:8], "--outcome", "not-kept"]
    more = ["--in-the-way", "The vendor never answered", "--category", "external"]
    assert followup(store_path, *args, *more, "--new-due", "+2w") == 0
    assert "not kept" in capsys.readouterr().out
    saved = Store(store_path).get(review.id).commitment(lock.id)
    assert saved.is_open and saved.due == TODAY + timedelta(weeks=2)
    assert (saved.in_the_way, saved.in_the_way_category) == (
        "The vendor never answered",
        "external",
    )
    assert saved.history[0].old_due == TODAY - timedelta(days=2)


def test_the_last_outcome_closes_the_review(store_path: Path, review: Review) -> None:
    for com, extra in zip(review.commitments, (["--helped", "yes"], [], []), strict=True):
        rc = followup(store_path, "--no-input", "--commitment", com.id, "--outcome", "kept", *extra)
        assert rc == 0
    saved = Store(store_path).get(review.id)
    assert saved.status is Status.CLOSED and saved.commitments[0].helped is True
    assert all(c.status is Outcome.KEPT for c in saved.commitments)


@pytest.mark.parametrize(
    ("args", "named"),
    [
        ([], "--commitment, --outcome"),
        (["--outcome", "dropped"], "--reason"),
        (["--outcome", "partly"], "--in-the-way, --category"),
        (
            ["--outcome", "partly", "--in-the-way", "x", "--category", "tooling"],
            "missing --new-due or --reason",
        ),
        (
            ["--outcome", "not-kept", "--in-the-way", "x", "--category", "tooling"],
            "missing --new-due or --reason",
        ),
    ],
)
def test_missing_answers_exit_2_naming_the_flags(
    store_path: Path,
    review: Review,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    named: str,
) -> None:
    target = ["--commitment", review.commitments[0].id] if args else []
    assert followup(store_path, "--no-input", *target, *args) == 2
    assert named in capsys.readouterr().err
    assert Store(store_path).get(review.id).rev == review.rev


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--outcome", "finished"], "kept, partly, not-kept or dropped"),
        (["--outcome", "kept", "--new-due", "+1w"], "--new-due"),
        (["--outcome", "kept", "--reason", "moot"], "--reason"),
        (
            [
                *("--outcome", "partly", "--in-the-way", "x", "--category", "tooling"),
                *("--new-due", "+1w", "--reason", "moot"),
            ],
            "not both",
        ),
        (["--outcome", "kept", "--helped", "maybe"], "yes or no"),
        (["--outcome", "not-kept", "--in-the-way", "x", "--category", "gremlins"], "tooling"),
    ],
)
def test_flags_that_do_not_fit_exit_2(
    store_path: Path, review: Review, capsys: pytest.CaptureFixture[str], args: list[str], says: str
) -> None:
    assert followup(store_path, "--no-input", "--commitment", review.commitments[0].id, *args) == 2
    assert says in capsys.readouterr().err
    assert Store(store_path).get(review.id).rev == review.rev


def test_nothing_due_is_not_an_error(store_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert followup(store_path, "--no-input") == 0
    assert "Nothing" in capsys.readouterr().out


def test_without_a_terminal_it_never_waits(tmp_path: Path) -> None:
    store = Store(tmp_path / "pmtui.json")
    store.add(Review(commitments=[Commitment(deliverable="x", owner="ana", due=TODAY)]))
    proc = subprocess.run(
        [sys.executable, "-m", "pmtui", "followup", "--store", str(store.path), "--as", "ana"],
        stdin=subprocess.PIPE,
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert proc.returncode == 2 and "--commitment" in proc.stderr


def test_partly_kept_with_a_reason_drops_the_rest(
    store_path: Path, review: Review, capsys: pytest.CaptureFixture[str]
) -> None:
    lock = review.commitments[0]
    args = ["--no-input", "--commitment", lock.id, "--outcome", "partly"]
    more = ["--in-the-way", "x", "--category", "tooling", "--reason", "superseded by the new CI"]
    assert followup(store_path, *args, *more) == 0
    assert "Recorded partly kept: Lock timeout (dropped)" in capsys.readouterr().out
    saved = Store(store_path).get(review.id).commitment(lock.id)
    assert (saved.status, saved.dropped_reason) == (Outcome.DROPPED, "superseded by the new CI")


def test_what_due_lists_followup_walks(
    store: Store, store_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The reported case: due in five days, listed by one command and not the other."""
    soon = Commitment(deliverable="Pager rota", owner="Cy", due=TODAY + timedelta(days=5))
    store.add(Review(title="Pager", commitments=[soon]))
    assert main(["due", "--store", str(store_path), "--mine", "--as", "cy"]) == 0
    assert "Pager rota" in capsys.readouterr().out
    assert main(["--as", "cy", "followup", "--store", str(store_path), "--list"]) == 0
    assert capsys.readouterr().out.split("\t")[0] == soon.id
    assert main(["--as", "dee", "followup", "--store", str(store_path), "--no-input"]) == 0
    assert "Nothing of dee's is overdue or due within 7 days." in capsys.readouterr().out
