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
