"""Soak: four processes edit one review at once; nothing acknowledged may be lost.

Each process runs its own store object and session, as four people in four
SSH sessions would, and for the soak's duration adds facts, votes on a cause,
rewrites its own note, contends with the others for the summary, and reloads.
After each flush that saved everything queued it logs what is now
acknowledged. At the end the store must hold every acknowledged fact, exactly
the acknowledged number of votes per person (a vote replayed twice would show
up here), each person's last note, and one of the summaries someone wrote.

A few seconds by default; ``PMTUI_CI_STRESS=1`` runs the full 30 seconds.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import time
from pathlib import Path

from pmtui.domain import rounds
from pmtui.domain.edits import AddItem, Change
from pmtui.domain.model import Cause, Entry, Fact, Review
from pmtui.editing.session import ReviewSession
from pmtui.store.repository import Store

USERS = ("ana", "ben", "cy", "dee")
SECONDS = 30.0 if os.environ.get("PMTUI_CI_STRESS") == "1" else 3.0


class _Ledger:
    """What one writer has queued, and what the store has acknowledged."""

    def __init__(self) -> None:
        self.facts: list[str] = []
        self.votes = 0
        self.note = ""
        self.summary = ""
        self.queued_facts: list[str] = []
        self.queued_votes = 0
        self.queued_note: str | None = None
        self.queued_summary: str | None = None

    def acknowledge(self) -> str:
        self.facts += self.queued_facts
        self.votes += self.queued_votes
        self.note = self.queued_note if self.queued_note is not None else self.note
        self.summary = self.queued_summary if self.queued_summary is not None else self.summary
        self.queued_facts, self.queued_votes = [], 0
        self.queued_note = self.queued_summary = None
        record = {"facts": self.facts, "votes": self.votes, "note": self.note}
        return json.dumps({**record, "summary": self.summary}) + "\n"


def _worker(path: str, review_id: str, user: str, seconds: float, log: str) -> None:
    store = Store(path, lock_timeout=30.0)
    session = ReviewSession(store, store.get(review_id), user=user)
    note_id = next(e.id for e in session.review.entries if e.text == f"note of {user}")
    cause_id = session.review.causes[0].id
    ledger = _Ledger()
    end = time.monotonic() + seconds
    i = 0
    with open(log, "a", encoding="utf-8") as out:
        while time.monotonic() < end:
            step = i % 4
            if step == 0:
                fact = Fact(what=f"{user} fact {i}", author=user)
                session.apply(AddItem("facts", fact))
                ledger.queued_facts.append(fact.id)
            elif step == 1 and ledger.votes + ledger.queued_votes < 20:
                session.apply(Change(lambda r: rounds.place_vote(r, cause_id, user)))
                ledger.queued_votes += 1
            elif step == 2:
                text = f"{user} note {i}"
                session.set("entries", note_id, "text", text)
                ledger.queued_note = text
            else:
                text = f"{user} summary {i}"
                session.set("review", None, "summary", text)
                ledger.queued_summary = text
            if i % 5 == 4:
                if session.flush(timeout=30.0):
                    out.write(ledger.acknowledge())
                    out.flush()
                session.reload()
            i += 1
        if session.close(timeout=30.0):
            out.write(ledger.acknowledge())


def test_four_processes_editing_one_review_lose_nothing_acknowledged(tmp_path: Path) -> None:
    path = tmp_path / "team" / "pmtui.json"
    store = Store(path)
    review = store.add(
        Review(
            title="soak",
            dot_votes=20,
            causes=[Cause(statement="shared cause")],
            entries=[Entry(section="went_well", text=f"note of {u}", author=u) for u in USERS],
        )
    )
    ctx = multiprocessing.get_context("spawn")
    logs = {u: tmp_path / f"{u}.log" for u in USERS}
    procs = [
        ctx.Process(target=_worker, args=(str(path), review.id, u, SECONDS, str(logs[u])))
        for u in USERS
    ]
    for p in procs:
        p.start()
    for p in procs:
        p.join(timeout=SECONDS + 90)
        assert p.exitcode == 0, f"a writer failed (exit {p.exitcode})"

    final = Store(path).get(review.id)
    fact_ids = {f.id for f in final.facts}
    notes = {e.author: e.text for e in final.entries}
    summaries: set[str] = set()
    total_facts = 0
    for user, log in logs.items():
        lines = log.read_text().splitlines()
        assert lines, f"{user} never got an edit acknowledged"
        last = json.loads(lines[-1])
        summaries.update(json.loads(line)["summary"] for line in lines)
        missing = set(last["facts"]) - fact_ids
        assert not missing, f"{len(missing)} acknowledged facts of {user} are missing"
        total_facts += len(last["facts"])
        assert rounds.my_votes(final.causes[0], user) == last["votes"]
        assert notes[user] == last["note"]
    assert final.summary in summaries
    assert len(final.facts) == total_facts  # and nothing was added twice
    print(f"\nsoak: {len(USERS)} writers, {SECONDS:.0f} s, {total_facts} facts, rev {final.rev}")
