"""Bounds on a request's size, all from settings: headers (431), body (413), form fields.

- The request line and headers together may hold ``OPIS_MAX_HEADER_KB``. ``opis serve`` runs uvicorn
  with ``BoundedHttpTools``, which stops reading a request whose head grows past that while it is still
  arriving (httptools has no limit of its own; a 1 MB header was accepted); ``HeaderLimit`` answers the
  same 431 inside the app, whatever server runs it.
- A body may hold ``OPIS_MAX_BODY_MB``, an upload (``UPLOAD_PATHS``) ``OPIS_UPLOAD_MAX_MB``: ``BodyLimit``
  refuses a declared length past that at once and counts the bytes of any other body as they arrive.
- A form's text field may hold 1 MB, a form 1000 fields and files (``FORM_LIMITS``).

Every refusal has the one error shape (``web/errors.py``). ``install`` puts it all on an app, with
``X-Forwarded-For`` believed only from ``OPIS_TRUSTED_PROXIES``.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

from fastapi import FastAPI
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from opis.config import Settings
from opis.web.core.errors import error_body

UPLOAD_PATHS = frozenset({"/api/ingest", "/upload"})
FORM_LIMITS = {"max_part_size": 1 << 20, "max_fields": 1000, "max_files": 1000}
HEAD_MESSAGE = "the request line and headers are too large (at most {kb} KB)"


def head_size(scope: Scope) -> int:
    """Bytes of the request line and headers as sent (near enough: separators counted as HTTP/1.1 has them)."""
    line = len(scope.get("raw_path") or scope["path"].encode()) + len(scope.get("query_string") or b"") + 16
    return line + sum(len(name) + len(value) + 4 for name, value in scope["headers"])


def _json_error(status: int, message: str) -> tuple[list[tuple[bytes, bytes]], bytes]:
    body = json.dumps(error_body(status, message)).encode()
    return [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
            (b"connection", b"close")], body


async def _refuse(send: Send, status: int, message: str) -> None:
    headers, body = _json_error(status, message)
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


class BodyLimit:
    """ASGI middleware: 413 for a body past its limit (uploads have theirs: a little room for the framing)."""

    def __init__(self, app: ASGIApp, max_bytes: int, upload_bytes: int) -> None:
        self.app, self.max_bytes, self.upload_bytes = app, max_bytes, upload_bytes + (1 << 20)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.upload_bytes if scope["path"].rstrip("/") in UPLOAD_PATHS else self.max_bytes
        message = f"the request body is too large (at most {limit >> 20} MB here)"
        declared = dict(scope["headers"]).get(b"content-length", b"")
        if declared.isdigit() and int(declared) > limit:
            await _refuse(send, 413, message)
            return
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            got = await receive()
            if got["type"] == "http.request":
                seen += len(got.get("body", b""))
                if seen > limit:  # the route's error handler answers, in the one shape
                    raise HTTPException(413, message)
            return got

        await self.app(scope, counted, send)


class HeaderLimit:
    """ASGI middleware: 431 for a request whose line and headers exceed the limit."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app, self.max_bytes = app, max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or head_size(scope) <= self.max_bytes:
            await self.app(scope, receive, send)
            return
        await _refuse(send, 431, HEAD_MESSAGE.format(kb=self.max_bytes >> 10))


def bounded_httptools(max_bytes: int) -> type[asyncio.Protocol]:
    """uvicorn's httptools protocol, refusing with 431 a request whose head outgrows ``max_bytes``."""

    class BoundedHttpTools(HttpToolsProtocol):
        head_bytes = 0
        in_head = False
        refused = False

        def on_message_begin(self) -> None:
            super().on_message_begin()
            self.head_bytes, self.in_head = 0, True

        def on_headers_complete(self) -> None:
            self.in_head = False
            super().on_headers_complete()

        def data_received(self, data: bytes) -> None:
            if self.refused:
                return  # read and dropped: closing with unread bytes would reset the connection, answer and all
            super().data_received(data)
            if self.in_head and not self.transport.is_closing():
                self.head_bytes += len(data)
                if self.head_bytes > max_bytes:
                    self._refuse()

        def _refuse(self) -> None:
            headers, body = _json_error(431, HEAD_MESSAGE.format(kb=max_bytes >> 10))
            head = b"HTTP/1.1 431 Request Header Fields Too Large\r\n" + b"".join(
                name + b": " + value + b"\r\n" for name, value in headers)
            self.transport.write(head + b"\r\n" + body)
            self.refused = True
            # The client reads the answer and closes; one that goes on sending is cut off after a second.
            self.loop.call_later(1.0, self.transport.close)

    return BoundedHttpTools


def serve_options(settings: Settings) -> dict[str, Any]:
    """uvicorn.run options: the bounded protocol, and no X-Forwarded-* handling (the app does it, from
    OPIS_TRUSTED_PROXIES only; uvicorn alone would believe any local process)."""
    return {"http": bounded_httptools(settings.max_header_kb << 10), "proxy_headers": False,
            "h11_max_incomplete_event_size": settings.max_header_kb << 10}


def install(app: FastAPI, settings: Settings) -> None:
    """The limits on ``app``; call last, so they run first (and see the client's own address)."""
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_mb << 20, upload_bytes=settings.upload_max_mb << 20)
    app.add_middleware(HeaderLimit, max_bytes=settings.max_header_kb << 10)
    if settings.trusted_proxies:
        app.add_middleware(ProxyHeadersMiddleware, trusted_hosts=settings.trusted_proxies.split(","))
