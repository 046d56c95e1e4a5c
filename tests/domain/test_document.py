"""The postmortem document: template data for its fields, key moments, the impact in numbers."""

from __future__ import annotations

from pathlib import Path

import pytest

from pmtui.domain import document
from pmtui.domain.dates import DateError, parse_minutes
from pmtui.domain.model import Fact, ImpactFigures, Kind, Review, ValidationError
from pmtui.domain.moments import key_times
from pmtui.domain.serial import review_from_dict, review_to_dict
from pmtui.domain.templates import TemplateError, load_templates, packaged_template
from tests.domain.test_templates import VALID_NEW, write


def _incident(*facts: Fact, **kw: object) -> Review:
    kw.setdefault("happened", "2026-11-20 14:00")
    return Review(title="Checkout", kind=Kind.POSTMORTEM, template="postmortem",
                  facts=list(facts), **kw)  # type: ignore[arg-type]  # fmt: skip


def test_the_postmortem_asks_for_the_document_in_its_stages_and_quick_reviews_stay_short(
    tmp_path: Path,
) -> None:
    templates = load_templates(tmp_path)
    post = templates["postmortem"]
    assert post.document_fields == ("trigger", "detection", "resolution", "summary", "impact")
    assert post.impact_figures and post.key_moments
    review = _incident()
    assert [f.name for f in document.asked(review, post, "facts")] == [
        "trigger", "detection", "resolution",
    ]  # fmt: skip
    assert [f.name for f in document.asked(review, post, "summary")] == ["summary", "impact"]
    for name in ("quick", "start-stop-continue", "glad-sad-mad", "4ls", "checkin"):
        t = templates[name]
        assert t.document_fields == () and not t.impact_figures and not t.key_moments
        assert document.asked(Review(template=name), t, "facts") == ()
    # Text written elsewhere is never hidden, whatever the template asks.
    quick = Review(template="quick", trigger="a bad deploy")
    assert [f.name for f in document.asked(quick, templates["quick"], "facts")] == ["trigger"]


def test_a_team_template_can_ask_for_document_fields(tmp_path: Path) -> None:
    write(tmp_path, "quick.toml", '[document]\nfields = ["trigger"]\nkey_moments = true\n')
    quick = load_templates(tmp_path)["quick"]
    assert quick.document_fields == ("trigger",) and quick.key_moments
    assert packaged_template("quick") is not None
    assert packaged_template("quick").document_fields == ()  # type: ignore[union-attr]
    assert packaged_template("../etc/passwd") is None


@pytest.mark.parametrize(
    ("text", "field", "words"),
    [
        ("[document]\nfields = ['moral']\n", "document.fields", "fields among trigger"),
        ("[document]\nfields = ['trigger', 'trigger']\n", "document.fields", "each field once"),
        ("[document]\nimpact_figures = 'yes'\n", "document.impact_figures", "true or false"),
        ("[document]\ncolour = 1\n", "document.colour", "not a [document] field"),
        ("document = 3\n", "document", "a [document] table"),
        (
            VALID_NEW.replace("[prompts]", "[document]\nfields = ['summary']\n[prompts]"),
            "document.fields",
            "summary stage",
        ),
        (
            VALID_NEW.replace("[prompts]", "[document]\nimpact_figures = true\n[prompts]"),
            "document.impact_figures",
            "summary stage",
        ),
    ],
)
def test_document_errors_name_the_field(tmp_path: Path, text: str, field: str, words: str) -> None:
    write(tmp_path, "postmortem.toml" if "kind" not in text else "oncall.toml", text)
    with pytest.raises(TemplateError) as info:
        load_templates(tmp_path)
    assert info.value.field == field and words in str(info.value)


def test_times_to_detect_mitigate_and_resolve_come_from_the_timeline() -> None:
    review = _incident(
        Fact(at="23:50", what="errors start", moment="started"),
        Fact(
            at="approx. 00:02".removeprefix("approx. "), approx=True, what="page", moment="detected"
        ),
        Fact(at="00:20", what="rolled back", moment="mitigated"),
        Fact(at="2026-11-21 01:35", what="fixed", moment="resolved"),
        Fact(at="00:30", what="a second page", moment="detected"),  # the first one counts
        happened="2026-11-20",
    )
    times = key_times(review)
    assert times.minutes() == (12, 30, 105)
    assert times.line() == "time to detect ~12m · to mitigate 30m · to resolve 1h 45m"
    assert dict(document.impact_lines(review)) == {
        "Duration": "1h 45m (from the timeline)",
        "Time to detect": "~12m",
        "Time to mitigate": "30m",
        "Time to resolve": "1h 45m",
    }


def test_without_a_start_nothing_is_computed_and_typed_figures_stand() -> None:
    review = _incident(Fact(at="14:10", what="page", moment="detected"))
    review.impact_figures = ImpactFigures(
        duration_minutes=95, users=12000, error_budget=35.5, revenue="EUR 4,000"
    )
    assert key_times(review).empty
    assert document.impact_lines(review) == [
        ("Duration", "1h 35m"),
        ("Users affected", "12,000"),
        ("Revenue", "EUR 4,000"),
        ("Error budget consumed", "35.5%"),
    ]


@pytest.mark.parametrize(
    ("text", "minutes"),
    [("90", 90), ("90m", 90), ("1h 30m", 90), ("1h30m", 90), ("2 hours", 120), ("1d 4h", 1680)],
)
def test_lengths_of_time(text: str, minutes: int) -> None:
    assert parse_minutes(text) == minutes


@pytest.mark.parametrize("text", ["", "soon", "1h 30", "-5m", "1.5h"])
def test_lengths_of_time_pmtui_cannot_read(text: str) -> None:
    with pytest.raises(DateError):
        parse_minutes(text)


def test_new_fields_are_checked_and_read_back() -> None:
    review = _incident(Fact(at="14:02", what="x", moment="detected"), trigger="a deploy")
    review.impact_figures = ImpactFigures(users=3, error_budget=12.5)
    assert review_from_dict(review_to_dict(review)) == review
    raw = review_to_dict(review)
    raw["impact_figures"]["error_budget"] = "lots"
    with pytest.raises(ValidationError, match="a number"):
        review_from_dict(raw)
    raw["impact_figures"]["error_budget"] = float("nan")
    with pytest.raises(ValidationError):
        review_from_dict(raw)
    review.facts[0].moment = "noticed"
    with pytest.raises(ValidationError, match="started, detected"):
        review.validate()
    review.facts[0].moment = ""
    review.impact_figures.users = -1
    with pytest.raises(ValidationError, match=r"impact_figures\.users"):
        review.validate()
