"""Originals through the API with both homes (a folder, an S3 bucket on moto's loopback server): the
download route answers the ingested file's bytes unchanged, and a damaged object is refused in the one
JSON error shape rather than served; ``/api/fixity`` starts a check (administrators) and shows its
problems with their documents (people who may publish), and so do the ``/fixity`` pages and their
JSON twins, in the reader's language. The file is FRUS 1949 vol. VII part 2 doc.
191 as a web page (public domain; tests/data/ingest/PROVENANCE.md)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from opis.config import Settings
from opis.store.archive import Archive
from opis.web.app import create_app
from tests.jobs.test_fixity import HTML, damage, ingest, remove
from tests.support.people import add_person, api_token, bearer, sign_in


@pytest.fixture
def client(stored: Archive, home_settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(home_settings, stored), raise_server_exceptions=False) as c:
        yield c


def test_the_download_route_answers_the_original_unchanged_or_refuses(client: TestClient, stored: Archive) -> None:
    sha = ingest(stored, HTML)[HTML.name]  # a draft: an editor may read it
    editor = bearer(api_token(stored, "editor"))
    resp = client.get(f"/api/originals/{sha}", headers=editor)
    assert resp.status_code == 200 and resp.content == HTML.read_bytes()
    assert resp.headers["content-type"].startswith("text/html")
    assert client.get(f"/api/originals/{sha}").status_code == 404  # nor anyone who may not read the draft
    damage(stored.originals, sha)
    if stored.originals.describe().startswith("s3://"):
        # The first download kept a checked local copy; a fresh node (no copy yet) must refuse.
        for f in stored.originals.root.rglob(sha):
            f.unlink()
        refused = client.get(f"/api/originals/{sha}", headers=editor)
        assert refused.status_code == 500 and "cannot be served unchanged" in refused.json()["error"]["message"]
    else:
        # On a file system the file is the original: what the route serves is what is there, and the
        # fixity check is what finds the damage.
        assert client.get(f"/api/originals/{sha}", headers=editor).content != HTML.read_bytes()


def _wait(client: TestClient, url: str, who: dict[str, str]) -> dict[str, Any]:
    end = time.monotonic() + 60
    while time.monotonic() < end:
        status: dict[str, Any] = client.get(url, headers=who).json()
        if status["status"] in ("passed", "failed", "broken"):
            return status
        time.sleep(0.1)
    raise AssertionError("the fixity check did not end")


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_staff_start_and_read_fixity_checks(client: TestClient, stored: Archive) -> None:
    sha = ingest(stored, HTML)[HTML.name]
    admin, editor, reader = (bearer(api_token(stored, role)) for role in ("admin", "editor", "reader"))
    assert client.post("/api/fixity").status_code == 401
    assert client.post("/api/fixity", headers=editor).status_code == 403
    assert client.get("/api/fixity", headers=reader).status_code == 403
    damage(stored.originals, sha)
    started = client.post("/api/fixity", headers=admin)
    assert started.status_code == 202
    status = _wait(client, started.json()["status_url"], editor)
    assert (status["status"], status["mismatched"], status["actor"]) == ("failed", 1, "admin-token")
    [problem] = status["problems"]
    assert problem["sha256"] == sha and problem["documents"][0]["title"]
    listing = client.get("/api/fixity", headers=editor).json()
    assert listing["total"] == 1 and listing["runs"][0]["id"] == started.json()["run"]
    assert client.get("/api/fixity/fixity-nope", headers=editor).json()["error"]["code"] == "not_found"
    assert stored.audit.entries(action="fixity-check")[0][0].target == started.json()["run"]


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_the_fixity_pages_start_a_check_and_show_it_with_json_twins(client: TestClient, stored: Archive) -> None:
    sha = ingest(stored, HTML)[HTML.name]
    add_person(stored, "admin")
    csrf = sign_in(client, "admin-1")
    assert "No check has run yet." in client.get("/fixity").text
    remove(stored.originals, sha)
    refused = client.post("/fixity", data={"csrf": "wrong"}, follow_redirects=False)
    assert refused.status_code == 403 and stored.audit.entries(action="fixity-check")[1] == 0
    started = client.post("/fixity", data={"csrf": csrf}, follow_redirects=False)
    assert started.status_code == 303 and started.headers["location"].startswith("/fixity/fixity-")
    url = started.headers["location"]
    twin = _wait(client, f"{url}.json", {})
    assert twin == client.get(f"/api/fixity/{twin['id']}").json()
    html = client.get(url).text
    assert "missing" in html and f"{sha[:12]}…" in html and twin["problems"][0]["documents"][0]["title"] in html
    assert 'http-equiv="refresh"' not in html  # ended: no more following
    listing = client.get("/fixity.json").json()
    assert [r["id"] for r in listing["runs"]] == [twin["id"]] and listing["may_start"] is True
    russian = client.get(url, params={"lang": "ru"}).text
    assert "Проверка целостности" in russian and "отсутствует" in russian
    assert client.get("/fixity", headers={"accept": "application/json"}).json()["total"] == 1
