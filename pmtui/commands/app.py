"""``pmtui`` with no command (or ``pmtui app``): the full-screen app."""

from __future__ import annotations

import gc
import threading
from concurrent.futures import Future
from datetime import date
from typing import TYPE_CHECKING, Any

from pmtui.commands import Subcommands
from pmtui.context import Context

if TYPE_CHECKING:
    import argparse

    from pmtui.domain.policy import IncidentLists, Logged
    from pmtui.domain.summary import ListedReview, OpenDigest
    from pmtui.store.opener import StoreOpener
    from pmtui.tui.app import PmtuiApp

ORDER = 0


def register(sub: Subcommands, parents: list[argparse.ArgumentParser]) -> None:
    import argparse  # only when a parser is built: ``pmtui`` alone builds none (cli.app_options)

    p = sub.add_parser("app", parents=parents, help="open the full-screen app (the default)")
    # Set by `pmtui serve` for each browser tab: presence then says "(browser)".
    p.add_argument("--browser", action="store_true", help=argparse.SUPPRESS)
    p.set_defaults(func=run)


def run(args: argparse.Namespace, ctx: Context) -> int:
    return open_app(ctx, via="browser" if getattr(args, "browser", False) else "")


def open_app(ctx: Context, *, via: str = "") -> int:
    """Run the app until it quits; its exit status."""
    from pmtui.store.shared import check_access

    check_access(ctx.store_path)  # a teammate outside the group hears it before the app starts
    # Starting allocates much and frees little: cycle collections would only delay
    # the first frame. The app turns the collector back on once that frame is painted.
    gc.disable()
    app = start(ctx, via=via)
    app.run()
    return int(app.return_code or 0)


def start(ctx: Context, *, via: str = "") -> PmtuiApp:
    """The app as ``pmtui`` opens it, not yet running.

    What the home screen lists is read while Textual loads, so its first
    frame has the data instead of being painted twice. The store itself
    (TinyDB, the whole model of a review) is opened when first used, after
    that frame (:mod:`pmtui.store.opener`).
    """
    from pmtui.store.opener import StoreOpener

    store = StoreOpener(ctx.store_path, lambda: ctx.store)
    ahead: Future[Any] = Future()
    threading.Thread(target=_read_ahead, args=(store, ctx.today, ahead), daemon=True).start()
    from pmtui.tui.app import make_app

    return make_app(store=store, clock=ctx.clock, user=ctx.user, read_ahead=ahead, via=via)


def _read_ahead(store: StoreOpener, today: date, ahead: Future[Any]) -> None:
    """Read the home screen's lists into ``ahead``; on an error the screen reads and reports.

    While there is a first-screen file for today (even one left before the
    last save), that and the incidents file are all that is read (the first
    rows, how many there are, the carry-over, the incidents and the reviews
    started from them): the home screen reads the rest after its first frame.
    Both are read without opening the store (the incidents as the policy weighs
    them), unless the incidents file is not as this pmtui writes it: then the
    store reads them. Without a first-screen file every summary is read.
    The open commitments come as a digest (counts and the few listed), which
    the home screen takes in place of the whole list; the incidents are the
    small file of them and which review closed which.
    """
    from pmtui.domain.summary import HOME_FIRST_ROWS
    from pmtui.store import first_screen

    try:
        # A file left before someone's save is painted too: the home screen reads the
        # whole store right after the frame and replaces whatever changed.
        first: tuple[list[ListedReview], int, OpenDigest, IncidentLists[Logged] | None] | None
        first = first_screen.home_lists(store.layout, today, HOME_FIRST_ROWS)
        if first is None:  # no first-screen file to read, or an incidents file to check
            first = store().first_screen(today, HOME_FIRST_ROWS, stale_ok=True)
        if first is not None:
            summaries, total, digest, incidents = first
            ahead.set_result((summaries, digest, incidents, total))
            return
        opened = store()
        lists = (opened.listing(), opened.open_digest(today), opened.incident_lists(), None)
        ahead.set_result(lists)
    except Exception as exc:
        ahead.set_exception(exc)
