"""Helpers for the store tests: small but complete reviews, and file checks."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import orjson

from pmtui.domain.model import Cause, Commitment, Entry, Fact, Review


def make_review(title: str = "checkout outage", *, commitments: int = 2) -> Review:
    fact = Fact(what="deploy started", at="2026-11-20 14:02")
    cause = Cause(statement="no canary stage", category="process", fact_ids=[fact.id])
    return Review(
        title=title,
        happened="2026-11-20",
        facts=[fact],
        causes=[cause],
        commitments=[
            Commitment(
                deliverable=f"add a canary stage {i}",
                owner="ana" if i % 2 == 0 else "bo",
                done_when="a bad deploy stops at 5% traffic",
                due=date(2026, 12, 1 + i),
                cause_ids=[cause.id],
            )
            for i in range(commitments)
        ],
        entries=[Entry(section="went_well", text="paging worked")],
        tags=["payments"],
    )


def snapshot_dir(directory: Path) -> dict[str, bytes]:
    """Every file under ``directory`` (relative name -> bytes), links not followed.

    The lock file is left out: it holds the save generation, which every
    attempt to write changes, the failed ones included.
    """
    out = {}
    for root, _dirs, files in os.walk(directory):
        for name in files:
            p = Path(root) / name
            if not p.is_symlink() and not name.endswith(".lock"):
                out[str(p.relative_to(directory))] = p.read_bytes()
    return out


def store_files_parse(directory: Path) -> None:
    """Assert every store file (not temporaries) holds a JSON object."""
    for root, _dirs, files in os.walk(directory):
        for name in files:
            if name.endswith(".json") and not name.startswith("."):
                data = orjson.loads((Path(root) / name).read_bytes())
                assert isinstance(data, dict), name


def stand_in_coach(stage: str, text: str, review: Review) -> list[str]:
    """A coach for tests about what is counted, not about the coach's wording.

    It flags a fact that says someone "should have" (``fact-judgement``) and a
    cause that calls someone "careless" (``cause-blame``), and nothing else,
    so retraining the real coach never changes these tests' figures.
    """
    if stage == "facts" and "should have" in text:
        return ["fact-judgement"]
    if stage == "causes" and "careless" in text:
        return ["cause-blame"]
    return []
