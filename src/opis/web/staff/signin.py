"""Signing in and out, and ``GET /api/me``: who the server thinks is asking.

Failed sign-ins are audit entries; ``store/throttle.py`` decides from them who may try a password
now (refused with 429 and Retry-After before the password is even checked): one address is limited,
one account from one address is limited, and a guess spread over many addresses slows new addresses
down without locking the owner out.
"""

from __future__ import annotations

import secrets
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from opis.store.throttle import SignInThrottle
from opis.web.core.auth import (
    LOGIN_CSRF_COOKIE,
    SESSION_COOKIE,
    client_ip,
    me,
    session_of,
    set_session_cookie,
    viewer_of,
)
from opis.web.core.i18n import gettext as _
from opis.web.core.render import render
from opis.web.core.respond import safe_next, wants_json
from opis.web.core.site import Site


def _login_page(request: Request, message: str = "", status: int = 200, name: str = "",
                next_url: str = "/") -> Response:
    token = request.cookies.get(LOGIN_CSRF_COOKIE) or secrets.token_urlsafe(32)
    context = {"title": _("Sign in"), "message": message, "name": name, "next": safe_next(next_url),
               "me": {**me(request), "csrf": token}, "json_url": "/login.json"}
    response = HTMLResponse(render("staff/signin.html", context), status_code=status)
    response.set_cookie(LOGIN_CSRF_COOKIE, token, httponly=True, samesite="strict",
                        secure=request.url.scheme == "https", path="/login")
    return response


def router(site: Site) -> APIRouter:
    router = APIRouter(tags=["accounts"])
    archive, settings = site.archive, site.settings
    throttle = SignInThrottle(archive.audit, settings.login_limit)

    @router.get("/login", summary="The sign-in form", response_class=HTMLResponse)
    def login_form(request: Request, next: str = "/") -> Response:  # noqa: A002 - the query is called next
        return _login_page(request, next_url=next)

    @router.get("/login.json", summary="Who is signed in (the sign-in page's JSON twin)")
    def login_json(request: Request) -> dict[str, Any]:
        return {"signed_in": viewer_of(request).name, "sign_in": {"method": "POST", "url": "/login",
                                                                   "fields": ["name", "password", "csrf", "next"]}}

    @router.post("/login", summary="Sign in with a name and password (sets the session cookie)",
                 response_model=None)
    def login(request: Request, name: Annotated[str, Form(max_length=200)],
              password: Annotated[str, Form(max_length=1000)], csrf: Annotated[str, Form()] = "",
              next: Annotated[str, Form()] = "/") -> Response:  # noqa: A002
        ip = client_ip(request)
        expected = request.cookies.get(LOGIN_CSRF_COOKIE, "")
        if not expected or not secrets.compare_digest(csrf, expected):
            return _login_page(request, _("The form was stale; please try again."), 403, name, next)
        verdict = throttle.check(name[:80], ip)
        if not verdict.allowed:
            archive.audit.record(name[:80], "login-throttled", name[:80], ip, {"reason": verdict.reason})
            wait = f"{verdict.retry_after // 60} minutes" if verdict.retry_after >= 120 else \
                f"{verdict.retry_after} seconds"
            said = _("Too many failed attempts (%(reason)s); wait %(wait)s and try again.", reason=verdict.reason,
                     wait=wait)
            page = _login_page(request, said, 429, name, next)
            page.headers["Retry-After"] = str(verdict.retry_after)
            return page
        user = archive.accounts.verify(name, password)
        if user is None:
            archive.audit.record(name[:80], "login-failed", name[:80], ip)
            return _login_page(request, _("That name and password do not match an active account."), 401, name, next)
        token, info = archive.accounts.open_session(user.name)
        archive.audit.record(user.name, "login", user.name, ip)
        response = RedirectResponse(safe_next(next), status_code=303)
        set_session_cookie(request, response, token, info, archive.clock())
        response.delete_cookie(LOGIN_CSRF_COOKIE, path="/login")
        return response

    @router.post("/logout", summary="Sign out (ends the session)", response_model=None)
    def logout(request: Request) -> Response:
        session = session_of(request)
        if session is not None:
            archive.accounts.end_session(request.cookies.get(SESSION_COOKIE, ""))
            archive.audit.record(session.user.name, "logout", session.user.name, client_ip(request))
        response: Response = (JSONResponse({"signed_in": None}) if wants_json(request)
                              else RedirectResponse("/", status_code=303))
        response.delete_cookie(SESSION_COOKIE, path="/")
        return response

    @router.get("/api/me", summary="Who is asking: name, roles and permissions (null name: anonymous)")
    def whoami(request: Request) -> dict[str, Any]:
        info = me(request)
        return {"name": info["name"], "roles": info["roles"],
                "permissions": sorted(p for p, ok in info["may"].items() if ok), "csrf": info["csrf"] or None}

    return router
