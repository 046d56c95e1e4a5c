"""`pmtui incidents` and the reviews `pmtui due` lists beside commitments."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from pmtui.cli import main
from pmtui.domain.incidents import Incident, new_incident
from pmtui.domain.model import Commitment, Kind, Review, Status
from pmtui.domain.policy import DEFAULT_POLICY
from pmtui.store.repository import Store

TODAY = date.today()  # the CLI reads the real clock


def add(
    store: Store, title: str, days_ago: int, severity: str | None = None, by: str = "ana"
) -> Incident:
    started = (datetime.now() - timedelta(days=days_ago)).strftime("%Y-%m-%d %H:%M")
    return store.add_incident(
        new_incident(title, now=datetime.now(), author=by, severity=severity, started=started)
    )


def run(store_path: Path, *args: str) -> int:
    return main([args[0], "--store", str(store_path), *args[1:]])


def test_the_list_says_where_each_review_stands(
    store: Store, store_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    late = add(store, "queue backlog", 30, "SEV3")
    minor = add(store, "typo on the status page", 1, "SEV5")
    fresh = add(store, "checkout 502s", 0, "SEV2")
    assert run(store_path, "incidents") == 0
    lines = capsys.readouterr().out.splitlines()
    assert [ln.split("  ")[0] for ln in lines] == [late.id[:8], fresh.id[:8], minor.id[:8]]
    late_due = DEFAULT_POLICY.rule_for("SEV3").due(late.start_day)
    assert late_due is not None
    assert f"overdue since {(late_due + timedelta(days=1)).isoformat()}" in lines[0]
    assert "due by" in lines[1] and "optional" in lines[2]
    assert run(store_path, "incidents", "--open") == 0
    assert len(capsys.readouterr().out.splitlines()) == 2
    assert run(store_path, "incidents", "--json") == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows[0]["state"] == "overdue" and rows[0]["review"] == "quick"
    fresh_due = DEFAULT_POLICY.rule_for("SEV2").due(fresh.start_day)
    assert fresh_due is not None and rows[1]["due"] == fresh_due.isoformat()


def test_review_turns_the_incident_into_its_review_in_one_step(
    store: Store, store_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    incident = add(store, "checkout 502s", 1, "SEV2")
    store.update_incident(incident.id, lambda i: i.tags.append("payments"))
    assert run(store_path, "incidents", "--review", incident.id[:6]) == 0
    out, err = capsys.readouterr()
    review = Store(store_path).get(out.strip())
    assert (review.title, review.happened, review.severity, review.tags) == (
        "checkout 502s",
        incident.started,
        "SEV2",
        ["payments"],
    )
    assert (review.template, review.kind.value, review.incident_id) == (
        "postmortem",
        "postmortem",
        incident.id,
    )
    assert "blameless postmortem" in err
    assert run(store_path, "incidents", "--json") == 0
    (row,) = json.loads(capsys.readouterr().out)
    assert row["state"] == "started" and row["review_id"] == review.id

    def hold(r: Review) -> None:
        r.status = Status.REVIEWED

    Store(store_path).update(review.id, hold)
    assert run(store_path, "incidents", "--json") == 0
    assert json.loads(capsys.readouterr().out)[0]["state"] == "done"
    assert run(store_path, "incidents", "--review", incident.id[:6]) == 2
    assert "already has a review" in capsys.readouterr().err
    assert len(Store(store_path).summaries()) == 1


def test_the_policy_picks_the_template(
    store: Store, store_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "config").mkdir(exist_ok=True)
    (tmp_path / "config" / "policy.toml").write_text('[SEV3]\nreview = "lessons"\n')
    incident = add(store, "slow deploys", 1, "SEV3")
    assert run(store_path, "incidents", "--review", incident.id) == 0
    assert Store(store_path).get(capsys.readouterr().out.strip()).template == "lessons"
    (tmp_path / "config" / "policy.toml").write_text('[SEV3]\nreview = "nosuch"\n')
    other = add(store, "another", 1, "SEV3")
    assert run(store_path, "incidents", "--review", other.id) == 2
    assert "not 'nosuch'" in capsys.readouterr().err


def test_a_waiver_needs_a_reason_and_can_be_taken_back(
    store: Store, store_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    incident = add(store, "alert during a drill", 5, "SEV3")
    assert run(store_path, "incidents", "--waive", incident.id) == 2
    assert "needs a reason" in capsys.readouterr().err
    assert run(store_path, "incidents", "--waive", incident.id, "--reason", "a drill") == 0
    got = Store(store_path).incident(incident.id)
    assert (got.waived, got.waived_by, got.waived_on) == ("a drill", "ana", TODAY)
    assert run(store_path, "due") == 0  # a waived review is not overdue
    capsys.readouterr()
    assert run(store_path, "incidents", "--unwaive", incident.id) == 0
    assert Store(store_path).incident(incident.id).waived == ""
    assert run(store_path, "due") == 1


def test_unknown_incident_ids_are_one_line(
    store_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(store_path, "incidents", "--review", "abcd") == 2
    assert "no incident with id 'abcd'" in capsys.readouterr().err


def test_due_lists_reviews_beside_commitments_and_exits_1_when_one_is_overdue(
    store: Store, store_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    review = store.add(
        Review(
            title="Outage",
            commitments=[
                Commitment(deliverable="runbook", owner="bo", due=TODAY + timedelta(days=1))
            ],
        )
    )
    assert run(store_path, "due") == 0
    capsys.readouterr()
    late = add(store, "queue backlog", 10, "SEV3", by="cy")
    soon = add(store, "checkout 502s", 0, None)
    add(store, "minor", 10, "SEV5")  # optional: never due
    assert run(store_path, "due") == 1
    lines = capsys.readouterr().out.splitlines()
    late_due = DEFAULT_POLICY.rule_for("SEV3").due(late.start_day)
    assert late_due is not None
    assert lines[0] == (
        f"{late_due.isoformat()}  OVERDUE  cy  hold a quick review of: queue backlog (SEV3)"
        f"  [{late.id[:8]} incident]"
    )
    assert lines[1].endswith(f"[{review.id[:8]} Outage]")
    soon_due = DEFAULT_POLICY.rule_for(None).due(soon.start_day)
    assert soon_due is not None
    assert lines[2] == (
        f"{soon_due.isoformat()}  due      ana  hold a quick review of: checkout 502s"
        f"  [{soon.id[:8]} incident]"
    )
    assert run(store_path, "due", "--owner", "bo") == 0  # cy's incident is not bo's
    assert "incident" not in capsys.readouterr().out
    assert run(store_path, "incidents", "--review", late.id) == 0
    started = capsys.readouterr().out.strip()
    assert run(store_path, "due") == 1  # started is not held: still overdue
    out = capsys.readouterr().out
    assert "OVERDUE  cy  finish the quick review of: queue backlog (SEV3)" in out
    assert run(store_path, "due", "--json") == 1
    row = next(r for r in json.loads(capsys.readouterr().out) if r.get("type") == "review")
    assert row["review_id"] == started


def test_due_json_keeps_the_commitment_fields_and_adds_typed_review_rows(
    store: Store, store_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store.add(
        Review(
            title="Outage",
            commitments=[Commitment(deliverable="runbook", owner="bo", due=TODAY)],
        )
    )
    incident = add(store, "queue backlog", 10, "SEV3")
    assert run(store_path, "due", "--json") == 1
    rows = json.loads(capsys.readouterr().out)
    commitment = next(r for r in rows if "commitment_id" in r)
    assert set(commitment) == {
        "commitment_id", "due", "overdue", "owner", "deliverable", "done_when",
        "review_id", "review_title", "review_kind", "tags",
    }  # fmt: skip
    review = next(r for r in rows if r.get("type") == "review")
    assert review["incident_id"] == incident.id and review["overdue"] is True
    assert review["review"] == "quick" and review["severity"] == "SEV3"
    assert review["owner"] == "ana" and review["title"] == "queue backlog"


def test_an_unreadable_policy_is_said_and_the_defaults_used(
    store: Store, store_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "config").mkdir(exist_ok=True)
    (tmp_path / "config" / "policy.toml").write_text("[SEV3\n")
    add(store, "queue backlog", 10, "SEV3")
    assert run(store_path, "due") == 1
    out, err = capsys.readouterr()
    assert "policy.toml" in err and "using the built-in policy" in err
    assert "hold a quick review" in out


@pytest.mark.parametrize("command", [["incidents"], ["due"], ["incidents", "--json"]])
def test_a_hand_edited_incident_is_shown_never_executed(
    store: Store, store_path: Path, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    import orjson

    incident = add(store, "x", 10, "SEV3")
    path = store_path.parent / "pmtui.incidents.json"
    data = orjson.loads(path.read_bytes())
    data["incidents"][incident.id]["title"] = "\x1b]0;owned\x07\x1b[2Jgone\u202e"
    data["incidents"][incident.id]["author"] = "\x9b31m"
    path.write_bytes(orjson.dumps(data))
    run(store_path, *command)
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\u202e" not in out and "\x9b" not in out
    assert "gone" in out


QUICK = (
    "--no-input", "--what", "the queue backed up for 40 minutes",
    "--cause", "no alert on the queue's depth", "--category", "tooling",
    "--commitment", "Alert at 10,000 queued messages", "--due", "+2w",
)  # fmt: skip


def test_a_quick_review_of_an_incident_carries_it_over_and_holds_it(
    store: Store, store_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    late = add(store, "queue backlog", 10, "SEV3")
    store.update_incident(late.id, lambda i: i.tags.append("queue"))
    assert run(store_path, "due") == 1
    capsys.readouterr()
    assert run(store_path, "quick", "--incident", late.id[:6], *QUICK) == 0
    review = Store(store_path).get(capsys.readouterr().out.strip())
    assert (review.title, review.happened, review.severity, review.tags) == (
        "queue backlog",
        late.started,
        "SEV3",
        ["queue"],
    )
    assert (review.incident_id, review.status, review.kind) == (
        late.id,
        Status.REVIEWED,
        Kind.QUICK,
    )
    assert run(store_path, "due") == 0  # held: nothing waits
    assert run(store_path, "incidents", "--json") == 0
    assert json.loads(capsys.readouterr().out)[0]["state"] == "done"
    assert run(store_path, "quick", "--incident", late.id[:6], *QUICK) == 2  # one review each
    assert "already has a review" in capsys.readouterr().err
    assert len(Store(store_path).summaries()) == 1


def test_a_quick_review_is_refused_where_the_policy_asks_for_a_postmortem(
    store: Store, store_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    worst = add(store, "checkout down", 1, "SEV1")
    assert run(store_path, "quick", "--incident", worst.id, *QUICK) == 2
    err = capsys.readouterr().err
    assert "asks for a blameless postmortem of SEV1 incidents" in err
    assert f"pmtui incidents --review {worst.id[:8]}" in err
    assert Store(store_path).summaries() == [] and Store(store_path).incident_links() == {}
    assert run(store_path, "quick", "--incident", "nosuch", *QUICK) == 2
    assert "no incident with id 'nosuch'" in capsys.readouterr().err
