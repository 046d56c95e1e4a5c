"""``pmtui guide``: the team's guide, built from the files the app uses."""

from __future__ import annotations

from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from pmtui.cli import main


def test_guide_to_stdout_has_process_roles_questions_and_ground_rule(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["guide"]) == 0
    out = capsys.readouterr().out
    for heading in (
        "## Ground rule",
        "## Roles",
        "## The process",
        "## Kinds of review",
        "## What the coach looks for",
    ):
        assert heading in out
    assert "**Facilitator**" in out and "**Owners**" in out
    assert "### Blameless postmortem (`postmortem`)" in out
    assert "*Where we got lucky*" in out
    tokens = MarkdownIt().parse(out)
    assert any(t.type == "blockquote_open" for t in tokens)


def test_guide_follows_the_team_files(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    templates = tmp_path / "config" / "templates"
    templates.mkdir(parents=True)
    (templates / "ground-rule.txt").write_text(
        "We look at the system, together.\n", encoding="utf-8"
    )
    (templates / "postmortem.toml").write_text(
        '[prompts]\nfacts = "Walk us through it, minute by minute."\n', encoding="utf-8"
    )
    (tmp_path / "config" / "coach.toml").write_text(
        'disabled = ["commitment-gate"]\n', encoding="utf-8"
    )
    out_path = tmp_path / "guide.md"
    assert main(["guide", "-o", str(out_path)]) == 0
    text = out_path.read_text(encoding="utf-8")
    assert "> We look at the system, together." in text
    assert "Walk us through it, minute by minute." in text
    assert "turned off: commitment-gate" in text


def test_guide_reports_a_broken_template(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    templates = tmp_path / "config" / "templates"
    templates.mkdir(parents=True)
    (templates / "quick.toml").write_text("kind = 'nope'\n", encoding="utf-8")
    assert main(["guide"]) == 2
    assert "quick.toml: kind" in capsys.readouterr().err


def test_guide_reports_an_unwritable_path(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert main(["guide", "-o", str(tmp_path / "missing" / "guide.md")]) == 2
    assert "cannot write" in capsys.readouterr().err


def test_guide_shows_the_review_policy_and_the_file_that_changes_it(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert main(["guide"]) == 0
    out = capsys.readouterr().out
    assert "## Which incidents we review, and by when" in out
    assert "| SEV1 | Blameless postmortem (`postmortem`) | 5 working days |" in out
    assert "| SEV4 | Quick review (`quick`) | optional |" in out
    assert "| not rated yet | Quick review (`quick`) | 2 days |" in out
    assert "pmtui's defaults" in out and '[SEV3]\nreview = "quick"\nwithin = "2 days"' in out
    (tmp_path / "config").mkdir(exist_ok=True)
    (tmp_path / "config" / "policy.toml").write_text(
        '[SEV3]\nreview = "postmortem"\nwithin = "1 week"\n[SEV5]\nreview = "retro"\n'
    )
    assert main(["guide"]) == 0
    out = capsys.readouterr().out
    assert "| SEV3 | Blameless postmortem (`postmortem`) | 7 days |" in out
    assert "retro: no such template, fix the policy" in out
    assert str(tmp_path / "config" / "policy.toml") in out


def test_an_unreadable_policy_stops_the_guide_with_its_reason(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    (tmp_path / "config").mkdir(exist_ok=True)
    (tmp_path / "config" / "policy.toml").write_text("[SEV1]\nwithin = 'soon'\n")
    assert main(["guide"]) == 2
    assert "SEV1.within" in capsys.readouterr().err
