"""Practice health's sums per month beside the index: kept by every save, trusted only
while they match the store's files, and always the same figures as the index gives."""

from __future__ import annotations

import random
import shutil
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import orjson
import pytest

from pmtui.domain import health as health_domain
from pmtui.domain import insights
from pmtui.domain.health import RECURRING_STALE, figures, month_sums, recount_from_terms
from pmtui.domain.model import Cause, Commitment, Fact, FollowUpRecord, Outcome, Review
from pmtui.domain.policy import DEFAULT_POLICY
from pmtui.domain.wordlists import stop_words
from pmtui.store import health as health_store
from pmtui.store import health_sums
from pmtui.store.health import indexed, kept_sums, practice_health
from pmtui.store.health_sums import words_key
from pmtui.store.repository import Store

TODAY = date(2026, 11, 23)
NOW = datetime(2026, 11, 23, 9, 0)
OUTCOMES = (Outcome.OPEN, Outcome.KEPT, Outcome.DROPPED)


def blame_judge(stage: str, text: str, review: Review) -> list[str]:
    """A stand-in coach: these tests are about the sums, not about the coach's wording."""
    return ["cause-blame"] if "careless" in text else []


def _review(rng: random.Random, n: int) -> Review:
    created = datetime(2026, 1, 1, 9) + timedelta(days=rng.randint(0, 320), hours=n % 7)
    commitments = []
    for _ in range(rng.randint(0, 3)):
        due = created.date() + timedelta(days=rng.randint(-5, 80))
        c = Commitment(deliverable=f"step {rng.randint(1, 99)}", owner="ana", due=due)
        if rng.random() < 0.3:
            c.replan(due + timedelta(days=9), due - timedelta(days=1), "waiting on a vendor")
        c.status = rng.choice(OUTCOMES)
        if c.status is not Outcome.OPEN:
            c.reviewed_at = datetime.combine(c.due or due, datetime.min.time()) + timedelta(
                days=rng.randint(-3, 3)
            )
        c.dropped_reason = "gone" if c.status is Outcome.DROPPED else ""
        commitments.append(c)
    top = Cause(statement=rng.choice(("the deploy script has no rollback", "Bob was careless")))
    causes = [top, Cause(statement="the budget was cut", parent_id=top.id)][: rng.randint(0, 2)]
    return Review(
        title=f"review {n}",
        created=created,
        facts=[Fact(what=f"the pager fired {n}")],
        causes=causes,
        commitments=commitments,
        follow_up_on=created.date() + timedelta(days=rng.randint(20, 60)),
    )


def _store(path: Path, n: int = 12, seed: int = 3) -> Store:
    store = Store(path, clock=lambda: NOW, judge=blame_judge)
    rng = random.Random(seed)
    with store.batch() as txn:
        for i in range(n):
            txn.put(_review(rng, i))
    return store


def _setting(name: str, value: object) -> Callable[[Review], None]:
    def change(r: Review) -> None:
        setattr(r, name, value)

    return change


def _words() -> str:
    return words_key(stop_words())


def _rebuilt(store: Store) -> dict[str, Any]:
    return month_sums(indexed(Store(store.path)))


def test_the_sums_file_gives_the_figures_the_index_gives(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = _store(tmp_path / "pmtui.json")
    assert not store.layout.health.exists()
    summed = practice_health(store, TODAY, DEFAULT_POLICY, first_month="2026-01")
    assert store.layout.health.exists()  # written by the look that summed the index
    fresh = Store(store.path)
    assert fresh.health_sums(_words()) == _rebuilt(store)

    def refused(*_args: object) -> None:
        raise AssertionError("the index was read")

    monkeypatch.setattr(Store, "summaries_read", refused)
    again = practice_health(fresh, TODAY, DEFAULT_POLICY, first_month="2026-01")
    assert again == summed
    later = TODAY + timedelta(days=40)  # open commitments and follow-ups fall due as days pass
    monkeypatch.undo()
    assert practice_health(fresh, later, DEFAULT_POLICY) == practice_health(
        Store(store.path), later, DEFAULT_POLICY, stop_words=stop_words()
    )


def test_every_save_keeps_the_sums_as_a_fresh_sum_would_be(tmp_path: Path) -> None:
    """Random saves that leave causes alone: the file stays in use, equal to the index's sums."""
    store = _store(tmp_path / "pmtui.json")
    kept_sums(store)
    rng = random.Random(11)
    ids = [s.id for s in store.summaries()]
    for step in range(40):
        rid = rng.choice(ids)
        what = rng.randrange(5)
        if what == 0:
            store.update(rid, _setting("title", f"renamed {step}"))
        elif what == 1:

            def outcome(r: Review) -> None:
                for c in r.commitments:
                    c.status = rng.choice(OUTCOMES)
                    c.reviewed_at = None if c.status is Outcome.OPEN else NOW
                    c.dropped_reason = "gone" if c.status is Outcome.DROPPED else ""

            store.update(rid, outcome)
        elif what == 2:
            due = TODAY + timedelta(days=rng.randint(-60, 30))
            more = Commitment(deliverable="more", owner="bo", due=due)
            store.update(rid, _setting("commitments", [*store.get(rid).commitments, more]))
        elif what == 3:
            held = TODAY - timedelta(days=rng.randint(0, 90))
            record = FollowUpRecord(held, by="ana")
            store.update(rid, _setting("follow_up", record))
        else:
            review = _review(rng, 100 + step)
            review.causes = []
            ids.append(store.add(review).id)
        kept = Store(store.path).health_sums(_words())
        assert kept is not None, f"step {step}: the file was not kept up to date"
        assert kept == _rebuilt(store), f"step {step}"
    store.delete(ids[-1])
    assert Store(store.path).health_sums(_words()) == _rebuilt(store)


def test_a_change_to_causes_counts_recurrence_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only recurrence is counted again, from the cause terms kept with the sums: the index
    is not read."""
    store = _store(tmp_path / "pmtui.json")
    kept_sums(store)
    rid = store.summaries()[0].id
    store.update(
        rid, lambda r: r.causes.append(Cause(statement="the deploy script has no rollback"))
    )
    assert Store(store.path).health_sums(_words()) is None  # recurrence may have changed
    stale = kept_sums(Store(store.path), count=False)  # what a view draws at once
    assert stale[RECURRING_STALE] is True
    fresh = _rebuilt(store)
    assert _without_recurring(stale) == _without_recurring(fresh)
    assert figures(stale, [], TODAY).months[-1].shallow.recurring is None  # never a stale count

    def refused(*_args: object) -> None:
        raise AssertionError("the index was read")

    monkeypatch.setattr(Store, "summaries_read", refused)
    sums = kept_sums(Store(store.path))
    assert sums == fresh
    assert Store(store.path).health_sums(_words()) == sums  # written again by that look


def test_recurrence_counted_again_after_random_cause_edits_is_a_fresh_sum(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Teammates reword, add, remove causes and move reviews in time; each look counts
    recurrence again from the kept sums and gets exactly what summing everything gives."""
    store = _store(tmp_path / "pmtui.json", n=20)
    kept_sums(store)
    counts: list[int] = []
    counting = recount_from_terms

    def count(*args: Any, **kwargs: Any) -> Any:
        counts.append(1)
        return counting(*args, **kwargs)

    def summed(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("every figure was summed again")

    regrouping = insights.regrouped
    regrouped: list[int] = []

    def regroup(*args: Any, **kwargs: Any) -> Any:
        regrouped.append(1)
        return regrouping(*args, **kwargs)

    monkeypatch.setattr(health_store, "recount_from_terms", count)
    monkeypatch.setattr(health_store, "month_sums", summed)
    monkeypatch.setattr(health_domain, "regrouped", regroup)
    rng = random.Random(5)
    wordings = (
        "the deploy script has no rollback",
        "the deploy script had no rollback step",
        "the budget was cut",
        "alerts went to an unwatched channel",
        "nobody owns the alert routing",
    )
    for step in range(25):
        teammate = Store(store.path, clock=lambda: NOW)
        rid = rng.choice([s.id for s in teammate.summaries()])
        what = rng.randrange(4)
        if what == 0:

            def reword(r: Review) -> None:
                if r.causes:
                    rng.choice(r.causes).statement = rng.choice(wordings)

            teammate.update(rid, reword)
        elif what == 1:
            more = Cause(statement=rng.choice(wordings))
            teammate.update(rid, _setting("causes", [*teammate.get(rid).causes, more]))
        elif what == 2:
            teammate.update(rid, _setting("causes", []))
        else:
            moved = NOW - timedelta(days=rng.randint(0, 300))
            teammate.update(rid, _setting("created", moved))
        fresh = _rebuilt(store)
        assert _plain(kept_sums(Store(store.path))) == _plain(fresh), f"step {step}"
        assert Store(store.path).health_sums(_words()) == fresh, f"step {step}"
    assert len(counts) >= 15  # most steps changed causes: recurrence alone was counted
    assert len(regrouped) == len(counts)  # each from the groups the count before it kept


def test_kept_groups_damaged_edited_or_foreign_are_never_used(tmp_path: Path) -> None:
    """The groups of the last count, edited by hand, cut short, of a shape of someone
    else's (with every checksum made to agree), a link or gone: recurrence groups every
    cause again and counts what summing the index counts, never what the file says."""
    store = _store(tmp_path / "pmtui.json", n=20)
    kept_sums(store)
    directory = store.layout.health
    groups_file = directory / health_sums.GROUPS
    assert orjson.loads(groups_file.read_bytes()) == _rebuilt(store)["groups"]
    head_file = directory / health_sums.HEAD
    rid = next(s.id for s in store.summaries() if not s.cause_statements)

    def agreeing(data: bytes) -> None:
        groups_file.write_bytes(data)
        head = orjson.loads(head_file.read_bytes())
        head["groups"] = health_sums._digest(data)
        head["check"] = health_sums._head_check(head)
        head_file.write_bytes(orjson.dumps(head))

    elsewhere = tmp_path / "elsewhere.json"

    def linked_elsewhere(data: bytes) -> None:
        elsewhere.write_bytes(data)
        agreeing(data)
        groups_file.unlink()
        groups_file.symlink_to(elsewhere)

    damages: dict[str, Callable[[bytes], object]] = {
        "edited by hand": groups_file.write_bytes,
        "cut short": lambda data: groups_file.write_bytes(data[: len(data) // 2]),
        "foreign, checksums agreeing": lambda _data: agreeing(b'{"groups": {"a b": 1}}'),
        "a link, checksums agreeing": linked_elsewhere,
        "gone": lambda _data: groups_file.unlink(),
    }
    for name, damage in damages.items():
        statements = ["the deploy script has no rollback", f"the budget was cut in {name}"]
        Store(store.path).update(
            rid, _setting("causes", [Cause(statement=text) for text in statements])
        )
        stale = Store(store.path).kept_health_sums(terms=_words())
        assert stale is not None and stale[1] is None, name  # recurrence to be counted
        fresh: dict[str, Any] = _rebuilt(store)
        every = fresh["groups"]["nodes"]
        wrong = {"nodes": every, "groups": [every.split("\n")]}  # every cause alike
        assert _plain(recount_from_terms({**stale[0], "groups": wrong})) != _plain(fresh)
        damage(orjson.dumps(wrong))
        planted = elsewhere.read_bytes() if elsewhere.exists() else None
        assert kept_sums(Store(store.path)) == fresh, name
        assert not groups_file.is_symlink(), name
        assert Store(store.path).health_sums(_words()) == fresh, name  # written anew
        if planted is not None:
            assert elsewhere.read_bytes() == planted, name  # neither read nor written


def _without_recurring(sums: dict[str, Any]) -> dict[str, Any]:
    plain = _plain(sums)
    months = {k: {**m, "recurring": 0} for k, m in plain["months"].items()}
    return {"total": sums["total"], "unfilled": sums["unfilled"], "months": months}


def test_sums_that_do_not_match_the_store_are_never_trusted(tmp_path: Path) -> None:
    store = _store(tmp_path / "pmtui.json")
    kept_sums(store)
    directory = store.layout.health
    month_file = sorted(directory.glob("20*.json"))[0]
    month = orjson.loads(month_file.read_bytes())
    month["reviews"] += 5
    month_file.write_bytes(orjson.dumps(month))  # a hand edit: its checksum no longer holds
    assert Store(store.path).health_sums(_words()) is None
    assert kept_sums(Store(store.path)) == _rebuilt(store)  # summed again, and written
    assert Store(store.path).health_sums(_words()) is not None
    # other stop words, or a store changed by someone who did not keep the sums
    assert Store(store.path).health_sums(words_key(frozenset({"the"}))) is None
    index = orjson.loads(store.layout.index.read_bytes())
    next(iter(index["reviews"].values()))["title"] = "edited by hand"
    store.layout.index.write_bytes(orjson.dumps(index))
    assert Store(store.path).health_sums(_words()) is None
    assert kept_sums(Store(store.path)) == _rebuilt(store)
    head_file = directory / health_sums.HEAD
    good_head, good_month = head_file.read_bytes(), month_file.read_bytes()

    def forged() -> None:
        """Checksums made to agree with a month of the wrong shape: still refused."""
        month = orjson.loads(good_month)
        month["blame"] = [1, 2]
        data = orjson.dumps(month)
        head = orjson.loads(good_head)
        head["months"][month_file.stem] = health_sums._digest(data)
        head["check"] = health_sums._head_check(head)
        month_file.write_bytes(data)
        head_file.write_bytes(orjson.dumps(head))

    damages: list[Callable[[], object]] = [
        lambda: head_file.write_bytes(b""),
        lambda: head_file.write_bytes(b"not json"),
        lambda: head_file.write_bytes(b'{"version": 2}'),
        lambda: head_file.write_bytes(good_head.replace(b'"total":', b'"total":1', 1)),
        month_file.unlink,
        forged,
    ]
    for damage in damages:
        damage()
        assert Store(store.path).health_sums(_words()) is None
        assert kept_sums(Store(store.path)) == _rebuilt(store)
        assert Store(store.path).health_sums(_words()) == _rebuilt(store)


def test_a_save_rewrites_only_the_months_it_changes(tmp_path: Path) -> None:
    store = _store(tmp_path / "pmtui.json")
    kept_sums(store)
    directory = store.layout.health

    def stamps() -> dict[str, int]:
        return {p.name: p.stat().st_mtime_ns for p in directory.glob("20*.json")}

    before = stamps()
    review = next(
        r for r in store.reviews() if r.commitments and r.commitments[0].status != Outcome.DROPPED
    )
    store.update(review.id, _setting("title", "renamed"))  # no figure changes
    assert stamps() == before  # only the head, with the store's new signatures
    assert Store(store.path).health_sums(_words()) == _rebuilt(store)
    due = review.commitments[0].due
    assert due is not None
    store.update(review.id, _dropping_first)
    changed = {name for name, stamp in stamps().items() if before.get(name) != stamp}
    assert changed == {f"{due:%Y-%m}.json"}
    assert Store(store.path).health_sums(_words()) == _rebuilt(store)


def _dropping_first(r: Review) -> None:
    c = r.commitments[0]
    c.status, c.dropped_reason, c.reviewed_at = Outcome.DROPPED, "not needed", NOW


def test_sums_are_never_written_or_tidied_through_a_planted_link(tmp_path: Path) -> None:
    """A teammate who can write the store's directory links the sums to another directory:
    pmtui neither trusts what is there nor writes or deletes anything in it."""
    store = _store(tmp_path / "store" / "pmtui.json")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "2020-01.json").write_text("{}")  # a file of someone else's
    (elsewhere / "notes.json").write_text("{}")
    store.layout.health.symlink_to(elsewhere, target_is_directory=True)
    assert kept_sums(Store(store.path)) == _rebuilt(store)  # summed from the index
    assert sorted(p.name for p in elsewhere.iterdir()) == ["2020-01.json", "notes.json"]
    assert Store(store.path).health_sums(_words()) is None
    store.update(store.summaries()[0].id, _setting("title", "renamed"))
    assert sorted(p.name for p in elsewhere.iterdir()) == ["2020-01.json", "notes.json"]


def test_the_single_sums_file_of_an_older_pmtui_is_removed_when_the_sums_are_rewritten(
    tmp_path: Path,
) -> None:
    """An older pmtui kept the sums in ``pmtui.health.json``: it is removed once the sums are
    written anew, but only that regular file; a link of that name (to a file of someone's)
    or a directory is left alone."""
    store = _store(tmp_path / "store" / "pmtui.json")
    old = store.path.with_name("pmtui.health.json")
    old.write_text('{"version": 1, "months": {}}')
    kept_sums(store)
    assert store.layout.health.is_dir()
    assert not old.exists()
    mine = tmp_path / "mine.json"
    mine.write_text("my own notes")
    old.symlink_to(mine)
    shutil.rmtree(store.layout.health)  # the sums are written anew on the next look
    kept_sums(Store(store.path))
    assert old.is_symlink() and mine.read_text() == "my own notes"
    old.unlink()
    old.mkdir()
    (old / "inside.json").write_text("{}")
    shutil.rmtree(store.layout.health)
    kept_sums(Store(store.path))
    assert (old / "inside.json").read_text() == "{}"


def test_a_link_in_place_of_a_month_file_is_neither_read_nor_written_through(
    tmp_path: Path,
) -> None:
    store = _store(tmp_path / "store" / "pmtui.json")
    kept_sums(store)
    month_file = sorted(store.layout.health.glob("20*.json"))[0]
    forged = tmp_path / "forged.json"
    forged.write_bytes(month_file.read_bytes())  # the right bytes: only the link is wrong
    month_file.unlink()
    month_file.symlink_to(forged)
    assert Store(store.path).health_sums(_words()) is None
    assert kept_sums(Store(store.path)) == _rebuilt(store)
    assert not month_file.is_symlink()  # replaced by a file of its own
    assert forged.read_bytes() == month_file.read_bytes()  # the other file untouched


def test_cause_terms_found_with_other_stop_words_are_never_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A teammate whose stop words differ saves a cause: the terms kept with the sums are no
    longer the ones this pmtui would find, so recurrence is summed from the index again."""
    store = _store(tmp_path / "pmtui.json")
    kept_sums(store)
    rid = next(s.id for s in store.summaries() if s.cause_statements)
    with monkeypatch.context() as m:
        m.setattr(health_sums, "team_stop_words", lambda: frozenset({"the", "budget"}))
        store.update(rid, lambda r: r.causes.append(Cause(statement="the budget was cut again")))
    head = orjson.loads((store.layout.health / health_sums.HEAD).read_bytes())
    assert head["words"] is None and head["terms"] is None
    recounted: list[int] = []
    monkeypatch.setattr(health_store, "recount_from_terms", lambda *_a: recounted.append(1))
    assert kept_sums(Store(store.path)) == _rebuilt(store)
    assert recounted == []
    other = frozenset({"the"})
    assert kept_sums(Store(store.path), stop_words=other) == month_sums(
        indexed(Store(store.path)), stop_words=other
    )


def _plain(sums: dict[str, Any]) -> dict[str, Any]:
    """The sums without their cause terms and groups (a look that needs no count reads
    neither)."""
    months = {k: {n: v for n, v in m.items() if n != "terms"} for k, m in sums["months"].items()}
    return {**{k: v for k, v in sums.items() if k != "groups"}, "months": months}
