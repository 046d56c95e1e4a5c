"""Causes and obstacles are filed under one name per category: the built-in templates say
``tooling`` everywhere (the lessons-learned ones said ``tools``, so the obstacle question
offered both)."""

from __future__ import annotations

from pathlib import Path

from pmtui.domain.model import ValidationError
from pmtui.domain.templates import load_templates
from pmtui.prompts.choices import cause_categories, check_category


def test_every_list_offers_tooling_once_and_no_tools() -> None:
    offered = cause_categories()
    assert offered.count("tooling") == 1 and "tools" not in offered
    for name, template in load_templates().items():
        assert "tools" not in template.cause_categories, name


def test_a_team_template_saying_tools_offers_tooling(tmp_path: Path) -> None:
    team = tmp_path / "config" / "templates"  # $PMTUI_CONFIG_DIR is tmp_path/config
    team.mkdir(parents=True)
    (team / "quick.toml").write_text('cause_categories = ["tools", "vendor", "tooling"]\n')
    assert cause_categories("quick") == ["tooling", "vendor"]
    assert check_category("Tools", cause_categories("quick")) == "tooling"


def test_an_unknown_category_names_each_choice_once() -> None:
    try:
        check_category("bogus", cause_categories())
    except ValidationError as exc:
        assert str(exc).count("tooling") == 1 and "tools" not in str(exc)
    else:
        raise AssertionError("bogus was accepted")
