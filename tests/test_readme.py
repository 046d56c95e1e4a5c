"""The README's two set-up commands stay true: CI runs exactly the test command."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _setup_commands() -> list[str]:
    readme = (ROOT / "README.md").read_text()
    section = readme.split("## Set up", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.+?)\n```", section)


def test_exactly_two_setup_commands() -> None:
    install, tests = _setup_commands()
    assert install.startswith("python3 -m venv .venv") and install.endswith(".venv/bin/pmtui")
    assert tests == ".venv/bin/python -m pytest"


def test_ci_installs_like_the_readme_and_runs_its_test_command() -> None:
    install, tests = _setup_commands()
    ci = (ROOT / ".ci" / "run").read_text()
    assert "python3 -m venv .venv" in ci
    assert "pip install --quiet -e '.[test]'" in ci and "-e '.[test]'" in install
    assert tests in ci.splitlines()
