"""Who is asking, and may they: sessions, API tokens, permissions and CSRF for every route.

One app-wide dependency (``authenticator(archive)``) runs before every route: it resolves the viewer from
an ``Authorization: Bearer opis_…`` token or the session cookie, keeps it on ``request.state``,
and rejects a state-changing request made with the session cookie unless it carries the
session's CSRF token (form field ``csrf`` or header ``X-CSRF-Token``). Requests with an API token
carry no cookie, so a third-party page cannot forge them.

Routes that need a permission declare ``Depends(require("publish"))``; the dependency keeps its
permission as an attribute, which the security-matrix test reads to know who should get in.
"""

from __future__ import annotations

import hmac
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import Any

from fastapi import HTTPException, Request, Response

from opis.store.access import ANONYMOUS, Viewer
from opis.store.accounts import SessionInfo, expires_in
from opis.store.archive import Archive

SESSION_COOKIE = "opis_session"
LOGIN_CSRF_COOKIE = "opis_login_csrf"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# Failed password checks (sign-in, password change) are counted over this window for their rate limits.
FAILURE_WINDOW = timedelta(minutes=15)
OWN_CSRF_CHECK = frozenset({"/login"})  # signs in before any session exists: a double-submit cookie guards it


def client_ip(request: Request) -> str:
    return request.client.host if request.client else ""


def _resolve(archive: Archive, request: Request) -> tuple[Viewer, SessionInfo | None, bool]:
    """(viewer, session if signed in by cookie, whether an API token was used)."""
    accounts = archive.accounts
    header = request.headers.get("authorization", "")
    if header:
        scheme, _, presented = header.partition(" ")
        user = accounts.token_user(presented.strip()) if scheme.lower() == "bearer" else None
        if user is None:
            raise HTTPException(401, "the API token is not valid (unknown, revoked, or its account is off)",
                                headers={"WWW-Authenticate": "Bearer"})
        return user.viewer, None, True
    cookie = request.cookies.get(SESSION_COOKIE)
    info = accounts.session(cookie) if cookie else None
    return (info.user.viewer, info, False) if info else (ANONYMOUS, None, False)


def viewer_of(request: Request) -> Viewer:
    """The viewer of this request, as ``authenticate`` resolved it before the route ran; the anonymous
    public where no authentication ran (a router mounted on its own, in a test or a benchmark)."""
    viewer = getattr(request.state, "viewer", ANONYMOUS)
    assert isinstance(viewer, Viewer)
    return viewer


def session_of(request: Request) -> SessionInfo | None:
    session: SessionInfo | None = getattr(request.state, "session", None)
    return session


async def presented_csrf(request: Request) -> str:
    header = request.headers.get("x-csrf-token")
    if header:
        return header
    if request.headers.get("content-type", "").startswith(("application/x-www-form-urlencoded",
                                                            "multipart/form-data")):
        from opis.web.core.limits import FORM_LIMITS  # here: limits → errors → respond → auth is a cycle

        value = (await request.form(**FORM_LIMITS)).get("csrf")  # the limits FastAPI parses this form with
        return value if isinstance(value, str) else ""
    return ""


def _refuse_nul(request: Request) -> None:
    """No name, id or query of ours holds a NUL; PostgreSQL cannot even compare one, so refuse it here."""
    if "\x00" in request.url.path or "\x00" in str(request.url.query) or "%00" in str(request.url.query):
        raise HTTPException(400, "a NUL character is not allowed in a URL")


def authenticator(archive: Archive) -> Callable[[Request], Awaitable[None]]:
    """The app-wide dependency for ``archive``'s accounts (see the module's docstring)."""

    async def authenticate(request: Request) -> None:
        """Resolve the viewer; a cookie-authenticated change must carry the session's CSRF token."""
        _refuse_nul(request)
        request.state.viewer, request.state.session, request.state.by_token = _resolve(archive, request)
        session = session_of(request)
        if request.method in SAFE_METHODS or session is None or request.url.path in OWN_CSRF_CHECK:
            return
        if not hmac.compare_digest((await presented_csrf(request)).encode(), session.csrf.encode()):
            raise HTTPException(403, "this form is missing its security token or it is stale; reload the page "
                                     "and try again")

    return authenticate


def require(permission: str | None) -> Callable[[Request], Awaitable[Viewer]]:
    """A dependency admitting viewers with ``permission`` (None: anyone signed in); 401 or 403 otherwise."""

    async def dependency(request: Request) -> Viewer:
        viewer = viewer_of(request)
        if not viewer.signed_in:
            raise HTTPException(401, "sign in first", headers={"WWW-Authenticate": "Bearer"})
        if permission is not None and not viewer.may(permission):
            raise HTTPException(403, f"your roles do not include the {permission!r} permission")
        return viewer

    dependency.permission = permission  # type: ignore[attr-defined]
    dependency.__name__ = f"require_{permission or 'signed_in'}"
    return dependency


def set_session_cookie(request: Request, response: Response, token: str, info: SessionInfo, now: datetime) -> None:
    """The session cookie, with the same flags wherever one is issued: unreadable to scripts, not sent
    with cross-site requests, HTTPS-only when the site is served over HTTPS."""
    response.set_cookie(SESSION_COOKIE, token, max_age=expires_in(info, now), httponly=True, samesite="lax",
                        secure=request.url.scheme == "https", path="/")


def me(request: Request) -> dict[str, Any]:
    """What templates need about the person: name, roles, permissions and the CSRF token for forms."""
    viewer = viewer_of(request)
    session = session_of(request)
    return {"name": viewer.name, "roles": sorted(viewer.roles),
            "csrf": session.csrf if session else request.cookies.get(LOGIN_CSRF_COOKIE, ""),
            "may": {p: viewer.may(p) for p in ("edit_drafts", "add_renditions", "publish", "edit_authorities",
                                               "manage_users")}}
