"""One module per command; see :mod:`pmtui.cli` for the contract."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeAlias

if TYPE_CHECKING:  # opening the app builds no parser (pmtui.cli.app_options)
    import argparse

Subcommands: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"
"""What each command's ``register`` adds its parser to."""


def add_output(p: argparse.ArgumentParser, *, metavar: str, help: str, long: bool) -> None:
    """``-o`` (and ``--output`` where ``long``) and ``--force``, as commands writing a file
    take them; the file is written by :mod:`pmtui.store.exports.output`."""
    names = ("-o", "--output") if long else ("-o",)
    p.add_argument(*names, dest="output", metavar=metavar, help=help)
    p.add_argument("--force", action="store_true", help=f"with -o, replace an existing {metavar}")


def only_with_output(args: argparse.Namespace, metavar: str, *flags: str) -> None:
    """Refuse ``flags`` given without ``-o``: they would be ignored, so nothing is written."""
    if args.output is not None:
        return
    if any(getattr(args, flag.lstrip("-").replace("-", "_"), None) for flag in flags):
        from pmtui.store.exports.output import OutputRefused

        verb = "applies" if len(flags) == 1 else "apply"
        raise OutputRefused(
            f"{' and '.join(flags)} only {verb} with -o {metavar}; nothing was written"
        )
