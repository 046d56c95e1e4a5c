"""``pmtui serve``: the same app in a web browser, for someone without a terminal.

Each browser tab runs its own pmtui on the serving host, as the user who
started ``serve``, on the same store. The server listens on 127.0.0.1 only
unless ``--host`` names another address, and then warns: anyone who can reach
that address can read and change the store as that user. The usual way in
from another machine is an SSH tunnel (``ssh -L 8000:localhost:8000 host``).
"""

from __future__ import annotations

import argparse
import ipaddress
import shlex
import socket
import sys

from pmtui.context import Context
from pmtui.store.errors import StoreError

ORDER = 85
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


class ServeError(StoreError):
    """The server cannot start as asked; the message says what to change."""


def register(sub: argparse._SubParsersAction, parents: list[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "serve",
        parents=parents,
        help="serve the app in a web browser (localhost only by default)",
        description="Serve the full-screen app over HTTP with textual-serve, bound to "
        "127.0.0.1. From another machine, use an SSH tunnel: "
        "ssh -L 8000:localhost:8000 HOST, then open http://localhost:8000.",
    )
    p.add_argument("--port", type=int, default=DEFAULT_PORT, help="port (default 8000)")
    p.add_argument(
        "--host",
        metavar="ADDRESS",
        help="address to listen on (default 127.0.0.1); any other than loopback is "
        "reachable by others and prints a warning",
    )
    p.set_defaults(func=run)


def is_loopback(host: str) -> bool:
    """True when every address ``host`` names is a loopback address."""
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        pass
    try:
        infos = socket.getaddrinfo(host, None)
    except OSError:
        return False
    addresses = {info[4][0] for info in infos}
    return bool(addresses) and all(
        ipaddress.ip_address(str(a).split("%")[0]).is_loopback for a in addresses
    )


def choose_host(explicit: str | None) -> tuple[str, str | None]:
    """The address to bind and a warning to print (``None`` for loopback)."""
    if explicit is None:
        return DEFAULT_HOST, None
    host = explicit.strip()
    if not host:
        raise ServeError("--host needs an address, such as 127.0.0.1")
    if is_loopback(host):
        return host, None
    return host, (
        f"warning: serving on {host}, which is not a loopback address. Anyone who can reach "
        "it can open pmtui and read and change your store as you; there is no login. "
        "Prefer the default and an SSH tunnel: ssh -L 8000:localhost:8000 this-host"
    )


def app_command(ctx: Context) -> str:
    """The shell command each browser session runs: this pmtui, this store, this user."""
    return shlex.join(
        [sys.executable, "-m", "pmtui", "--store", str(ctx.store_path), "--as", ctx.user, "app"]
    )


def run(args: argparse.Namespace, ctx: Context) -> int:
    if not 1 <= args.port <= 65535:
        raise ServeError(f"--port must be from 1 to 65535, not {args.port}")
    host, warning = choose_host(args.host)
    if warning:
        print(warning, file=sys.stderr)
    from textual_serve.server import Server

    server = Server(app_command(ctx), host=host, port=args.port, title="pmtui")
    shown = f"[{host}]" if ":" in host else host
    print(f"pmtui is served on http://{shown}:{args.port} (Ctrl+C stops it).", flush=True)
    server.serve()
    return 0
