"""Signing in and out, sessions, CSRF, the sign-in rate limit and API tokens, against a real app."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient

from opis.config import Settings
from opis.store.archive import Archive
from opis.web.app import create_app
from tests.conftest import FixedClock
from tests.support.people import PASSWORD, add_person, api_token, bearer, sign_in


@pytest.fixture
def client(archive: Archive, settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings, archive), raise_server_exceptions=False) as c:
        yield c


def test_sign_in_sets_a_safe_cookie_and_sign_out_ends_it(client: TestClient, archive: Archive) -> None:
    assert client.get("/api/me").json()["name"] is None
    name = add_person(archive, "editor")
    csrf = sign_in(client, name)
    me = client.get("/api/me").json()
    assert me["name"] == name and "publish" in me["permissions"] and me["roles"] == ["editor"]
    cookie = next(c for c in client.cookies.jar if c.name == "opis_session")
    assert cookie.has_nonstandard_attr("HttpOnly") and cookie.get_nonstandard_attr("SameSite", "").lower() == "lax"
    assert not cookie.secure  # plain http here; https requests get Secure (test below)
    assert client.post("/logout", data={"csrf": csrf}, follow_redirects=False).status_code == 303
    assert client.get("/api/me").json()["name"] is None
    actions = [e.action for e in archive.audit.entries()[0]]
    assert actions[:2] == ["logout", "login"]


def test_cookie_is_secure_over_https(archive: Archive, settings: Settings) -> None:
    name = add_person(archive, "editor")
    with TestClient(create_app(settings, archive), base_url="https://archive.test") as client:
        sign_in(client, name)
        cookie = next(c for c in client.cookies.jar if c.name == "opis_session")
        assert cookie.secure


def test_a_stolen_session_id_is_not_in_the_database(client: TestClient, archive: Archive) -> None:
    sign_in(client, add_person(archive, "editor"))
    value = client.cookies.get("opis_session")
    assert value
    with archive.engine.connect() as conn:
        dump = repr(conn.exec_driver_sql("SELECT * FROM sessions").all())
    assert value not in dump


def test_wrong_password_and_unknown_name_look_the_same(client: TestClient, archive: Archive) -> None:
    add_person(archive, "editor", "ann")
    bad = client.post("/login", data={"name": "ann", "password": "wrong password!", "csrf": _login_csrf(client)})
    unknown = client.post("/login", data={"name": "bob", "password": "wrong password!", "csrf": _login_csrf(client)})
    assert bad.status_code == unknown.status_code == 401
    assert "do not match" in bad.text and "do not match" in unknown.text
    assert client.get("/api/me").json()["name"] is None


def test_sign_in_without_its_csrf_token_is_refused(client: TestClient, archive: Archive) -> None:
    add_person(archive, "editor", "ann")
    client.get("/login")
    resp = client.post("/login", data={"name": "ann", "password": PASSWORD}, follow_redirects=False)
    assert resp.status_code == 403
    assert client.get("/api/me").json()["name"] is None


def test_sign_in_is_rate_limited_per_account(client: TestClient, archive: Archive, clock: FixedClock,
                                             settings: Settings) -> None:
    add_person(archive, "editor", "ann")
    for _ in range(settings.login_limit):
        assert client.post("/login", data={"name": "ann", "password": "guess guess!",
                                           "csrf": _login_csrf(client)}).status_code == 401
    blocked = client.post("/login", data={"name": "ann", "password": PASSWORD, "csrf": _login_csrf(client)})
    assert blocked.status_code == 429 and blocked.headers["retry-after"] == "900"
    clock.now += timedelta(minutes=16)
    sign_in(client, "ann")


def test_state_changes_by_cookie_need_the_csrf_token(client: TestClient, archive: Archive) -> None:
    csrf = sign_in(client, add_person(archive, "editor"))
    assert client.post("/logout", follow_redirects=False).status_code == 403
    assert client.post("/logout", data={"csrf": "forged"}, follow_redirects=False).status_code == 403
    assert client.get("/api/me").json()["name"] == "editor-1"  # still signed in
    assert client.post("/logout", headers={"x-csrf-token": csrf}, follow_redirects=False).status_code == 303


def test_api_tokens_act_for_their_account_until_revoked(client: TestClient, archive: Archive) -> None:
    token = api_token(archive, "editor")
    assert client.get("/api/me", headers=bearer(token)).json()["name"] == "editor-token"
    with archive.engine.connect() as conn:
        assert token.split("_", 2)[2] not in repr(conn.exec_driver_sql("SELECT * FROM api_tokens").all())
    archive.accounts.revoke_token(archive.accounts.tokens("editor-token")[0].id)
    resp = client.get("/api/me", headers=bearer(token))
    assert resp.status_code == 401 and resp.json()["error"]["code"] == "unauthorized"
    assert client.get("/api/me", headers=bearer("opis_nope_nope")).status_code == 401


def test_a_password_change_or_disabled_account_ends_sessions(client: TestClient, archive: Archive) -> None:
    sign_in(client, add_person(archive, "editor", "ann"))
    archive.accounts.set_password("ann", "another long password")
    assert client.get("/api/me").json()["name"] is None
    sign_in(client, "ann", "another long password")
    archive.accounts.set_disabled("ann", True)
    assert client.get("/api/me").json()["name"] is None


def test_next_is_only_ever_a_path_on_this_site(client: TestClient, archive: Archive) -> None:
    add_person(archive, "editor", "ann")
    for target, expected in (("/search?q=x", "/search?q=x"), ("https://evil.test/", "/"), ("//evil.test", "/")):
        resp = client.post("/login", data={"name": "ann", "password": PASSWORD, "next": target,
                                           "csrf": _login_csrf(client)}, follow_redirects=False)
        assert resp.headers["location"] == expected


def _login_csrf(client: TestClient) -> str:
    import re

    found = re.search(r'name="csrf" value="([^"]+)"', client.get("/login").text)
    assert found
    return found.group(1)


# -- the sign-in throttle across addresses (store/throttle.py) -------------------------------------

@pytest.fixture
def at(archive: Archive, settings: Settings) -> Iterator[Callable[[str], TestClient]]:
    """A client connecting from a given address."""
    app = create_app(settings, archive)
    opened: list[TestClient] = []

    def client_from(address: str) -> TestClient:
        c = TestClient(app, raise_server_exceptions=False, client=(address, 50000))
        opened.append(c)
        return c

    yield client_from
    for c in opened:
        c.close()


def _try(client: TestClient, name: str, password: str) -> int:
    return client.post("/login", data={"name": name, "password": password, "csrf": _login_csrf(client)},
                       follow_redirects=False).status_code


def test_a_stranger_cannot_lock_the_owner_out(at: Callable[[str], TestClient], archive: Archive,
                                              settings: Settings, clock: FixedClock) -> None:
    add_person(archive, "editor", "ann")
    owner, attacker = at("10.0.0.7"), at("203.0.113.66")
    assert _try(owner, "ann", PASSWORD) == 303  # ann's usual place
    for _ in range(3 * settings.login_limit):
        assert _try(attacker, "ann", "guess guess!") in (401, 429)
    assert _try(attacker, "ann", PASSWORD) == 429  # the guesser's address is refused, even the right password
    assert _try(at("10.0.0.7"), "ann", PASSWORD) == 303  # the owner is not, at once
    elsewhere = at("198.51.100.9")  # an address ann never used: waits a little, not 15 minutes
    refused = elsewhere.post("/login", data={"name": "ann", "password": PASSWORD, "csrf": _login_csrf(elsewhere)})
    assert refused.status_code == 429 and int(refused.headers["retry-after"]) <= 60
    clock.now += timedelta(seconds=int(refused.headers["retry-after"]))
    assert _try(elsewhere, "ann", PASSWORD) == 303


def test_guessing_from_one_address_is_still_throttled(at: Callable[[str], TestClient], archive: Archive,
                                                      settings: Settings) -> None:
    for name in ("ann", "bob"):
        add_person(archive, "editor", name)
    guesser = at("203.0.113.66")
    names = [f"user{n}" for n in range(4 * settings.login_limit)]
    assert [_try(guesser, n, "guess guess!") for n in names] == [401] * len(names)
    blocked = guesser.post("/login", data={"name": "bob", "password": PASSWORD, "csrf": _login_csrf(guesser)})
    assert blocked.status_code == 429 and blocked.headers["retry-after"] == "900"
    assert "login-throttled" in [e.action for e in archive.audit.entries()[0]]
    assert _try(at("10.0.0.8"), "bob", PASSWORD) == 303  # bob, from his own machine


def test_x_forwarded_for_is_believed_only_from_a_trusted_proxy(archive: Archive, settings: Settings) -> None:
    add_person(archive, "editor", "ann")
    forwarded = {"x-forwarded-for": "198.51.100.23"}
    for trusted, expected in ((None, "10.1.1.1"), ("10.1.1.1", "198.51.100.23")):
        app = create_app(replace(settings, trusted_proxies=trusted), archive)
        with TestClient(app, client=("10.1.1.1", 40000)) as client:
            csrf = _login_csrf(client)
            client.post("/login", data={"name": "ann", "password": "wrong!", "csrf": csrf}, headers=forwarded)
        assert archive.audit.entries(action="login-failed")[0][0].ip == expected
