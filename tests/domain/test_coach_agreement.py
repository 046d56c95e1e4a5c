"""The second labeller's sample and comparison (benchmarks/coach_agreement.py).

The sample a second person labels must never carry the first labels, must be
the same every time for one seed, and the comparison must report what
tests/data/coach-real/AGREEMENT.md records.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]
AGREEMENT = ROOT / "tests" / "data" / "coach-real" / "AGREEMENT.md"
SPLIT_WHEN_DRAWN = {"facts": 191, "causes": 166, "commitments": 142}
"""Lines per stage of test when the sample was drawn (15 documents were added after)."""


@pytest.fixture(scope="module")
def agreement() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "coach_agreement", ROOT / "benchmarks" / "coach_agreement.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_the_sample_holds_only_stage_and_statement(agreement: ModuleType, tmp_path: Path) -> None:
    out = tmp_path / "sample.tsv"
    assert agreement.main(["sample", str(out)]) == 0
    rows = [line.split("\t") for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 180
    assert all(len(row) == 2 and row[0] in agreement.STAGES for row in rows)
    again = tmp_path / "again.tsv"
    agreement.main(["sample", str(again)])
    assert again.read_text(encoding="utf-8") == out.read_text(encoding="utf-8")


def test_kappa_is_cohens(agreement: ModuleType) -> None:
    # 20 items: both flag 5, both ok 10, first-only 3, second-only 2.
    first = ["flag"] * 5 + ["ok"] * 10 + ["flag"] * 3 + ["ok"] * 2
    second = ["flag"] * 5 + ["ok"] * 10 + ["ok"] * 3 + ["flag"] * 2
    # observed 0.75; expected 0.4 * 0.35 + 0.6 * 0.65 = 0.53
    assert agreement.kappa(first, second) == pytest.approx((0.75 - 0.53) / (1 - 0.53))
    assert agreement.kappa(first, first) == pytest.approx(1.0)


def test_agreement_md_lists_the_seeded_sample_with_both_labels(
    agreement: ModuleType, tmp_path: Path
) -> None:
    table = [
        [cell.strip() for cell in row.strip().strip("|").split("|")]
        for row in AGREEMENT.read_text(encoding="utf-8").splitlines()
        if row.startswith("| ") and row.split("|")[1].strip().isdigit()
    ]
    assert [(stage, text) for _n, stage, _s, _f, text in table] == list(
        agreement.sample("test", 60, 17, first=SPLIT_WHEN_DRAWN)
    )
    first = {stage: agreement.labels("test", stage) for stage in agreement.STAGES}
    assert all(first[stage][text] == label for _n, stage, _s, label, text in table)
    labels = tmp_path / "second.tsv"
    labels.write_text("".join(f"{s}\t{st}\t{t}\n" for _n, st, s, _f, t in table), "utf-8")
    figures = "\n".join(agreement.compare(labels, "test"))
    for row in ("| facts | 60 | 59 |", "| causes | 60 | 56 |", "| commitments | 60 | 57 |"):
        assert row in figures
        assert row in AGREEMENT.read_text(encoding="utf-8")
