"""The ``keys`` fixture: a prompter wired to a pipe the test types into."""

from __future__ import annotations

import io
from collections.abc import Iterator

import pytest
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from pmtui.prompts.ask import Prompter
from tests.prompts.keys import Keys


@pytest.fixture
def keys() -> Iterator[Keys]:
    with create_pipe_input() as inp:
        said = io.StringIO()
        yield Keys(Prompter(input=inp, output=DummyOutput(), out=said), said, inp)
