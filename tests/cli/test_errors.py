"""A broken team file is reported as one line and exit 2, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from pmtui.cli import main


def test_broken_team_template_is_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "config"
    (config / "templates").mkdir(parents=True)
    (config / "templates" / "postmortem.toml").write_text('prompts = "not a table"\n')
    monkeypatch.setenv("PMTUI_CONFIG_DIR", str(config))
    code = main(["guide"])
    err = capsys.readouterr().err
    assert code == 2
    assert "postmortem.toml" in err
    assert "Traceback" not in err


def test_describe_names_team_file_errors() -> None:
    from pmtui.domain.coach.rules import RulesError
    from pmtui.domain.templates import TemplateError
    from pmtui.errors import describe

    assert describe(TemplateError("t.toml", "stages", "a list")) == "t.toml: stages: a list"
    assert describe(RulesError("coach.toml", "quiet", "a table")) == "coach.toml: quiet: a table"
    assert describe(RuntimeError("a bug")) is None


def test_requested_command_skips_global_options() -> None:
    from pmtui.cli import requested_command

    assert requested_command(["--store", "x.json", "--as", "bo", "due", "--json"]) == "due"
    assert requested_command(["--store=x.json", "quick"]) == "quick"
    assert requested_command(["--store", "due"]) is None
    assert requested_command([]) is None


def test_import_command_found_under_its_module_name(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["import", "--help"])
    assert exc.value.code == 0
    assert "FILE" in capsys.readouterr().out


def test_unknown_command_lists_the_real_ones(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["frobnicate"])
    assert exc.value.code == 2
    assert "due" in capsys.readouterr().err
