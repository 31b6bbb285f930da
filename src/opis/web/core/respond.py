"""Answering a page request: the HTML page, or its JSON twin from the very same context."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from opis.web.core.auth import me
from opis.web.core.render import render


def wants_json(request: Request, default: bool = False) -> bool:
    """The one content-negotiation rule, for pages and errors alike.

    JSON for an ``/api/`` path, a ``.json`` path (a page's twin, ``/openapi.json``) or an Accept
    header naming ``application/json``; HTML for one naming ``text/html``; otherwise ``default``
    (a page: HTML; an error: the JSON shape, which is what a script without an Accept header reads).
    """
    path = request.url.path
    if path.startswith("/api/") or path.endswith(".json"):
        return True
    accept = request.headers.get("accept", "")
    if "application/json" in accept:
        return True
    return False if "text/html" in accept else default


def json_url_of(request: Request) -> str:
    """The permalink of a page's JSON twin: the path plus ``.json``, same query."""
    path = request.url.path
    url = path if path.endswith(".json") else (path.rstrip("/") or "/index") + ".json"
    return url + ("?" + request.url.query if request.url.query else "")


def page(request: Request, template: str, title: str, build: Callable[[], dict[str, Any]],
         extra: Callable[[dict[str, Any]], dict[str, Any]] | None = None, status: int = 200) -> Response:
    """An HTML page, or its JSON twin for a ``.json`` path or an ``Accept: application/json`` request.

    ``extra`` adds what only the HTML needs (embedded metadata, say) to the rendering context; the
    JSON twin is exactly what ``build`` returned.
    """
    context = build()
    if wants_json(request):
        return JSONResponse(context, status_code=status)
    more = extra(context) if extra else {}
    return HTMLResponse(render(template, {**context, **more, "title": title, "json_url": json_url_of(request),
                                          "me": me(request)}), status_code=status)


def strip_json(value: str) -> str:
    return value[:-5] if value.endswith(".json") else value


def base_url(request: Request) -> str:
    """Scheme and host the reader used, for absolute permalinks in citations."""
    return str(request.base_url).rstrip("/")


def safe_next(target: str | None) -> str:
    """Only a path on this site: an open redirect would let a phishing link borrow our sign-in page."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target
