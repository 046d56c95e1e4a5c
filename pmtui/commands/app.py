"""``pmtui`` with no command (or ``pmtui app``): the full-screen app."""

from __future__ import annotations

import argparse

from pmtui.context import Context

ORDER = 0


def register(sub: argparse._SubParsersAction, parents: list[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("app", parents=parents, help="open the full-screen app (the default)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace, ctx: Context) -> int:
    from pmtui.store.shared import check_access

    check_access(ctx.store_path)  # a teammate outside the group hears it before the app starts
    from pmtui.tui.app import make_app

    app = make_app(store=ctx.store, clock=ctx.clock, user=ctx.user)
    app.run()
    return int(app.return_code or 0)
