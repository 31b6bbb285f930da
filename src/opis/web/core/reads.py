"""Which requests' store reads may go to the read standby (OPIS_READ_DATABASE_URL; store.replica).

Anonymous GET and HEAD requests read inside ``stale_reads``: the archive's public reads may go to
the standby, once it has replayed the position in the ``opis_seen`` cookie. A request with a
session cookie or an Authorization header (staff, API clients) reads the primary: an edit form
takes the revision number from the primary and then the record, and a record older than that
number would let a save undo someone else's (the conflict check trusts that order). Any other request may write: when it
has answered, the primary's WAL position is put in that cookie, so the same person's next pages
(on any node) show their save. A client that keeps no cookies (a script with an API token) reads
what the standby has, a little stale at worst."""

from __future__ import annotations

from http.cookies import SimpleCookie
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from opis.store.archive import Archive
from opis.store.replica import stale_reads, write_position
from opis.web.core.auth import SESSION_COOKIE

COOKIE = "opis_seen"
KEEP_S = 24 * 3600  # after a day, a standby that still lags behind a save is a failure to mend, not to hide
SAFE = ("GET", "HEAD")


class ReadRouting:
    def __init__(self, app: ASGIApp, archive: Archive) -> None:
        self.app, self.archive = app, archive

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        cookies = _cookies(scope)
        if scope["method"] in SAFE and SESSION_COOKIE not in cookies and not _authorized(scope):
            with stale_reads(cookies.get(COOKIE)):
                await self.app(scope, receive, send)
            return

        async def remembered(message: Message) -> None:
            if message["type"] == "http.response.start":
                # The handler has committed what it wrote by now: the position is at or after it.
                position = await run_in_threadpool(write_position, self.archive.engine)
                if position:
                    headers: list[Any] = list(message.get("headers", []))
                    headers.append((b"set-cookie", f"{COOKIE}={position}; Max-Age={KEEP_S}; Path=/; HttpOnly; "
                                                   "SameSite=Lax".encode()))
                    message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, remembered)


def _cookies(scope: Scope) -> dict[str, str]:
    found: dict[str, str] = {}
    for name, value in scope.get("headers", []):
        if name == b"cookie":
            found.update({k: m.value for k, m in SimpleCookie(value.decode("latin-1")).items()})
    return found


def _authorized(scope: Scope) -> bool:
    return any(name == b"authorization" for name, _value in scope.get("headers", []))
