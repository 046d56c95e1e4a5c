"""Coach hints inside the prompt flows: shown after an answer, accepted or set aside.

The rules themselves live in the domain's coach; this module only decides
how a hint is shown: interactively, with a choice to rewrite the answer or
keep it; in scripted runs, as a line on standard error that never blocks.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, TextIO

from pmtui.prompts.ask import Check, Prompter

if TYPE_CHECKING:  # a Protocol class costs import time on the way to the first prompt
    from typing import Protocol

    class Finding(Protocol):
        rule: str
        message: str
        suggestion: str


Coach = Callable[[str, str], Sequence["Finding"]]
"""``coach(stage, text)``: the hints for one answer in one stage."""


def describe(finding: Finding) -> str:
    if finding.suggestion:
        return f"{finding.message} ({finding.suggestion})"
    return finding.message


def ask_with_hints(
    prompter: Prompter,
    coach: Coach | None,
    stage: str,
    message: str,
    *,
    required: bool = True,
    default: str = "",
    check: Check | None = None,
) -> str:
    """Ask, then show the coach's hints on the answer and let the person rewrite it."""
    text = prompter.text(message, default=default, required=required, check=check)
    while coach is not None and text:
        found = coach(stage, text)
        if not found:
            break
        for finding in found:
            prompter.say(f"  hint: {describe(finding)}")
        rewrite = prompter.select(
            "Rewrite it, or keep it as written?",
            [("Rewrite it", True), ("Keep it as written", False)],
        )
        if not rewrite:
            break
        text = prompter.text(message, default=text, required=required, check=check)
    return text


def print_hints(coach: Coach | None, stage: str, text: str, err: TextIO | None = None) -> None:
    """Scripted runs: the hints go to standard error and nothing waits for an answer."""
    if coach is None or not text:
        return
    for finding in coach(stage, text):
        print(f"pmtui: hint ({stage}): {describe(finding)}", file=err or sys.stderr)
