"""The JSON export: a versioned document that reads back into exactly the same reviews."""

from __future__ import annotations

import copy
import dataclasses
import json
import tempfile
from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pmtui.domain.model import (
    CAUSE_CATEGORIES,
    MAX_BUDGET,
    MAX_FIGURE,
    MAX_MINUTES,
    SEVERITIES,
    UNFINISHED,
    Cause,
    Commitment,
    Entry,
    Fact,
    FollowUpRecord,
    HintDismissal,
    ImpactFigures,
    KeptText,
    Kind,
    Outcome,
    Replan,
    Review,
    Round,
    SealedItem,
    Status,
)
from pmtui.domain.model import (
    MOMENTS as KEY_MOMENTS,
)
from pmtui.store.exports import json as json_format
from pmtui.store.exports.importer import ImportRefused, merge, parse
from pmtui.store.repository import Store
from tests.conftest import FrozenClock
from tests.store.test_export_formats import TODAY, sample_review

TEXT = st.text(
    alphabet=st.characters(exclude_categories=("Cs", "Cc"), include_characters="\n"),
    max_size=40,
)
LINE = st.text(alphabet=st.characters(exclude_categories=("Cs", "Cc")), max_size=20)
DATES = st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31))
MOMENTS = st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1)).map(
    lambda d: d.replace(microsecond=0)
)
IDS = st.uuids().map(str)
CLOCK = st.times().map(lambda t: t.strftime("%H:%M") if t.second % 2 else t.strftime("%H:%M:%S"))
DAYS = DATES.map(date.isoformat)
WHEN = st.just("") | CLOCK | DAYS | st.builds(lambda d, t: f"{d} {t}", DAYS, CLOCK)
"""Times of a fact as pmtui stores them: empty, a time, a day, or both."""
HAPPENED = st.just("") | DAYS | st.builds(lambda d, t: f"{d} {t}", DAYS, CLOCK)

facts = st.builds(
    Fact,
    what=TEXT,
    at=WHEN,
    approx=st.booleans(),
    evidence=TEXT,
    decision=st.booleans(),
    known_then=TEXT,
    options=TEXT,
    pressures=TEXT,
    moment=st.sampled_from(["", *KEY_MOMENTS]),
    author=LINE,
    id=IDS,
)
COUNTS = st.none() | st.integers(0, MAX_FIGURE)
figures = st.builds(
    ImpactFigures,
    duration_minutes=st.none() | st.integers(0, MAX_MINUTES),
    users=COUNTS,
    requests=COUNTS,
    data_lost=LINE,
    revenue=LINE,
    error_budget=st.none() | st.floats(0, MAX_BUDGET, allow_nan=False),
)
replans = st.builds(
    Replan,
    old_due=st.none() | DATES,
    new_due=st.none() | DATES,
    on=DATES,
    reason=TEXT,
    outcome=st.sampled_from([None, *UNFINISHED]),
    in_the_way=TEXT,
    in_the_way_category=LINE,
    by=LINE,
)
commitments = st.builds(
    Commitment,
    deliverable=TEXT,
    owner=LINE,
    done_when=TEXT,
    due=st.none() | DATES,
    type=st.sampled_from(["", "prevent", "detect", "a team's own"]),
    priority=st.sampled_from(["", "P0", "Sev-B"]),
    link=st.sampled_from(["", "OPS-123", "#42", "acme/shop#7", "https://tracker.example/a?b=c"]),
    status=st.sampled_from([o for o in Outcome if o not in UNFINISHED]),
    dropped_reason=TEXT.map(lambda t: t + "reason"),
    in_the_way=TEXT,
    in_the_way_category=LINE,
    helped=st.none() | st.booleans(),
    reviewed_at=st.none() | MOMENTS,
    history=st.lists(replans, max_size=2),
    author=LINE,
    id=IDS,
)
entries = st.builds(
    Entry,
    section=st.sampled_from(["went_well", "went_wrong", "lucky", "start", "glad", "mood"]),
    text=TEXT,
    category=LINE,
    author=LINE,
    hidden=st.booleans(),
    anonymous=st.booleans(),
    id=IDS,
)


@st.composite
def cause_trees(draw: st.DrawFn) -> list[Cause]:
    """Causes whose parents are always earlier causes of the same review."""
    out: list[Cause] = []
    for _ in range(draw(st.integers(0, 5))):
        parent = draw(st.none() | st.sampled_from([c.id for c in out])) if out else None
        out.append(
            Cause(
                statement=draw(TEXT),
                category=draw(st.sampled_from(CAUSE_CATEGORIES)),
                parent_id=parent,
                question=draw(st.sampled_from(["why", "how"])),
                votes=draw(st.dictionaries(LINE, st.integers(0, 9), max_size=2)),
                author=draw(LINE),
                id=draw(IDS),
            )
        )
    return out


@st.composite
def reviews(draw: st.DrawFn) -> Review:
    """A valid review, as the store would hold it (cleaned)."""
    causes = draw(cause_trees())
    fact_list = draw(st.lists(facts, max_size=3))
    for cause in causes:
        cause.fact_ids = (
            draw(st.lists(st.sampled_from([f.id for f in fact_list]), max_size=2))
            if fact_list
            else []
        )
    coms = draw(st.lists(commitments, max_size=3))
    for com in coms:
        com.cause_ids = (
            draw(st.lists(st.sampled_from([c.id for c in causes]), max_size=2)) if causes else []
        )
    review = Review(
        title=draw(LINE),
        kind=draw(st.sampled_from(Kind)),
        happened=draw(HAPPENED),
        created=draw(MOMENTS),
        updated=draw(MOMENTS),
        severity=draw(st.none() | st.sampled_from(SEVERITIES)),
        status=draw(st.sampled_from(Status)),
        participants=draw(st.lists(LINE, max_size=3)),
        facilitator=draw(LINE),
        facilitator_part=draw(TEXT),
        ground_rule_ack=draw(st.booleans()),
        summary=draw(TEXT),
        impact=draw(TEXT),
        impact_figures=draw(figures),
        trigger=draw(TEXT),
        detection=draw(TEXT),
        resolution=draw(TEXT),
        facts=fact_list,
        causes=causes,
        commitments=coms,
        entries=draw(st.lists(entries, max_size=3)),
        tags=draw(st.lists(LINE, max_size=3)),
        template=draw(LINE),
        follow_up_on=draw(st.none() | DATES),
        follow_up=draw(
            st.none() | st.builds(FollowUpRecord, held_on=st.none() | DATES, by=LINE, notes=TEXT)
        ),
        dismissed_hints=draw(
            st.lists(
                st.builds(HintDismissal, item_id=IDS, rule=LINE, reason=TEXT, by=LINE), max_size=2
            )
        ),
        author=draw(LINE),
        rev=draw(st.integers(0, 1000)),
        id=draw(IDS),
    )
    review.clean()
    review.validate()
    return review


def test_document_is_versioned_and_names_the_required_fields() -> None:
    doc = json.loads(json_format.render([sample_review()], today=TODAY))
    assert doc["format"] == "pmtui-export"
    assert doc["version"] == json_format.VERSION
    assert doc["exported"] == "2026-11-23"
    assert doc["anonymized"] is False
    (review,) = doc["reviews"]
    for key in ("id", "kind", "title", "status", "facts", "causes", "commitments", "rev"):
        assert key in review
    for com in review["commitments"]:
        for key in ("id", "owner", "deliverable", "due", "status"):
            assert key in com
    assert review["digest"] == json_format.digest(review)


def test_digest_ignores_what_every_save_changes_and_nothing_else() -> None:
    data = json.loads(json_format.render([sample_review()], today=TODAY))["reviews"][0]
    same = {**data, "rev": 99, "updated": "2030-01-01T00:00:00"}
    other = {**data, "title": data["title"] + "!"}
    assert json_format.digest(same) == json_format.digest(data)
    assert json_format.digest(other) != json_format.digest(data)


@settings(max_examples=60, deadline=None)
@given(st.lists(reviews(), max_size=3, unique_by=lambda r: r.id))
def test_any_reviews_read_back_exactly(originals: list[Review]) -> None:
    text = json_format.render(originals, today=TODAY)
    back = parse(text.encode("utf-8"))
    assert [item.review for item in back.reviews] == originals
    assert [item.exported_rev for item in back.reviews] == [r.rev for r in originals]
    assert not any(item.edited for item in back.reviews)


def test_every_exported_field_is_documented() -> None:
    """docs/json-format.md names every key a review and its parts are exported with."""
    doc = (Path(__file__).resolve().parents[2] / "docs" / "json-format.md").read_text()
    parts = (
        Review,
        Fact,
        Cause,
        Commitment,
        Entry,
        FollowUpRecord,
        HintDismissal,
        Replan,
        Round,
        SealedItem,
        KeptText,
    )
    missing = [
        f"{part.__name__}.{f.name}"
        for part in parts
        for f in dataclasses.fields(part)
        if f"`{f.name}`" not in doc
    ]
    assert missing == []


def _without_rev(text: str) -> dict[str, object]:
    doc = json.loads(text)
    for review in doc["reviews"]:
        review.pop("rev")
    return dict(doc)


@settings(max_examples=15, deadline=None)
@given(st.lists(reviews(), min_size=1, max_size=3, unique_by=lambda r: r.id))
def test_export_then_import_into_a_fresh_store_then_export_is_the_same_file(
    originals: list[Review],
) -> None:
    """Only the store-local ``rev`` differs: ``updated`` and every field come back as they were."""
    with tempfile.TemporaryDirectory() as tmp:
        first = Store(Path(tmp) / "a" / "pmtui.json", clock=FrozenClock())
        with first.batch() as txn:
            for review in originals:
                txn.put(copy.deepcopy(review))
        exported = json_format.render(sorted(first.reviews(), key=lambda r: r.id), today=TODAY)
        second = Store(Path(tmp) / "b" / "pmtui.json", clock=FrozenClock(datetime(2030, 1, 1)))
        report = merge(second, parse(exported.encode("utf-8")))
        assert len(report.added) == len(originals)
        again = json_format.render(sorted(second.reviews(), key=lambda r: r.id), today=TODAY)
    assert _without_rev(again) == _without_rev(exported)


def test_a_version_1_file_is_read_with_unfinished_commitments_reopened() -> None:
    doc = json.loads(json_format.render([sample_review()], today=TODAY))
    doc["version"] = 1
    com = doc["reviews"][0]["commitments"][2]
    com.update(status="not_kept", history=[], reviewed_at="2026-11-22T09:00:00")
    (item,) = parse(json.dumps(doc).encode("utf-8")).reviews
    back = item.review.commitments[2]
    assert back.is_open and [h.outcome for h in back.history] == [Outcome.NOT_KEPT]
    doc["version"] = json_format.VERSION + 1
    with pytest.raises(ImportRefused, match="newer pmtui"):
        parse(json.dumps(doc).encode("utf-8"))


def test_writer_sessions_are_exported_only_when_known() -> None:
    """A review whose kept texts and fields name no session (all an older pmtui wrote)
    exports, and is fingerprinted, as before sessions were recorded."""
    review = sample_review()
    review.kept = [KeptText("review", None, "title", "old", "ana", "ben")]
    data = json_format.review_data(review)
    assert "last_sessions" not in data and "deleted_sessions" not in data
    assert "by_session" not in data["kept"][0]
    review.last_sessions = {"review//title": "s2"}
    review.kept[0].replaced_by_session = "s2"
    data = json_format.review_data(review)
    assert data["last_sessions"] == {"review//title": "s2"}
    assert data["kept"][0]["replaced_by_session"] == "s2"
    assert "by_session" not in data["kept"][0]
