"""One's own account: the page and its JSON twin, changing the password, API tokens made (shown
once), listed and revoked through the form and through /api/tokens, and the audit of each."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from opis.config import Settings
from opis.store.archive import Archive
from opis.web.app import create_app
from tests.support.people import PASSWORD, add_person, api_token, bearer, sign_in
from tests.web.htmlcheck import assert_accessible

NEW = "a brand new password"


@pytest.fixture
def client(archive: Archive, settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings, archive), raise_server_exceptions=False) as c:
        yield c


def _other_client(client: TestClient) -> TestClient:
    return TestClient(client.app, raise_server_exceptions=False)


def _actions(archive: Archive) -> list[str]:
    return [e.action for e in archive.audit.entries(limit=500)[0]]


def test_the_account_page_needs_a_sign_in_and_has_a_json_twin(client: TestClient, archive: Archive) -> None:
    assert client.get("/account").status_code == 401
    assert client.get("/account.json").json()["error"]["code"] == "unauthorized"
    sign_in(client, add_person(archive, "translator", "tanya"))
    page = client.get("/account")
    assert page.status_code == 200 and "tanya" in page.text and "Translator" in page.text
    assert_accessible(page.text)
    twin = client.get("/account.json").json()
    assert twin["name"] == "tanya" and twin["roles"] == [{"id": "translator", "label": "Translator"}]
    assert twin["permissions"] == ["add_renditions", "read_unpublished"] and twin["tokens"] == []
    assert twin["min_password"] == 10


def test_changing_the_password_ends_other_sign_ins_but_not_this_one(client: TestClient, archive: Archive) -> None:
    name = add_person(archive, "editor", "ann")
    elsewhere = _other_client(client)
    sign_in(elsewhere, name)
    csrf = sign_in(client, name)
    resp = client.post("/account/password", data={"current": PASSWORD, "new": NEW, "repeat": NEW, "csrf": csrf},
                       follow_redirects=False)
    assert resp.status_code == 303 and resp.headers["location"] == "/account?done=password"
    cookie = resp.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie and "path=/" in cookie
    assert client.get("/api/me").json()["name"] == "ann"  # the fresh session
    assert client.get("/api/me").json()["csrf"] != csrf
    assert elsewhere.get("/api/me").json()["name"] is None
    assert "Your password is changed" in client.get("/account?done=password").text
    assert archive.accounts.verify(name, NEW) is not None and archive.accounts.verify(name, PASSWORD) is None
    assert "password-changed" in _actions(archive)


@pytest.mark.parametrize(("current", "new", "repeat", "status", "message"), [
    ("wrong password!!", NEW, NEW, 400, "current password is not right"),
    (PASSWORD, NEW, NEW + "x", 422, "repetition differ"),
    (PASSWORD, "short", "short", 422, "at least 10 characters"),
])
def test_a_password_change_that_fails_says_why(client: TestClient, archive: Archive, current: str, new: str,
                                               repeat: str, status: int, message: str) -> None:
    csrf = sign_in(client, add_person(archive, "reader", "rita"))
    resp = client.post("/account/password", data={"current": current, "new": new, "repeat": repeat, "csrf": csrf})
    assert resp.status_code == status and message in resp.text and 'role="alert"' in resp.text
    assert archive.accounts.verify("rita", PASSWORD) is not None
    assert client.get("/api/me").json()["name"] == "rita"


def test_guessing_the_current_password_is_rate_limited(client: TestClient, archive: Archive,
                                                       settings: Settings) -> None:
    csrf = sign_in(client, add_person(archive, "reader", "rita"))
    form = {"current": "guess guess!", "new": NEW, "repeat": NEW, "csrf": csrf}
    for _ in range(settings.login_limit):
        assert client.post("/account/password", data=form).status_code == 400
    blocked = client.post("/account/password", data={**form, "current": PASSWORD})
    assert blocked.status_code == 429 and archive.accounts.verify("rita", PASSWORD) is not None
    assert _actions(archive).count("password-change-failed") == settings.login_limit


def test_a_password_change_by_api_token_hands_out_no_session(client: TestClient, archive: Archive) -> None:
    token = api_token(archive, "reader")
    resp = client.post("/account/password", data={"current": PASSWORD, "new": NEW, "repeat": NEW},
                       headers=bearer(token), follow_redirects=False)
    assert resp.status_code == 303 and "set-cookie" not in resp.headers
    assert archive.accounts.verify("reader-token", NEW) is not None


def test_a_token_made_on_the_page_is_shown_once(client: TestClient, archive: Archive) -> None:
    csrf = sign_in(client, add_person(archive, "contributor", "carl"))
    made = client.post("/account/tokens", data={"label": "harvest <script>", "csrf": csrf})
    assert made.status_code == 200 and made.headers["cache-control"] == "no-store"
    secret = re.search(r'value="(opis_[^"]+)"', made.text)
    assert secret and "shown this once" in made.text and "harvest &lt;script&gt;" in made.text
    assert_accessible(made.text)
    assert secret.group(1) not in client.get("/account").text
    assert secret.group(1) not in client.get("/account.json").text
    assert client.get("/api/me", headers=bearer(secret.group(1))).json()["name"] == "carl"
    [token] = archive.accounts.tokens("carl")
    gone = client.post(f"/account/tokens/{token.id}/revoke", data={"csrf": csrf}, follow_redirects=False)
    assert gone.status_code == 303 and gone.headers["location"] == "/account?done=revoked"
    assert client.get("/api/me", headers=bearer(secret.group(1))).status_code == 401
    assert "revoked" in client.get("/account?done=revoked").text
    entries = archive.audit.entries(actor="carl")[0]
    assert [(e.action, e.detail.get("token")) for e in entries[:2]] == [("token-revoked", token.id),
                                                                         ("token-created", token.id)]


def test_forms_need_their_csrf_token(client: TestClient, archive: Archive) -> None:
    sign_in(client, add_person(archive, "editor", "ann"))
    assert client.post("/account/tokens", data={"label": "x"}).status_code == 403
    assert client.post("/account/password", data={"current": PASSWORD, "new": NEW, "repeat": NEW}).status_code == 403
    assert archive.accounts.tokens("ann") == [] and archive.accounts.verify("ann", PASSWORD) is not None


def test_the_token_api_makes_lists_and_revokes(client: TestClient, archive: Archive) -> None:
    csrf = sign_in(client, add_person(archive, "editor", "ann"))
    made = client.post("/api/tokens", json={"label": "script"}, headers={"x-csrf-token": csrf})
    assert made.status_code == 201 and made.headers["cache-control"] == "no-store"
    body = made.json()
    secret, token = body["secret"], body["token"]
    assert secret.startswith(f"opis_{token['id']}_") and token["label"] == "script" and token["active"]
    listed = client.get("/api/tokens").json()["tokens"]
    assert [t["id"] for t in listed] == [token["id"]] and secret not in str(listed)
    refused = client.post("/api/tokens", json={"label": "more"}, headers=bearer(secret))
    assert refused.status_code == 403 and "cannot make new tokens" in refused.json()["error"]["message"]
    revoked = client.delete(f"/api/tokens/{token['id']}", headers=bearer(secret))  # a leaked token revokes itself
    assert revoked.status_code == 200 and revoked.json()["token"]["revoked_at"]
    assert client.get("/api/tokens").json()["tokens"][0]["active"] is False


def test_only_administrators_touch_other_peoples_tokens(client: TestClient, archive: Archive) -> None:
    victim = api_token(archive, "editor")
    victim_id = archive.accounts.tokens("editor-token")[0].id
    other = api_token(archive, "contributor")
    assert client.delete(f"/api/tokens/{victim_id}", headers=bearer(other)).status_code == 404
    assert client.get("/api/tokens", params={"user": "editor-token"}, headers=bearer(other)).status_code == 403
    assert client.get("/api/me", headers=bearer(victim)).status_code == 200
    admin = api_token(archive, "admin")
    listed = client.get("/api/tokens", params={"user": "editor-token"}, headers=bearer(admin)).json()["tokens"]
    assert [t["id"] for t in listed] == [victim_id]
    assert client.delete(f"/api/tokens/{victim_id}", headers=bearer(admin)).status_code == 200
    assert client.get("/api/me", headers=bearer(victim)).status_code == 401
    entry = archive.audit.entries(action="token-revoked")[0][0]
    assert (entry.actor, entry.target, entry.detail["token"]) == ("admin-token", "editor-token", victim_id)
    assert client.delete("/api/tokens/nope", headers=bearer(admin)).status_code == 404
