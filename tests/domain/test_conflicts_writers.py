"""Who is a writer in a conflict: each running pmtui, not each person.

The same person in two sessions (two SSH logins of one account) overwrote
each other in silence while two people got their replaced text kept. The
rule lives in :mod:`pmtui.domain.conflicts`; these are its cases, including
the records an older pmtui (no sessions) leaves in a shared store.
"""

from __future__ import annotations

from datetime import datetime

from pmtui.domain import conflicts
from pmtui.domain.edits import Edit, RemoveItem, SetField, apply_all
from pmtui.domain.model import Fact, KeptText, Review
from pmtui.domain.serial import from_dict, review_from_dict, review_to_dict

AT = datetime(2026, 12, 1, 11, 0)


def _save(review: Review, edits: list[Edit], user: str, session: str) -> list[KeptText]:
    """A session's save as ReviewSession makes it: apply, then record."""
    return conflicts.record(review, edits, apply_all(review, edits), user, AT, session)


def _title(value: str, base: str) -> list[Edit]:
    return [SetField("review", None, "title", value, base)]


def test_is_me_compares_the_session_when_both_are_known() -> None:
    assert conflicts.is_me("ana", "s1", "ana", "s1")
    assert conflicts.is_me(" Ana ", "s1", "ana", "s1")
    assert not conflicts.is_me("ana", "s1", "ana", "s2")  # my other session
    assert not conflicts.is_me("ben", "s1", "ana", "s1")
    assert conflicts.is_me("ana", "", "ana", "s2")  # an older pmtui's record: cannot tell
    assert conflicts.is_me("ana", "s1", "ana", "")


def test_writers_are_named_as_this_session_sees_them() -> None:
    assert conflicts.writer("ana", "s1", "ana", "s1") == "you"
    assert conflicts.writer("ana", "s2", "ana", "s1") == "your other session"
    assert conflicts.writer("ana", "s2", "ana", "s1", start=True) == "Your other session"
    assert conflicts.writer("ben", "s2", "ana", "s1", start=True) == "ben"
    assert conflicts.writer("", "", "ana", "s1") == "someone"


def test_my_other_sessions_replaced_text_is_kept_like_a_teammates() -> None:
    review = Review(title="deploy - v2")
    assert _save(review, _title("deploy - v2 B", "deploy - v2"), "ana", "one") == []
    assert review.last_sessions == {"review//title": "one"}
    (kept,) = _save(review, _title("deploy - v2 A", "deploy - v2"), "ana", "zero")
    assert (kept.text, kept.now) == ("deploy - v2 B", "deploy - v2 A")
    assert (kept.by, kept.by_session, kept.replaced_by, kept.replaced_by_session) == (
        "ana",
        "one",
        "ana",
        "zero",
    )
    # Both type on, each over the other's text it never showed: one record each way.
    (theirs,) = _save(review, _title("deploy - v2 BB", "deploy - v2 B"), "ana", "one")
    (again,) = _save(review, _title("deploy - v2 AA", "deploy - v2 A"), "ana", "zero")
    assert again is kept and kept.text == "deploy - v2 BB"
    assert review.kept == [kept, theirs] and theirs.by_session == "zero"


def test_a_sessions_own_older_text_is_not_kept() -> None:
    review = Review(title="t")
    _save(review, _title("t1", "t"), "ana", "one")
    assert _save(review, _title("t2", "t"), "ana", "one") == []  # a stale base of its own
    assert review.kept == []


def test_a_field_an_older_pmtui_wrote_stays_as_it_was() -> None:
    """An older pmtui records the name only: its own person's text is not kept, as before."""
    review = Review(title="t", last_writers={"review//title": "ana"})
    assert _save(review, _title("t2", "t0"), "ana", "zero") == []
    assert review.last_sessions == {"review//title": "zero"}


def test_an_edit_of_an_item_my_other_session_deleted_names_both_sessions() -> None:
    fact = Fact(what="db restarted", evidence="")
    review = Review(facts=[fact])
    _save(review, [RemoveItem("facts", fact.id)], "ana", "one")
    assert review.deleted_sessions == {fact.id: "one"}
    edit = SetField("facts", fact.id, "evidence", "PD-1", "", item=Fact(**{**vars(fact)}))
    (kept,) = _save(review, [edit], "ana", "zero")
    assert kept.deleted and (kept.by_session, kept.replaced_by_session) == ("zero", "one")
    assert conflicts.writer(kept.replaced_by, kept.replaced_by_session, "ana", "zero") == (
        "your other session"
    )


def test_an_older_pmtuis_review_and_kept_texts_load_and_save_back() -> None:
    """Sessions are added fields: a review without them reads as not knowing them, and a
    review with them is still read by the rules an older pmtui has (unknown keys ignored)."""
    review = Review(title="t")
    _save(review, _title("t1", "t"), "ana", "one")
    _save(review, _title("t2", "t"), "ana", "two")
    stored = review_to_dict(review)
    old = {k: v for k, v in stored.items() if k not in ("last_sessions", "deleted_sessions")}
    old["kept"] = [
        {k: v for k, v in kept.items() if not k.endswith("session")} for kept in old["kept"]
    ]
    back = review_from_dict(old)
    assert back.last_sessions == {} and back.kept[0].by_session == ""
    assert conflicts.is_me(back.kept[0].by, back.kept[0].by_session, "ana", "two")
    assert from_dict(KeptText, stored["kept"][0]).by_session == "one"
