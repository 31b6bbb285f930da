"""People for tests: an account per role, an API token, a test client signed in through the real form."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from opis.store.archive import Archive

PASSWORD = "correct horse battery staple"
ROLES = ("reader", "contributor", "translator", "editor", "admin")


def add_person(archive: Archive, role: str, name: str | None = None) -> str:
    """An account with one role (named after it unless ``name``); returns the name."""
    name = name or f"{role}-1"
    archive.accounts.add_user(name, PASSWORD, {role})
    return name


def api_token(archive: Archive, role: str) -> str:
    """A bearer token of a new account with ``role`` (the account is named ``<role>-token``)."""
    name = add_person(archive, role, f"{role}-token")
    secret, _ = archive.accounts.create_token(name, "tests")
    return secret


def bearer(token: str) -> dict[str, str]:
    return {"authorization": f"Bearer {token}"}


def sign_in(client: TestClient, name: str, password: str = PASSWORD) -> str:
    """Sign ``client`` in through GET/POST /login; returns the session's CSRF token for later forms."""
    form = client.get("/login")
    csrf = re.search(r'name="csrf" value="([^"]+)"', form.text)
    assert csrf, "the sign-in form has no CSRF field"
    resp = client.post("/login", data={"name": name, "password": password, "csrf": csrf.group(1)},
                       follow_redirects=False)
    assert resp.status_code == 303, resp.text
    token = client.get("/api/me").json()["csrf"]
    assert isinstance(token, str) and token
    return token
