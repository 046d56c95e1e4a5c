"""`pmtui mine`: the current user's open commitments across reviews."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from pmtui.cli import main
from pmtui.domain.followup import record_outcome
from pmtui.domain.model import Commitment, Outcome, Review
from pmtui.store.repository import Store

TODAY = date.today()


def test_lists_only_my_open_commitments_across_reviews(
    store: Store, store_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a = store.add(
        Review(
            title="First",
            commitments=[
                Commitment(deliverable="mine, no date", owner="ana"),
                Commitment(deliverable="bo's", owner="bo", due=TODAY),
                Commitment(deliverable="mine, kept", owner="ana", due=TODAY),
            ],
        )
    )
    b = store.add(
        Review(
            title="Second",
            commitments=[
                Commitment(deliverable="mine, late", owner="ANA", due=TODAY - timedelta(days=2))
            ],
        )
    )
    kept = a.commitments[2].id
    store.update(a.id, lambda r: record_outcome(r, kept, Outcome.KEPT, at=datetime.now(), by="ana"))
    assert main(["mine", "--store", str(store_path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(
        (TODAY - timedelta(days=2)).isoformat() + "  OVERDUE  ANA  mine, late"
    )
    assert lines[0].endswith(f"[{b.id[:8]} Second]")
    assert lines[1] == f"----------  no date  ana  mine, no date  [{a.id[:8]} First]"


def test_as_someone_else_and_json(
    store: Store, store_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store.add(Review(title="R", commitments=[Commitment(deliverable="x", owner="bo", due=TODAY)]))
    assert main(["mine", "--store", str(store_path), "--as", "bo", "--json"]) == 0
    [item] = json.loads(capsys.readouterr().out)
    assert item["owner"] == "bo" and item["overdue"] is False


def test_nothing_open_says_so_on_stderr(
    store_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["mine", "--store", str(store_path)]) == 0
    got = capsys.readouterr()
    assert got.out == "" and "nothing open for ana" in got.err
