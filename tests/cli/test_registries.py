"""One registry each for stages and export formats, and every place that lists them reads it.

Adding a stage or a format should touch its registry row, its own module,
its stylesheet or golden file and the docs: these tests name what else
follows the registry (help, guide, templates, the app's panes).
"""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

from pmtui.cli import main
from pmtui.domain import stages
from pmtui.domain.stages import NAMES as TEMPLATE_STAGES
from pmtui.store.exports import FORMATS, per_review, renderer
from pmtui.tui.stages.base import StagePane
from pmtui.tui.styles import styles_dir

ROOT = Path(__file__).resolve().parents[2]


def test_export_help_and_choices_list_every_registered_format(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit):
        main(["export", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "{" + ",".join(FORMATS) + "}" in text
    for fmt in FORMATS.values():
        assert f"{fmt.name} ({fmt.description})" in text


@pytest.mark.parametrize("name", list(FORMATS))
def test_every_format_has_its_module_and_golden_file(name: str) -> None:
    fmt = FORMATS[name]
    assert callable(renderer(name))
    assert (ROOT / "tests/data/golden" / f"sample{fmt.suffix}").is_file()
    if fmt.per_review:
        assert callable(per_review(name))
    else:
        with pytest.raises(ValueError):
            per_review(name)


def test_the_guide_lists_every_stage_with_its_title_and_purpose(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["guide"]) == 0
    text = capsys.readouterr().out
    process = text[text.index("## The process") : text.index("## Kinds of review")]
    for number, stage in enumerate(stages.STAGES):
        line = f"1. **{stage.title}.** {stage.purpose}"
        assert line in process
        assert process.index(line) > (
            process.index(f"**{stages.STAGES[number - 1].title}.**") if number else -1
        )


@pytest.mark.parametrize("stage", stages.STAGES, ids=lambda s: s.name)
def test_every_stage_has_its_pane_and_stylesheet(stage: stages.Stage) -> None:
    module = importlib.import_module(f"pmtui.tui.stages.{stage.name}")
    panes = [
        obj
        for obj in vars(module).values()
        if isinstance(obj, type) and issubclass(obj, StagePane) and obj.stage == stage.name
    ]
    assert len(panes) == 1
    assert (styles_dir() / f"{stage.stylesheet}.tcss").is_file()


def test_templates_walk_the_registered_stages_in_order() -> None:
    assert TEMPLATE_STAGES == stages.NAMES
