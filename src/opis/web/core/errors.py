"""One JSON error shape for every error: {"error": {"status", "code", "message"}}."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.exceptions import HTTPException

from opis.index.search import SearchError
from opis.store.db import QueryTimeout
from opis.store.errors import UNSTORABLE, Conflict, Forbidden, Invalid, NotFound
from opis.store.tree import TreePathError
from opis.web.core.respond import wants_json

log = logging.getLogger("opis.web")

_CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found", 405: "method_not_allowed",
          409: "conflict", 413: "too_large", 422: "invalid", 429: "too_many_requests",
          431: "headers_too_large", 500: "internal_error", 503: "timeout"}
_STATUS = {code: status for status, code in _CODES.items()}
# Errors of the layers below that carry a ``code`` (StoreError's, and the tree's, time-out's and search's).
CODED: tuple[type[Exception], ...] = (NotFound, Forbidden, Invalid, Conflict, TreePathError, QueryTimeout, SearchError)


def code_of(exc: Exception) -> str | None:
    """What the error says it is (``StoreError.code`` and the like); None for an error without one."""
    code = getattr(exc, "code", None)
    return code if isinstance(code, str) else None


def status_of(exc: Exception, default: int = 500) -> int:
    """The HTTP status for the code an error carries; ``default`` for a code without one."""
    return _STATUS.get(code_of(exc) or "", default)


def error_body(status: int, message: str, code: str | None = None) -> dict[str, dict[str, object]]:
    return {"error": {"status": status, "code": code or _CODES.get(status, "error"), "message": message}}


def error_response(request: Request, status: int, message: str, code: str | None = None) -> Response:
    body = error_body(status, message, code)
    if not wants_json(request, default=True):
        from opis.web.core.render import render_error

        return HTMLResponse(render_error(status, message), status_code=status)
    return JSONResponse(body, status_code=status)


def install(app: FastAPI) -> None:
    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        return error_response(request, exc.status_code, str(exc.detail))

    async def invalid(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        parts = [f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()]
        return error_response(request, 422, "; ".join(parts))

    async def coded(request: Request, exc: Exception) -> Response:
        return error_response(request, status_of(exc), str(exc), code_of(exc))

    async def unstorable(request: Request, exc: Exception) -> Response:
        # A value the database refuses (PostgreSQL: a NUL in text) is the request's fault, not ours.
        return error_response(request, 422, "the request holds a value the database cannot store")

    async def unexpected(request: Request, exc: Exception) -> Response:
        log.exception("unhandled error on %s", request.url.path)
        return error_response(request, 500, "internal error; the server log has the details")

    app.add_exception_handler(HTTPException, http_error)
    app.add_exception_handler(RequestValidationError, invalid)
    for exc_type in CODED:
        app.add_exception_handler(exc_type, coded)
    for exc_type in UNSTORABLE:
        app.add_exception_handler(exc_type, unstorable)
    app.add_exception_handler(Exception, unexpected)
