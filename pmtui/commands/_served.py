"""The web server behind ``pmtui serve``: textual-serve, opened only with a secret token.

Listening on 127.0.0.1 keeps other machines out, not other accounts on the
same host: any local user can connect to a loopback port. So the server
makes a random token when it starts and prints it in the URL; the page and
the websocket that drives the app are refused without it (compared in
constant time). The token never appears in a process's arguments or
environment (``/proc`` shows those to other users): it lives in this
process's memory and in the URL the user opens.

The token travels in the URL, not in a cookie: browsers send a host's
cookies to every port of that host, so another account's server on
localhost would receive it. The page builds its websocket address from the
address the browser used, so an SSH tunnel (``ssh -L 8000:localhost:8000``)
works whatever name the browser typed.
"""

from __future__ import annotations

import hmac
import secrets
from typing import Any
from urllib.parse import urlsplit

import aiohttp_jinja2
import jinja2
from aiohttp import web
from textual_serve.server import Server, to_int

TOKEN_BYTES = 32

REFUSED = (
    "pmtui: this address needs the link printed by `pmtui serve` (with its token) "
    "in the terminal where it was started.\n"
)


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def token_ok(expected: str, given: str | None) -> bool:
    """Whether ``given`` is the server's token (in constant time)."""
    return given is not None and hmac.compare_digest(expected.encode(), given.encode())


def same_origin(request: web.Request) -> bool:
    """A page of another site may not drive the app through this user's browser."""
    origin = request.headers.get("Origin")
    if not origin:
        return True  # not a browser page (a script of this user's, or a test client)
    return urlsplit(origin).netloc.lower() == request.host.lower()


class TokenServer(Server):
    """textual-serve's server with every way into the app behind the token.

    Its download route is left out: pmtui delivers no files to the browser.
    """

    def __init__(self, command: str, *, host: str, port: int, token: str, title: str) -> None:
        super().__init__(command, host=host, port=port, title=title)
        self.token = token

    async def _make_app(self) -> web.Application:
        app = web.Application()
        aiohttp_jinja2.setup(app, loader=jinja2.FileSystemLoader(self.templates_path))
        app.add_routes(
            [
                web.get("/", self.handle_index, name="index"),
                web.get("/ws/{token}", self.handle_websocket, name="websocket"),
                web.static("/static", self.statics_path, name="static"),
            ]
        )
        app.on_startup.append(self.on_startup)
        return app

    async def on_startup(self, app: web.Application) -> None:
        """textual-serve prints its banner here; ``pmtui serve`` prints its own."""

    def _check(self, request: web.Request, given: str | None) -> None:
        if not token_ok(self.token, given) or not same_origin(request):
            raise web.HTTPForbidden(text=REFUSED)

    async def handle_index(self, request: web.Request) -> web.StreamResponse:
        self._check(request, request.query.get("token"))
        host = request.host
        context: dict[str, Any] = {
            "font_size": to_int(request.query.get("fontsize", "16"), 16),
            "app_websocket_url": f"ws://{host}/ws/{self.token}",
            "config": {"static": {"url": f"http://{host}/static/"}},
            "application": {"name": self.title},
        }
        response = aiohttp_jinja2.render_template("app_index.html", request, context)
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["Cache-Control"] = "no-store"
        return response

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        self._check(request, request.match_info.get("token"))
        return await super().handle_websocket(request)
