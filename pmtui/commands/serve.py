"""``pmtui serve``: the same app in a web browser, for someone without a terminal.

Each browser tab runs its own pmtui on the serving host, as the user who
started ``serve``, on the same store. The server listens on 127.0.0.1 only
unless ``--host`` names another address (then it warns), and only a browser
given the printed link, which carries a random token, gets in: other
accounts on the same host can reach the port but not the app (see
:mod:`pmtui.commands._served`). The usual way in from another machine is an
SSH tunnel (``ssh -L 8000:localhost:8000 host``).
"""

from __future__ import annotations

import argparse
import ipaddress
import shlex
import socket
import sys

from pmtui.commands import Subcommands
from pmtui.context import Context
from pmtui.store.errors import StoreError

ORDER = 85
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


class ServeError(StoreError):
    """The server cannot start as asked; the message says what to change."""


def register(sub: Subcommands, parents: list[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "serve",
        parents=parents,
        help="serve the app in a web browser (localhost only by default)",
        description="Serve the full-screen app over HTTP with textual-serve, bound to "
        "127.0.0.1. Only the link it prints, which carries a secret token, opens the app. "
        "From another machine, use an SSH tunnel: ssh -L 8000:localhost:8000 HOST, "
        "then open the printed link with localhost in it.",
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
        f"warning: serving on {host}, which is not a loopback address. The link's token is "
        "the only lock, and it travels unencrypted (plain HTTP): anyone who sees it can read "
        "and change your store as you. "
        "Prefer the default and an SSH tunnel: ssh -L 8000:localhost:8000 this-host"
    )


def app_command(ctx: Context) -> str:
    """The shell command each browser session runs: this pmtui, this store, this user."""
    return shlex.join(
        [
            sys.executable, "-m", "pmtui", "--store", str(ctx.store_path), "--as", ctx.user,
            "app", "--browser",
        ]
    )  # fmt: skip


def run(args: argparse.Namespace, ctx: Context) -> int:
    if not 1 <= args.port <= 65535:
        raise ServeError(f"--port must be from 1 to 65535, not {args.port}")
    host, warning = choose_host(args.host)
    if warning:
        print(warning, file=sys.stderr)
    from pmtui.commands._served import TokenServer, new_token

    token = new_token()
    server = TokenServer(app_command(ctx), host=host, port=args.port, token=token, title="pmtui")
    shown = f"[{host}]" if ":" in host else host
    print(
        f"pmtui is served on http://{shown}:{args.port}/?token={token} (Ctrl+C stops it).\n"
        "Only this link opens it; keep it to yourself. Through an SSH tunnel "
        f"(ssh -L {args.port}:localhost:{args.port} this-host) open "
        f"http://localhost:{args.port}/?token={token}",
        flush=True,
    )
    server.serve()
    return 0
