"""The sample's page image drawn from a transcription: stored, labelled as rendered (never as a scan)
on the page, in the manifest and in its file name, and searchable inside by the words drawn on it."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from iiif_prezi3 import Manifest
from PIL import Image

from opis.bootstrap import load_sample
from opis.config import Settings
from opis.model import Document
from opis.sample import sample_id
from opis.sample.render import FONT, LABEL, rendered_pages
from opis.store.access import SYSTEM
from opis.store.archive import Archive
from opis.web.app import create_app

pytestmark = pytest.mark.skipif(not FONT.is_file(), reason="fonts-dejavu-core is not installed")


def test_rendered_page_is_labelled_and_searchable(archive: Archive, settings: Settings) -> None:
    load_sample(archive)
    assert load_sample(archive) == 0  # loading again changes nothing (the drawing is the same)
    (entry,) = rendered_pages()
    doc = archive.get(sample_id("document", entry["document"]), SYSTEM)
    assert isinstance(doc, Document)
    (page,) = [o for o in doc.originals if o.media_type.startswith("image/")]
    assert page.role == "rendered" and LABEL in page.filename
    with Image.open(archive.originals.path_for(page.sha256)) as img:
        assert img.size == (1240, 1754)
    with TestClient(create_app(settings, archive), raise_server_exceptions=False) as client:
        manifest = client.get(f"/iiif/{doc.id}/manifest.json").json()
        Manifest(**manifest)
        (canvas,) = manifest["items"]
        assert "rendered from the transcription" in canvas["label"]["en"][0]
        hits = client.get(f"/iiif/search/{doc.id}", params={"q": "Штыков"}).json()["items"]
        assert [h["body"]["value"] for h in hits] == ["ШТЫКОВ"]  # the one line Shtykov speaks
        assert hits[0]["target"].startswith(canvas["id"] + "#xywh=")
        html = client.get(f"/documents/{doc.id}", params={"q": "Штыков"}).text
        assert "rendered from the transcription by opis, not a scan" in html
        assert html.count('class="scan-hit"') == 1
        assert "scan of" not in html
        russian = client.get(f"/documents/{doc.id}", params={"lang": "ru"}).text  # the caption in Russian
        assert "отрисовано opis по расшифровке, не скан" in russian and "not a scan" not in russian
        assert manifest == client.get(f"/iiif/{doc.id}/manifest.json", params={"lang": "ru"}).json()


def test_sample_without_the_font_keeps_its_documents(archive: Archive, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("opis.sample.render.FONT", Path("/nonexistent/font.ttf"))
    load_sample(archive)
    (entry,) = rendered_pages()
    doc = archive.get(sample_id("document", entry["document"]), SYSTEM)
    assert isinstance(doc, Document) and doc.originals == []
