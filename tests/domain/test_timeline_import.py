"""Timelines from what was written during an incident: logs, chat, Slack, CSV."""

from __future__ import annotations

import json
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pmtui.domain.dates import zone_named
from pmtui.domain.model import Fact, Review
from pmtui.domain.timeline_import import (
    MAX_FACTS,
    Cancelled,
    ColumnProblem,
    Format,
    ImportProblem,
    Options,
    Untimed,
    add_to,
    columns,
    detect,
    options_for,
    parse,
    too_many,
)

DAY = date(2026, 11, 29)
PARIS = zone_named("Europe/Paris")


def read(text: str, **kw: object) -> list[tuple[str, str]]:
    options = Options(**{"day": DAY, "local": PARIS, **kw})  # type: ignore[arg-type]
    return [(f.at, f.what) for f in parse(text, options).facts]


def test_chat_copy_paste_lines() -> None:
    text = "14:02 ana: rolled back\n14:05 bo: errors dropping\n[14:09] cy: all clear\n"
    assert read(text) == [
        ("2026-11-29 14:02", "ana: rolled back"),
        ("2026-11-29 14:05", "bo: errors dropping"),
        ("2026-11-29 14:09", "cy: all clear"),
    ]


def test_log_lines_in_the_common_shapes() -> None:
    text = "\n".join(
        [
            "[2026-11-29 14:02:11] deploy started",
            "2026-11-29T13:03:00Z api: 502 rate 40%",  # UTC -> Paris
            "2026-11-29T14:04:00.123+01:00 | rollback begun",
            "2026-11-29 14:05:09,417 ERROR pool exhausted",  # Python logging
            "Nov 29 14:06:01 web-3 nginx[812]: upstream timed out",  # syslog
            "2026/11/29 2:07 PM - paged the on-call",
            "14:08:30 - recovered",
        ]
    )
    assert read(text) == [
        ("2026-11-29 14:02:11", "deploy started"),
        ("2026-11-29 14:03:00", "api: 502 rate 40%"),
        ("2026-11-29 14:04:00", "rollback begun"),
        ("2026-11-29 14:05:09", "ERROR pool exhausted"),
        ("2026-11-29 14:06:01", "web-3 nginx[812]: upstream timed out"),
        ("2026-11-29 14:07", "paged the on-call"),
        ("2026-11-29 14:08:30", "recovered"),
    ]


def test_an_offset_becomes_local_time_across_summer_time() -> None:
    text = "2026-03-29T00:30:00Z before\n2026-03-29T01:30:00Z after the change\n"
    assert read(text) == [
        ("2026-03-29 01:30:00", "before"),
        ("2026-03-29 03:30:00", "after the change"),
    ]
    utc = parse(text, Options(local=zone_named("UTC")))
    assert [f.at for f in utc.facts] == ["2026-03-29 00:30:00", "2026-03-29 01:30:00"]
    assert utc.converted == 2


def test_times_alone_take_the_day_and_roll_over_midnight() -> None:
    text = "23:58 still failing\n00:03 recovered\n00:01 a late message\n"
    assert read(text) == [
        ("2026-11-29 23:58", "still failing"),
        ("2026-11-30 00:03", "recovered"),
        ("2026-11-30 00:01", "a late message"),
    ]
    no_day = parse(text, Options())
    assert [f.at for f in no_day.facts] == ["23:58", "00:03", "00:01"]


def test_a_dated_line_sets_the_day_of_the_times_after_it() -> None:
    text = "[2026-12-02 09:00:00] started\n09:05 looked\n"
    assert read(text) == [("2026-12-02 09:00:00", "started"), ("2026-12-02 09:05", "looked")]


def test_untimed_lines_attach_to_the_fact_before_or_are_skipped() -> None:
    text = "preamble nobody timed\n14:02 ana: error:\nTraceback (most recent call last)\n  boom\n"
    parsed = parse(text, Options(day=DAY))
    assert [f.what for f in parsed.facts] == [
        "ana: error:\nTraceback (most recent call last)\nboom"
    ]
    assert (parsed.attached, parsed.skipped) == (2, 1)
    skipped = parse(text, Options(day=DAY, untimed=Untimed.SKIP))
    assert [f.what for f in skipped.facts] == ["ana: error:"]
    assert (skipped.attached, skipped.skipped) == (0, 3)


def test_chat_with_name_and_time_above_each_message() -> None:
    text = "Ana Lima  2:02 PM\nrolled back\nsecond line\nBo  2:05 PM\nerrors down\n"
    assert read(text) == [
        ("2026-11-29 14:02", "Ana Lima: rolled back\nsecond line"),
        ("2026-11-29 14:05", "Bo: errors down"),
    ]


def test_every_fact_says_where_it_came_from() -> None:
    parsed = parse("x\n14:02 a\n", Options(source="incident.log", author="ana"))
    (fact,) = parsed.facts
    assert fact.evidence == "incident.log, line 2" and fact.author == "ana"


def test_escape_sequences_and_controls_never_reach_a_fact() -> None:
    text = "14:02 \x1b[31mERROR\x1b[0m \x1b]0;owned\x07disk\u202e full\r\n14:03 ok\x00\n"
    assert [f.what for f in parse(text).facts] == ["ERROR disk full", "ok"]


def test_a_bad_date_is_read_as_text_and_said() -> None:
    parsed = parse("[2026-02-30 10:00:00] impossible\n14:02 fine\n", Options(day=DAY))
    assert [f.what for f in parsed.facts] == ["fine"]
    assert parsed.skipped == 1 and "not a real date" in parsed.notes[0]


def test_a_very_long_line_is_cut_to_the_limit() -> None:
    parsed = parse("14:02 " + "x" * 30_000, Options())
    (fact,) = parsed.facts
    assert len(fact.what) == 20_000 and fact.what.endswith("…")
    assert parsed.notes


SLACK = [
    {
        "type": "message",
        "user": "U1",
        "text": "rolling back <@U2>, see <https://grafana/d/1|the dashboard> &amp; <#C9|ops>",
        "ts": "1795960931.000100",  # 2026-11-29 14:02:11 UTC
        "user_profile": {"display_name": "ana", "real_name": "Ana Lima"},
    },
    {"type": "message", "subtype": "channel_join", "user": "U3", "text": "joined", "ts": "1"},
    {
        "type": "message",
        "user": "U2",
        "text": "errors down",
        "ts": "1795960991.0",
        "user_profile": {"real_name": "Bo"},
    },
    {
        "type": "message",
        "subtype": "bot_message",
        "username": "pagerduty",
        "text": "resolved",
        "ts": "1795961051",
    },
]


def test_a_slack_channel_export() -> None:
    parsed = parse(json.dumps(SLACK), Options(local=PARIS, source="Slack #incident-42"))
    assert parsed.format is Format.SLACK
    assert [(f.at, f.what) for f in parsed.facts] == [
        ("2026-11-29 15:02:11", "ana: rolling back @Bo, see the dashboard & #ops"),
        ("2026-11-29 15:03:11", "Bo: errors down"),
        ("2026-11-29 15:04:11", "pagerduty: resolved"),
    ]
    assert parsed.skipped == 1  # the join
    assert parsed.facts[0].evidence == "Slack #incident-42, message 1"


@pytest.mark.parametrize("bad", ["{}", '{"messages": 3}', '[{"text": "no time"}]', "[1, 2]"])
def test_json_that_is_not_a_slack_export_is_refused(bad: str) -> None:
    with pytest.raises(ImportProblem):
        parse(bad, Options(format=Format.SLACK))


def test_a_csv_with_named_columns() -> None:
    text = (
        "created_at;service;summary\n"
        "2026-11-29T13:02:00Z;api;502s rising\n"
        '2026-11-29 14:05;db;"failover; then ok"\n'
        ";db;a row without a time\n"
    )
    parsed = parse(text, Options(local=PARIS))
    assert parsed.format is Format.CSV
    assert (parsed.time_column, parsed.text_column) == ("created_at", "summary")
    assert [(f.at, f.what) for f in parsed.facts] == [
        ("2026-11-29 14:02:00", "502s rising"),
        ("2026-11-29 14:05", "failover; then ok\na row without a time"),
    ]
    assert parsed.facts[1].evidence == "pasted text, row 3"  # as a spreadsheet numbers it


def test_csv_columns_are_picked_by_name_or_refused_with_the_list() -> None:
    text = "when it broke,what we saw\n2026-11-29 14:02,x\n"
    assert columns(text) == ["when it broke", "what we saw"]
    with pytest.raises(ColumnProblem, match="which column holds the time") as caught:
        parse(text, Options(format=Format.CSV))
    assert (caught.value.columns, caught.value.which) == (("when it broke", "what we saw"), "time")
    with pytest.raises(ImportProblem, match="no column named 'nope'"):
        parse(text, Options(format=Format.CSV, time_column="nope", text_column="what we saw"))
    got = parse(
        text, Options(format=Format.CSV, time_column="When It Broke", text_column="what we saw")
    )
    assert [(f.at, f.what) for f in got.facts] == [("2026-11-29 14:02", "x")]


def test_detect_tells_the_formats_apart() -> None:
    assert detect(json.dumps(SLACK)) is Format.SLACK
    assert detect("time,message\n2026-11-29 14:02,x\n") is Format.CSV
    assert detect("14:02 ana: a, b, c\n") is Format.LINES
    assert detect("[2026-11-29 14:02:11] deploy\n") is Format.LINES
    assert detect("a,b\n1,2\n", Options(source="alerts.csv")) is Format.CSV


def test_match_keeps_only_the_lines_that_matter() -> None:
    parsed = parse("14:02 ERROR a\n14:03 info b\n14:04 error c\n", Options(match=("error",)))
    assert [f.what for f in parsed.facts] == ["ERROR a", "error c"] and parsed.filtered == 1


def test_a_100000_line_log_reports_progress_and_can_be_stopped() -> None:
    lines = [f"2026-11-29T{(i // 3600) % 24:02d}:{(i // 60) % 60:02d}:{i % 60:02d}Z req {i}"
             for i in range(100_000)]  # fmt: skip
    text = "\n".join(lines)
    seen: list[tuple[int, int]] = []
    parsed = parse(text, Options(local=PARIS), progress=lambda d, t: seen.append((d, t)))
    assert len(parsed.facts) == 100_000 and parsed.lines == 100_000
    assert len({f.id for f in parsed.facts}) == 100_000
    assert seen[0] == (2_000, 100_000) and seen[-1] == (100_000, 100_000)
    assert len(seen) > 40
    calls = {"n": 0}

    def stop() -> bool:
        calls["n"] += 1
        return calls["n"] > 3

    with pytest.raises(Cancelled):
        parse(text, Options(), cancelled=stop)
    assert too_many(len(parsed.facts)) is not None and too_many(MAX_FACTS) is None


def test_imported_facts_join_the_timeline_in_time_order() -> None:
    review = Review(happened="2026-11-29 14:00", facts=[Fact(what="typed", at="2026-11-29 14:04")])
    options = options_for(review, Options())
    assert options.day == DAY
    parsed = parse("14:02 first\n14:06 last\n", options)
    add_to(review, parsed.facts)
    assert [f.what for f in review.facts] == ["first", "typed", "last"]
    review.validate()


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.text(max_size=60),
            st.builds(
                lambda h, m, t: f"{h}:{m:02d} {t}",
                st.integers(0, 30),
                st.integers(0, 70),
                st.text(max_size=20),
            ),
            st.builds(
                lambda d, t: f"[2026-11-{d:02d} 10:00:00] {t}",
                st.integers(0, 40),
                st.text(max_size=20),
            ),
        ),
        max_size=30,
    ),
    st.sampled_from(list(Untimed)),
)
def test_any_text_gives_facts_the_store_accepts(lines: list[str], untimed: Untimed) -> None:
    parsed = parse("\n".join(lines), Options(untimed=untimed, day=DAY))
    review = Review(facts=parsed.facts)
    review.validate()
    assert len(parsed.facts) <= len(lines)


def test_a_csv_of_other_names_is_told_by_its_rows() -> None:
    assert detect("fired_at,alert name\n2026-11-20 14:03,CheckoutErrors\n") is Format.CSV
    assert detect("who,what\nana,rolled back\n") is Format.LINES
    assert detect("a, b\n") is Format.LINES
