"""`pmtui due`: its lines, its JSON, and the exit status scripts rely on."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

from pmtui.cli import main
from pmtui.domain.model import Commitment, Review
from pmtui.store.repository import Store
from tests.accounts import Accounts, run_as

TODAY = date.today()  # the CLI reads the real clock, so dates are built around it


def _add(store: Store, title: str, *coms: tuple[str, str, date | None]) -> Review:
    return store.add(
        Review(
            title=title,
            commitments=[Commitment(deliverable=d, owner=o, due=due) for d, o, due in coms],
        )
    )


def _due(store_path: Path, *args: str) -> int:
    return main(["due", "--store", str(store_path), *args])


def test_nothing_due_prints_nothing_and_exits_0(
    store: Store, store_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _add(store, "Later", ("far away", "ana", TODAY + timedelta(days=30)))
    assert _due(store_path) == 0
    assert capsys.readouterr().out == ""


def test_due_soon_lists_lines_and_exits_0(
    store: Store, store_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    r = _add(
        store,
        "Checkout outage",
        ("alert on\nqueue depth", "bo", TODAY + timedelta(days=2)),
        ("later thing", "bo", TODAY + timedelta(days=20)),
    )
    assert _due(store_path) == 0
    out = capsys.readouterr().out.splitlines()
    due = (TODAY + timedelta(days=2)).isoformat()
    assert out == [f"{due}  due      bo  alert on queue depth  [{r.id[:8]} Checkout outage]"]


def test_overdue_exits_1_and_is_marked(
    store: Store, store_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _add(
        store,
        "Outage",
        ("runbook", "ana", TODAY - timedelta(days=1)),
        ("dashboard", "bo", TODAY + timedelta(days=1)),
    )
    assert _due(store_path) == 1
    lines = capsys.readouterr().out.splitlines()
    assert [ln.split("  ")[1].strip() for ln in lines] == ["OVERDUE", "due"]


def test_within_widens_the_window(
    store: Store, store_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _add(store, "R", ("in two weeks", "ana", TODAY + timedelta(days=13)))
    assert _due(store_path) == 0
    assert capsys.readouterr().out == ""
    assert _due(store_path, "--within", "2w") == 0
    assert "in two weeks" in capsys.readouterr().out


def test_owner_and_mine_filter(
    store: Store, store_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _add(
        store,
        "R",
        ("ana's overdue", "Ana", TODAY - timedelta(days=3)),
        ("bo's soon", "bo", TODAY + timedelta(days=1)),
    )
    assert _due(store_path, "--owner", "bo") == 0  # bo has nothing overdue
    assert "bo's soon" in capsys.readouterr().out
    assert _due(store_path, "--mine") == 1  # $USER is ana in tests; case does not matter
    out = capsys.readouterr().out
    assert "ana's overdue" in out and "bo's soon" not in out
    assert _due(store_path, "--mine", "--as", "bo") == 0


def test_json_is_an_array_with_overdue_flags(
    store: Store, store_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    r = _add(store, "R", ("x", "ana", TODAY - timedelta(days=1)))
    assert _due(store_path, "--json") == 1
    data = json.loads(capsys.readouterr().out)
    assert data == [
        {
            "commitment_id": r.commitments[0].id,
            "due": (TODAY - timedelta(days=1)).isoformat(),
            "overdue": True,
            "owner": "ana",
            "deliverable": "x",
            "done_when": "",
            "review_id": r.id,
            "review_title": "R",
            "review_kind": "postmortem",
            "tags": [],
        }
    ]
    assert _due(store_path, "--json", "--owner", "nobody") == 0
    assert json.loads(capsys.readouterr().out) == []


def test_empty_store_is_fine(store_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _due(store_path) == 0
    assert not store_path.exists()


def test_bad_within_exits_2_with_a_message(
    store_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _due(store_path, "--within", "soon") == 2
    assert "is not a span" in capsys.readouterr().err


def test_damaged_store_exits_2(
    store: Store, store_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _add(store, "R", ("x", "ana", TODAY))
    # `due` reads the open commitments' file, not the index (docs/store.md).
    store_path.with_name("pmtui.open.json").write_text("{ not json")
    assert _due(store_path) == 2
    assert capsys.readouterr().err.startswith("pmtui: ")


def test_owner_and_mine_together_is_a_usage_error(
    store_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exc:
        _due(store_path, "--owner", "bo", "--mine")
    assert exc.value.code == 2


def test_help_documents_exit_status(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["due", "--help"])
    out = capsys.readouterr().out
    assert "exit status" in out and "1  at least one listed commitment is overdue" in out


def test_due_does_not_import_textual(store: Store, store_path: Path) -> None:
    _add(store, "R", ("x", "ana", TODAY + timedelta(days=1)))
    code = (
        "import sys; from pmtui.cli import main; rc = main(['due', '--store', sys.argv[1]]); "
        "assert 'textual' not in sys.modules and 'questionary' not in sys.modules; sys.exit(rc)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(store_path)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert "x" in done.stdout


def test_unreadable_store_exits_2(
    pmtui_for_all: Path, accounts: Accounts, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Another account's private store: exit 2 and a message, never a traceback."""
    owner = accounts.user("due-owner")
    other = accounts.user("due-other")
    store_path = owner.home / "store" / "pmtui.json"
    made = run_as(
        owner,
        [
            str(pmtui_for_all),
            "--store",
            str(store_path),
            "quick",
            "--no-input",
            "--what",
            "x",
            "--cause",
            "y",
            "--category",
            "tooling",
            "--commitment",
            "Add an alert on queue depth",
            "--due",
            "+1d",
        ],
    )
    assert made.returncode == 0, made.stderr
    owner.home.chmod(0o755)  # the store's own 0700 directory is what must keep others out
    done = run_as(other, [str(pmtui_for_all), "due", "--store", str(store_path)])
    assert done.returncode == 2, (done.stdout, done.stderr)
    assert "Traceback" not in done.stderr
    assert str(store_path.parent) in done.stderr or "permission" in done.stderr.lower()
