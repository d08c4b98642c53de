"""The ASGI app of `newsloom serve`: pages, their JSON twins, the write endpoint, the API docs."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from newsloom import __version__
from newsloom.api import Newsloom
from newsloom.errors import NewsloomError, NotFoundError
from newsloom.store.readonly import QUERY_TIME_LIMIT_MS, QueryTimeout
from newsloom.store.sqlite import Store
from newsloom.web.pages import register_pages
from newsloom.web.render import Pages
from newsloom.web.security import SECURITY_HEADERS, configured_token
from newsloom.web.writes import register_writes

API_DESCRIPTION = (
    "Every page of the newsloom web app has a JSON twin at the same path with `.json` "
    "(`/stories.json`, `/stories/{id}.json`, `/search.json?q=` …), built from the same view "
    "model as the page. Writes (`POST /api/articles`) need `Authorization: Bearer <token>`."
)


def _wants_json(request: Request) -> bool:
    """Whether an error should be answered in JSON: the twins and the API, not the pages."""
    path = request.url.path
    return path.endswith(".json") or path.startswith("/api/")


def _error(
    request: Request, status: int, message: str, headers: dict[str, str] | None = None
) -> Response:
    """An error as JSON for JSON paths, else as a page."""
    if _wants_json(request):
        return JSONResponse({"error": message}, status_code=status, headers=headers)
    pages: Pages = request.app.state.pages
    response = pages.render("web/error.html.j2", status, title=f"error {status}", message=message)
    for k, v in (headers or {}).items():
        response.headers[k] = v
    return response


def _install_errors(app: FastAPI) -> None:
    """Coded errors become 400, missing things 404, runaway queries 503; never a traceback."""

    @app.exception_handler(NotFoundError)
    async def not_found(request: Request, exc: NotFoundError) -> Response:
        return _error(request, 404, str(exc))

    @app.exception_handler(QueryTimeout)
    async def timed_out(request: Request, exc: QueryTimeout) -> Response:
        return _error(request, 503, str(exc))

    @app.exception_handler(NewsloomError)
    async def bad_request(request: Request, exc: NewsloomError) -> Response:
        return _error(request, 400, str(exc))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e.get('loc', ())[1:])}: {e.get('msg', '')}"
            for e in exc.errors()
        )
        return _error(request, 422, f"invalid request: {problems}")

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        return _error(request, exc.status_code, str(exc.detail), dict(exc.headers or {}))


class HeadAsGet:
    """Answers HEAD as GET without the body (RFC 9110 asks every server that has GET to have
    HEAD; FastAPI's routes take only the methods they name, so `curl -I` and link checkers got
    405 from every page)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def headers_only(message: Message) -> None:
            if message["type"] == "http.response.body":
                message = {**message, "body": b""}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, headers_only)


def _install_headers(app: FastAPI) -> None:
    """Every response carries the security headers (the CSP forbids inline scripts)."""

    @app.middleware("http")
    async def security_headers(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        response = await call_next(request)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response


def create_app(
    db_path: str,
    *,
    token: str | None = None,
    query_ms: int | None = QUERY_TIME_LIMIT_MS,
    newsloom: Newsloom | None = None,
) -> FastAPI:
    """The web app over the store at db_path (created or upgraded first). Writes need `token`
    (else $NEWSLOOM_TOKEN); with neither, writes are refused."""
    Store(db_path).close()  # create or migrate now: readers open it read-only
    app = FastAPI(
        title="newsloom",
        version=__version__,
        description=API_DESCRIPTION,
        # FastAPI's own docs pages load their scripts from a CDN: newsloom serves its own page.
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json",
    )
    app.state.nl = newsloom or Newsloom(db_path, query_ms=query_ms)
    app.state.token = configured_token(token)
    app.state.pages = Pages()
    _install_headers(app)
    _install_errors(app)
    app.mount("/static", StaticFiles(packages=[("newsloom.data", "static")]), name="static")
    register_writes(app)
    register_pages(app)
    app.add_middleware(HeadAsGet)
    return app
