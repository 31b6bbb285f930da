"""The IIIF Image API room over a public and a restricted document's scans (generated PNG pages)."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from PIL import Image

from opis.config import Settings
from opis.model import AttachedOriginal, Document, make_id
from opis.model.common import Access
from opis.store.archive import Archive
from opis.web.app import create_app


def _scan(archive: Archive, folder: Path, name: str, colour: str) -> str:
    path = folder / name
    Image.new("RGB", (1200, 900), colour).save(path)
    sha, _, _ = archive.add_original(path, name, "image/png")
    return sha


@pytest.fixture
def scans(archive: Archive, tmp_path: Path) -> dict[str, str]:
    public = _scan(archive, tmp_path, "public.png", "white")
    hidden = _scan(archive, tmp_path, "hidden.png", "gray")
    text = tmp_path / "note.txt"
    text.write_text("a note")
    note, _, _ = archive.add_original(text, "note.txt", "text/plain")
    docs = [Document(id=make_id("document", "iiif", name), title=f"Scanned {name}", genre="letter",
                     access=Access(level=level), originals=[AttachedOriginal(
                         sha256=sha, filename=f"{name}.png", media_type="image/png", role="scan")])
            for name, sha, level in (("public", public, "public"), ("hidden", hidden, "restricted"))]
    docs.append(Document(id=make_id("document", "iiif", "note"), title="A note", genre="letter",
                         originals=[AttachedOriginal(sha256=note, filename="note.txt", media_type="text/plain")]))
    archive.put_many(docs, "test")
    return {"public": public, "hidden": hidden, "note": note}


@pytest.fixture
def client(archive: Archive, settings: Settings, scans: dict[str, str]) -> Iterator[TestClient]:
    with TestClient(create_app(settings, archive), raise_server_exceptions=False) as c:
        yield c


def test_info_json(client: TestClient, scans: dict[str, str]) -> None:
    r = client.get(f"/iiif/image/{scans['public']}/info.json")
    assert r.status_code == 200 and r.headers["access-control-allow-origin"] == "*"
    info = r.json()
    assert info["type"] == "ImageService3" and info["profile"] == "level2"
    assert (info["width"], info["height"]) == (1200, 900)
    assert info["id"].endswith(f"/iiif/image/{scans['public']}")
    assert info["tiles"][0]["scaleFactors"] == [1, 2, 4]


def test_pictures(client: TestClient, scans: dict[str, str], settings: Settings) -> None:
    base = f"/iiif/image/{scans['public']}"
    r = client.get(f"{base}/0,0,512,512/256,/90/gray.png")
    assert r.status_code == 200 and r.headers["content-type"] == "image/png"
    assert Image.open(io.BytesIO(r.content)).size == (256, 256)
    r = client.get(f"{base}/full/!300,300/0/default.jpg")
    assert r.headers["content-type"] == "image/jpeg" and Image.open(io.BytesIO(r.content)).size == (300, 225)
    assert list((settings.data_dir / "derived" / "images").rglob("*.jpg"))  # cached under the data dir
    assert client.get(base, follow_redirects=False).headers["location"] == f"{base}/info.json"


@pytest.mark.parametrize("tail", ["full/max/45/default.jpg", "full/max/0/default.gif", "0,0,0,0/max/0/default.jpg",
                                  "full/2000,/0/default.jpg", "nonsense/max/0/default.jpg"])
def test_bad_parameters_are_400_in_the_error_shape(client: TestClient, scans: dict[str, str], tail: str) -> None:
    r = client.get(f"/iiif/image/{scans['public']}/{tail}")
    assert r.status_code == 400
    assert r.json()["error"]["code"] == "bad_request"


def test_restricted_unknown_and_non_images_are_404(client: TestClient, scans: dict[str, str]) -> None:
    for sha in (scans["hidden"], "0" * 64, scans["note"]):
        for tail in ("info.json", "full/max/0/default.jpg"):
            r = client.get(f"/iiif/image/{sha}/{tail}")
            assert r.status_code == 404, (sha, tail)
            assert r.json()["error"]["code"] == "not_found"


def test_document_page_shows_the_scan_without_script(client: TestClient, scans: dict[str, str]) -> None:
    doc = make_id("document", "iiif", "public")
    html = client.get(f"/documents/{doc}").text
    assert f'src="/iiif/image/{scans["public"]}/full/360,/0/default.jpg"' in html
    assert f"/iiif/image/{scans['public']}/full/1200,/0/default.jpg 1200w" in html
    assert client.get(f"/documents/{doc}.json").json()["scans"][0]["width"] == 1200
