from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from opis.config import Settings
from opis.store.access import SYSTEM
from opis.store.archive import Archive
from opis.web.app import create_app
from tests.support.people import api_token, bearer

TOKEN = ""

@pytest.fixture
def client(archive: Archive, settings: Settings) -> Iterator[TestClient]:
    global TOKEN
    TOKEN = api_token(archive, "contributor")
    with TestClient(create_app(settings, archive), raise_server_exceptions=False) as c:
        yield c


def _wait(client: TestClient, url: str) -> dict[str, object]:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        status = client.get(url, headers={"authorization": f"Bearer {TOKEN}"}).json()
        if status["status"] != "running":
            return status  # type: ignore[no-any-return]
        time.sleep(0.1)
    raise AssertionError("the upload job did not finish")


def test_upload_needs_the_token(client: TestClient, archive: Archive, settings: Settings) -> None:
    files = {"files": ("a.txt", b"Letter of 25 June 1950.", "text/plain")}
    assert client.post("/api/ingest", files=files).status_code == 401
    assert client.post("/api/ingest", files=files, headers={"authorization": "Bearer nope"}).status_code == 401
    reader = api_token(archive, "reader")
    resp = client.post("/api/ingest", files=files, headers=bearer(reader))
    assert resp.status_code == 403 and resp.json()["error"]["code"] == "forbidden"
    archive.accounts.revoke_token(archive.accounts.tokens("contributor-token")[0].id)
    assert client.post("/api/ingest", files=files, headers=bearer(TOKEN)).status_code == 401
    assert archive.is_empty()


def test_upload_ingests_and_reports_per_file(client: TestClient, archive: Archive) -> None:
    files = [("files", ("letter.txt", "Штыков — Сталину, 25 июня 1950 г.".encode(), "text/plain")),
             ("files", ("empty.txt", b"", "text/plain"))]
    resp = client.post("/api/ingest", files=files, params={"collection": "Uploads"},
                       headers={"authorization": f"Bearer {TOKEN}"})
    assert resp.status_code == 202
    status = _wait(client, resp.json()["status_url"])
    assert status["status"] == "finished" and status["counts"] == {
        "ingested": 1, "duplicate": 0, "failed": 1, "awaiting-ocr": 0}
    docs = archive.browse(SYSTEM, ("document",), 0, 10).items
    assert len(docs) == 1 and docs[0].title.startswith("Штыков")
    again = client.post("/api/ingest", files=files[:1], headers={"authorization": f"Bearer {TOKEN}"})
    assert _wait(client, again.json()["status_url"])["counts"]["duplicate"] == 1  # type: ignore[index]
