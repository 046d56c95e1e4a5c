"""The CI guard on counted figures (benchmarks/guard.py): it fails on bytes that slipped."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

GUARD = Path(__file__).resolve().parents[1] / "benchmarks" / "guard.py"


def _figure(value: float) -> dict[str, float]:
    return {"median": value, "min": value, "max": value}


def _results(per_char: float, idle: float) -> dict[str, Any]:
    """An ``ssh`` section as ``benchmarks/ssh.py`` writes it, bare app beside pmtui."""
    return {
        "ssh": {
            "sizes": {
                "100": {"bytes_per_char": _figure(per_char), "idle_bytes": _figure(idle)},
            },
            "bare": {"bytes_per_char": _figure(928.0), "idle_bytes": _figure(3_492.0)},
        }
    }


def _guard(tmp_path: Path, results: object) -> subprocess.CompletedProcess[str]:
    path = tmp_path / "bench.json"
    path.write_text(json.dumps(results))
    return subprocess.run(
        [sys.executable, str(GUARD), str(path)], capture_output=True, text=True, check=False
    )


def test_passes_within_targets(tmp_path: Path) -> None:
    done = _guard(tmp_path, _results(per_char=420.0, idle=0.0))
    assert done.returncode == 0, done.stderr
    assert "within their targets" in done.stdout


def test_fails_when_typing_repaints_too_much(tmp_path: Path) -> None:
    done = _guard(tmp_path, _results(per_char=6_600.0, idle=0.0))
    assert done.returncode == 1
    assert "6,600 B per typed character, 7.11x the bare Input's 928 B" in done.stderr


def test_fails_when_an_idle_review_writes(tmp_path: Path) -> None:
    done = _guard(tmp_path, _results(per_char=420.0, idle=1_200.0))
    assert done.returncode == 1
    assert "1,200 B written while idle" in done.stderr
    assert "per typed character" not in done.stderr


def test_a_missing_or_failed_section_is_not_a_pass(tmp_path: Path) -> None:
    assert _guard(tmp_path, {"ssh": {"error": "Traceback ..."}}).returncode == 1
    assert _guard(tmp_path, {"quick": True}).returncode == 1
    broken = tmp_path / "broken.json"
    broken.write_text("{not json")
    done = subprocess.run(
        [sys.executable, str(GUARD), str(broken)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 2
    assert "cannot read" in done.stderr
