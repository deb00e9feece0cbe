"""The review server's HTTP side: routes, and the guards every request passes.

Guards, in order (see the README's "Reviewing"):

* the ``Host`` header must be ``127.0.0.1:PORT`` or ``localhost:PORT`` (a page on another
  site that rebinds its DNS name to 127.0.0.1 sends its own name): anything else gets 421;
* every change is a ``POST`` under ``/api/`` carrying the per-server token that the page
  embeds (``X-Zhen-Token``): without it, 403; a page on another site can neither read the
  token nor set the header on a cross-site request;
* no path comes from the browser: exports go to fixed names in the run folder;
* the page is static HTML, CSS and JavaScript shipped in the package, which writes every
  text from the corpus with ``textContent`` (never as markup); a Content-Security-Policy
  forbids inline scripts and anything from elsewhere.

Answers are JSON; an edit made on a state that changed since gets 409, a request that makes
no sense 400 or 422, with ``{"error": message}``.
"""

from __future__ import annotations

import hmac
import json
import secrets
from importlib import resources
from typing import Any

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send

from align.core.edits import EditError
from align.core.errors import ZhenError
from zhen.review.state import BadRequest, Conflict, NotFound, ReviewState

TOKEN_HEADER = "x-zhen-token"
_STATIC = {"app.js": "text/javascript; charset=utf-8", "app.css": "text/css; charset=utf-8"}
_CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
_HEADERS = {"Content-Security-Policy": _CSP, "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "no-referrer", "Cache-Control": "no-store",
            "X-Frame-Options": "DENY"}
# The largest request body the API reads: an edit is a few hundred bytes.
_MAX_BODY = 64 * 1024


class HostGuard:
    """ASGI middleware: answers 421 to a request whose ``Host`` is not one of ``allowed``
    (DNS rebinding), before any route sees it."""

    def __init__(self, app: ASGIApp, allowed: set[str]) -> None:
        self.app = app
        self.allowed = allowed

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            host = next((v.decode("latin-1") for k, v in scope["headers"] if k == b"host"), "")
            if host.lower() not in self.allowed:
                response = JSONResponse({"error": f"Host {host!r} is refused: open the page "
                                                  "at the address zhen review printed"},
                                        status_code=421, headers=_HEADERS)
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


def allowed_hosts(port: int) -> set[str]:
    """The ``Host`` values the server answers on ``port``: the loopback address and
    ``localhost``, with the port."""
    return {f"127.0.0.1:{port}", f"localhost:{port}"}


def _static(name: str) -> str:
    return resources.files("zhen.review").joinpath("static", name).read_text("utf-8")


def _js(data: Any, status: int = 200) -> JSONResponse:
    return JSONResponse(data, status_code=status, headers=_HEADERS)


async def _guarded(fn: Any, *args: Any) -> Response:
    """``fn(*args)`` in a worker thread, as JSON; zhen's errors as their HTTP statuses."""
    try:
        return _js(await run_in_threadpool(fn, *args))
    except Conflict as ex:
        return _js({"error": str(ex)}, 409)
    except NotFound as ex:
        return _js({"error": str(ex)}, 404)
    except BadRequest as ex:
        return _js({"error": str(ex)}, 400)
    except EditError as ex:
        return _js({"error": str(ex)}, 422)
    except ZhenError as ex:  # the folder cannot be written or read: say why
        return _js({"error": str(ex)}, 409)


def _int(request: Request, key: str, default: int) -> int:
    try:
        return int(request.query_params.get(key, default))
    except ValueError:
        raise BadRequest(f"{key} is not a whole number") from None


async def _body(request: Request, secret: str) -> Any:
    """The JSON body of a change request, or the error response when it does not carry the
    page's token, is not JSON or is too large."""
    if not hmac.compare_digest(request.headers.get(TOKEN_HEADER, ""), secret):
        return _js({"error": "this request does not carry the page's token; reload the "
                             "page zhen review printed"}, 403)
    if "application/json" not in request.headers.get("content-type", ""):
        return _js({"error": "send JSON (Content-Type: application/json)"}, 415)
    raw = await request.body()
    if len(raw) > _MAX_BODY:
        return _js({"error": "the request is too large"}, 413)
    try:
        return json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        return _js({"error": "the body is not JSON"}, 400)


def create_app(state: ReviewState, port: int, token: str | None = None) -> ASGIApp:
    """The review application for ``state``, answering on ``127.0.0.1:port`` only.

    ``token`` is the secret every change must carry (a fresh random one by default); the
    page gets it embedded in its HTML.
    """
    secret = token or secrets.token_urlsafe(32)
    page = _static("index.html").replace("{{TOKEN}}", secret)
    static = {name: _static(name) for name in _STATIC}

    async def index(request: Request) -> Response:
        return HTMLResponse(page, headers=_HEADERS)

    async def asset(request: Request) -> Response:
        name = request.path_params["name"]
        if name not in static:
            return _js({"error": "no such file"}, 404)
        return Response(static[name], media_type=_STATIC[name], headers=_HEADERS)

    async def overview(request: Request) -> Response:
        return await _guarded(state.overview)

    async def pair(request: Request) -> Response:
        return await _guarded(state.pair_view, request.path_params["n"])

    async def glossary(request: Request) -> Response:
        q = request.query_params

        def page_of() -> dict[str, Any]:
            return state.glossary_page(q.get("filter", "all"), q.get("q", ""),
                                       _int(request, "offset", 0), _int(request, "limit", 100))
        return await _guarded(page_of)

    async def term(request: Request) -> Response:
        return await _guarded(state.term_view, request.query_params.get("zh", ""))

    async def edits(request: Request) -> Response:
        data = await _body(request, secret)
        return data if isinstance(data, Response) else await _guarded(state.edit, data)

    async def export(request: Request) -> Response:
        data = await _body(request, secret)
        if isinstance(data, Response):
            return data
        what = data.get("what") if isinstance(data, dict) else None
        return await _guarded(state.export, what if isinstance(what, str) else "")

    routes = [
        Route("/", index, methods=["GET"]),
        Route("/static/{name}", asset, methods=["GET"]),
        Route("/api/overview", overview, methods=["GET"]),
        Route("/api/pairs/{n:int}", pair, methods=["GET"]),
        Route("/api/glossary", glossary, methods=["GET"]),
        Route("/api/term", term, methods=["GET"]),
        Route("/api/edits", edits, methods=["POST"]),
        Route("/api/export", export, methods=["POST"]),
    ]
    return HostGuard(Starlette(routes=routes), allowed_hosts(port))
