"""`pmtui health`: the table, the JSON, the Markdown report and a bad --since."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from pmtui.cli import main
from pmtui.context import Context
from tests.domain.test_health import TODAY, build


@pytest.fixture
def known(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, dict[str, str]]:
    """The hand-built store of tests/domain/test_health.py, seen on its day."""
    monkeypatch.setattr(Context, "today", property(lambda _self: TODAY))
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "store" / "pmtui.json"
    path.parent.mkdir()
    _store, ids = build(path)
    return path, ids


def test_json_has_one_object_per_month_with_the_four_figures(
    known: tuple[Path, dict[str, str]], capsys: pytest.CaptureFixture[str]
) -> None:
    path, _ids = known
    assert main(["health", "--store", str(path), "--since", "2m", "--json"]) == 0
    months = json.loads(capsys.readouterr().out)
    assert [m["month"] for m in months] == ["2026-10", "2026-11"]
    octo, nov = months
    assert set(octo) == {"month", "blame", "skipped", "shallow", "follow_through"}
    assert octo["blame"]["percent"] == 40.0 and octo["blame"]["flagged"] == 2
    assert octo["skipped"]["skipped"] == 1 and octo["skipped"]["reviewed_late"] == 1
    assert nov["shallow"]["recurring"] == 1
    assert nov["follow_through"]["percent"] == 33.3
    assert nov["follow_through"]["follow_ups_due"] == 2


def test_the_table_fits_80_columns_and_says_what_changed(
    known: tuple[Path, dict[str, str]], capsys: pytest.CaptureFixture[str]
) -> None:
    path, _ids = known
    assert main(["health", "--store", str(path), "--since", "2026-10"]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0].split() == ["month", "blame", "skipped", "shallow", "follow-through"]
    assert lines[1].split()[:3] == ["2026-10", "40%", "(2"]
    assert "2026-11" in lines[2] and "33% (1 of 3)" in lines[2]
    assert all(len(line) <= 80 for line in lines)
    said = " ".join(out.split())
    assert "Blame or hindsight wording fell from 40% to 0%" in said
    assert "Commitments kept by their due date stayed at 33% of those due (1 of 3)." in said


def test_the_default_is_six_months(
    known: tuple[Path, dict[str, str]], capsys: pytest.CaptureFixture[str]
) -> None:
    path, _ids = known
    assert main(["health", "--store", str(path), "--json"]) == 0
    months = [m["month"] for m in json.loads(capsys.readouterr().out)]
    assert months == ["2026-06", "2026-07", "2026-08", "2026-09", "2026-10", "2026-11"]


def test_o_writes_a_markdown_report_with_the_charts_numbers(
    known: tuple[Path, dict[str, str]], capsys: pytest.CaptureFixture[str]
) -> None:
    path, _ids = known
    assert main(["health", "--store", str(path), "--since", "2m", "-o", "report.md"]) == 0
    text = Path("report.md").read_text()
    assert text.startswith(f"# Practice health, {TODAY.isoformat()}")
    assert "## Follow-through: kept by due date (%)" in text
    assert "| 2026-10 | 33% | 3 | 1 | 1 | 0 | 1 | 0 | 0 | 0 |" in text
    assert "| 2026-11 | 33% | 3 | 1 | 0 | 2 | 0 | 1 | 2 | 1 |" in text
    assert "| 2026-10 | 40% | 5 | 5 | 2 | 1 | 1 |" in text
    assert "wrote " in capsys.readouterr().err
    # an existing report is kept unless --force
    assert main(["health", "--store", str(path), "-o", "report.md"]) == 2
    assert "add --force" in capsys.readouterr().err
    assert main(["health", "--store", str(path), "-o", "report.md", "--force"]) == 0


@pytest.mark.parametrize("since", ["six", "0m", "2026-13", "+3w", ""])
def test_a_bad_since_is_one_line_and_exit_2(
    known: tuple[Path, dict[str, str]], capsys: pytest.CaptureFixture[str], since: str
) -> None:
    path, _ids = known
    assert main(["health", "--store", str(path), "--since", since]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("pmtui: --since")
    assert "6m" in lines[0]


def test_a_recompute_says_so(
    known: tuple[Path, dict[str, str]], capsys: pytest.CaptureFixture[str]
) -> None:
    path, _ids = known
    assert main(["health", "--store", str(path), "--since", "2m", "--recompute"]) == 0
    assert "RECOMPUTED with today's coach" in capsys.readouterr().out
    assert main(["health", "--store", str(path), "--since", "2m", "--json", "--recompute"]) == 0
    months = json.loads(capsys.readouterr().out)
    assert months[1]["blame"]["recomputed"] is True
    assert months[1]["blame"]["judged"] == 3
    assert date.fromisoformat(months[1]["month"] + "-01")


def test_json_with_o_writes_the_json_to_the_file(
    known: tuple[Path, dict[str, str]], capsys: pytest.CaptureFixture[str]
) -> None:
    """``--json -o health.json`` is the JSON in a file (it wrote the Markdown report)."""
    path, _ids = known
    assert main(["health", "--store", str(path), "--since", "2m", "--json"]) == 0
    printed = capsys.readouterr().out
    assert main(["health", "--store", str(path), "--since", "2m", "--json", "-o", "h.json"]) == 0
    captured = capsys.readouterr()
    assert captured.out == "" and "wrote " in captured.err
    assert Path("h.json").read_text() == printed
    assert json.loads(printed)[0]["month"] == "2026-10"


@pytest.mark.parametrize(
    ("output", "said"),
    [
        (".", "is a directory, not a file name"),
        ("/dev/full", "is outside"),
        ("../report.md", "is outside"),
        ("missing/report.md", "does not exist; create it first"),
        ("link.md", "is a symbolic link"),
    ],
)
def test_a_report_pmtui_cannot_write_is_one_line_and_exit_2(
    known: tuple[Path, dict[str, str]],
    capsys: pytest.CaptureFixture[str],
    output: str,
    said: str,
) -> None:
    path, _ids = known
    Path("link.md").symlink_to("/dev/full")
    assert main(["health", "--store", str(path), "-o", output]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    (line,) = captured.err.splitlines()
    assert line.startswith("pmtui: ") and said in line
    assert "othing was written" in line
    assert "--dir" not in line  # pmtui health has no --dir to offer
    assert not Path("../report.md").exists()
    assert _files_here() == []


def test_a_full_disk_leaves_no_report_and_exit_2(
    known: tuple[Path, dict[str, str]],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import errno
    import os

    here, fsync = str(Path.cwd()), os.fsync

    def full_here(fd: int) -> None:
        """The disk of the current directory is full (the store's writes go on)."""
        if os.readlink(f"/proc/self/fd/{fd}").startswith(here + os.sep + "."):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        fsync(fd)

    path, _ids = known
    monkeypatch.setattr(os, "fsync", full_here)
    assert main(["health", "--store", str(path), "-o", "report.md"]) == 2
    (line,) = capsys.readouterr().err.splitlines()
    assert line.startswith("pmtui: cannot write ") and "No space left on device" in line
    assert "Nothing was written." in line
    assert _files_here() == []  # no report, no temporary file


def test_incidents_pmtui_cannot_read_are_never_counted_as_none(
    known: tuple[Path, dict[str, str]], capsys: pytest.CaptureFixture[str]
) -> None:
    """A teammate broke the incidents file by hand: skipped cannot be counted, so the
    command says which file and how to repair it (exit 2) instead of printing skipped
    as "- (none)"; the file is left as it was."""
    path, _ids = known
    incidents = path.with_name("pmtui.incidents.json")
    broken = incidents.read_bytes()[:-3]
    incidents.write_bytes(broken)
    for args in ([], ["--json"], ["-o", "report.md"]):
        assert main(["health", "--store", str(path), *args]) == 2
        captured = capsys.readouterr()
        assert captured.out == ""
        assert captured.err.startswith(f"pmtui: cannot read {incidents}: it is not valid JSON")
        assert "pmtui restore" in captured.err
    assert incidents.read_bytes() == broken
    assert not Path("report.md").exists()


def _files_here() -> list[str]:
    """The regular files in the current directory (where a report would be written)."""
    return sorted(p.name for p in Path.cwd().iterdir() if p.is_file() and not p.is_symlink())
