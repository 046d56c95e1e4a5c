"""`pmtui log`: an incident in one line, and lists of incidents from other tools."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from pmtui.cli import main
from pmtui.domain.policy import DEFAULT_POLICY
from pmtui.store.repository import Store

TODAY = date.today()  # the CLI reads the real clock


def log(store_path: Path, *args: str) -> int:
    return main(["log", "--store", str(store_path), *args])


def test_log_prints_only_the_id_and_says_what_the_policy_asks(
    store_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert log(store_path, "checkout 502s after deploy", "--sev", "2", "--at", "2026-11-29 14:02",
               "--tag", "payments") == 0  # fmt: skip
    out, err = capsys.readouterr()
    (incident,) = Store(store_path).incidents()
    assert out == incident.id + "\n"
    assert (incident.title, incident.severity, incident.started, incident.tags) == (
        "checkout 502s after deploy",
        "SEV2",
        "2026-11-29 14:02",
        ["payments"],
    )
    due = DEFAULT_POLICY.rule_for("SEV2").due(date(2026, 11, 29))
    assert due is not None
    assert "postmortem review within 5 working days" in err and due.isoformat() in err
    assert f"pmtui incidents --review {incident.id[:8]}" in err


def test_log_defaults_to_now_unrated_and_untagged(
    store_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = datetime.now().replace(second=0, microsecond=0)
    assert log(store_path, "disk full on db-3") == 0
    (incident,) = Store(store_path).incidents()
    started = datetime.fromisoformat(incident.started)
    assert before <= started <= datetime.now()
    assert incident.severity is None and incident.tags == [] and incident.author == "ana"
    assert "(unrated)" in capsys.readouterr().err


def test_an_incident_logged_late_is_said_overdue_with_the_quick_way_to_hold_it(
    store_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert log(store_path, "queue backlog", "--sev", "3", "--at", "2026-11-02 09:00") == 0
    (incident,) = Store(store_path).incidents()
    err = capsys.readouterr().err
    assert "due by 2026-11-04: overdue already" in err
    assert f"`pmtui quick --incident {incident.id[:8]}` holds it now" in err
    assert log(store_path, "checkout down", "--sev", "1") == 0
    err = capsys.readouterr().err
    assert "overdue" not in err and "pmtui quick" not in err  # a postmortem, still in time


@pytest.mark.parametrize(
    ("at", "want"),
    [
        ("00:01", f"{TODAY} 00:01"),  # a time alone is today's (00:01 has always come)
        ("yesterday 22:40", f"{TODAY - timedelta(days=1)} 22:40"),
        ("2026-11-29T13:02:11Z", "2026-11-29 14:02:11"),
    ],
)
def test_at_reads_the_forms_people_type(
    store_path: Path, monkeypatch: pytest.MonkeyPatch, at: str, want: str
) -> None:
    monkeypatch.setenv("TZ", "Europe/Paris")
    assert log(store_path, "x", "--at", at, "--tz", "Europe/Paris") == 0
    assert Store(store_path).incidents()[0].started == want


def test_tags_repeat_or_come_comma_separated(store_path: Path) -> None:
    assert log(store_path, "x", "--tag", "Payments,db", "--tag", "payments", "--tag", "edge") == 0
    assert Store(store_path).incidents()[0].tags == ["payments", "db", "edge"]


@pytest.mark.parametrize(
    ("args", "says"),
    [
        ([], "say what went wrong"),
        (["   "], "say what went wrong"),
        (["x", "--sev", "9"], "SEV1 to SEV5"),
        (["x", "--at", "last week"], "not a time pmtui reads"),
        (["x", "--at", "2099-01-01 10:00"], "has not come yet"),
        (["x", "--tz", "Mars/Olympus"], "not a time zone"),
        (["x" * 301], "title"),
        (["x", "--import", "f.csv"], "either a TITLE or --import"),
    ],
)
def test_bad_input_exits_2_and_writes_nothing(
    store_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], says: str
) -> None:
    assert log(store_path, *args) == 2
    assert says in capsys.readouterr().err
    assert Store(store_path).incidents() == []


PAGER_CSV = """\
Incident ID,Title,Urgency,Created At
PD1,Checkout 502s,high,2026-11-29T13:02:00Z
PD2,Search slow,low,2026-11-28 09:00
"""


def test_a_pagers_list_is_logged_once_however_often_it_is_imported(
    store_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "pd.csv"
    path.write_text(PAGER_CSV)
    assert log(store_path, "--import", str(path)) == 0
    assert (
        capsys.readouterr().out
        == "2 incident(s) added, 0 updated, 0 already logged and unchanged.\n"
    )
    assert log(store_path, "--import", str(path)) == 0
    assert (
        capsys.readouterr().out
        == "0 incident(s) added, 0 updated, 2 already logged and unchanged.\n"
    )
    path.write_text(
        PAGER_CSV.replace("Search slow", "Search down") + "PD3,New,P1,2026-11-30 08:00\n"
    )
    assert log(store_path, "--import", str(path)) == 0
    assert capsys.readouterr().out.startswith("1 incident(s) added, 1 updated, 1 already")
    incidents = Store(store_path).incidents()
    assert sorted(i.title for i in incidents) == ["Checkout 502s", "New", "Search down"]
    assert {i.external_id for i in incidents} == {"PD1", "PD2", "PD3"}
    assert all(i.source == "pd.csv" for i in incidents)


def test_a_list_without_ids_matches_on_title_and_start(store_path: Path, tmp_path: Path) -> None:
    path = tmp_path / "list.json"
    path.write_text(json.dumps([{"title": "Queue backlog", "started": "2026-11-29 10:00"}]))
    assert log(store_path, "--import", str(path)) == 0
    assert log(store_path, "--import", str(path)) == 0
    assert len(Store(store_path).incidents()) == 1


def test_an_incident_logged_by_hand_is_not_imported_twice(store_path: Path, tmp_path: Path) -> None:
    assert log(store_path, "Queue backlog", "--at", "2026-11-29 10:00") == 0
    path = tmp_path / "list.csv"
    path.write_text("id,title,started\nQ9,queue backlog,2026-11-29 10:00\n")
    assert log(store_path, "--import", str(path)) == 0
    assert len(Store(store_path).incidents()) == 1


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (b"title,started\nok,2026-11-29\n,2026-11-30\n", "row 3: the title is empty"),
        (b"\xff\xfe\x00garbage", "not UTF-8"),
        (b"[{", "not valid JSON"),
        (b"", "empty"),
    ],
)
def test_a_malformed_list_is_refused_whole(
    store_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes, says: str
) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    assert log(store_path, "--import", str(path)) == 2
    err = capsys.readouterr().err
    assert says in err and "Nothing was written" in err
    assert Store(store_path).incidents() == []


def test_a_device_or_a_missing_file_is_refused(
    store_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert log(store_path, "--import", "/dev/zero") == 2
    assert "not a regular file" in capsys.readouterr().err
    assert log(store_path, "--import", "/nonexistent/list.csv") == 2
    assert "No such file" in capsys.readouterr().err


def test_hostile_text_is_stored_clean_and_printed_visibly(
    store_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert log(store_path, "\x1b]0;owned\x07checkout\x1b[2J down") == 0
    assert Store(store_path).incidents()[0].title == "checkout down"
    assert "\x1b" not in capsys.readouterr().err
