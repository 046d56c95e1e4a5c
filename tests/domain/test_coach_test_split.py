"""The coach on the held-out test split of real postmortem text (issue 17's target).

The test split (tests/data/coach-real/test) is read here and nowhere else
while the coach is tuned: the rules and the model are tuned on train and
checked on dev (or by cross-validation by document over both). Issue 17
asks for precision 0.9 and recall 0.85 per stage on test. The coach does
not reach that yet, so the target is kept as a strict expected failure
(the day a stage meets it this test fails and the mark must go), and a
second test fails if a stage drops below the figures measured when the
coach last changed (docs/coach.md lists them).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pmtui.domain.coach import check_text, load_rules

TEST_SPLIT = Path(__file__).parent.parent / "data" / "coach-real" / "test"
TARGET = (0.90, 0.85)
"""Precision and recall per stage asked for by issue 17."""
MEASURED = {
    "facts": (0.86, 0.65),
    "causes": (0.81, 0.57),
    "commitments": (0.83, 0.86),
}
"""Precision and recall on test when the coach last changed (the ninth look, docs/coach.md)."""

MARGIN = 0.03


def scores(stage: str, config_dir: Path) -> tuple[float, float]:
    rules = load_rules(config_dir)
    tp = fp = fn = 0
    for line in (TEST_SPLIT / f"{stage}.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        label, _source, text = line.split("\t", 2)
        found = bool(check_text(stage, text, rules=rules))
        flagged = label == "flag"
        tp += found and flagged
        fp += found and not flagged
        fn += flagged and not found
    return tp / (tp + fp), tp / (tp + fn)


@pytest.mark.parametrize("stage", list(MEASURED))
@pytest.mark.xfail(strict=True, reason="issue 17's target is not met yet on test (docs/coach.md)")
def test_the_target_on_the_test_split(stage: str, tmp_path: Path) -> None:
    precision, recall = scores(stage, tmp_path)
    assert precision >= TARGET[0] and recall >= TARGET[1]


@pytest.mark.parametrize("stage", list(MEASURED))
def test_no_worse_than_when_last_measured(stage: str, tmp_path: Path) -> None:
    precision, recall = scores(stage, tmp_path)
    floor_p, floor_r = MEASURED[stage]
    assert precision >= floor_p - MARGIN, f"{stage}: precision {precision:.2f} fell"
    assert recall >= floor_r - MARGIN, f"{stage}: recall {recall:.2f} fell"
