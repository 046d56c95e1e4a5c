from __future__ import annotations

from datetime import date, timedelta

import pytest

from pmtui.domain.model import CAUSE_CATEGORIES, Commitment, Kind, Outcome, Review, Status
from pmtui.domain.summary import OpenCommitment
from pmtui.prompts import checkin
from pmtui.prompts.ask import Cancelled
from pmtui.prompts.followup import FollowUpAnswers
from pmtui.store.repository import Store
from tests.conftest import FrozenClock
from tests.prompts.keys import CLEAR, CTRL_C, Keys, Raw

TODAY = date(2026, 11, 23)


def seed(store: Store, clock: FrozenClock) -> Review:
    return store.add(
        Review(
            title="Deploy hung",
            kind=Kind.QUICK,
            status=Status.REVIEWED,
            created=clock(),
            commitments=[
                Commitment(deliverable="Lock timeout", owner="ana", due=TODAY - timedelta(days=3)),
                Commitment(deliverable="Alert route", owner="bo", due=TODAY - timedelta(days=1)),
                Commitment(deliverable="Dashboard", owner="ana", due=TODAY + timedelta(days=9)),
                Commitment(deliverable="Pager rota", owner="cy", due=TODAY),
            ],
        )
    )


def ask(
    keys: Keys, store: Store, clock: FrozenClock, given: checkin.CheckinAnswers | None = None
) -> tuple[checkin.CheckinAnswers, list[OpenCommitment]]:
    return checkin.ask(
        keys.prompter,
        given or checkin.CheckinAnswers(),
        store,
        user="ana",
        now=clock(),
        categories=list(CAUSE_CATEGORIES),
    )


def test_a_check_in_records_moods_obstacles_and_where_commitments_stand(
    keys: Keys, store: Store, clock: FrozenClock
) -> None:
    incident = seed(store, clock)
    keys.answer(
        CLEAR + "ana, bo",
        "4",
        "",  # nothing in ana's way
        "tired",
        "The staging cluster is flaky",
        "1",  # Lock timeout: kept
        "2",  # it did not help
        "5",  # Alert route: still open
        "Waiting on the ops team",
        "6",  # Dashboard: skip
    )
    answers, items = ask(keys, store, clock)
    assert [c.deliverable for c in items] == ["Lock timeout", "Alert route", "Dashboard"]
    saved = store.get(checkin.save(store, answers, items, user="ana", now=clock()).id)

    assert saved.kind is Kind.CHECKIN and saved.participants == ["ana", "bo"]
    moods = {(e.author, e.text) for e in saved.section("mood")}
    assert moods == {("ana", "4"), ("bo", "tired")}
    assert [(e.author, e.text) for e in saved.section("in_the_way")] == [
        ("bo", "The staging cluster is flaky")
    ]
    assert [(e.author, e.text) for e in saved.section("status")] == [
        ("bo", "Alert route: Waiting on the ops team")
    ]
    lock, alert, dashboard, pager = store.get(incident.id).commitments
    assert lock.status is Outcome.KEPT and lock.helped is False
    assert alert.is_open and dashboard.is_open and pager.is_open


def test_a_mood_is_one_word_or_one_to_five(keys: Keys, store: Store, clock: FrozenClock) -> None:
    keys.answer("", "7", CLEAR + "so so", CLEAR + "meh", "")
    answers, _items = ask(keys, store, clock)
    assert answers.mood("ana") == "meh"
    assert checkin.check_mood("5") is None and checkin.check_mood("0") is not None


def test_ctrl_c_during_a_check_in_writes_nothing(
    keys: Keys, store: Store, clock: FrozenClock
) -> None:
    incident = seed(store, clock)
    keys.answer("", "4", "", "1", CTRL_C)  # Enter: just ana (the default)
    with pytest.raises(Cancelled):
        ask(keys, store, clock)
    assert [s.id for s in store.summaries()] == [incident.id]
    assert all(c.is_open for c in store.get(incident.id).commitments)


def test_flags_name_people_and_commitments(store: Store, clock: FrozenClock) -> None:
    seed(store, clock)
    items = checkin.commitments_of(store, ["ana", "bo"])
    assert checkin.parse_by_person(["Bo=tired", "ana=3"], ["ana", "bo"], "--mood") == {
        "bo": "tired",
        "ana": "3",
    }
    assert checkin.parse_by_person(["slow = CI"], ["ana"], "--in-the-way") == {"ana": "slow = CI"}
    with pytest.raises(ValueError, match="one of the people present"):
        checkin.parse_by_person(["3"], ["ana", "bo"], "--mood")

    today = clock().date()
    cid, update = checkin.parse_update(f"{items[0].id[:6]}=not-kept@+1w:no time", items, today)
    assert cid == items[0].id and update.answers is not None
    assert (update.answers.outcome, update.answers.in_the_way, update.answers.new_due) == (
        Outcome.NOT_KEPT,
        "no time",
        today + timedelta(weeks=1),
    )
    _cid, note = checkin.parse_update(f"{items[1].id}=open:waiting", items, today)
    assert note.answers is None and note.note == "waiting"
    with pytest.raises(ValueError, match="--update"):
        checkin.parse_update(f"{items[0].id}=finished", items, today)
    with pytest.raises(ValueError, match=r"partly@\+2w:TEXT .*=dropped:REASON"):
        checkin.parse_update(f"{items[0].id}=partly:half done", items, today)

    given = checkin.CheckinAnswers(people=["ana", "bo"], moods={"ana": "3"})
    given.updates[items[0].id] = checkin.Update(answers=FollowUpAnswers(outcome=Outcome.DROPPED))
    assert checkin.missing(given) == ["--mood bo=MOOD", f"--update {items[0].id}=dropped:REASON"]


def test_ctrl_c_after_some_moods_offers_to_keep_them(
    keys: Keys, store: Store, clock: FrozenClock
) -> None:
    keys.answer(
        CLEAR + "ana, bo", "4", "the pager is loud", CTRL_C, Raw("y")
    )  # stopped at bo's mood
    answers, items = ask(keys, store, clock)
    assert answers.people == ["ana"] and answers.mood("ana") == "4"
    review = checkin.save(store, answers, items, user="ana", now=clock())
    assert [(e.section, e.text, e.author) for e in store.get(review.id).entries] == [
        ("mood", "4", "ana"),
        ("in_the_way", "the pager is loud", "ana"),
    ]


def test_ctrl_c_twice_keeps_nothing(keys: Keys, store: Store, clock: FrozenClock) -> None:
    keys.answer(CLEAR + "ana, bo", "4", "", CTRL_C)  # the second Ctrl-C answers "keep?"
    with pytest.raises(Cancelled):
        ask(keys, store, clock)
    assert store.summaries() == []
