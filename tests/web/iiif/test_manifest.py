"""Presentation 3.0 manifests, each validated by iiif-prezi3's pydantic model of the spec."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from iiif_prezi3 import Collection as IIIFCollection
from iiif_prezi3 import Manifest
from PIL import Image

from opis.config import Settings
from opis.model import AttachedOriginal, Collection, Document, Rendition, make_id
from opis.model.common import Access
from opis.store.archive import Archive
from opis.web.app import create_app

DOC = make_id("document", "iiif", "manifest")
COLL = make_id("collection", "iiif", "letters")
HIDDEN = make_id("document", "iiif", "manifest-hidden")


def _stored(archive: Archive, folder: Path, name: str, data: bytes | None = None,
            colour: str = "white") -> AttachedOriginal:
    path = folder / name
    if data is None:  # pages of the same colour are the same stored file (content-addressed)
        Image.new("RGB", (600, 800), colour).save(path)
    else:
        path.write_bytes(data)
    sha, _, _ = archive.add_original(path, name, "image/png")
    return AttachedOriginal(sha256=sha, filename=name, media_type="image/png", role="scan")


@pytest.fixture
def client(archive: Archive, settings: Settings, tmp_path: Path) -> Iterator[TestClient]:
    pages = [_stored(archive, tmp_path, "p1.png"), _stored(archive, tmp_path, "p2.png", b"\x89PNG broken"),
             _stored(archive, tmp_path, "p3.png", b"\x00")]
    doc = Document(id=DOC, title="Письмо Штыкова", genre="letter", languages=["ru"], summary="A letter.",
                   renditions=[Rendition(id="r-ru", kind="original", language="ru", text="Товарищ Сталин."),
                               Rendition(id="r-en", kind="translation", language="en", text="Comrade Stalin.")],
                   originals=pages, collections=[COLL])
    hidden = Document(id=HIDDEN, title="Hidden", genre="letter", access=Access(level="restricted"), collections=[COLL],
                      originals=[_stored(archive, tmp_path, "h.png", None, "gray")])
    archive.put_many([Collection(id=COLL, title="Letters"), doc, hidden], "test")
    with TestClient(create_app(settings, archive), raise_server_exceptions=False) as c:
        yield c


def _valid(body: dict[str, Any]) -> Manifest:
    return Manifest(**body)


def test_manifest_is_valid_and_keeps_readable_pages(client: TestClient) -> None:
    r = client.get(f"/iiif/{DOC}/manifest.json")
    assert r.status_code == 200 and "ld+json" in r.headers["content-type"]
    body = r.json()
    _valid(body)
    assert body["label"] == {"ru": ["Письмо Штыкова"]}
    assert [(c["width"], c["height"]) for c in body["items"]] == [(600, 800)]  # the broken page is left out
    assert "p2.png" in body["summary"]["ru"][0] and "p3.png" in body["summary"]["ru"][0]
    texts = body["items"][0]["annotations"][0]["items"]
    assert {(t["motivation"], t["body"]["language"]) for t in texts} == {("supplementing", "ru"),
                                                                          ("supplementing", "en")}
    service = body["items"][0]["items"][0]["items"][0]["body"]["service"][0]["id"]
    assert client.get(service.split("testserver")[1] + "/info.json").status_code == 200
    assert body["homepage"][0]["id"].endswith(f"/documents/{DOC}")


def test_hidden_document_has_no_manifest(client: TestClient) -> None:
    r = client.get(f"/iiif/{HIDDEN}/manifest.json")
    assert r.status_code == 404 and r.json()["error"]["code"] == "not_found"


def test_collection_lists_only_visible_manifests(client: TestClient) -> None:
    r = client.get(f"/iiif/collections/{COLL}/collection.json")
    assert r.status_code == 200
    body = r.json()
    IIIFCollection(**body)
    assert [i["id"].split("/iiif/")[1] for i in body["items"]] == [f"{DOC}/manifest.json"]
    assert client.get(f"/iiif/collections/{DOC}/collection.json").status_code == 404
