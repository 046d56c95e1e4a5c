"""Importing a JSON export: lossless, idempotent, conflict-aware, all or nothing."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pmtui.domain.model import Review
from pmtui.domain.serial import review_to_dict
from pmtui.store.exports import json as json_format
from pmtui.store.exports.importer import (
    ImportRefused,
    import_file,
    merge,
    parse,
    read_bounded,
)
from pmtui.store.repository import Store
from tests.conftest import FrozenClock
from tests.store.helpers import make_review, snapshot_dir
from tests.store.test_export_formats import TODAY, sample_review
from tests.store.test_export_json import reviews


def _export(store: Store, path: Path) -> Path:
    path.write_text(json_format.render(list(store.reviews()), today=TODAY), encoding="utf-8")
    return path


def _content(review: Review) -> dict[str, Any]:
    return json_format.content(review_to_dict(review))


def _edit_file(path: Path, change: Any) -> None:
    doc = json.loads(path.read_text(encoding="utf-8"))
    change(doc["reviews"][0])
    path.write_text(json.dumps(doc), encoding="utf-8")


@pytest.fixture
def other(tmp_path: Path, clock: FrozenClock) -> Store:
    return Store(tmp_path / "other" / "pmtui.json", clock=clock)


def test_round_trip_into_an_empty_store_is_lossless(
    store: Store, other: Store, tmp_path: Path
) -> None:
    store.add(sample_review())
    store.add(make_review("second"))
    report = import_file(other, _export(store, tmp_path / "out.json"))
    assert len(report.added) == 2 and report.written == 2
    mine = {r.id: _content(r) for r in store.reviews()}
    theirs = {r.id: _content(r) for r in other.reviews()}
    assert mine == theirs
    assert json_format.render(list(other.reviews()), today=TODAY).count('"digest"') == 2


def test_importing_twice_creates_no_duplicates(store: Store, other: Store, tmp_path: Path) -> None:
    store.add(sample_review())
    path = _export(store, tmp_path / "out.json")
    import_file(other, path)
    before = snapshot_dir(other.layout.directory)
    report = import_file(other, path)
    assert len(report.unchanged) == 1 and report.written == 0
    assert len(other.summaries()) == 1
    assert snapshot_dir(other.layout.directory) == before


def test_an_edited_file_updates_a_store_that_did_not_change(store: Store, tmp_path: Path) -> None:
    review = store.add(sample_review())
    path = _export(store, tmp_path / "out.json")
    _edit_file(path, lambda r: r.update(title="renamed in the file"))
    report = import_file(store, path)
    assert [r.id for r in report.updated] == [review.id]
    assert store.get(review.id).title == "renamed in the file"


def test_an_old_export_does_not_undo_newer_store_changes(store: Store, tmp_path: Path) -> None:
    review = store.add(sample_review())
    path = _export(store, tmp_path / "out.json")
    store.update(review.id, lambda r: setattr(r, "title", "renamed in the store"))
    report = import_file(store, path)
    assert [r.id for r in report.kept_newer] == [review.id] and report.written == 0
    assert store.get(review.id).title == "renamed in the store"


def test_changes_on_both_sides_are_a_reported_conflict(store: Store, tmp_path: Path) -> None:
    review = store.add(sample_review())
    path = _export(store, tmp_path / "out.json")
    store.update(review.id, lambda r: setattr(r, "title", "renamed in the store"))
    _edit_file(path, lambda r: r.update(title="renamed in the file"))
    report = import_file(store, path)
    assert [r.id for r in report.conflicts] == [review.id] and report.written == 0
    assert store.get(review.id).title == "renamed in the store"
    assert any("conflict" in line and review.id[:8] in line for line in report.lines())


def test_a_file_without_digests_counts_as_edited(store: Store, tmp_path: Path) -> None:
    review = store.add(sample_review())
    path = _export(store, tmp_path / "out.json")
    store.update(review.id, lambda r: setattr(r, "title", "renamed in the store"))
    _edit_file(path, lambda r: r.pop("digest"))
    assert [r.id for r in import_file(store, path).conflicts] == [review.id]


def test_changes_made_in_another_store_come_back(
    store: Store, other: Store, tmp_path: Path
) -> None:
    review = store.add(sample_review())
    import_file(other, _export(store, tmp_path / "a.json"))
    other.update(review.id, lambda r: setattr(r, "impact", "revised in the other store"))
    report = import_file(store, _export(other, tmp_path / "b.json"))
    assert [r.id for r in report.updated] == [review.id]
    assert _content(store.get(review.id)) == _content(other.get(review.id))


def _doc(**changes: Any) -> dict[str, Any]:
    doc: dict[str, Any] = json.loads(json_format.render([sample_review()], today=TODAY))
    doc.update(changes)
    return doc


def _review_with(**changes: Any) -> dict[str, Any]:
    doc = _doc()
    doc["reviews"][0].update(changes)
    return doc


def _commitment_without(key: str) -> dict[str, Any]:
    doc = _doc()
    del doc["reviews"][0]["commitments"][1][key]
    return doc


def _twice() -> dict[str, Any]:
    doc = _doc()
    doc["reviews"].append(dict(doc["reviews"][0]))
    return doc


MALFORMED: list[tuple[str, bytes, str]] = [
    ("not json", b"{not json", "it is not JSON"),
    ("not utf-8", b'{"format": "\xff"}', "not UTF-8"),
    ("nan", b'{"format": "pmtui-export", "version": NaN}', "NaN is not a JSON number"),
    ("a list", b"[]", "not a pmtui export"),
    ("another format", json.dumps(_doc(format="other")).encode(), "not a pmtui export"),
    ("newer version", json.dumps(_doc(version=json_format.VERSION + 1)).encode(), "newer pmtui"),
    ("version as text", json.dumps(_doc(version="1")).encode(), "not a whole number"),
    ("no reviews", json.dumps(_doc(reviews=None)).encode(), '"reviews" is missing'),
    ("anonymized", json.dumps(_doc(anonymized=True)).encode(), "anonymized"),
    (
        "review not an object",
        json.dumps(_doc(reviews=["x"])).encode(),
        "reviews[0]: an object, not text",
    ),
    (
        "missing title",
        json.dumps(_review_with(title=None)).encode(),
        "reviews[0].title: text, not null",
    ),
    (
        "facts not a list",
        json.dumps(_review_with(facts={})).encode(),
        "reviews[0].facts: a list, not an object",
    ),
    (
        "unknown kind",
        json.dumps(_review_with(kind="party")).encode(),
        "reviews[0].kind: one of postmortem",
    ),
    (
        "bad date",
        json.dumps(_review_with(follow_up_on="soon")).encode(),
        "reviews[0].follow_up_on: a date like 2026-12-01, not 'soon'",
    ),
    (
        "commitment without due",
        json.dumps(_commitment_without("due")).encode(),
        "reviews[0].commitments[1].due: present (it is missing)",
    ),
    (
        "commitment without owner",
        json.dumps(_commitment_without("owner")).encode(),
        "reviews[0].commitments[1].owner: present",
    ),
    (
        "wrong severity",
        json.dumps(_review_with(severity="SEV9")).encode(),
        "reviews[0].severity: one of SEV1 to SEV5",
    ),
    ("same id twice", json.dumps(_twice()).encode(), "appears twice"),
    ("odd id", json.dumps(_review_with(id="../x")).encode(), "reviews[0].id"),
]


def _nested(change: Any) -> bytes:
    doc = _doc()
    change(doc["reviews"][0])
    return json.dumps(doc).encode()


HOSTILE: list[tuple[str, bytes, str]] = [
    (
        "an item id with an escape",
        _nested(lambda r: r["facts"][0].update(id="\x1b]0;PWNED\x07")),
        "reviews[0].facts[0].id: an id of letters",
    ),
    (
        "a link to a cause that is not an id",
        _nested(lambda r: r["commitments"][0].update(cause_ids=["a b"])),
        "reviews[0].commitments[0].cause_ids[0]: an id",
    ),
    (
        "a hint set aside for an odd item",
        _nested(lambda r: r.update(dismissed_hints=[{"item_id": "\x1b[2J", "rule": "x"}])),
        "reviews[0].dismissed_hints[0].item_id: an id",
    ),
    (
        "a 10 MB history reason",
        _nested(
            lambda r: r["commitments"][0].update(
                history=[
                    {"old_due": None, "new_due": None, "on": "2026-11-01", "reason": "r" * 10**7}
                ]
            )
        ),
        "reviews[0].commitments[0].history[0].reason: at most 20,000 characters",
    ),
    (
        "follow-up notes too long",
        _nested(lambda r: r.update(follow_up={"by": "ana", "notes": "n" * 20_001})),
        "reviews[0].follow_up.notes: at most 20,000",
    ),
    (
        "a time of 99:99",
        _nested(lambda r: r["facts"][0].update(at="99:99")),
        "reviews[0].facts[0].at: a time such as 14:02",
    ),
    (
        "seconds past 59",
        _nested(lambda r: r["facts"][0].update(at="14:02:99")),
        "'14:02:99' is not a time of day",
    ),
    (
        "a happened that is no date",
        _nested(lambda r: r.update(happened="last week")),
        "reviews[0].happened: a time such as 2026-11-20",
    ),
    (
        "votes past any budget",
        _nested(lambda r: r["causes"][0].update(votes={"ana": 10**20})),
        "reviews[0].causes[0].votes['ana']: a whole number from 0 to 20",
    ),
    (
        "dot votes out of range",
        _nested(lambda r: r.update(dot_votes=10**20)),
        "reviews[0].dot_votes: a whole number from 0 to 20",
    ),
    (
        "a revision out of range",
        _nested(lambda r: r.update(rev=10**30)),
        "reviews[0].rev: a whole number from 0 to",
    ),
    (
        "a lone surrogate",
        _nested(lambda r: r.update(title="\udc80")),
        "reviews[0].title: text that is valid UTF-8",
    ),
    (
        "a kept text too long",
        _nested(
            lambda r: r.update(
                kept=[
                    {
                        "target": "facts",
                        "item_id": None,
                        "field_name": "what",
                        "text": "k" * 20_001,
                        "by": "ana",
                        "replaced_by": "bo",
                    }
                ]
            )
        ),
        "reviews[0].kept[0].text: at most 20,000",
    ),
    ("nested 100,000 deep", b"[" * 100_000 + b"]" * 100_000, "nest more than 16 levels"),
    (
        "nested deeper than an export",
        _nested(lambda r: r.update(extra=[[[[[[[[[[[[[[[["deep"]]]]]]]]]]]]]]]])),
        "nest more than 16 levels",
    ),
]
MALFORMED += HOSTILE


@pytest.mark.parametrize(
    ("data", "reason"), [m[1:] for m in MALFORMED], ids=[m[0] for m in MALFORMED]
)
def test_a_malformed_file_is_refused_whole_and_nothing_is_written(
    store: Store, tmp_path: Path, data: bytes, reason: str
) -> None:
    store.add(make_review("already here"))
    before = snapshot_dir(store.layout.directory)
    path = tmp_path / "bad.json"
    # a good review first, so a partial import would show
    good = json.loads(json_format.render([make_review("good")], today=TODAY))["reviews"][0]
    try:
        doc = json.loads(data)
        if isinstance(doc, dict) and isinstance(doc.get("reviews"), list):
            doc["reviews"].insert(0, good)
            data = json.dumps(doc).encode()
            reason = reason.replace("reviews[0]", "reviews[1]")
    except (ValueError, RecursionError):
        pass
    path.write_bytes(data)
    with pytest.raises(ImportRefused) as caught:
        import_file(store, path)
    assert reason in str(caught.value)
    assert "Nothing was written" in str(caught.value)
    assert snapshot_dir(store.layout.directory) == before


def test_a_missing_file_is_refused_with_the_reason(store: Store, tmp_path: Path) -> None:
    with pytest.raises(ImportRefused, match="No such file"):
        import_file(store, tmp_path / "nope.json")


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(reviews(), min_size=1, max_size=3, unique_by=lambda r: r.id))
def test_any_reviews_survive_a_trip_through_two_stores(
    tmp_path_factory: pytest.TempPathFactory, originals: list[Review]
) -> None:
    root = tmp_path_factory.mktemp("trip")
    first, second = Store(root / "a" / "pmtui.json"), Store(root / "b" / "pmtui.json")
    merge(first, parse(json_format.render(originals, today=TODAY).encode()))
    merge(second, parse(json_format.render(list(first.reviews()), today=TODAY).encode()))
    expected = {r.id: _content(r) for r in originals}
    assert {r.id: _content(r) for r in second.reviews()} == expected
    again = merge(second, parse(json_format.render(originals, today=TODAY).encode()))
    assert again.written == 0


def test_escapes_in_every_field_are_cleaned_on_the_way_in(store: Store, tmp_path: Path) -> None:
    attack = "\x1b]0;PWNED\x07\u202e"

    def hostile(r: dict[str, Any]) -> None:
        r.update(template=f"postmortem{attack}", author=f"ana{attack}")
        r["follow_up"] = {"held_on": None, "by": f"ana{attack}", "notes": f"notes{attack}"}
        r["dismissed_hints"] = [
            {"item_id": r["facts"][0]["id"], "rule": f"fact-x{attack}",
             "reason": f"why{attack}", "by": f"bo{attack}"}
        ]  # fmt: skip
        r["causes"][0]["votes"] = {f"ana{attack}": 1}
        r["commitments"][0]["history"] = [
            {"old_due": None, "new_due": "2026-12-01", "on": "2026-11-01", "reason": attack}
        ]

    path = tmp_path / "hostile.json"
    path.write_bytes(_nested(hostile))
    (review,) = import_file(store, path).added
    stored = json.dumps(review_to_dict(store.get(review.id)), ensure_ascii=False)
    assert "\x1b" not in stored and "\u202e" not in stored and "PWNED" not in stored
    got = store.get(review.id)
    assert (got.template, got.author) == ("postmortem", "ana")
    assert got.follow_up is not None and (got.follow_up.by, got.follow_up.notes) == ("ana", "notes")
    assert got.causes[0].votes == {"ana": 1}
    assert got.commitments[0].history[0].reason == ""
    hint = got.dismissed_hints[0]
    assert (hint.rule, hint.reason, hint.by) == ("fact-x", "why", "bo")


@pytest.mark.parametrize("kind", ["fifo", "directory", "device"])
def test_only_regular_files_are_read(store: Store, tmp_path: Path, kind: str) -> None:
    path = tmp_path / kind
    if kind == "fifo":
        os.mkfifo(path)  # no writer: reading would wait for ever
    elif kind == "directory":
        path.mkdir()
    else:
        path = Path("/dev/zero")  # st_size is 0, and it never ends
        if not path.exists():
            pytest.skip("no /dev/zero here")
    before = snapshot_dir(store.layout.directory)
    with pytest.raises(ImportRefused, match="not a regular file"):
        import_file(store, path)
    assert snapshot_dir(store.layout.directory) == before


def test_at_most_the_limit_is_read(tmp_path: Path) -> None:
    path = tmp_path / "big.json"
    path.write_bytes(b" " * 11)
    assert read_bounded(path, limit=11) == b" " * 11
    with pytest.raises(OSError, match="more than 10 bytes"):
        read_bounded(path, limit=10)


def test_a_commitment_written_without_a_due_date_is_refused_and_nothing_is_imported(
    store: Store, other: Store, tmp_path: Path
) -> None:
    store.add(sample_review())
    path = _export(store, tmp_path / "out.json")

    def drop_due(raw: dict[str, Any]) -> None:
        raw["commitments"][0]["due"] = None
        raw.pop("digest")

    _edit_file(path, drop_due)
    with pytest.raises(ImportRefused, match=r"commitments\[0\]: a commitment needs when it is due"):
        import_file(other, path)
    assert other.summaries() == []


def test_a_review_exported_as_pmtui_wrote_it_comes_back_even_with_an_undated_commitment(
    store: Store, other: Store, tmp_path: Path
) -> None:
    review = sample_review()
    review.commitments[0].due = None  # made before every commitment needed a date
    store.add(review)
    report = import_file(other, _export(store, tmp_path / "out.json"))
    assert [r.id for r in report.added] == [review.id]
    assert other.get(review.id).commitments[0].due is None
