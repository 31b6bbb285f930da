"""Administration: people and roles through the forms and /api/users, the lockout guard, and the
audit log's page and API (newest first, filters, paging), for administrators only."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient

from opis.config import Settings
from opis.store.archive import Archive
from opis.web.app import create_app
from tests.conftest import FixedClock
from tests.support.people import PASSWORD, add_person, api_token, bearer, sign_in
from tests.web.htmlcheck import assert_accessible

NEW = "a fresh password here"


@pytest.fixture
def client(archive: Archive, settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings, archive), raise_server_exceptions=False) as c:
        yield c


@pytest.fixture
def admin(client: TestClient, archive: Archive) -> str:
    """``client`` signed in as the administrator ``ada``; returns the CSRF token."""
    return sign_in(client, add_person(archive, "admin", "ada"))


def test_administration_is_for_administrators_only(client: TestClient, archive: Archive) -> None:
    paths = ("/admin", "/admin.json", "/admin/audit", "/admin/audit.json", "/api/users", "/api/audit")
    for path in paths:
        assert client.get(path).status_code == 401, path
    editor = api_token(archive, "editor")
    for path in paths:
        resp = client.get(path, headers=bearer(editor))
        assert resp.status_code == 403 and resp.json()["error"]["code"] == "forbidden", path
    assert client.post("/api/users", json={"name": "eve", "roles": ["admin"], "password": NEW},
                       headers=bearer(editor)).status_code == 403
    assert client.patch("/api/users/editor-token", json={"roles": ["admin"]}, headers=bearer(editor)).status_code == 403
    assert archive.accounts.user("editor-token").roles == {"editor"}


def test_the_people_page_lists_accounts_and_roles(client: TestClient, archive: Archive, admin: str) -> None:
    add_person(archive, "translator", "tanya")
    archive.accounts.create_token("tanya", "t")
    page = client.get("/admin")
    assert page.status_code == 200 and "tanya" in page.text and 'value="translator"' in page.text
    assert_accessible(page.text)
    twin = client.get("/admin.json").json()
    assert [u["name"] for u in twin["users"]] == ["ada", "tanya"]
    assert twin["users"][1] | {"created_at": ""} == {"name": "tanya", "roles": ["translator"], "created_at": "",
                                                     "disabled": False, "active_tokens": 1}
    assert [r["id"] for r in twin["roles"]] == ["reader", "contributor", "translator", "editor", "admin"]
    assert "manage_users" in twin["roles"][4]["permissions"] and "password_hash" not in str(twin)


def test_adding_changing_and_switching_people_off(client: TestClient, archive: Archive, admin: str) -> None:
    added = client.post("/admin/users", data={"name": "bob", "roles": ["contributor", "translator"],
                                              "password": NEW, "csrf": admin}, follow_redirects=False)
    assert added.status_code == 303 and added.headers["location"] == "/admin?done=added"
    assert archive.accounts.user("bob").roles == {"contributor", "translator"}
    bob = TestClient(client.app, raise_server_exceptions=False)
    sign_in(bob, "bob", NEW)
    changed = client.post("/admin/users/bob/roles", data={"roles": ["editor"], "csrf": admin}, follow_redirects=False)
    assert changed.status_code == 303 and archive.accounts.user("bob").roles == {"editor"}
    assert bob.get("/api/me").json()["roles"] == ["editor"]  # roles apply at once
    assert client.post("/admin/users/bob/disable", data={"csrf": admin}, follow_redirects=False).status_code == 303
    assert bob.get("/api/me").json()["name"] is None
    assert "The account is off" in client.get("/admin?done=disabled").text
    assert client.post("/admin/users/bob/enable", data={"csrf": admin}, follow_redirects=False).status_code == 303
    sign_in(bob, "bob", NEW)
    assert client.post("/admin/users/bob/password", data={"password": "yet another password", "csrf": admin},
                       follow_redirects=False).status_code == 303
    assert bob.get("/api/me").json()["name"] is None
    assert archive.accounts.verify("bob", "yet another password") is not None
    entries = archive.audit.entries(actor="ada")[0]
    assert [e.action for e in entries][:5] == ["password-set", "user-enabled", "user-disabled", "roles-changed",
                                                "user-added"]
    assert entries[3].detail == {"from": ["contributor", "translator"], "to": ["editor"]}
    assert all(e.target == "bob" and e.ip == "testclient" for e in entries[:5])


@pytest.mark.parametrize(("form", "status", "message"), [
    ({"name": "ada", "roles": ["reader"], "password": NEW}, 409, "exists already"),
    ({"name": "bob", "roles": ["boss"], "password": NEW}, 422, "known: admin, contributor"),
    ({"name": "bob", "password": NEW}, 422, "missing role"),
    ({"name": "bob", "roles": ["reader"], "password": "short"}, 422, "at least 10"),
    ({"name": "bob smith", "roles": ["reader"], "password": NEW}, 422, "not a user name"),
])
def test_adding_a_person_wrongly_says_why(client: TestClient, archive: Archive, admin: str,
                                          form: dict[str, object], status: int, message: str) -> None:
    resp = client.post("/admin/users", data={**form, "csrf": admin})
    assert resp.status_code == status and message in resp.text and 'role="alert"' in resp.text
    assert [u.name for u in archive.accounts.users()] == ["ada"]


def test_an_administrator_cannot_lock_themselves_out(client: TestClient, archive: Archive, admin: str) -> None:
    off = client.post("/admin/users/ada/disable", data={"csrf": admin})
    assert off.status_code == 409 and "cannot disable your own account" in off.text
    demoted = client.post("/admin/users/ada/roles", data={"roles": ["editor"], "csrf": admin})
    assert demoted.status_code == 409 and "your own right to manage users" in demoted.text
    own = client.post("/admin/users/ada/password", data={"password": NEW, "csrf": admin})
    assert own.status_code == 409 and "your account page" in own.text
    user = archive.accounts.user("ada")
    assert user.roles == {"admin"} and not user.disabled and archive.accounts.verify("ada", PASSWORD) is not None
    assert client.post("/admin/users/ada/roles", data={"roles": ["admin", "editor"], "csrf": admin},
                       follow_redirects=False).status_code == 303  # adding a role to oneself is fine
    token = api_token(archive, "admin")
    resp = client.patch("/api/users/admin-token", json={"disabled": True}, headers=bearer(token))
    assert resp.status_code == 409 and resp.json()["error"]["code"] == "conflict"
    assert client.patch("/api/users/admin-token", json={"roles": ["reader"]}, headers=bearer(token)).status_code == 409
    assert client.patch("/api/users/ada", json={"disabled": True}, headers=bearer(token)).status_code == 200
    assert client.get("/api/me").json()["name"] is None  # another administrator may


def test_the_users_api(client: TestClient, archive: Archive) -> None:
    token = api_token(archive, "admin")
    made = client.post("/api/users", json={"name": "bob", "roles": ["contributor"], "password": NEW},
                       headers=bearer(token))
    assert made.status_code == 201 and made.json()["roles"] == ["contributor"]
    assert client.post("/api/users", json={"name": "bob", "roles": ["reader"], "password": NEW},
                       headers=bearer(token)).status_code == 409
    changed = client.patch("/api/users/bob", json={"roles": ["editor", "translator"], "disabled": True,
                                                   "password": "something else entirely"}, headers=bearer(token))
    assert changed.status_code == 200 and changed.json()["disabled"] and changed.json()["roles"] == [
        "editor", "translator"]
    assert archive.accounts.verify("bob", "something else entirely") is None  # off, so no sign-in
    archive.accounts.create_token("bob", "bobs")
    one = client.get("/api/users/bob", headers=bearer(token)).json()
    assert [t["label"] for t in one["tokens"]] == ["bobs"] and "secret" not in str(one)
    assert client.get("/api/users/nobody", headers=bearer(token)).status_code == 404
    assert client.patch("/api/users/bob", json={"roles": ["boss"]}, headers=bearer(token)).status_code == 422
    listed = client.get("/api/users", headers=bearer(token)).json()["users"]
    assert [u["name"] for u in listed] == ["admin-token", "bob"]
    actions = [e.action for e in archive.audit.entries(actor="admin-token")[0]]
    assert actions == ["password-set", "user-disabled", "roles-changed", "user-added"]


def test_the_audit_log_page_filters_and_pages(client: TestClient, archive: Archive, clock: FixedClock,
                                              admin: str) -> None:
    for n in range(5):
        clock.now += timedelta(minutes=1)
        archive.audit.record("bob", "edit", f"doc-{n}", "10.1.1.1", {"message": f"<b>change {n}</b>"})
    archive.audit.record("carl", "upload", "job-1", "10.2.2.2", {"files": ["a.txt", "b.txt"]})
    page = client.get("/admin/audit", params={"limit": 2})
    assert page.status_code == 200 and page.text.index("job-1") < page.text.index("doc-4")
    assert "&lt;b&gt;change 4&lt;/b&gt;" in page.text and "<b>change" not in page.text
    assert "a.txt, b.txt" in page.text and "10.2.2.2" in page.text and 'rel="next"' in page.text
    assert_accessible(page.text)
    twin = client.get("/admin/audit.json", params={"actor": "bob", "limit": 2, "offset": 2}).json()
    assert twin["total"] == 5 and [e["target"] for e in twin["entries"]] == ["doc-2", "doc-1"]
    assert twin["prev"] == "/admin/audit?actor=bob&offset=0&limit=2"
    assert twin["next"] == "/admin/audit?actor=bob&offset=4&limit=2"
    api = client.get("/api/audit", params={"action": "upload"}, headers={"x-csrf-token": admin}).json()
    assert [(e["actor"], e["ip"], e["detail"]) for e in api["entries"]] == [
        ("carl", "10.2.2.2", {"files": ["a.txt", "b.txt"]})]
    assert client.get("/api/audit", params={"target": "doc-0"}).json()["total"] == 1
    assert client.get("/api/audit", params={"limit": 0}).status_code == 422
