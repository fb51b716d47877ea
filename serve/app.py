"""The web application: routes to the pages, the guard every request passes, and error pages.

Starlette gives the routing and the responses, Jinja2 the templates (autoescaped), uvicorn serves it
(commands/serve.py). Every request is a GET of bounded size; every error is a page with its message,
never a traceback. Requests are handled one at a time (the page functions are plain functions, called
from async endpoints): the engine's caches are then never shared between threads, and one person's
machine serves one person.
"""

from __future__ import annotations

import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import i18n
from ..engine.errors import InvalidInput, KlyngeError, UsageError
from ..i18n import _, ngettext
from . import pages, whatif
from .forms import FormError
from .site import NotListed, Site

if TYPE_CHECKING:
    from jinja2 import Environment
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import Response
    from starlette.types import ASGIApp, Message, Receive, Scope, Send

HERE = Path(__file__).resolve().parent
MAX_QUERY = 8192  # bytes of a query string: the longest what-if form fills a tenth of it
MAX_PATH = 512  # bytes of a path: a rule id is short
MAX_BODY = 16384  # bytes of a request body: no page takes one
# What the page may load: its own files only (no CDN, no inline script).
HEADERS = [
    (b"content-security-policy", b"default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
]


def create_app(root: Path, hosts: list[str] | None = None) -> Starlette:
    """The application over the rules directory ``root``; ``hosts``: the Host names a request may name."""
    from starlette.applications import Starlette
    from starlette.middleware import Middleware
    from starlette.routing import Mount, Route
    from starlette.staticfiles import StaticFiles

    site, env = Site(root), environment()
    routes = [
        Route("/", _page(site, env, lambda s, r: pages.rule_list(s, r.query_params))),
        Route(
            "/regel/{rule_id}",
            _page(site, env, lambda s, r: whatif.rule_page(s, r.path_params["rule_id"], r.query_params)),
        ),
        Route(
            "/regel/{rule_id}/hent",
            _page(site, env, lambda s, r: whatif.rule_download(s, r.path_params["rule_id"], r.query_params)),
        ),
        Route("/sammenlign", _page(site, env, lambda s, r: whatif.compare_page(s, r.query_params))),
        Route("/sammenlign/hent", _page(site, env, lambda s, r: whatif.compare_download(s, r.query_params))),
        Route("/forskel", _page(site, env, lambda s, r: pages.diff_page(s, r.query_params))),
        Route("/forskel/hent", _page(site, env, lambda s, r: pages.diff_download(s, r.query_params))),
        Route("/kontrol", _page(site, env, lambda s, r: pages.checks_page(s, r.query_params))),
        Route("/kontrol/hent", _page(site, env, lambda s, r: pages.checks_download(s, r.query_params))),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
    ]
    middleware = [Middleware(Guard, env=env, hosts=hosts)]
    not_found = {404: _not_found(env)}
    return Starlette(routes=routes, middleware=middleware, exception_handlers=not_found)


def environment() -> Environment:
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(["html"]))
    env.globals.update(_=_, ngettext=ngettext, lang=i18n.current())
    return env


PageFunction = Callable[[Site, "Request"], "pages.Page | pages.Download"]


def _page(site: Site, env: Environment, make: PageFunction) -> Callable[[Request], Awaitable[Response]]:
    async def endpoint(request: Request) -> Response:
        from starlette.responses import HTMLResponse, Response

        try:
            site.refresh()
            made = make(site, request)
            if isinstance(made, pages.Download):
                disposition = f'attachment; filename="{made.filename}"'
                return Response(made.data, media_type=made.media_type, headers={"content-disposition": disposition})
            return HTMLResponse(render(env, made.template, made.context, request), status_code=made.status)
        except Exception as exc:  # noqa: BLE001  every error a page with its message, for a person to read
            return error_response(env, exc)

    return endpoint


def render(env: Environment, template: str, context: dict[str, Any], request: Request | None = None) -> str:
    path = request.url.path if request is not None else ""
    return env.get_template(template).render(**context, here=path)


def error_response(env: Environment, exc: BaseException) -> Response:
    """The error as a page: its messages, ``path:line:col: error: message`` for a file's problems."""
    from starlette.responses import HTMLResponse

    status, title, lines = _described(exc)
    if status == 500:  # the one case that is klynge's fault: the operator's terminal gets one line
        print(f"klynge serve: {type(exc).__name__}: {exc}", file=sys.stderr)
    page = render(env, "error.html", {"status": status, "title": title, "lines": lines})
    return HTMLResponse(page, status_code=status)


def _described(exc: BaseException) -> tuple[int, str, list[str]]:
    if isinstance(exc, NotListed):
        return 404, _("Not found"), [str(exc)]
    if isinstance(exc, InvalidInput):
        return 422, _("The rule files have problems"), [p.render() for p in exc.problems]
    if isinstance(exc, FormError):
        return 400, _("Check the values in the form"), exc.messages
    if isinstance(exc, UsageError | KlyngeError):
        return 400, _("The request cannot be answered"), str(exc).splitlines()
    return 500, _("Unexpected error in klynge"), [f"{type(exc).__name__}: {exc}"]


def _not_found(env: Environment) -> Callable[[Request, Exception], Awaitable[Response]]:
    async def handler(request: Request, exc: Exception) -> Response:
        message = _("no page at {path} (see the list of rules)").format(path=request.url.path[:200])
        return error_response(env, NotListed(message))

    return handler


class Guard:
    """Every request: a GET or HEAD of bounded size, to a host name of this machine (when it listens only
    here: a page elsewhere that makes the browser call 127.0.0.1 under its own name is refused); every
    response: the page's security headers."""

    def __init__(self, app: ASGIApp, env: Environment, hosts: list[str] | None) -> None:
        self.app, self.env, self.hosts = app, env, hosts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        refused = self._refused(scope)
        if refused is not None:
            status, title, message = refused
            await _answer(
                send, status, render(self.env, "error.html", {"status": status, "title": title, "lines": [message]})
            )
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *HEADERS]
            await send(message)

        await self.app(scope, receive, with_headers)

    def _refused(self, scope: Scope) -> tuple[int, str, str] | None:
        headers = dict(scope.get("headers", []))
        if self.hosts is not None and host_name(headers.get(b"host", b"")) not in self.hosts:
            return 400, _("Wrong host name"), _("the page answers only to {names}").format(names=", ".join(self.hosts))
        path = scope.get("raw_path") or scope.get("path", "").encode("utf-8")
        for part, limit in ((path, MAX_PATH), (scope.get("query_string", b""), MAX_QUERY)):
            if len(part) > limit:
                message = _("the address is longer than {limit} characters").format(limit=limit)
                return 414, _("Request too long"), message
        length = headers.get(b"content-length", b"0")
        if not length.isdigit() or int(length) > MAX_BODY or b"transfer-encoding" in headers:
            return 413, _("Request too large"), _("the request is larger than {limit} bytes").format(limit=MAX_BODY)
        if scope["method"] not in ("GET", "HEAD"):
            return 405, _("Method not allowed"), _("the page only reads: use GET")
        return None


def host_name(header: bytes) -> str:
    """The name in a Host header without its port: '127.0.0.1:8765' -> '127.0.0.1', '[::1]:8765' -> '::1'."""
    text = header.decode("latin-1").strip().lower()
    if text.startswith("["):
        return text[1 : text.find("]")] if "]" in text else text
    return text.rsplit(":", 1)[0] if text.count(":") == 1 else text


async def _answer(send: Send, status: int, page: str) -> None:
    body = page.encode("utf-8")
    headers = [(b"content-type", b"text/html; charset=utf-8"), (b"content-length", str(len(body)).encode()), *HEADERS]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
