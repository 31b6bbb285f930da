"""A multi-page TIFF is a canvas per frame, as a PDF is a canvas per page: the real three-frame scan of
FRUS 1949 d191 (tests/data/images), whole and cut inside its last frame. The cut frame is named in the
manifest's summary and answers 422; the frames before it are shown, searched and served."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from iiif_prezi3 import Manifest

from opis.config import Settings
from opis.model import AttachedOriginal, Document, make_id
from opis.store.archive import Archive
from opis.store.pagewords import PageWords, WordBox, store_words
from opis.web.app import create_app

DATA = Path(__file__).parent.parent.parent / "data" / "images"
TIFF = DATA / "frus1949v07p2-d191-p1-3.tif"
WHOLE = make_id("document", "iiif", "tiff-whole")
CUT = make_id("document", "iiif", "tiff-cut")


@pytest.fixture
def client(archive: Archive, settings: Settings, tmp_path: Path) -> Iterator[tuple[TestClient, dict[str, str]]]:
    cut = tmp_path / "cut.tif"
    cut.write_bytes(TIFF.read_bytes()[:60_000])  # inside frame 3's data: see the provenance note
    shas = {}
    for doc_id, path in ((WHOLE, TIFF), (CUT, cut)):
        shas[doc_id], _, _ = archive.add_original(path, path.name, "image/tiff")
        archive.put_many([Document(id=doc_id, title="Butterworth to Acheson", genre="memorandum", originals=[
            AttachedOriginal(sha256=shas[doc_id], filename=path.name, media_type="image/tiff", role="scan")])], "t")
    # A word OCR would have read on frame 2 (its box in the frame's pixels).
    store_words(archive, shas[WHOLE], [PageWords(2, 875, 945, [WordBox("Ambassador", 100, 200, 120, 20, 0.9)])])
    with TestClient(create_app(settings, archive), raise_server_exceptions=False) as c:
        yield c, shas


def _images(manifest: dict[str, object]) -> list[str]:
    items = manifest["items"]
    assert isinstance(items, list)
    return [i["items"][0]["items"][0]["body"]["service"][0]["id"].rsplit("/", 1)[1] for i in items]


def test_every_frame_is_a_canvas(client: tuple[TestClient, dict[str, str]]) -> None:
    c, shas = client
    manifest = c.get(f"/iiif/{WHOLE}/manifest.json").json()
    Manifest(**manifest)
    sha = shas[WHOLE]
    assert _images(manifest) == [f"{sha}-p1", f"{sha}-p2", f"{sha}-p3"]
    assert [i["width"] for i in manifest["items"]] == [875, 875, 875]
    assert "page 2 of scan" in manifest["items"][1]["label"]["en"][0]
    pictures = {c.get(f"/iiif/image/{sha}-p{n}/full/200,/0/default.png").content for n in (1, 2, 3)}
    assert len(pictures) == 3  # three different pages, not the first frame three times
    assert c.get(f"/iiif/image/{sha}-p2/info.json").json()["width"] == 875
    assert c.get(f"/iiif/image/{sha}-p4/info.json").status_code == 404


def test_search_finds_a_word_on_its_frame(client: tuple[TestClient, dict[str, str]]) -> None:
    c, _ = client
    hits = c.get(f"/iiif/search/{WHOLE}", params={"q": "ambassador"}).json()["items"]
    assert [h["target"].split("/canvas/")[1] for h in hits] == ["2#xywh=100,200,120,20"]


def test_a_truncated_frame_is_named_and_the_rest_kept(client: tuple[TestClient, dict[str, str]],
                                                      archive: Archive) -> None:
    c, shas = client
    sha = shas[CUT]
    before = hashlib.sha256(archive.originals.path_for(sha).read_bytes()).hexdigest()
    manifest = c.get(f"/iiif/{CUT}/manifest.json").json()
    assert _images(manifest) == [f"{sha}-p1", f"{sha}-p2"]
    assert "breaks off in frame 3" in manifest["summary"]["en"][0]
    assert c.get(f"/iiif/image/{sha}-p2/full/100,/0/default.jpg").status_code == 200
    r = c.get(f"/iiif/image/{sha}-p3/full/100,/0/default.jpg")
    assert r.status_code == 422 and r.json()["error"]["code"] == "unreadable_image"
    assert "this page cannot be shown" in c.get(f"/documents/{CUT}").text
    assert hashlib.sha256(archive.originals.path_for(sha).read_bytes()).hexdigest() == before
