"""One's own account: ``/account`` (roles, password change, API tokens) and ``/api/tokens``.

Every change is audited. A new token's secret is in the one response that creates it and never
again (only its SHA-256 is stored). A token cannot make new tokens: whoever holds a leaked token
could otherwise mint replacements faster than its owner revokes them, so minting needs a
sign-in with the password. Changing the password ends every session of the person; the browser
that changed it gets a fresh one, so its owner stays signed in there and only there.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel, Field

from opis import vocab
from opis.store.access import Viewer
from opis.store.accounts import MIN_PASSWORD, TokenInfo, check_password
from opis.store.archive import Archive
from opis.store.errors import Invalid, NotFound, StoreError
from opis.web.core.auth import FAILURE_WINDOW, client_ip, require, session_of, set_session_cookie
from opis.web.core.errors import status_of
from opis.web.core.respond import page, wants_json
from opis.web.core.site import Site

DONE = {"password": "Your password is changed. Your other sign-ins have ended; this one goes on.",
        "revoked": "The token is revoked: it no longer works."}
SignedIn = Annotated[Viewer, Depends(require(None))]


class NewToken(BaseModel):
    label: str = Field("", max_length=200, description="What the token is for, e.g. 'harvest script'")


def token_view(info: TokenInfo) -> dict[str, Any]:
    return {"id": info.id, "user": info.user_name, "label": info.label, "created_at": info.created_at,
            "last_used_at": info.last_used_at, "revoked_at": info.revoked_at, "active": info.revoked_at is None}


def role_view(role_id: str) -> dict[str, str]:
    return {"id": role_id, "label": vocab.labels("roles").get(role_id, role_id)}


def failure(exc: Exception) -> tuple[int, str]:
    """The status and message a form shows for an error the person can fix."""
    if isinstance(exc, HTTPException):
        return exc.status_code, str(exc.detail)
    return status_of(exc, default=400), str(exc)


def form_failed(request: Request, exc: Exception, show: Callable[[str, int], Response]) -> Response:
    """A form's error: the page again with the message (a JSON client gets the usual error instead)."""
    if wants_json(request):
        raise exc
    status, message = failure(exc)
    return show(message, status)


def done_message(done: str) -> str:
    """Messages after a redirect come from a fixed list: a crafted link cannot put words on the page."""
    return DONE.get(done, "")


def account_view(archive: Archive, viewer: Viewer) -> dict[str, Any]:
    assert viewer.name is not None
    user = archive.accounts.user(viewer.name)
    permissions = sorted({p for r in vocab.load("roles") for p in r["permissions"] if viewer.may(p)})
    return {"name": user.name, "roles": [role_view(r) for r in sorted(user.roles)], "permissions": permissions,
            "created_at": user.created_at, "min_password": MIN_PASSWORD,
            "tokens": [token_view(t) for t in reversed(archive.accounts.tokens(user.name))]}


def mint_token(archive: Archive, request: Request, viewer: Viewer, label: str) -> tuple[str, TokenInfo]:
    if getattr(request.state, "by_token", False):
        raise HTTPException(403, "an API token cannot make new tokens; sign in with your password to make one")
    assert viewer.name is not None
    secret, info = archive.accounts.create_token(viewer.name, label)
    archive.audit.record(viewer.name, "token-created", viewer.name, client_ip(request),
                         {"token": info.id, "label": info.label})
    return secret, info


def revoke_token(archive: Archive, request: Request, viewer: Viewer, token_id: str) -> TokenInfo:
    """Revoke one's own token (administrators: anyone's); someone else's is reported as missing."""
    info = archive.accounts.token(token_id)
    if info.user_name != viewer.name and not viewer.may("manage_users"):
        raise NotFound(f"no API token {token_id!r}")
    revoked = archive.accounts.revoke_token(token_id)
    if info.revoked_at is None:
        archive.audit.record(viewer.name or "", "token-revoked", info.user_name, client_ip(request),
                             {"token": info.id, "label": info.label})
    return revoked


def change_password(archive: Archive, request: Request, viewer: Viewer, current: str, new: str,
                    repeat: str, limit: int) -> None:
    """Check the current password and its repetition, then set the new one (every session ends)."""
    name, ip = viewer.name or "", client_ip(request)
    # Counted like failed sign-ins: a borrowed session must not become a way to guess the password.
    if archive.audit.recent_count("password-change-failed", FAILURE_WINDOW, actor=name) >= limit:
        raise HTTPException(429, "too many wrong current passwords; wait 15 minutes and try again")
    if archive.accounts.verify(name, current) is None:
        archive.audit.record(name, "password-change-failed", name, ip)
        raise HTTPException(400, "the current password is not right")
    if new != repeat:
        raise Invalid("the new password and its repetition differ")
    archive.accounts.set_password(name, check_password(new))
    archive.audit.record(name, "password-changed", name, ip)


def renew_session(request: Request, response: Response, archive: Archive, name: str) -> None:
    """A fresh session cookie for the browser that changed the password (only a browser: a request
    made with an API token must not come away holding a session)."""
    if session_of(request) is None:
        return
    token, info = archive.accounts.open_session(name)
    set_session_cookie(request, response, token, info, archive.clock())


def router(site: Site) -> APIRouter:
    router = APIRouter(tags=["accounts"])
    archive = site.archive

    def show(request: Request, viewer: Viewer, message: str = "", error: str = "", status: int = 200,
             new_token: dict[str, Any] | None = None) -> Response:
        def build() -> dict[str, Any]:
            found = account_view(archive, viewer)
            return {**found, "new_token": new_token} if new_token else found

        response = page(request, "staff/account.html", "Your account", build,
                        lambda _: {"message": message, "error": error}, status)
        if new_token:
            response.headers["cache-control"] = "no-store"  # the secret must not sit in a cache
        return response

    @router.get("/account", include_in_schema=False)
    @router.get("/account.json", summary="Your account: name, roles, permissions and API tokens")
    def account(request: Request, viewer: SignedIn, done: str = "") -> Response:
        return show(request, viewer, message=done_message(done))

    @router.post("/account/password", include_in_schema=False)
    def password(request: Request, viewer: SignedIn, current: Annotated[str, Form(max_length=1000)],
                 new: Annotated[str, Form(max_length=1000)], repeat: Annotated[str, Form(max_length=1000)],
                 ) -> Response:
        try:
            change_password(archive, request, viewer, current, new, repeat, site.settings.login_limit)
        except (StoreError, HTTPException) as exc:
            return form_failed(request, exc, lambda m, s: show(request, viewer, error=m, status=s))
        response = RedirectResponse("/account?done=password", status_code=303)
        renew_session(request, response, archive, viewer.name or "")
        return response

    @router.post("/account/tokens", include_in_schema=False)
    def new_token(request: Request, viewer: SignedIn, label: Annotated[str, Form(max_length=200)] = "") -> Response:
        try:
            secret, info = mint_token(archive, request, viewer, label)
        except (StoreError, HTTPException) as exc:
            return form_failed(request, exc, lambda m, s: show(request, viewer, error=m, status=s))
        return show(request, viewer, new_token={"secret": secret, **token_view(info)})

    @router.post("/account/tokens/{token_id}/revoke", include_in_schema=False)
    def revoke(request: Request, viewer: SignedIn, token_id: str) -> Response:
        try:
            revoke_token(archive, request, viewer, token_id)
        except StoreError as exc:
            return form_failed(request, exc, lambda m, s: show(request, viewer, error=m, status=s))
        return RedirectResponse("/account?done=revoked", status_code=303)

    @router.get("/api/tokens", summary="Your API tokens (administrators: anyone's, with ?user=NAME)")
    def tokens(viewer: SignedIn, user: str | None = None) -> dict[str, Any]:
        if user not in (None, viewer.name) and not viewer.may("manage_users"):
            raise HTTPException(403, "only administrators see other people's tokens")
        return {"tokens": [token_view(t) for t in archive.accounts.tokens(user or viewer.name)]}

    @router.post("/api/tokens", status_code=201,
                 summary="Make an API token for yourself; the secret is in this response only, never again")
    def create(request: Request, response: Response, viewer: SignedIn, body: NewToken) -> dict[str, Any]:
        secret, info = mint_token(archive, request, viewer, body.label)
        response.headers["cache-control"] = "no-store"
        return {"secret": secret, "token": token_view(info)}

    @router.delete("/api/tokens/{token_id}", summary="Revoke an API token (yours; administrators: anyone's)")
    def delete(request: Request, viewer: SignedIn, token_id: str) -> dict[str, Any]:
        return {"token": token_view(revoke_token(archive, request, viewer, token_id))}

    return router
