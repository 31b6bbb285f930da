"""Administration, for holders of ``manage_users``: ``/admin`` (people and roles), ``/admin/audit``
(the audit log), and their JSON equivalents under ``/api/users`` and ``/api/audit``.

The HTML forms and the JSON API call the same functions, each of which checks, changes and
audits. An administrator cannot disable their own account, take away their own right to manage
users, or set their own password here (``/account`` asks for the current one): each would be a
way to lock the last administrator out, or to skip a check, by a slip or a borrowed session.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, HTTPException, Query, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel, Field

from opis import vocab
from opis.store.access import Viewer
from opis.store.accounts import MIN_PASSWORD, User
from opis.store.archive import Archive
from opis.store.errors import Conflict, StoreError
from opis.web.core.auth import client_ip, require
from opis.web.core.params import Offset
from opis.web.core.respond import page
from opis.web.core.site import Site
from opis.web.staff.account import form_failed, role_view, token_view

Admin = Annotated[Viewer, Depends(require("manage_users"))]
DONE = {"added": "The account is added.", "roles": "The roles are changed.", "disabled": "The account is off.",
        "enabled": "The account is on again.", "password": "The password is set; that person's sign-ins ended."}
# Actions the audit log's filter suggests; the log itself accepts any.
ACTIONS = ("login", "login-failed", "login-throttled", "logout", "password-changed", "password-change-failed",
           "password-set", "token-created", "token-revoked", "user-added", "roles-changed", "user-disabled",
           "user-enabled", "upload", "create", "edit", "status", "restore", "fixity-check")


class NewUser(BaseModel):
    name: str = Field(max_length=80)
    roles: list[str]
    password: str = Field(max_length=1000)


class UserChange(BaseModel):
    """Give only what changes."""

    roles: list[str] | None = None
    disabled: bool | None = None
    password: str | None = Field(None, max_length=1000)


def user_view(archive: Archive, user: User) -> dict[str, Any]:
    active = sum(1 for t in archive.accounts.tokens(user.name) if t.revoked_at is None)
    return {"name": user.name, "roles": sorted(user.roles), "created_at": user.created_at,
            "disabled": user.disabled, "active_tokens": active}


def roles_vocab() -> list[dict[str, Any]]:
    return [{**role_view(str(r["id"])), "permissions": list(r["permissions"])} for r in vocab.load("roles")]


def _keeps_admin(admin: Viewer, name: str, roles: set[str]) -> None:
    if name == admin.name and not Viewer(name, frozenset(roles)).may("manage_users"):
        raise Conflict("you cannot take away your own right to manage users; another administrator can")


def add_user(archive: Archive, admin: Viewer, ip: str, name: str, roles: set[str], password: str) -> User:
    user = archive.accounts.add_user(name, password, roles)
    archive.audit.record(admin.name or "", "user-added", user.name, ip, {"roles": sorted(user.roles)})
    return user


def change_roles(archive: Archive, admin: Viewer, ip: str, name: str, roles: set[str]) -> User:
    before = archive.accounts.user(name)
    _keeps_admin(admin, name, roles)
    user = archive.accounts.set_roles(name, roles)
    if user.roles != before.roles:
        archive.audit.record(admin.name or "", "roles-changed", name, ip,
                             {"from": sorted(before.roles), "to": sorted(user.roles)})
    return user


def switch(archive: Archive, admin: Viewer, ip: str, name: str, disabled: bool) -> User:
    if disabled and name == admin.name:
        raise Conflict("you cannot disable your own account; another administrator can")
    before = archive.accounts.user(name)
    user = archive.accounts.set_disabled(name, disabled)
    if before.disabled != disabled:
        archive.audit.record(admin.name or "", "user-disabled" if disabled else "user-enabled", name, ip)
    return user


def set_password(archive: Archive, admin: Viewer, ip: str, name: str, password: str) -> User:
    if name == admin.name:
        raise Conflict("change your own password on your account page; it asks for the current one")
    archive.accounts.set_password(name, password)
    archive.audit.record(admin.name or "", "password-set", name, ip)
    return archive.accounts.user(name)


def apply_change(archive: Archive, admin: Viewer, ip: str, name: str, change: UserChange) -> User:
    """Roles, then on/off, then password: each checked, done and audited on its own."""
    user = archive.accounts.user(name)
    if change.roles is not None:
        user = change_roles(archive, admin, ip, name, set(change.roles))
    if change.disabled is not None:
        user = switch(archive, admin, ip, name, change.disabled)
    if change.password is not None:
        user = set_password(archive, admin, ip, name, change.password)
    return user


def audit_view(archive: Archive, path: str, offset: int, limit: int, filters: dict[str, str]) -> dict[str, Any]:
    chosen = {k: v for k, v in filters.items() if v}
    entries, total = archive.audit.entries(offset, limit, **chosen)

    def url(at: int) -> str:
        return f"{path}?{urlencode({**chosen, 'offset': at, 'limit': limit})}"

    return {"entries": [e.as_dict() for e in entries], "total": total, "offset": offset, "limit": limit,
            "filters": {k: filters.get(k, "") for k in ("actor", "action", "target")}, "actions": list(ACTIONS),
            "prev": url(max(0, offset - limit)) if offset > 0 else None,
            "next": url(offset + limit) if offset + limit < total else None}


def router(site: Site) -> APIRouter:
    router = APIRouter(tags=["admin"])
    archive = site.archive

    def users_page(request: Request, message: str = "", error: str = "", status: int = 200) -> Response:
        def build() -> dict[str, Any]:
            return {"users": [user_view(archive, u) for u in archive.accounts.users()], "roles": roles_vocab(),
                    "min_password": MIN_PASSWORD}

        return page(request, "staff/admin_users.html", "People and roles", build,
                        lambda _: {"message": message, "error": error}, status=status)

    def done(request: Request, action: Callable[[], object], key: str) -> Response:
        """Run one form's action; back to the list with its message, or the list with the error."""
        try:
            action()
        except (StoreError, HTTPException) as exc:
            return form_failed(request, exc, lambda m, s: users_page(request, error=m, status=s))
        return RedirectResponse(f"/admin?done={key}", status_code=303)

    @router.get("/admin", include_in_schema=False)
    @router.get("/admin.json", include_in_schema=False)
    def admin(request: Request, viewer: Admin, done: str = "") -> Response:
        return users_page(request, message=DONE.get(done, ""))

    @router.post("/admin/users", include_in_schema=False)
    def add_form(request: Request, viewer: Admin, name: Annotated[str, Form(max_length=80)],
            password: Annotated[str, Form(max_length=1000)],
            roles: Annotated[list[str] | None, Form()] = None) -> Response:
        ip = client_ip(request)
        return done(request, lambda: add_user(archive, viewer, ip, name.strip(), set(roles or ()), password),
                    "added")

    @router.post("/admin/users/{name}/roles", include_in_schema=False)
    def roles_form(request: Request, viewer: Admin, name: str, roles: Annotated[list[str] | None, Form()] = None,
              ) -> Response:
        return done(request, lambda: change_roles(archive, viewer, client_ip(request), name, set(roles or ())),
                    "roles")

    @router.post("/admin/users/{name}/disable", include_in_schema=False)
    def disable_form(request: Request, viewer: Admin, name: str) -> Response:
        return done(request, lambda: switch(archive, viewer, client_ip(request), name, True), "disabled")

    @router.post("/admin/users/{name}/enable", include_in_schema=False)
    def enable_form(request: Request, viewer: Admin, name: str) -> Response:
        return done(request, lambda: switch(archive, viewer, client_ip(request), name, False), "enabled")

    @router.post("/admin/users/{name}/password", include_in_schema=False)
    def password_form(request: Request, viewer: Admin, name: str, password: Annotated[str, Form(max_length=1000)],
                 ) -> Response:
        return done(request, lambda: set_password(archive, viewer, client_ip(request), name, password),
                    "password")

    @router.get("/admin/audit", include_in_schema=False)
    @router.get("/admin/audit.json", include_in_schema=False)
    def audit_page(request: Request, viewer: Admin, offset: Offset = 0,
                   limit: Annotated[int, Query(ge=1, le=500)] = 50, actor: str = "", action: str = "",
                   target: str = "") -> Response:
        filters = {"actor": actor, "action": action, "target": target}
        return page(request, "staff/audit.html", "Audit log",
                    lambda: audit_view(archive, "/admin/audit", offset, limit, filters))

    @router.get("/api/users", summary="Every account with its roles (administrators)")
    def list_users(viewer: Admin) -> dict[str, Any]:
        return {"users": [user_view(archive, u) for u in archive.accounts.users()], "roles": roles_vocab()}

    @router.post("/api/users", status_code=201, summary="Add an account (administrators)")
    def create_user(request: Request, viewer: Admin, body: NewUser) -> dict[str, Any]:
        return user_view(archive, add_user(archive, viewer, client_ip(request), body.name, set(body.roles),
                                           body.password))

    @router.get("/api/users/{name}", summary="One account, with its API tokens (administrators)")
    def get_user(viewer: Admin, name: str) -> dict[str, Any]:
        found = user_view(archive, archive.accounts.user(name))
        return {**found, "tokens": [token_view(t) for t in archive.accounts.tokens(name)]}

    @router.patch("/api/users/{name}", summary="Change roles, switch off or on, or set a password (administrators)")
    def change_user(request: Request, viewer: Admin, name: str, body: UserChange) -> dict[str, Any]:
        return user_view(archive, apply_change(archive, viewer, client_ip(request), name, body))

    @router.get("/api/audit", summary="The audit log, newest first, filtered by actor, action or target "
                                      "(administrators)")
    def audit_api(viewer: Admin, offset: Offset = 0,
                  limit: Annotated[int, Query(ge=1, le=500)] = 100, actor: str = "", action: str = "",
                  target: str = "") -> dict[str, Any]:
        return audit_view(archive, "/api/audit", offset, limit, {"actor": actor, "action": action, "target": target})

    return router
