"""Incidents as people log them and as other tools export them."""

from __future__ import annotations

import json
import re
from datetime import date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pmtui.domain.dates import DateError, parse_moment, zone_named
from pmtui.domain.incident_list import ListProblem, carried, read_list
from pmtui.domain.incidents import (
    incident_from_dict,
    incident_to_dict,
    new_incident,
    parse_severity,
    parse_started,
    review_from,
    split_tags,
)
from pmtui.domain.model import Kind, ValidationError

NOW = datetime(2026, 11, 29, 15, 30)
PARIS = zone_named("Europe/Paris")


@pytest.mark.parametrize(
    ("typed", "want"),
    [
        ("2", "SEV2"),
        ("SEV2", "SEV2"),
        ("sev 2", "SEV2"),
        ("P1", "SEV1"),
        ("high", "SEV2"),
        ("Critical", "SEV1"),
        ("low", "SEV4"),
        ("", None),
        (None, None),
        ("none", None),
    ],
)
def test_severities_as_people_and_tools_write_them(typed: str | None, want: str | None) -> None:
    assert parse_severity(typed) == want


@pytest.mark.parametrize("bad", ["6", "SEV0", "urgent-ish", "P9"])
def test_an_unknown_severity_says_what_works(bad: str) -> None:
    with pytest.raises(ValidationError, match="SEV1 to SEV5"):
        parse_severity(bad)


@pytest.mark.parametrize(
    ("typed", "want"),
    [
        ("2026-11-29 14:02", "2026-11-29 14:02"),
        ("14:02", "2026-11-29 14:02"),  # a time alone is today
        ("today 9:05", "2026-11-29 09:05"),
        ("yesterday 22:40", "2026-11-28 22:40"),
        ("2026-11-29", "2026-11-29"),
        ("2026-11-29T13:02:11Z", "2026-11-29 14:02:11"),  # UTC, in Paris
        ("2026-11-29T14:02:11+01:00", "2026-11-29 14:02:11"),
        ("2026-11-29T08:02-05:00", "2026-11-29 14:02"),
        ("2026-07-01T12:00:00Z", "2026-07-01 14:00:00"),  # summer time
        ("1795960931", "2026-11-29 15:02:11"),  # a Unix time is UTC
        ("1795960931000", "2026-11-29 15:02:11"),  # in milliseconds
    ],
)
def test_start_times_and_what_becomes_of_an_offset(typed: str, want: str) -> None:
    assert parse_started(typed, NOW, local=PARIS) == want


@pytest.mark.parametrize(
    "bad", ["last tuesday", "25:00", "2026-02-30 10:00", "2026-11-29T10:00+25:00"]
)
def test_an_unreadable_start_names_the_forms(bad: str) -> None:
    with pytest.raises(DateError, match="2026-11-29 14:02"):
        parse_started(bad, NOW)


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ("23:30", "23:30 today has not come yet (it is 15:30)"),
        ("21:45", "write yesterday 21:45 or the day, 2026-11-28 21:45"),
        ("today 16:00", "2026-11-29 16:00 has not come yet"),
        ("2026-11-30", "2026-11-30 has not come yet"),
        ("2026-12-24 10:00", "2026-12-24 10:00 has not come yet"),
        ("2026-11-29T15:00:00Z", "2026-11-29 16:00:00 has not come yet"),  # 16:00 in Paris
    ],
)
def test_a_start_still_to_come_is_refused_with_the_way_to_say_yesterday(
    typed: str, said: str
) -> None:
    with pytest.raises(DateError, match="has not come yet") as refused:
        parse_started(typed, NOW, local=PARIS)
    assert said in str(refused.value)


@pytest.mark.parametrize(
    ("typed", "want"),
    [
        ("15:34", "2026-11-29 15:34"),  # another clock a few minutes ahead
        ("2026-11-29", "2026-11-29"),  # today, no time
        ("yesterday 23:30", "2026-11-28 23:30"),
    ],
)
def test_a_start_up_to_now_and_a_little_clock_drift_is_kept(typed: str, want: str) -> None:
    assert parse_started(typed, NOW, local=PARIS) == want


def test_parse_moment_needs_a_day() -> None:
    with pytest.raises(DateError):
        parse_moment("14:02")


def test_a_new_incident_is_cleaned_and_checked() -> None:
    i = new_incident(
        "\x1b[31mcheckout\x1b[0m 502s\u202e",
        now=NOW,
        author="ana",
        severity="SEV2",
        tags=split_tags(["Payments, checkout", "payments"]),
    )
    assert i.title == "checkout 502s" and i.started == "2026-11-29 15:30"
    assert i.tags == ["payments", "checkout"]
    assert incident_from_dict(incident_to_dict(i)) == i
    with pytest.raises(ValidationError, match="title"):
        new_incident("   ", now=NOW, author="ana")
    with pytest.raises(ValidationError, match="title"):
        new_incident("x" * 301, now=NOW, author="ana")


def test_a_review_from_an_incident_carries_it_over() -> None:
    i = new_incident("db failover", now=NOW, author="ana", severity="SEV1", tags=["db"])
    r = review_from(i, "postmortem", Kind.POSTMORTEM, now=NOW, user="bo")
    assert (r.title, r.happened, r.severity, r.tags, r.incident_id, r.template) == (
        "db failover",
        i.started,
        "SEV1",
        ["db"],
        i.id,
        "postmortem",
    )
    assert r.facilitator == "bo" and r.participants == ["bo"]
    r.validate()


CSV = """\
Incident ID,Title,Urgency,Created At,Service
PD1,Checkout 502s,high,2026-11-29T13:02:00Z,checkout
PD2,"Search slow, then down",low,2026-11-28 09:00,search
"""


def test_a_pager_csv_is_read_by_column_names() -> None:
    rows = read_list(CSV, source="pd.csv", author="ana", now=NOW, local=PARIS)
    first, second = (r.incident for r in rows)
    assert (first.external_id, first.title, first.severity, first.started) == (
        "PD1",
        "Checkout 502s",
        "SEV2",
        "2026-11-29 14:02:00",
    )
    assert (second.title, second.severity, second.started) == (
        "Search slow, then down",
        "SEV4",
        "2026-11-28 09:00",
    )
    assert first.source == "pd.csv" and first.author == "ana"


def test_a_json_list_with_nested_values_is_read() -> None:
    doc = {
        "incidents": [
            {
                "id": "Q1",
                "title": "Queue backlog",
                "priority": {"summary": "P1"},
                "created_at": "2026-11-29T10:00:00+01:00",
                "tags": ["queue", "Payments"],
            }
        ]
    }
    (row,) = read_list(json.dumps(doc), source="x.json", author="a", now=NOW, local=PARIS)
    assert (row.incident.severity, row.incident.started, row.incident.tags) == (
        "SEV1",
        "2026-11-29 10:00:00",
        ["queue", "payments"],
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty"),
        ("title,started\n", "no incidents"),
        ("name,when\nx,2026-11-29\n", "no started"),
        ("title,started\n,2026-11-29\n", "row 2: the title is empty"),
        ("title,started\nx,soon\n", "row 2: 'soon' is not a time"),
        ("title,started,sev\nx,2026-11-29,urgent-ish\n", "row 2: severity"),
        ("id,title,started\n1,a,2026-11-29\n1,b,2026-11-29\n", "id '1' appears twice"),
        ("[1, 2]", "incidents[0]: an object"),
        ('{"a": 1}', "JSON list"),
        ("[{", "not valid JSON"),
    ],
)
def test_a_list_pmtui_cannot_read_is_refused_with_the_row(text: str, message: str) -> None:
    with pytest.raises(ListProblem, match=re.escape(message)):
        read_list(text, source="f", author="a", now=NOW)


def test_an_updated_export_carries_the_tools_fields_and_keeps_pmtuis() -> None:
    (row,) = read_list("id,title,started\n7,a,2026-11-29 10:00\n", source="f", author="a", now=NOW)
    known = row.incident
    known.waive("a drill", "bo", date(2026, 11, 29))
    (again,) = read_list(
        "id,title,started,sev,tags\n7,a (updated),2026-11-29 10:00,2,db\n",
        source="f",
        author="a",
        now=NOW,
    )
    assert carried(again.incident, known)
    assert (known.title, known.severity, known.tags, known.waived) == (
        "a (updated)",
        "SEV2",
        ["db"],
        "a drill",
    )
    assert not carried(again.incident, known)


@settings(max_examples=80, deadline=None)
@given(st.text(max_size=400))
def test_any_text_is_read_or_refused_with_a_reason(text: str) -> None:
    try:
        rows = read_list(text, source="f", author="a", now=NOW)
    except ListProblem as exc:
        assert str(exc)
        return
    for row in rows:
        row.incident.validate()
