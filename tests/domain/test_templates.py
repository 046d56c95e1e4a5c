"""Templates: the packaged defaults, a team's overrides, and clear errors."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pmtui.domain.model import Kind
from pmtui.domain.stages import NAMES as STAGES
from pmtui.domain.templates import TemplateError, ground_rule, load_templates


def write(config: Path, name: str, text: str) -> Path:
    path = config / "templates" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_packaged_templates_cover_every_kind(tmp_path: Path) -> None:
    templates = load_templates(tmp_path)
    assert list(templates)[:5] == ["postmortem", "quick", "lessons", "checkin", "personal"]
    assert {"4ls", "start-stop-continue", "glad-sad-mad"} <= set(templates)
    assert {t.kind for t in templates.values()} == set(Kind)
    for t in templates.values():
        assert t.stages == tuple(s for s in STAGES if s in t.stages)
        assert set(t.prompts) <= set(t.stages)
        assert all(t.prompts[s] for s in t.stages), t.name


def test_cause_tree_and_sections_follow_the_kind(tmp_path: Path) -> None:
    templates = load_templates(tmp_path)
    assert templates["postmortem"].cause_tree
    assert templates["quick"].cause_tree
    assert templates["personal"].cause_tree
    assert not templates["lessons"].cause_tree
    assert not templates["checkin"].cause_tree
    lessons = templates["lessons"]
    assert [s.key for s in lessons.sections] == ["went_well", "went_wrong", "do_differently"]
    assert "stakeholders" in lessons.section("went_wrong").categories  # type: ignore[union-attr]
    assert [s.key for s in templates["checkin"].sections] == ["mood", "in_the_way"]
    assert [s.key for s in templates["glad-sad-mad"].sections] == ["glad", "sad", "mad"]


def test_default_config_dir_comes_from_the_environment(tmp_path: Path) -> None:
    # conftest points $PMTUI_CONFIG_DIR at tmp_path / "config"
    write(tmp_path / "config", "oncall.toml", VALID_NEW)
    assert "oncall" in load_templates()


VALID_NEW = """
kind = "quick"
title = "On-call handover"
description = "What the next person on call needs to know"
stages = ["frame", "facts", "commitments"]
[prompts]
facts = "What happened on your shift?"
"""


def test_a_team_file_adds_a_template(tmp_path: Path) -> None:
    write(tmp_path, "oncall.toml", VALID_NEW)
    t = load_templates(tmp_path)["oncall"]
    assert t.kind is Kind.QUICK
    assert t.stages == ("frame", "facts", "commitments")
    assert t.prompt("facts") == "What happened on your shift?"
    assert t.prompt("frame") == ""
    assert list(load_templates(tmp_path))[-1] == "oncall"


def test_a_team_file_overrides_only_the_fields_it_sets(tmp_path: Path) -> None:
    write(tmp_path, "postmortem.toml", '[prompts]\nfacts = "Walk us through it."\n')
    base = load_templates(tmp_path / "elsewhere")["postmortem"]
    t = load_templates(tmp_path)["postmortem"]
    assert t.prompt("facts") == "Walk us through it."
    assert t.prompt("causes") == base.prompt("causes")
    assert t.sections == base.sections
    assert t.title == base.title


def test_a_team_can_replace_cause_categories(tmp_path: Path) -> None:
    write(tmp_path, "postmortem.toml", 'cause_categories = ["Vendor", "process"]\n')
    assert load_templates(tmp_path)["postmortem"].cause_categories == ("vendor", "process")


def test_name_field_wins_over_the_file_name(tmp_path: Path) -> None:
    write(tmp_path, "mine.toml", 'name = "quick"\ntitle = "Tiny review"\n')
    assert load_templates(tmp_path)["quick"].title == "Tiny review"


@pytest.mark.parametrize(
    ("text", "field", "words"),
    [
        ("kind = 'retro'\n", "kind", "one of postmortem"),
        ("stages = ['frame', 'causes', 'facts']\n", "stages", "in the order"),
        ("stages = ['frame', 'timeline']\n", "stages", "'timeline'"),
        ("stages = []\n", "stages", "at least one"),
        ("title = ''\n", "title", "non-empty string"),
        ("cause_tree = 'yes'\n", "cause_tree", "true or false"),
        ("colour = 'red'\n", "colour", "not a template field"),
        ("[prompts]\nfollowup = 'x'\n", "prompts.followup", "a stage of this template"),
        (
            "[[sections]]\nkey = 'Went Well'\ntitle = 'x'\nprompt = 'y'\n",
            "sections[0].key",
            "lowercase",
        ),
        ("[[sections]]\nkey = 'a'\ntitle = 'x'\n", "sections[0].prompt", "non-empty"),
        (
            "[[sections]]\nkey='a'\ntitle='x'\nprompt='y'\n[[sections]]\nkey='a'\ntitle='x'\nprompt='y'\n",
            "sections[1].key",
            "repeats",
        ),
        ("cause_categories = ['" + "x" * 41 + "']\n", "cause_categories", "at most 40"),
        ("cause_categories = [3]\n", "cause_categories", "list of non-empty strings"),
    ],
)
def test_errors_name_the_file_and_the_field(
    tmp_path: Path, text: str, field: str, words: str
) -> None:
    path = write(tmp_path, "postmortem.toml", text)
    with pytest.raises(TemplateError) as info:
        load_templates(tmp_path)
    assert info.value.field == field
    assert str(path) in str(info.value)
    assert words in str(info.value)


def test_a_new_template_must_set_every_required_field(tmp_path: Path) -> None:
    write(tmp_path, "retro.toml", 'kind = "lessons"\ntitle = "Retro"\nstages = ["frame"]\n')
    with pytest.raises(TemplateError, match="description: a non-empty string"):
        load_templates(tmp_path)


def test_sections_are_needed_when_there_is_no_cause_tree(tmp_path: Path) -> None:
    write(tmp_path, "lessons.toml", "sections = []\n")
    with pytest.raises(TemplateError, match="at least one section"):
        load_templates(tmp_path)


def test_broken_toml_is_reported_with_its_file(tmp_path: Path) -> None:
    path = write(tmp_path, "broken.toml", "kind = \n")
    with pytest.raises(TemplateError, match="not valid TOML") as info:
        load_templates(tmp_path)
    assert str(path) in str(info.value)


def test_ground_rule_is_packaged_and_overridable(tmp_path: Path) -> None:
    text = ground_rule(tmp_path)
    assert "facilitator" in text.lower()
    assert "blame" in text.lower()
    write(tmp_path, "ground-rule.txt", "  We assume good intent.\n")
    assert ground_rule(tmp_path) == "We assume good intent."
    write(tmp_path, "ground-rule.txt", "\n")
    with pytest.raises(TemplateError, match="empty"):
        ground_rule(tmp_path)


def _toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    assert isinstance(value, dict)
    return "{" + ", ".join(f'"{k}" = {_toml_value(v)}' for k, v in value.items()) + "}"


_scalars = st.one_of(
    st.booleans(), st.integers(-5, 5), st.text(alphabet="abcdefrz_- ", max_size=12)
)
_values = st.one_of(
    _scalars,
    st.sampled_from([*STAGES, "postmortem", "quick", "lessons", "nope"]),
    st.lists(st.one_of(_scalars, st.sampled_from(STAGES)), max_size=5),
    st.dictionaries(
        st.sampled_from([*STAGES, "key", "title", "prompt", "x"]), _scalars, max_size=4
    ),
    st.lists(
        st.dictionaries(st.sampled_from(["key", "title", "prompt", "categories", "y"]), _scalars),
        max_size=3,
    ),
)
_fields = st.dictionaries(
    st.sampled_from(
        [
            "name",
            "kind",
            "title",
            "description",
            "stages",
            "prompts",
            "sections",
            "cause_tree",
            "cause_categories",
            "extra",
        ]
    ),
    _values,
    max_size=9,
)


@settings(max_examples=150, deadline=None)
@given(fields=_fields, name=st.sampled_from(["postmortem", "oncall"]))
def test_any_template_file_loads_or_says_what_is_wrong(fields: dict[str, Any], name: str) -> None:
    text = "".join(f"{key} = {_toml_value(value)}\n" for key, value in fields.items())
    with tempfile.TemporaryDirectory() as tmp:
        write(Path(tmp), f"{name}.toml", text)
        try:
            templates = load_templates(Path(tmp))
        except TemplateError as exc:
            assert f"{name}.toml" in str(exc)
        else:
            assert all(t.stages and t.title for t in templates.values())
