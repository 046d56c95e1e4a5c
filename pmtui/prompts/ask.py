"""Asking questions: the only module of pmtui that touches questionary.

A :class:`Prompter` takes optional prompt_toolkit ``input`` and ``output``
objects so tests can drive a whole flow through a pipe. Ctrl-C, or input that
ends, raises :class:`Cancelled` whatever the question, so a flow never writes
half an answer.

Questions quote store text (a deliverable, a title); every message, choice
and default passes through :func:`pmtui.domain.text.shown` here, the one
place that hands text to questionary, so nothing in the store acts on the
terminal.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from typing import Any, TextIO, TypeVar

from pmtui.domain.text import shown

T = TypeVar("T")

Check = Callable[[str], str | None]
"""Reads an answer; returns a message saying what is wrong, or ``None`` when it is fine."""

REQUIRED = "an answer is needed here (Ctrl-C stops without saving anything)"


class Cancelled(Exception):
    """The person stopped the flow; nothing from it is written unless they keep it."""

    def __init__(self, typed: str = "") -> None:
        super().__init__(typed)
        self.typed = typed
        """What was in the question's text field when it was stopped (stripped)."""


class Prompter:
    """Asks one question at a time and says things between questions."""

    def __init__(self, input: Any = None, output: Any = None, out: TextIO | None = None) -> None:
        self._io = {k: v for k, v in (("input", input), ("output", output)) if v is not None}
        self._out = out

    @classmethod
    def for_terminal(cls) -> Prompter:
        """Ask on the terminal even when standard output is captured.

        In ``id=$(pmtui quick)`` the questions and everything said between
        them go to standard error, so only the review id reaches the script.
        """
        from prompt_toolkit.output import create_output

        from pmtui.output import raw

        # prompt_toolkit draws the prompt itself: it gets the terminal under
        # pmtui's safe stream, and the text it shows is made safe here.
        if sys.stdout.isatty() or not sys.stderr.isatty():
            return cls(output=create_output(stdout=raw(sys.stdout)))
        return cls(output=create_output(stdout=raw(sys.stderr)), out=sys.stderr)

    @property
    def out(self) -> TextIO:
        return self._out or sys.stdout

    def say(self, line: str = "") -> None:
        """Print plain text between questions (user text is never markup here)."""
        print(shown(line, multiline=True), file=self.out, flush=True)

    def text(
        self,
        message: str,
        *,
        default: str = "",
        required: bool = False,
        check: Check | None = None,
        instruction: str | None = None,
    ) -> str:
        """A one-line answer, stripped; ``check`` and ``required`` re-ask with a message."""
        import questionary

        def validate(raw: str) -> bool | str:
            value = raw.strip()
            if not value:
                return REQUIRED if required else True
            problem = check(value) if check else None
            return shown(problem, multiline=True) if problem else True

        answer = self._run(
            questionary.text(
                shown(message, multiline=True),
                default=shown(default),
                validate=validate,
                instruction=shown(instruction) if instruction else instruction,
                **self._io,
            )
        )
        return str(answer).strip()

    def select(self, message: str, choices: Sequence[tuple[str, T]], default: T | None = None) -> T:
        """One of ``choices`` (label, value); arrow keys or the number keys pick one."""
        import questionary

        # Choices carry their position, not their value: questionary replaces a
        # value of None by the label, and "too early to say" must stay None.
        options = [
            questionary.Choice(title=shown(label), value=i) for i, (label, _v) in enumerate(choices)
        ]
        start = None
        if default is not None:
            start = next(
                (o for o, (_l, v) in zip(options, choices, strict=True) if v == default), None
            )
        picked: int = self._run(
            questionary.select(
                shown(message, multiline=True),
                choices=options,
                default=start,
                use_shortcuts=len(options) <= 36,
                **self._io,
            )
        )
        return choices[picked][1]

    def confirm(self, message: str, *, default: bool = False) -> bool:
        import questionary

        question = questionary.confirm(shown(message, multiline=True), default=default, **self._io)
        return bool(self._run(question))

    def _run(self, question: Any) -> Any:
        try:
            answer = question.unsafe_ask()
        except (KeyboardInterrupt, EOFError):
            raise Cancelled(_typed(question)) from None
        if answer is None:
            raise Cancelled(_typed(question))
        return answer


def _typed(question: Any) -> str:
    """The text in a stopped question's field: questionary's ``ask()`` gives ``None`` for it,
    and a flow that keeps what was typed keeps this too (``""`` for a choice)."""
    application = getattr(question, "application", None)
    buffer = getattr(application, "current_buffer", None)
    return str(getattr(buffer, "text", "")).strip()
