"""Every state-changing route, reached with a session cookie, needs that session's CSRF token.

An administrator signs in through the real form. Each POST/PUT/PATCH/DELETE route of the app (found
by walking it, so new routes are covered as they appear) is then sent without a token, with a
forged one (as header and as form field) and with the token of another person's session: each is
refused with 403 and changes nothing (row counts of records, revisions, the audit log, accounts,
sessions, tokens and ingest jobs, and digests of accounts and tokens, are equal before and after).
With the right token the same request is not refused for want of it, which proves the check is not
a blanket refusal. ``/login`` has its own double-submit check (no session exists yet): it refuses
all of the above too, and test_auth.py covers its right token.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from opis.config import Settings
from opis.store.archive import Archive
from opis.web.app import create_app
from opis.web.core.auth import OWN_CSRF_CHECK
from tests.support.people import PASSWORD, add_person, sign_in
from tests.web.security_fixtures import (
    Endpoint,
    Filler,
    ServerErrors,
    World,
    endpoints,
    error_message,
    fingerprint,
    query_params,
    request_body,
)

ADMIN = "admin-1"
CSRF_REFUSAL = "security token"  # words of the message web/core/auth's authenticator refuses with


@pytest.fixture
def world(world: World, archive: Archive) -> World:
    """The shared world (tests/web/conftest.py) with people who sign in through the form."""
    add_person(archive, "admin", ADMIN)
    add_person(archive, "reader", "reader-1")
    return world


@pytest.fixture
def app_client(world: World, settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings, world.archive), raise_server_exceptions=False) as client:
        yield client


def _unsafe(client: TestClient) -> list[Endpoint]:
    found = [e for e in endpoints(client.app) if e.unsafe]  # type: ignore[arg-type]
    assert len(found) > 10, "the route walk found too few state-changing routes"
    return found


def _request(client: TestClient, world: World, filler: Filler, endpoint: Endpoint, *, header: str | None = None,
             field: str | None = None) -> Any:
    url = filler.fill(endpoint, "admin")[0].url
    kwargs: dict[str, Any] = {"params": query_params(endpoint, world), **request_body(endpoint, world)}
    if field is not None:
        kwargs["data"] = {**kwargs.get("data", {}), "csrf": field}
    headers = {"x-csrf-token": header} if header is not None else {}
    return client.request(endpoint.method, url, headers=headers, follow_redirects=False, **kwargs)


def _signed_in(client: TestClient, world: World) -> str:
    """The admin's session CSRF token, signing in again if a request ended the session."""
    me = client.get("/api/me").json()
    if me["name"] == ADMIN:
        return str(me["csrf"])
    accounts = world.archive.accounts
    accounts.set_disabled(ADMIN, False)
    accounts.set_roles(ADMIN, {"admin"})
    if accounts.verify(ADMIN, PASSWORD) is None:
        accounts.set_password(ADMIN, PASSWORD)
    client.cookies.clear()
    return sign_in(client, ADMIN)


def test_no_state_change_without_the_sessions_csrf_token(app_client: TestClient, world: World) -> None:
    sign_in(app_client, ADMIN)
    other = TestClient(app_client.app, raise_server_exceptions=False)
    someone_elses = sign_in(other, "reader-1")  # a real CSRF token, of another session
    filler = Filler(world)
    failures: list[str] = []
    tried = 0
    for endpoint in _unsafe(app_client):
        form = any(kind in ("Form", "File") for _, kind, _, _ in endpoint.body) or not endpoint.body
        attempts: list[tuple[str, dict[str, str | None]]] = [
            ("no token", {}), ("forged header", {"header": "forged"}),
            ("another session's token", {"header": someone_elses})]
        if form:
            attempts.append(("forged form field", {"field": "forged"}))
        for label, how in attempts:
            before = fingerprint(world.archive)
            response = _request(app_client, world, filler, endpoint, **how)
            after = fingerprint(world.archive)
            tried += 1
            if response.status_code != 403:
                failures.append(f"{endpoint.key} with {label}: {response.status_code}, not 403")
            elif endpoint.path not in OWN_CSRF_CHECK and CSRF_REFUSAL not in error_message(response):
                failures.append(f"{endpoint.key} with {label}: 403 but not the CSRF refusal: "
                                f"{error_message(response)}")
            if before != after:
                changed = {k: (before[k], after[k]) for k in before if before[k] != after[k]}
                failures.append(f"{endpoint.key} with {label}: changed {changed}")
    assert not failures, f"{len(failures)} of {tried} forged requests got through:\n" + "\n".join(failures)
    assert app_client.get("/api/me").json()["name"] == ADMIN, "a refused request ended the session"


def test_the_right_token_is_let_through(app_client: TestClient, world: World) -> None:
    filler = Filler(world)
    failures: list[str] = []
    checked = 0
    with ServerErrors() as errors:
        for endpoint in _unsafe(app_client):
            if endpoint.path in OWN_CSRF_CHECK:
                continue  # its token is the sign-in form's own (test_auth.py)
            world.reset()
            csrf = _signed_in(app_client, world)
            mark = len(errors.seen)
            response = _request(app_client, world, filler, endpoint, header=csrf)
            checked += 1
            message = error_message(response)
            if response.status_code in (401, 403) and (CSRF_REFUSAL in message or response.status_code == 401):
                failures.append(f"{endpoint.key}: {response.status_code} {message}")
            if response.status_code >= 500:
                failures.append(f"{endpoint.key}: {response.status_code}\n{errors.since(mark)}")
    assert checked > 10
    assert not failures, "refused with the right CSRF token:\n" + "\n".join(failures)
