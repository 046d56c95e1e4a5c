"""Merging two versions of a review, item by item and field by field (pmtui.domain.merge)."""

from __future__ import annotations

import copy
from datetime import datetime
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from pmtui.domain.merge import merge_review
from pmtui.domain.model import Cause, Commitment, Entry, Fact, Review
from pmtui.domain.serial import review_from_dict, review_to_dict, to_dict

AT = datetime(2026, 11, 23, 10, 0)


def base_review() -> dict[str, Any]:
    fact = Fact(what="deploy started", at="14:02", id="f1")
    cause = Cause(statement="no canary stage", category="process", fact_ids=["f1"], id="c1")
    review = Review(
        title="checkout outage",
        facts=[fact],
        causes=[cause],
        commitments=[
            Commitment(deliverable="add a canary", owner="ana", cause_ids=["c1"], id="m1")
        ],
        entries=[Entry(section="went_well", text="paging worked", id="e1")],
        participants=["ana", "ben"],
        tags=["payments"],
        id="r1",
    )
    data = review_to_dict(review)
    for key in ("rev", "updated"):
        data.pop(key)
    return data


def merge(base: dict[str, Any] | None, ours: dict[str, Any], theirs: dict[str, Any]) -> Any:
    return merge_review(base, ours, theirs, ours_by="ana", theirs_by="ben", at=AT)


def test_items_added_on_both_sides_are_all_kept_in_order() -> None:
    base = base_review()
    ours, theirs = copy.deepcopy(base), copy.deepcopy(base)
    ours["facts"].append(to_dict(Fact(what="ours", id="f2")))
    theirs["facts"].append(to_dict(Fact(what="theirs", id="f3")))
    theirs["facts"].insert(0, to_dict(Fact(what="theirs first", id="f0")))
    got = merge(base, ours, theirs)
    assert [f["what"] for f in got.review["facts"]] == [
        "theirs first",
        "deploy started",
        "ours",
        "theirs",
    ]
    assert got.notes == [] and got.review["kept"] == []


def test_different_fields_of_one_item_both_survive() -> None:
    base = base_review()
    ours, theirs = copy.deepcopy(base), copy.deepcopy(base)
    ours["facts"][0]["what"] = "deploy started at 5%"
    theirs["facts"][0]["evidence"] = "deploy log"
    theirs["title"] = "checkout outage, 20 Nov"
    got = merge(base, ours, theirs).review
    assert got["facts"][0]["what"] == "deploy started at 5%"
    assert got["facts"][0]["evidence"] == "deploy log"
    assert got["title"] == "checkout outage, 20 Nov"
    assert got["kept"] == []


def test_the_same_field_on_both_sides_keeps_the_other_text_like_a_live_session() -> None:
    base = base_review()
    ours, theirs = copy.deepcopy(base), copy.deepcopy(base)
    ours["facts"][0]["what"] = "deploy started by the pipeline"
    theirs["facts"][0]["what"] = "deploy started by hand"
    theirs["last_writers"] = {"facts/f1/what": "bo"}
    got = merge(base, ours, theirs)
    assert got.review["facts"][0]["what"] == "deploy started by the pipeline"
    [kept] = got.review["kept"]
    assert kept["target"] == "facts" and kept["item_id"] == "f1" and kept["field_name"] == "what"
    assert kept["text"] == "deploy started by hand"
    assert kept["by"] == "bo"  # the review's own record of who wrote it wins over the fallback
    assert kept["replaced_by"] == "ana"
    assert kept["now"] == "deploy started by the pipeline"
    assert [n.kept.text for n in got.notes] == ["deploy started by hand"]
    # the merged review is a valid review whose kept text the app can put back
    review = review_from_dict(got.review)
    review.validate()
    assert review.kept[0].text == "deploy started by hand"


def test_a_delete_against_an_edit_keeps_the_edit_with_the_review() -> None:
    base = base_review()
    ours, theirs = copy.deepcopy(base), copy.deepcopy(base)
    ours["entries"] = []
    ours["deleted_by"] = {"e1": "ana"}
    theirs["entries"][0]["text"] = "paging worked within a minute"
    got = merge(base, ours, theirs)
    assert got.review["entries"] == []
    [kept] = got.review["kept"]
    assert kept["field_name"] == "" and kept["item"]["text"] == "paging worked within a minute"
    assert (kept["by"], kept["replaced_by"]) == ("ben", "ana")
    # and the other way round: ours edited, theirs deleted
    got = merge(base, theirs, ours)
    [kept] = got.review["kept"]
    assert kept["item"]["text"] == "paging worked within a minute"
    assert (kept["by"], kept["replaced_by"]) == ("ana", "ana")  # deleted_by names the deleter


def test_an_unchanged_item_deleted_on_one_side_goes() -> None:
    base = base_review()
    ours, theirs = copy.deepcopy(base), copy.deepcopy(base)
    ours["entries"] = []
    theirs["title"] = "renamed"
    got = merge(base, ours, theirs).review
    assert got["entries"] == [] and got["kept"] == [] and got["title"] == "renamed"


def test_names_and_links_merge_as_sets() -> None:
    base = base_review()
    ours, theirs = copy.deepcopy(base), copy.deepcopy(base)
    ours["participants"] = ["ana", "cy"]  # ben removed, cy added
    theirs["participants"] = ["ana", "ben", "dee"]
    ours["tags"] = ["payments", "db"]
    theirs["tags"] = ["payments", "deploys"]
    got = merge(base, ours, theirs).review
    assert got["participants"] == ["ana", "cy", "dee"]
    assert got["tags"] == ["payments", "db", "deploys"]
    assert got["kept"] == []


def test_votes_merge_per_voter() -> None:
    base = base_review()
    ours, theirs = copy.deepcopy(base), copy.deepcopy(base)
    ours["causes"][0]["votes"] = {"ana": 2}
    theirs["causes"][0]["votes"] = {"ben": 1}
    assert merge(base, ours, theirs).review["causes"][0]["votes"] == {"ana": 2, "ben": 1}


def test_a_why_under_a_cause_deleted_on_the_other_side_becomes_top_level() -> None:
    base = base_review()
    ours, theirs = copy.deepcopy(base), copy.deepcopy(base)
    ours["causes"] = []
    ours["commitments"][0]["cause_ids"] = []
    child = to_dict(Cause(statement="no time to build it", parent_id="c1", id="c2"))
    theirs["causes"].append(child)
    theirs["commitments"][0]["cause_ids"] = ["c1", "c2"]
    got = merge(base, ours, theirs).review
    assert [(c["id"], c["parent_id"]) for c in got["causes"]] == [("c2", None)]
    assert got["commitments"][0]["cause_ids"] == ["c2"]
    review_from_dict(got).validate()


def test_a_loop_of_whys_made_by_two_sides_is_broken() -> None:
    base = base_review()
    base["causes"].append(to_dict(Cause(statement="second", id="c2")))
    ours, theirs = copy.deepcopy(base), copy.deepcopy(base)
    ours["causes"][0]["parent_id"] = "c2"
    theirs["causes"][1]["parent_id"] = "c1"
    got = merge(base, ours, theirs).review
    parents = {c["id"]: c["parent_id"] for c in got["causes"]}
    assert None in parents.values()
    review_from_dict(got).validate()


def test_merging_again_keeps_no_second_copy_of_a_text() -> None:
    """An interrupted sync merges a review again: the kept text is not doubled."""
    base = base_review()
    ours, theirs = copy.deepcopy(base), copy.deepcopy(base)
    ours["title"] = "ours"
    theirs["title"] = "theirs"
    once = merge(base, ours, theirs).review
    twice = merge(base, once, theirs)
    assert len(twice.review["kept"]) == 1
    assert twice.notes == []


def test_both_sides_added_the_same_review() -> None:
    ours = base_review()
    theirs = copy.deepcopy(ours)
    theirs["summary"] = "written on the other machine"
    ours["summary"] = "written here"
    got = merge(None, ours, theirs).review
    assert got["summary"] == "written here"
    assert [k["text"] for k in got["kept"]] == ["written on the other machine"]


# == no text is ever lost ======================================================

WORDS = st.text(alphabet="abcdefgh ", min_size=1, max_size=8).map(str.strip).filter(bool)


@st.composite
def edited(draw: st.DrawFn, base: dict[str, Any], tag: str) -> dict[str, Any]:
    """``base`` with random edits: fields set, items added, edited and deleted."""
    out = copy.deepcopy(base)
    added = 0
    for _ in range(draw(st.integers(0, 6))):
        action = draw(st.sampled_from(["title", "add", "edit", "delete", "summary"]))
        if action in ("title", "summary"):
            out[action] = f"{tag} {draw(WORDS)}"
        elif action == "add":
            added += 1  # ids are unique within a review
            out["facts"].append(to_dict(Fact(what=f"{tag} {draw(WORDS)}", id=f"{tag}{added}")))
        elif out["facts"]:
            i = draw(st.integers(0, len(out["facts"]) - 1))
            if action == "edit":
                field = draw(st.sampled_from(["what", "evidence"]))
                out["facts"][i][field] = f"{tag} {draw(WORDS)}"
            else:
                del out["facts"][i]
    return out


def _written(base: dict[str, Any], side: dict[str, Any]) -> set[str]:
    """Texts a side wrote that its base did not have (what must survive)."""
    from tests.store.sync.machines import texts

    return texts(side) - texts(base)


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_every_text_either_side_wrote_survives_the_merge(data: st.DataObject) -> None:
    base = base_review()
    ours = data.draw(edited(base, "O"))
    theirs = data.draw(edited(base, "T"))
    got = merge(base, ours, theirs)
    from tests.store.sync.machines import texts

    kept = texts(got.review)
    lost = (_written(base, ours) | _written(base, theirs)) - kept
    assert not lost
    review_from_dict(got.review).validate()


def test_the_postmortem_document_merges_field_by_field() -> None:
    base = base_review()
    ours, theirs = copy.deepcopy(base), copy.deepcopy(base)
    ours["trigger"] = "a config push"
    ours["facts"][0]["moment"] = "started"
    theirs["detection"] = "the 5xx pager alert"
    theirs["impact_figures"]["users"] = 1200
    got = merge(base, ours, theirs)
    review = review_from_dict(got.review)
    assert (review.trigger, review.detection) == ("a config push", "the 5xx pager alert")
    assert review.facts[0].moment == "started" and review.impact_figures.users == 1200
    assert got.review["kept"] == []
    # The same field written on both sides keeps the other text, as for any field.
    ours["detection"] = "a customer ticket"
    clash = merge(base, ours, theirs)
    assert review_from_dict(clash.review).detection == "a customer ticket"
    assert [k["text"] for k in clash.review["kept"]] == ["the 5xx pager alert"]
