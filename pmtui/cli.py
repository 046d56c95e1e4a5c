"""Command-line entry point: parse arguments, then hand over to one command.

Each command lives in ``pmtui/commands/<name>.py`` with ``ORDER`` (its place
in ``--help``), ``register(sub, parents)`` and ``run(args, ctx) -> int``; the
modules are found by listing the package, so adding a command touches no
other file. Command modules must stay light at
import time: the full-screen app and the prompt library are imported inside
``run`` only, so ``pmtui due`` or ``pmtui quick`` never pay for Textual.
"""

from __future__ import annotations

import contextlib
import importlib
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from pmtui import __version__
from pmtui.context import Context

if TYPE_CHECKING:
    import argparse
    from types import ModuleType

EXIT_OK = 0
EXIT_ERROR = 2


def _global_options(parser: argparse.ArgumentParser, *, suppress: bool) -> None:
    import argparse

    default = argparse.SUPPRESS if suppress else None
    parser.add_argument(
        "--store",
        metavar="PATH",
        default=default,
        help="the store file or a directory holding pmtui.json "
        "(default: $PMTUI_STORE, else the user data dir; see `pmtui locate`)",
    )
    parser.add_argument(
        "--as",
        dest="user",
        metavar="NAME",
        default=default,
        help="act as NAME (default: $USER)",
    )


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The parser; with ``only``, just that command's (so a quick path loads one module)."""
    import argparse  # opening the app with --store alone builds none (app_options)

    parser = argparse.ArgumentParser(
        prog="pmtui",
        description="Blameless reviews in the terminal, and the follow-through after them. "
        "Run with no command to open the app.",
    )
    parser.add_argument("--version", action="version", version=f"pmtui {__version__}")
    _global_options(parser, suppress=False)
    # Subcommands accept the global options too, so `pmtui due --store X` works.
    common = argparse.ArgumentParser(add_help=False)
    _global_options(common, suppress=True)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    single = _command_module(only) if only else None
    for module in [single] if single is not None else _command_modules():
        module.register(sub, [common])
    parser.set_defaults(func=None)
    return parser


def _command_modules() -> list[ModuleType]:
    import pkgutil  # listing every command: not for opening the app

    import pmtui.commands as package

    modules = [
        importlib.import_module(f"pmtui.commands.{info.name}")
        for info in pkgutil.iter_modules(package.__path__)
        if not info.name.startswith("_")
    ]
    return sorted(modules, key=lambda m: (getattr(m, "ORDER", 100), m.__name__))


def _command_module(name: str) -> ModuleType | None:
    """The module of command ``name`` (``import`` lives in ``import_``), if there is one."""
    if not name.replace("-", "_").isidentifier() or name.startswith("_"):
        return None
    for candidate in (name, f"{name}_"):
        try:
            return importlib.import_module(f"pmtui.commands.{candidate}")
        except ModuleNotFoundError as exc:
            if exc.name != f"pmtui.commands.{candidate}":
                raise
    return None


def requested_command(argv: Sequence[str]) -> str | None:
    """The command word in ``argv``, skipping the global options and their values."""
    tokens = iter(argv)
    for token in tokens:
        if token in ("--store", "--as"):
            next(tokens, None)
        elif token == "--":
            return next(tokens, None)
        elif not token.startswith("-"):
            return token
    return None


def app_options(argv: Sequence[str]) -> tuple[str | None, str | None] | None:
    """``--store`` and ``--as`` and nothing else (each once, with its value): what opening
    the app is given, read without building a parser (argparse and gettext are about 1 ms
    before the app's first frame); for anything else None, and the parser reads it."""
    given: dict[str, str] = {}
    tokens = iter(argv)
    for token in tokens:
        option, equals, value = token.partition("=")
        if option not in ("--store", "--as") or option in given:
            return None
        if not equals:
            value = next(tokens, "-")
            if value.startswith("-"):
                return None  # no value: the parser says so
        given[option] = value
    return given.get("--store"), given.get("--as")


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; every line it prints goes through :mod:`pmtui.output`."""
    from pmtui.output import safe_standard_streams

    with safe_standard_streams():
        return _main(argv)


def _main(argv: Sequence[str] | None) -> int:
    from pmtui.output import EXIT_CLOSED_PIPE, OutputError, silence

    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        code = _run(argv)
        sys.stdout.flush()  # a full disk or a closed pipe shows here, not at exit
        return code
    except OutputError as exc:
        silence(sys.stdout)
        if exc.closed_pipe:
            return EXIT_CLOSED_PIPE
        with contextlib.suppress(OutputError):
            print(f"pmtui: {exc}. The command's output is incomplete.", file=sys.stderr)
        return EXIT_ERROR


def _run(argv: list[str]) -> int:
    plain = app_options(argv)
    if plain is not None:  # ``pmtui`` or ``pmtui --store PATH``: the app, no parser built
        from pmtui.commands import app

        return _dispatch(lambda: app.open_app(Context.of(*plain)))
    command = requested_command(argv)
    if command is None and not {"-h", "--help"} & set(argv):
        command = "app"  # opening the app needs no other command's module
    parser = build_parser(command)
    args = parser.parse_args(argv)
    func = args.func
    if func is None:
        from pmtui.commands import app

        func = app.run
    # Finding the store (in the context) may already be refused.
    return _dispatch(lambda: func(args, Context.from_args(args)))


def _dispatch(command: Callable[[], int | None]) -> int:
    """Run ``command``; a store or domain error is said in one line, with status 2."""
    try:
        return int(command() or EXIT_OK)
    except KeyboardInterrupt:
        print("pmtui: cancelled, nothing written.", file=sys.stderr)
        return 130
    except Exception as exc:  # the store and domain errors carry readable messages
        from pmtui.errors import describe
        from pmtui.output import OutputError

        if isinstance(exc, OutputError):
            raise
        message = describe(exc)
        if message is None:
            raise
        print(f"pmtui: {message}", file=sys.stderr)
        return EXIT_ERROR
