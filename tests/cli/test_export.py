"""``pmtui export`` and ``pmtui import`` from the command line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from pmtui.cli import main
from pmtui.store.exports import FORMATS
from pmtui.store.repository import Store
from tests.store.helpers import make_review
from tests.store.test_export_formats import sample_review


@pytest.fixture
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, store: Store) -> Path:
    """A working directory and a store holding the sample review."""
    store.add(sample_review())
    cwd = tmp_path / "work"
    cwd.mkdir()
    monkeypatch.chdir(cwd)
    monkeypatch.setenv("PMTUI_STORE", str(store.path))
    return cwd


def test_prints_to_standard_output_by_default(
    work: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["export", "--review", "9e5f", "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["reviews"][0]["id"] == sample_review().id
    assert list(work.iterdir()) == []


def test_writes_a_file_and_never_replaces_one_without_force(
    work: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["export", "--all", "--format", "csv", "-o", "out.csv"]) == 0
    first = (work / "out.csv").read_text(encoding="utf-8")
    assert first.startswith("review,owner,deliverable")
    (work / "out.csv").write_text("mine", encoding="utf-8")
    assert main(["export", "--all", "--format", "csv", "-o", "out.csv"]) == 2
    assert "exists; add --force" in capsys.readouterr().err
    assert (work / "out.csv").read_text(encoding="utf-8") == "mine"
    assert main(["export", "--all", "--format", "csv", "-o", "out.csv", "--force"]) == 0
    assert (work / "out.csv").read_text(encoding="utf-8") == first
    assert [p.name for p in work.iterdir()] == ["out.csv"]  # no temporary left behind


@pytest.mark.parametrize("where", ["../out.md", "/tmp/pmtui-out.md", "sub/../../out.md"])
def test_refuses_paths_outside_the_chosen_directory(
    work: Path, capsys: pytest.CaptureFixture[str], where: str
) -> None:
    assert main(["export", "--all", "--format", "md", "-o", where]) == 2
    assert "is outside" in capsys.readouterr().err
    assert not (work.parent / "out.md").exists()


def test_dir_chooses_another_directory(work: Path, tmp_path: Path) -> None:
    target = tmp_path / "exports"
    target.mkdir()
    assert main(["export", "--all", "--format", "ics", "--dir", str(target), "-o", "c.ics"]) == 0
    assert (target / "c.ics").read_text(encoding="utf-8").startswith("BEGIN:VCALENDAR")
    assert main(["export", "--all", "--format", "ics", "--dir", str(target), "-o", "../c.ics"]) == 2


def test_refuses_to_write_through_a_symlink(
    work: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("keep", encoding="utf-8")
    (work / "link.md").symlink_to(victim)
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (work / "linked-dir").symlink_to(outside)
    for where in ("link.md", "linked-dir/out.md"):
        assert main(["export", "--all", "--format", "md", "-o", where, "--force"]) == 2
        assert "symbolic link" in capsys.readouterr().err
    assert victim.read_text(encoding="utf-8") == "keep"
    assert list(outside.iterdir()) == []


def test_markdown_for_several_reviews_goes_one_file_each(work: Path, store: Store) -> None:
    store.add(make_review("second review"))
    assert main(["export", "--all", "--format", "md", "-o", "postmortems/"]) == 0
    names = sorted(p.name for p in (work / "postmortems").iterdir())
    assert len(names) == 2
    assert any(n.startswith("2026-11-20-checkout-payments-bold-outage-9e5f0c1a") for n in names)
    store.add(make_review("third review"))
    (work / "postmortems" / names[0]).write_text("mine", encoding="utf-8")
    assert main(["export", "--all", "--format", "md", "-o", "postmortems"]) == 2
    assert len(list((work / "postmortems").iterdir())) == 2  # all refused, not some written
    assert (work / "postmortems" / names[0]).read_text(encoding="utf-8") == "mine"
    assert main(["export", "--all", "--format", "md", "-o", "postmortems", "--force"]) == 0
    assert len(list((work / "postmortems").iterdir())) == 3


def test_anonymize_on_the_command_line(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "--review", "9e5f0c1a", "--format", "md", "--anonymize"]) == 0
    out = capsys.readouterr().out
    assert "Ana" not in out and "Owner A" in out


def test_unknown_review_and_missing_choice_are_explained(
    work: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["export", "--review", "ffff", "--format", "md"]) == 2
    assert "no review with id 'ffff'" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["export", "--format", "md"])
    assert "--review" in capsys.readouterr().err


def test_import_round_trip_and_report(
    work: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["export", "--all", "--format", "json", "-o", "all.json"]) == 0
    other = tmp_path / "other" / "pmtui.json"
    assert main(["import", "all.json", "--store", str(other)]) == 0
    assert "1 added" in capsys.readouterr().out
    assert main(["import", "all.json", "--store", str(other)]) == 0
    assert "0 added, 0 updated, 1 unchanged" in capsys.readouterr().out


def test_import_reports_conflicts_with_exit_1(
    work: Path, store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["export", "--all", "--format", "json", "-o", "all.json"]) == 0
    doc = json.loads((work / "all.json").read_text(encoding="utf-8"))
    doc["reviews"][0]["title"] = "edited in the file"
    (work / "all.json").write_text(json.dumps(doc), encoding="utf-8")
    store.update(sample_review().id, lambda r: setattr(r, "title", "edited in the store"))
    capsys.readouterr()
    assert main(["import", "all.json"]) == 1
    assert "conflict: 9e5f0c1a" in capsys.readouterr().out
    assert store.get(sample_review().id).title == "edited in the store"


def test_import_refuses_a_malformed_file(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (work / "bad.json").write_text('{"format": "pmtui-export", "version": 1}', encoding="utf-8")
    assert main(["import", "bad.json"]) == 2
    err = capsys.readouterr().err
    assert "cannot import bad.json" in err and "Nothing was written" in err


def test_export_and_import_never_load_the_ui(work: Path, store: Store) -> None:
    code = (
        "import sys\n"
        "from pmtui.cli import main\n"
        f"for fmt in {list(FORMATS)!r}:\n"
        "    assert main(['export', '--all', '--format', fmt, '-o', 'out.' + fmt]) == 0\n"
        "assert main(['import', 'out.json']) == 0\n"
        "ui = ('textual', 'questionary', 'prompt_toolkit', 'rich')\n"
        "print(sorted(m for m in ui if m in sys.modules))\n"
    )
    env = {**os.environ, "PMTUI_STORE": str(store.path)}
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=work, env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "[]"
