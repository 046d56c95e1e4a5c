"""`pmtui due`, `mine`, `followup`, the follow-up view and the carry-over agree on what is due.

They all ask :class:`pmtui.domain.followup.DueQuery`; this checks the answers
on a varied store, through the commands as scripts call them.
"""

from __future__ import annotations

import json
import random
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from pmtui.cli import main
from pmtui.domain.followup import Filters, build_board, record_outcome
from pmtui.domain.model import Commitment, Outcome, Review, Status
from pmtui.domain.summary import DUE_SOON
from pmtui.store.repository import Store

TODAY = date.today()  # the commands read the real clock
OWNERS = ("ana", "Ana", "bo", "cy")


@pytest.fixture
def varied(store: Store) -> Store:
    rng = random.Random(16)
    for n in range(8):
        coms = []
        for _ in range(5):
            offset = rng.choice([None, *range(-12, 14)])
            due = None if offset is None else TODAY + timedelta(days=offset)
            coms.append(Commitment(deliverable=f"d{n}", owner=rng.choice(OWNERS), due=due))
        review = Review(title=f"review {n}", status=Status.REVIEWED, commitments=coms)
        at = datetime.combine(TODAY, datetime.min.time())
        first, second, third = (c.id for c in coms[:3])
        record_outcome(review, first, Outcome.KEPT, at=at, by="ana")
        record_outcome(review, second, Outcome.DROPPED, at=at, by="ana", dropped_reason="moot")
        record_outcome(
            review, third, Outcome.PARTLY_KEPT, at=at, by="ana",
            new_due=TODAY + timedelta(days=rng.choice([-2, 0, 3, 7, 8, 20])),
        )  # fmt: skip
        store.add(review)
    return store


def _ids(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, list[str]]:
    rc = main(list(argv))
    out = capsys.readouterr().out
    if "--list" in argv:
        return rc, [line.split("\t")[0] for line in out.splitlines()]
    return rc, [c["commitment_id"] for c in json.loads(out or "[]")]


@pytest.mark.parametrize("who", ["ana", "BO", "cy", "dee"])
def test_every_list_of_what_is_due_agrees(
    varied: Store, store_path: Path, capsys: pytest.CaptureFixture[str], who: str
) -> None:
    s = str(store_path)
    _rc, due_mine = _ids(capsys, "due", "--store", s, "--mine", "--as", who, "--json")
    _rc, due_owner = _ids(capsys, "due", "--store", s, "--owner", who, "--json")
    _rc, followup = _ids(capsys, "followup", "--store", s, "--as", who, "--list")
    _rc, mine = _ids(capsys, "mine", "--store", s, "--as", who, "--json")

    board = build_board(varied.open_commitments(), varied.summaries(), TODAY, Filters(owner=who))
    digest = varied.open_digest(TODAY)
    carried = [c.id for c in digest.most_urgent if c.owner.casefold() == who.casefold()]

    assert due_mine == due_owner == followup == [c.id for c in (*board.overdue, *board.this_week)]
    assert sorted(carried) == sorted(due_mine)
    assert sorted(mine) == sorted(c.id for c in (*board.overdue, *board.this_week, *board.later))

    every = [c for r in varied.summaries() for c in varied.get(r.id).commitments]
    expected = {
        c.id
        for c in every
        if c.is_open
        and c.owner.casefold() == who.casefold()
        and c.due is not None
        and c.due <= TODAY + DUE_SOON
    }
    assert set(due_mine) == expected
    replanned = {c.id for c in every if c.history and c.id in expected}
    assert replanned <= set(followup)  # a partly kept, re-planned one is still due
    if who != "dee":
        assert due_mine, "the store should give everyone something due"
