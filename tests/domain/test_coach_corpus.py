"""The coach measured on a labelled corpus: precision and recall per stage.

False alarms teach people to ignore the coach, so precision counts as much
as recall. The corpus (tests/data/coach/<stage>.tsv) holds realistic
statements, clean and not, including the tricky ones in between.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pmtui.domain.coach import check_text, load_rules

CORPUS = Path(__file__).parent.parent / "data" / "coach"
MINIMUM = 0.9


def corpus(stage: str) -> list[tuple[bool, str]]:
    rows = []
    for line in (CORPUS / f"{stage}.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        label, text = line.split("\t", 1)
        assert label in ("ok", "flag"), line
        rows.append((label == "flag", text))
    return rows


@pytest.mark.parametrize("stage", ["facts", "causes", "commitments"])
def test_precision_and_recall(stage: str, tmp_path: Path) -> None:
    rules = load_rules(tmp_path)
    rows = corpus(stage)
    assert len(rows) >= 150
    assert len({text for _, text in rows}) == len(rows), "duplicate statements"
    tp = fp = fn = 0
    false_alarms, misses = [], []
    for flagged, text in rows:
        found = bool(check_text(stage, text, rules=rules))
        if found and flagged:
            tp += 1
        elif found:
            fp += 1
            false_alarms.append(text)
        elif flagged:
            fn += 1
            misses.append(text)
    precision = tp / (tp + fp)
    recall = tp / (tp + fn)
    print(f"{stage}: precision {precision:.3f} recall {recall:.3f} ({len(rows)} statements)")
    assert precision >= MINIMUM, f"false alarms: {false_alarms}"
    assert recall >= MINIMUM, f"missed: {misses}"
