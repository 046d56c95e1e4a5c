"""Coach hints inside the prompt flows: shown after an answer, accepted or set aside.

The rules themselves live in the domain's coach; this module only decides
how a hint is shown: interactively, with a choice to rewrite the answer or
keep it; in scripted runs, as a line on standard error that never blocks.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any, TextIO

from pmtui.prompts.ask import Cancelled, Check, Prompter

if TYPE_CHECKING:  # a Protocol class costs import time on the way to the first prompt
    from typing import Protocol

    class Finding(Protocol):
        @property
        def rule(self) -> str: ...
        @property
        def message(self) -> str: ...
        @property
        def suggestion(self) -> str: ...


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
    aside: list[str] | None = None,
    raised: list[str] | None = None,
) -> str:
    """Ask, then show the coach's hints on the answer and let the person rewrite it.

    The rules of hints kept as written are added to ``aside``, so the review
    can remember them as set aside and the app does not raise them again.
    Every rule shown is added to ``raised``: a wording rewritten here never
    reaches the store, and practice health counts it as flagged and rewritten
    (:func:`pmtui.domain.verdicts.raised_before`).
    """
    text = prompter.text(message, default=default, required=required, check=check)
    try:
        while coach is not None and text:
            found = coach(stage, text)
            if not found:
                break
            for finding in found:
                prompter.say(f"  hint: {describe(finding)}")
            if raised is not None:
                raised.extend(f.rule for f in found if f.rule not in raised)
            rewrite = prompter.select(
                "Rewrite it, or keep it as written?",
                [("Rewrite it", True), ("Keep it as written", False)],
            )
            if not rewrite:
                if aside is not None:
                    aside.extend(f.rule for f in found if f.rule not in aside)
                break
            text = prompter.text(message, default=text, required=required, check=check)
    except Cancelled as stopped:  # stopped at the hint: the answer is what was typed
        raise Cancelled(stopped.typed or text) from None
    return text


def print_hints(coach: Coach | None, stage: str, text: str, err: TextIO | None = None) -> None:
    """Scripted runs: the hints go to standard error and nothing waits for an answer."""
    if coach is None or not text:
        return
    for finding in coach(stage, text):
        print(f"pmtui: hint ({stage}): {describe(finding)}", file=err or sys.stderr)


class DomainCoach:
    """The domain's coach, told who took part so a name given as a cause is noticed.

    Its rules (and the coach itself) load on the first answer it reads, never
    before the first question is on screen. A team rules file that cannot be
    read turns the hints off with one line on standard error; the flow goes on.
    """

    def __init__(self, names: Iterable[str], err: TextIO | None = None) -> None:
        self.names = tuple(n for n in names if n)
        self.err = err
        self._rules: Any = None
        self._off = False

    def __call__(self, stage: str, text: str) -> Sequence[Finding]:
        from pmtui.domain.coach import RulesError, check_text, default_rules, known_people

        if self._off:
            return []
        if self._rules is None:
            try:
                self._rules = default_rules()
            except RulesError as exc:
                print(f"pmtui: coach hints are off: {exc}", file=self.err or sys.stderr)
                self._off = True
                return []
            self.names = (*self.names, *known_people())
        return check_text(stage, text, names=self.names, rules=self._rules)
