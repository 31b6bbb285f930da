"""IIIF Content Search 2.0 inside a document, over OCR word boxes kept at ingest; a PDF's pages as
canvases. The page images are generated here (typed lines, test material, not scans of real
documents) and go through the real ingest with Tesseract, so the boxes are Tesseract's own."""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from iiif_prezi3 import Manifest
from PIL import Image, ImageDraw, ImageFont

from opis.config import Settings
from opis.jobs.ingest import IngestRequest, run_ingest
from opis.model import Document
from opis.store.access import SYSTEM
from opis.store.archive import Archive
from opis.web.app import create_app

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
LINES = [(120, 150, "TELEGRAM"), (120, 260, "The harvest is good this year."),
         (120, 370, "Coal deliveries continue by rail.")]
PDF = Path(__file__).parents[2] / "data" / "ingest" / "frus1949v07p2-d191.libreoffice.pdf"
needs_ocr = pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract is not installed")


def _page(path: Path) -> dict[str, tuple[int, int, int, int]]:
    """Draw LINES on a white 1240×1754 page; the box (x0, y0, x1, y1) of each word as drawn."""
    img = Image.new("L", (1240, 1754), 255)
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype(FONT, 40)
    boxes = {}
    for x, y, line in LINES:
        draw.text((x, y), line, font=font, fill=0)
        offset = x
        for word in line.split():
            boxes[word.strip(".").lower()] = draw.textbbox((offset, y), word, font=font)
            offset += draw.textlength(word + " ", font=font)
    img.save(path, dpi=(150, 150))
    return boxes


def _docs(archive: Archive) -> list[Document]:
    return [r for r in archive.browse(SYSTEM, ("document",), 0, 10).items if isinstance(r, Document)]


@pytest.fixture
def ingested(archive: Archive, settings: Settings, tmp_path: Path) -> Iterator[tuple[TestClient, Document, Any]]:
    folder = tmp_path / "in"
    folder.mkdir()
    drawn = _page(folder / "telegram.png")
    run_ingest(archive, IngestRequest(paths=(folder / "telegram.png",), languages=("en",)))
    (doc,) = _docs(archive)
    with TestClient(create_app(settings, archive), raise_server_exceptions=False) as c:
        yield c, doc, drawn


@needs_ocr
def test_search_lights_the_word_where_it_is_on_the_scan(ingested: tuple[TestClient, Document, Any]) -> None:
    client, doc, drawn = ingested
    manifest = client.get(f"/iiif/{doc.id}/manifest.json").json()
    Manifest(**manifest)
    service = manifest["service"][0]
    assert service["type"] == "SearchService2"
    r = client.get(service["id"].split("testserver")[1], params={"q": "Harvest"})
    assert r.status_code == 200
    body = r.json()
    assert body["type"] == "AnnotationPage" and body["@context"] == "http://iiif.io/api/search/2/context.json"
    (hit,) = body["items"]
    canvas, _, xywh = hit["target"].partition("#xywh=")
    assert canvas == manifest["items"][0]["id"] and hit["motivation"] == "highlighting"
    x, y, w, h = (int(v) for v in xywh.split(","))
    x0, y0, x1, y1 = drawn["harvest"]
    # Tesseract's box and Pillow's ink box of the same word agree within a few pixels.
    assert abs(x - x0) <= 6 and abs(y - y0) <= 8 and abs(x + w - x1) <= 6 and abs(y + h - y1) <= 8
    assert hit["body"]["value"].lower() == "harvest"


@needs_ocr
def test_search_matches_word_starts_and_finds_nothing_for_absent_words(
        ingested: tuple[TestClient, Document, Any]) -> None:
    client, doc, _ = ingested
    found = client.get(f"/iiif/search/{doc.id}", params={"q": "deliver coal"}).json()["items"]
    assert sorted(i["body"]["value"].lower() for i in found) == ["coal", "deliveries"]
    assert client.get(f"/iiif/search/{doc.id}", params={"q": "Штыков"}).json()["items"] == []
    assert client.get(f"/iiif/search/{doc.id}", params={"q": ""}).json()["items"] == []
    ignored = client.get(f"/iiif/search/{doc.id}", params={"q": "coal", "motivation": "painting"}).json()
    assert ignored["ignored"] == ["motivation"]
    assert client.get("/iiif/search/doc-nope", params={"q": "coal"}).status_code == 404


def test_pdf_pages_become_canvases_and_the_pdf_is_kept_unchanged(archive: Archive, settings: Settings,
                                                                 tmp_path: Path) -> None:
    run_ingest(archive, IngestRequest(paths=(PDF,)))
    (doc,) = _docs(archive)
    with TestClient(create_app(settings, archive), raise_server_exceptions=False) as client:
        manifest = client.get(f"/iiif/{doc.id}/manifest.json").json()
        Manifest(**manifest)
        assert len(manifest["items"]) == 4  # the PDF's four pages
        first = manifest["items"][0]
        assert (first["width"], first["height"]) == (round(419.556 * 200 / 72), round(453.543 * 200 / 72))
        service = first["items"][0]["items"][0]["body"]["service"][0]["id"].split("testserver")[1]
        assert service.endswith(f"{doc.originals[0].sha256}-p1")
        info = client.get(f"{service}/info.json").json()
        assert abs(info["width"] - first["width"]) <= 1
        tile = client.get(f"{service}/0,0,512,512/256,/0/default.jpg")
        assert tile.status_code == 200 and tile.headers["content-type"] == "image/jpeg"
        assert client.get(f"{service[:-3]}-p9/info.json").status_code == 404  # no page 9
    stored = archive.originals.path_for(doc.originals[0].sha256)
    assert hashlib.sha256(stored.read_bytes()).hexdigest() == hashlib.sha256(PDF.read_bytes()).hexdigest()


def test_manifest_states_rights_reference_and_texts(archive: Archive, settings: Settings, tmp_path: Path) -> None:
    from opis.model import ArchivalReference, Rendition, make_id

    doc = Document(id=make_id("document", "iiif", "rights"), title="Запись беседы", genre="memorandum",
                   languages=["ru"], rights="Official document: not an object of copyright.",
                   archival_refs=[ArchivalReference(raw="АВП РФ, ф. 059а, оп. 5а, п. 11, д. 3")],
                   renditions=[Rendition(id="r-ru", kind="original", language="ru", text="Товарищ Ким."),
                               Rendition(id="r-en", kind="translation", language="en", text="Comrade Kim.",
                                         checked_by="A. Reader")])
    archive.put_many([doc], "test")
    with TestClient(create_app(settings, archive), raise_server_exceptions=False) as client:
        body = client.get(f"/iiif/{doc.id}/manifest.json").json()
    Manifest(**body)
    statement = body["requiredStatement"]["value"]["none"][0]
    assert "not an object of copyright" in statement and "ф. 059а" in statement
    assert body["label"] == {"ru": ["Запись беседы"]}
    rows = {r["label"]["en"][0]: r["value"] for r in body["metadata"]}
    assert rows["Languages"] == {"en": ["Russian"]}
    assert "checked by A. Reader" in rows["English translation"]["en"][0]
    assert body["seeAlso"][0]["id"].endswith(f"/documents/{doc.id}.json")
