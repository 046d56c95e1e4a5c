"""Command-line entry point: parse arguments, then hand over to one command.

Each command lives in ``pmtui/commands/<name>.py`` with ``register(sub,
parents)`` and ``run(args, ctx) -> int``. Command modules must stay light at
import time: the full-screen app and the prompt library are imported inside
``run`` only, so ``pmtui due`` or ``pmtui quick`` never pay for Textual.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from pmtui import __version__
from pmtui.context import Context

COMMANDS = (
    "app",
    "locate",
    "restore",
)
"""Command modules under :mod:`pmtui.commands`, in the order ``--help`` lists them."""

EXIT_OK = 0
EXIT_ERROR = 2


def _global_options(parser: argparse.ArgumentParser, *, suppress: bool) -> None:
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


def build_parser() -> argparse.ArgumentParser:
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
    for name in COMMANDS:
        module = importlib.import_module(f"pmtui.commands.{name}")
        module.register(sub, [common])
    parser.set_defaults(func=None)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    ctx = Context.from_args(args)
    func = args.func
    if func is None:
        from pmtui.commands import app

        func = app.run
    try:
        return int(func(args, ctx) or EXIT_OK)
    except KeyboardInterrupt:
        print("pmtui: cancelled, nothing written.", file=sys.stderr)
        return 130
    except Exception as exc:  # the store and domain errors carry readable messages
        from pmtui.errors import describe

        message = describe(exc)
        if message is None:
            raise
        print(f"pmtui: {message}", file=sys.stderr)
        return EXIT_ERROR
