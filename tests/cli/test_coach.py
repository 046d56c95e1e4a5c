"""``pmtui coach`` and ``pmtui check``: the command-line face of the coach."""

from __future__ import annotations

import io
import json
from datetime import date, datetime
from pathlib import Path

import pytest

from pmtui.cli import main
from pmtui.domain.model import Cause, Commitment, Fact, HintDismissal, Review
from pmtui.store.repository import Store


def run(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    argv: list[str],
    stdin: str = "",
) -> tuple[int, str, str]:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def test_coach_json_is_one_object_per_line_in_order(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    lines = ["Lee restarted the wrong cluster", "", "The scheduler retries forever with no backoff"]
    code, out, _ = run(
        capsys, monkeypatch, ["coach", "--stage", "causes", "--json"], "\n".join(lines) + "\n"
    )
    assert code == 0
    records = [json.loads(x) for x in out.splitlines()]
    assert [r["text"] for r in records] == lines
    assert {f["rule"] for f in records[0]["findings"]} >= {"cause-person"}
    assert set(records[0]["findings"][0]) == {"rule", "message", "suggestion"}
    assert records[1]["findings"] == [] and records[2]["findings"] == []


def test_coach_readable_output(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    stdin = "Step up our testing game\nAdd a queue-depth panel to the ingest dashboard\n"
    code, out, _ = run(capsys, monkeypatch, ["coach", "--stage", "commitments"], stdin)
    assert code == 0
    assert "hint  Step up our testing game" in out
    assert "[commitment-vague]" in out
    assert "ok    Add a queue-depth panel" in out


def test_coach_needs_a_known_stage(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.raises(SystemExit) as info:
        run(capsys, monkeypatch, ["coach", "--stage", "frame"])
    assert info.value.code == 2


def test_coach_reports_a_broken_team_file(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    config = tmp_path / "config"
    config.mkdir(exist_ok=True)
    (config / "coach.toml").write_text("disabled = 'x'\n", encoding="utf-8")
    code, _, err = run(capsys, monkeypatch, ["coach", "--stage", "facts"], "x\n")
    assert code == 2
    assert "coach.toml: disabled" in err


@pytest.fixture
def stored(store: Store) -> Review:
    cause = Cause(statement="Lee was careless with the import")
    r = Review(
        title="Import stalled reporting",
        created=datetime(2026, 11, 23, 10, 0),
        facts=[Fact(what="Replication lag reached 38 minutes", at="11:20", evidence="graph")],
        causes=[
            cause,
            Cause(statement="Imports and reports share one replica", parent_id=cause.id),
        ],
        commitments=[
            Commitment(
                deliverable="Give the bulk import its own replica",
                owner="ana",
                due=date(2026, 12, 15),
                done_when="imports run on replica-2",
            )
        ],
    )
    store.add(r)
    return r


def test_check_lists_open_findings_and_exits_1(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    store_path: Path,
    stored: Review,
) -> None:
    code, out, _ = run(capsys, monkeypatch, ["--store", str(store_path), "check", stored.id[:8]])
    assert code == 1
    assert "[cause-blame]" in out
    assert "Lee was careless" in out
    assert "1 open finding" in out


def test_check_json(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    store_path: Path,
    stored: Review,
) -> None:
    code, out, _ = run(
        capsys, monkeypatch, ["--store", str(store_path), "check", stored.id, "--json"]
    )
    assert code == 1
    [finding] = json.loads(out)
    assert finding["rule"] == "cause-blame"
    assert finding["item"] == stored.causes[0].id


def test_check_exits_0_when_everything_is_set_aside(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    store: Store,
    store_path: Path,
    stored: Review,
) -> None:
    def dismiss(r: Review) -> None:
        r.dismissed_hints.append(HintDismissal(r.causes[0].id, "cause-blame", "quoted", "ana"))

    store.update(stored.id, dismiss)
    code, out, _ = run(capsys, monkeypatch, ["--store", str(store_path), "check", stored.id[:6]])
    assert code == 0
    assert "no open coach findings" in out


def test_check_reports_a_broken_team_file(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    store_path: Path,
    stored: Review,
) -> None:
    (tmp_path / "config").mkdir(exist_ok=True)
    (tmp_path / "config" / "coach.toml").write_text("disabled = 'x'\n", encoding="utf-8")
    code, out, err = run(capsys, monkeypatch, ["--store", str(store_path), "check", stored.id])
    assert code == 2
    assert out == ""
    assert err.startswith("pmtui: ") and "coach.toml: disabled" in err


def test_check_unknown_review_exits_2(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    store_path: Path,
    stored: Review,
) -> None:
    code, _, err = run(capsys, monkeypatch, ["--store", str(store_path), "check", "ffffffff"])
    assert code == 2
    assert "no review" in err


def test_coach_runs_without_loading_textual(tmp_path: Path) -> None:
    import subprocess
    import sys

    probe = (
        "import sys; from pmtui.cli import main; rc = main(['coach', '--stage', 'causes']); "
        "print('TEXTUAL', 'textual' in sys.modules, 'questionary' in sys.modules)"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe],
        input="Human error\n",
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert "TEXTUAL False False" in done.stdout
