"""Catalogue import from the browser: the dry-run preview writes nothing, the confirmation writes the
good rows; HTML and JSON twins; only those who may publish."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from opis.config import Settings
from opis.store.access import SYSTEM
from opis.store.archive import Archive
from opis.web.app import create_app
from tests.support.people import add_person, sign_in
from tests.web.htmlcheck import assert_accessible

SHEET = (Path(__file__).parents[1] / "data" / "catalog" / "korea-1950.csv").read_bytes()


@pytest.fixture
def client(archive: Archive, settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings, archive), raise_server_exceptions=False) as c:
        yield c


def test_contributor_may_not_import(client: TestClient, archive: Archive) -> None:
    sign_in(client, add_person(archive, "contributor"))
    assert client.get("/catalog/import").status_code == 403


def test_preview_then_import(client: TestClient, archive: Archive) -> None:
    csrf = sign_in(client, add_person(archive, "editor"))
    form = client.get("/catalog/import")
    assert form.status_code == 200
    assert_accessible(form.text)
    before = archive.counts(SYSTEM).get("document", 0)
    resp = client.post("/catalog/import", data={"csrf": csrf},
                       files=[("sheet", ("korea.csv", SHEET, "text/csv"))])
    assert resp.status_code == 200, resp.text
    assert_accessible(resp.text)
    assert "Заголовок → <code>title</code>" in resp.text and "row 4: error — date" in resp.text
    assert archive.counts(SYSTEM).get("document", 0) == before
    token = re.search(r'action="/catalog/import/([0-9a-f]+)"', resp.text)
    assert token
    done = client.post(f"/catalog/import/{token.group(1)}", data={"csrf": csrf},
                       headers={"Accept": "application/json"})
    assert done.status_code == 200
    body = done.json()
    assert body["step"] == "done" and body["counts"] == {"created": 3, "error": 1}
    assert archive.counts(SYSTEM).get("document", 0) == before + 3
    again = client.post(f"/catalog/import/{token.group(1)}", data={"csrf": csrf})
    assert again.status_code == 404  # the waiting sheet is gone once imported


def test_json_preview_and_bad_sheet(client: TestClient, archive: Archive) -> None:
    csrf = sign_in(client, add_person(archive, "editor"))
    resp = client.post("/catalog/import", data={"csrf": csrf}, headers={"Accept": "application/json"},
                       files=[("sheet", ("korea.csv", SHEET, "text/csv"))])
    body = resp.json()
    assert body["dry_run"] and body["columns"]["Дата"] == "date" and len(body["preview"]) == 4
    bad = client.post("/catalog/import", data={"csrf": csrf},
                      files=[("sheet", ("s.xlsx", b"PK\x03\x04junk", "application/octet-stream"))])
    assert bad.status_code == 422 and "not a readable XLSX" in bad.text
