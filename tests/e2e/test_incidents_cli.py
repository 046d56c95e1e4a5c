"""The installed pmtui, as a person or a script runs it: log, review, due, export and back.

The command-line paths run as subprocesses; the facts import's preview runs in
tmux at 80x24, keys only, since it asks questions at a terminal.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from pmtui.domain.model import Review, Status
from pmtui.store.exports import json as json_format
from pmtui.store.repository import Store
from tests.e2e.terminal import Terminal, app_env, pmtui_command, requires_tmux

pytestmark = [pytest.mark.slow]


def pmtui(
    tmp_path: Path, store: Path, *args: str, stdin: str = ""
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, **app_env(tmp_path)}
    return subprocess.run(
        [pmtui_command(), "--store", str(store), *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )


def test_an_incident_from_log_to_review_to_export_and_back(tmp_path: Path) -> None:
    store = tmp_path / "store" / "pmtui.json"
    logged = pmtui(
        tmp_path, store, "log", "checkout 502s after deploy", "--sev", "2",
        "--at", "2026-11-02 14:02", "--tag", "payments",
    )  # fmt: skip
    assert logged.returncode == 0, logged.stderr
    incident_id = logged.stdout.strip()
    assert len(incident_id) == 36 and "\n" not in incident_id
    assert "postmortem review within 5 working days" in logged.stderr

    listed = pmtui(tmp_path, store, "incidents", "--open")
    assert listed.stdout.startswith(incident_id[:8]) and "checkout 502s" in listed.stdout

    due = pmtui(tmp_path, store, "due", "--json")
    assert due.returncode == 1  # 2026-11-02 + 5 working days is long past
    (row,) = json.loads(due.stdout)
    assert row["type"] == "review" and row["incident_id"] == incident_id

    started = pmtui(tmp_path, store, "incidents", "--review", incident_id[:8])
    assert started.returncode == 0, started.stderr
    review_id = started.stdout.strip()
    waiting = pmtui(tmp_path, store, "due")  # a review started is not a review held
    assert waiting.returncode == 1
    assert "finish the postmortem review of: checkout 502s after deploy" in waiting.stdout

    def hold(r: Review) -> None:  # as the Summary stage does when its status is set
        r.status = Status.REVIEWED

    Store(store).update(review_id, hold)
    assert pmtui(tmp_path, store, "due").returncode == 0

    chat = tmp_path / "chat.txt"
    chat.write_text("14:02 ana: deploy 4411 out\n14:05 bo: 502s, rolling back\n")
    added = pmtui(tmp_path, store, "facts", "import", review_id[:8], str(chat))
    assert added.returncode == 0 and added.stdout.startswith("added 2 facts")

    exported = pmtui(tmp_path, store, "export", "--all", "--format", "json")
    doc = json.loads(exported.stdout)
    assert doc["version"] == json_format.VERSION  # a file with incidents: 2 or later
    assert [i["id"] for i in doc["incidents"]] == [incident_id]
    assert doc["reviews"][0]["incident_id"] == incident_id

    other = tmp_path / "other" / "pmtui.json"
    dump = tmp_path / "dump.json"
    dump.write_text(exported.stdout)
    first = pmtui(tmp_path, other, "import", str(dump))
    assert first.returncode == 0, first.stderr
    assert "incidents: 1 added" in first.stdout
    again = pmtui(tmp_path, other, "import", str(dump))
    assert "incidents: 0 added, 0 updated, 1 unchanged" in again.stdout
    restored = Store(other)
    assert restored.incident_links()[incident_id].review_id == review_id
    assert [f.what for f in restored.get(review_id).facts] == [
        "ana: deploy 4411 out",
        "bo: 502s, rolling back",
    ]


def test_a_pagers_export_imported_twice_logs_each_incident_once(tmp_path: Path) -> None:
    store = tmp_path / "store" / "pmtui.json"
    csv = tmp_path / "pagerduty.csv"
    csv.write_text(
        "Incident ID,Title,Urgency,Created At\n"
        "PD1,Checkout 502s,high,2026-11-29T13:02:00Z\n"
        "PD2,Search slow,low,2026-11-28T09:00:00Z\n"
    )
    assert pmtui(tmp_path, store, "log", "--import", str(csv)).stdout.startswith("2 incident(s)")
    again = pmtui(tmp_path, store, "log", "--import", str(csv))
    assert again.stdout.startswith("0 incident(s) added, 0 updated, 2 already logged")
    assert len(Store(store).incidents()) == 2


@requires_tmux()
def test_the_facts_import_preview_at_a_terminal(tmp_path: Path) -> None:
    store = tmp_path / "store" / "pmtui.json"
    review = pmtui(
        tmp_path, store, "quick", "--no-input", "--title", "Checkout 502s",
        "--happened", "2026-11-29 14:00", "--what", "502s", "--cause", "no canary",
        "--category", "process", "--commitment", "Add a canary", "--due", "+2w",
    )  # fmt: skip
    review_id = review.stdout.strip()
    chat = tmp_path / "chat.txt"
    chat.write_text(
        "14:02 ana: deploy 4411 out\n14:05 bo: 502s, rolling back\nstill rolling\n"
        + "".join(f"14:{m:02d} cy: check {m}\n" for m in range(10, 30))
    )
    argv = [pmtui_command(), "--store", str(store), "facts", "import", review_id[:8], str(chat)]
    with Terminal(argv, env=app_env(tmp_path)) as term:
        screen = term.wait_for("no time of their own")
        assert "attach each to the fact before it" in screen
        term.keys("Enter")  # attach (the default)
        screen = term.wait_for("Add 22 facts")
        assert "22 facts from 23 lines" in screen
        assert "ana: deploy 4411 out" in screen and "more" in screen
        assert all(len(line) <= 80 for line in screen.splitlines())
        assert len(Store(store).get(review_id).facts) == 1  # nothing saved before the answer
        term.keys("y")
        term.wait_for("added 22 facts")
        assert term.exit_status() == 0
    assert len(Store(store).get(review_id).facts) == 23

    with Terminal(argv, env=app_env(tmp_path)) as term:
        term.wait_for("no time of their own")
        term.keys("Enter")
        screen = term.wait_for("in the timeline already")
        assert "22 of them are in the timeline already" in screen
        assert term.exit_status() == 0
    assert len(Store(store).get(review_id).facts) == 23

    other = tmp_path / "more.txt"
    other.write_text("15:00 dee: all clear\n")
    argv[-1] = str(other)
    with Terminal(argv, env=app_env(tmp_path)) as term:
        term.wait_for("Add 1 facts")
        term.keys("n")
        assert term.exit_status() == 1
    assert len(Store(store).get(review_id).facts) == 23


@requires_tmux()
def test_a_quick_review_of_a_logged_incident_at_a_terminal(tmp_path: Path) -> None:
    store = tmp_path / "store" / "pmtui.json"
    logged = pmtui(
        tmp_path, store, "log", "queue backlog", "--sev", "3", "--at", "2026-11-02 09:00"
    )
    incident_id = logged.stdout.strip()
    assert pmtui(tmp_path, store, "due").returncode == 1
    argv = [pmtui_command(), "--store", str(store), "quick", "--incident", incident_id[:8]]
    with Terminal(argv, env=app_env(tmp_path)) as term:
        for prompt, answer in (
            ("What happened?", "The queue backed up for forty minutes"),
            ("Anything else", ""),
            ("made it likely", "Nothing alerts on the depth of the queue"),
        ):
            screen = term.wait_for(prompt, timeout=60)
            assert "A short title" not in screen  # the incident's title is carried over
            if answer:
                term.type(answer)
            term.keys("Enter")
        term.wait_for("Which kind of cause")
        term.keys("Enter")
        term.wait_for("One commitment")
        term.type("Alert when more than 10,000 messages wait")
        term.keys("Enter")
        term.wait_for("Who owns it?")
        term.keys("Enter")
        term.wait_for("Due when?")
        term.type("+2w")
        term.keys("Enter")
        screen = term.wait_for("Quick review saved: queue backlog")
        assert all(len(line) <= 80 for line in screen.splitlines())
        assert term.exit_status() == 0
    assert pmtui(tmp_path, store, "due").returncode == 0
    listed = pmtui(tmp_path, store, "incidents")
    assert "reviewed" in listed.stdout and "queue backlog" in listed.stdout
    (summary,) = Store(store).summaries()
    review = Store(store).get(summary.id)
    assert (review.incident_id, review.happened, review.severity) == (
        incident_id,
        "2026-11-02 09:00",
        "SEV3",
    )
