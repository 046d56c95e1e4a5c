"""``pmtui --store PATH`` opens the app without building a parser, and reads what argparse reads."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from pmtui.cli import app_options, build_parser
from pmtui.context import Context


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["--store", "/tmp/s/pmtui.json"],
        ["--store=/tmp/s"],
        ["--as", "bo"],
        ["--as=bo", "--store", "x y"],
        ["--store", ""],
        ["--store=", "--as="],
        ["--store", "a=b"],
    ],
)
def test_what_opens_the_app_is_read_as_the_parser_reads_it(argv: list[str]) -> None:
    args = build_parser("app").parse_args(argv)
    assert app_options(argv) == (getattr(args, "store", None), getattr(args, "user", None))


@pytest.mark.parametrize(
    "argv",
    [
        ["--store"],  # no value: the parser says so
        ["--store", "--as", "bo"],
        ["--as", "-bo"],
        ["--store", "a", "--store", "b"],
        ["--st", "a"],  # an abbreviation: the parser reads it
        ["-h"],
        ["--help"],
        ["--version"],
        ["app"],
        ["--store", "a", "due"],
        ["due", "--store", "a"],
    ],
)
def test_anything_else_is_left_to_the_parser(argv: list[str]) -> None:
    assert app_options(argv) is None


def test_opening_the_app_loads_no_argparse() -> None:
    """What ``pmtui --store PATH`` imports before the app starts: no argparse, no gettext."""
    code = (
        "import sys\n"
        "from pmtui import cli\n"
        "from pmtui.commands import app\n"
        "from pmtui.context import Context\n"
        "store, user = cli.app_options(['--store', 'x'])\n"
        "app.start(Context.of(store, user))\n"
        "print(sorted({'argparse', 'gettext'} & set(sys.modules)))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().splitlines()[-1] == "[]"


def test_pmtui_with_its_options_alone_opens_the_app_on_that_store(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from pmtui import cli
    from pmtui.commands import app

    seen: list[tuple[Path, str]] = []

    def open_app(ctx: Context, *, via: str = "") -> int:
        seen.append((ctx.store_path, ctx.user))
        return 0

    monkeypatch.setattr(app, "open_app", open_app)
    store = tmp_path / "s" / "pmtui.json"
    assert cli.main(["--store", str(store), "--as", "bo"]) == 0
    assert cli.main([f"--store={store}"]) == 0
    assert seen == [(store, "bo"), (store, "ana")]
