"""Field lengths where people write documents (vocab/limits.yaml): a clear 422 in the one error
shape, never a record that stalls the indexer (issue 20: a 50 MB title held it for 50 minutes)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from opis import vocab
from opis.config import Settings
from opis.model import Rendition
from opis.store.access import SYSTEM
from opis.store.archive import Archive
from opis.web.app import create_app
from tests.support.people import api_token, bearer
from tests.support.records import PUBLIC


@pytest.fixture
def client(archive: Archive, settings: Settings) -> Iterator[TestClient]:
    archive.put_many([PUBLIC], "system")
    with TestClient(create_app(settings, archive), raise_server_exceptions=False) as c:
        yield c


def _body(**changes: Any) -> dict[str, Any]:
    return {"title": "A memorandum", "genre": "memorandum", **changes}


@pytest.mark.parametrize(("field", "body"), [
    ("title", _body(title="x" * (vocab.field_limits()["title"] + 1))),
    ("summary", _body(summary="x" * (vocab.field_limits()["summary"] + 1))),
    ("renditions.0.text", _body(renditions=[{"id": "ren-long", "kind": "original", "language": "en",
                                              "text": "x" * (vocab.field_limits()["text"] + 1)}])),
    ("agents.0.name", _body(agents=[{"name": "x" * (vocab.field_limits()["name"] + 1), "role": "author"}])),
    ("places.0.name", _body(places=[{"name": "x" * (vocab.field_limits()["name"] + 1)}])),
])
def test_a_field_past_its_limit_is_refused_with_422(client: TestClient, archive: Archive, field: str,
                                                     body: dict[str, Any]) -> None:
    before = archive.browse(SYSTEM).total
    resp = client.post("/api/documents", json=body, headers=bearer(api_token(archive, "editor")))
    assert resp.status_code == 422, resp.text
    error = resp.json()["error"]
    assert error["code"] == "invalid" and field in error["message"] and "at most" in error["message"]
    assert len(error["message"]) < 500  # the value itself is not sent back
    assert archive.browse(SYSTEM).total == before


def test_fields_at_their_limit_are_saved(client: TestClient, archive: Archive) -> None:
    limits = vocab.field_limits()
    body = _body(title="t" * limits["title"], summary="s" * limits["summary"],
                 agents=[{"name": "n" * limits["name"], "role": "author"}])
    resp = client.post("/api/documents", json=body, headers=bearer(api_token(archive, "editor")))
    assert resp.status_code == 201, resp.text


def test_a_long_text_from_ingest_stays_editable(client: TestClient, archive: Archive) -> None:
    """Ingest keeps texts of any length; changing such a document's title must not trip on its text."""
    long_text = "word " * (vocab.field_limits()["text"] // 5 + 10)
    ingested = PUBLIC.model_copy(update={"renditions": [
        Rendition(id="ren-ingested", kind="original", language="en", text=long_text)]})
    archive.put(ingested, "opis-ingest")
    body = {**ingested.model_dump(mode="json"), "title": "A better title"}
    token = bearer(api_token(archive, "editor"))
    assert client.put(f"/api/documents/{PUBLIC.id}", json=body, headers=token).status_code == 200
    changed = {**body, "renditions": [{**body["renditions"][0], "text": long_text + "more"}]}
    resp = client.put(f"/api/documents/{PUBLIC.id}", json=changed, headers=token)
    assert resp.status_code == 422 and "renditions.0.text" in resp.json()["error"]["message"]
