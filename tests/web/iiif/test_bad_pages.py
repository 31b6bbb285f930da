"""Bad page images in one document: a truncated TIFF, a real 30,000 × 30,000 PNG, a CMYK JPEG with a broken
ICC profile and a decompression bomb beside a good page. Each bad page is a clear error for that page (named
in the manifest's summary and on the document page, 422 from the Image API); the good pages are kept, and the
stored files stay as they were. All files are generated here (test material)."""

from __future__ import annotations

import hashlib
import struct
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from iiif_prezi3 import Manifest
from PIL import Image

from opis.config import Settings
from opis.model import AttachedOriginal, Document, make_id
from opis.store.archive import Archive
from opis.web.app import create_app

DOC = make_id("document", "iiif", "bad-pages")


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _white_png(path: Path, side: int) -> None:
    """A real greyscale PNG ``side`` × ``side``, every row written (it compresses to about 1 MB at 30,000)."""
    packer = zlib.compressobj(9)
    row = b"\0" + b"\xff" * side
    body = b"".join(packer.compress(row * 500) for _ in range(side // 500)) + packer.flush()
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", struct.pack(">IIBBBBB", side, side, 8, 0, 0, 0, 0))
                     + _chunk(b"IDAT", body) + _chunk(b"IEND", b""))


def _bomb(path: Path) -> None:
    """A PNG header claiming 9,000 × 9,000 pixels over ten bytes of data: a decompression bomb."""
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", struct.pack(">IIBBBBB", 9000, 9000, 8, 0, 0, 0, 0))
                     + _chunk(b"IDAT", zlib.compress(b"\0" * 10)) + _chunk(b"IEND", b""))


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The files, made once for both databases (the 30,000-pixel PNG takes seconds to write)."""
    tmp_path = tmp_path_factory.mktemp("bad-pages")
    Image.new("L", (600, 800), 255).save(tmp_path / "good.png")
    Image.new("RGB", (400, 400), "navy").save(tmp_path / "full.tif")
    data = (tmp_path / "full.tif").read_bytes()
    (tmp_path / "truncated.tif").write_bytes(data[: len(data) // 2])
    _white_png(tmp_path / "huge.png", 30_000)
    Image.new("CMYK", (300, 200), (0, 255, 255, 0)).save(tmp_path / "cmyk.jpg", icc_profile=b"broken profile")
    _bomb(tmp_path / "bomb.png")
    return tmp_path


@pytest.fixture
def client(archive: Archive, settings: Settings, folder: Path) -> Iterator[tuple[TestClient, dict[str, str]]]:
    names = {"good.png": "image/png", "truncated.tif": "image/tiff", "huge.png": "image/png",
             "cmyk.jpg": "image/jpeg", "bomb.png": "image/png"}
    shas = {}
    for name, media in names.items():
        shas[name], _, _ = archive.add_original(folder / name, name, media)
    archive.put_many([Document(id=DOC, title="Pages good and bad", genre="letter", originals=[
        AttachedOriginal(sha256=shas[n], filename=n, media_type=m, role="scan") for n, m in names.items()])], "test")
    with TestClient(create_app(settings, archive), raise_server_exceptions=False) as c:
        yield c, shas


def test_each_bad_page_is_named_and_the_rest_is_kept(client: tuple[TestClient, dict[str, str]],
                                                     archive: Archive) -> None:
    c, shas = client
    before = {n: hashlib.sha256(archive.originals.path_for(s).read_bytes()).hexdigest() for n, s in shas.items()}
    manifest = c.get(f"/iiif/{DOC}/manifest.json").json()
    Manifest(**manifest)
    kept = [i["items"][0]["items"][0]["body"]["service"][0]["id"].rsplit("/", 1)[1] for i in manifest["items"]]
    assert kept == [shas["good.png"], shas["cmyk.jpg"]]
    summary = manifest["summary"]["en"][0]
    for name in ("truncated.tif", "huge.png", "bomb.png"):
        assert name in summary
    assert "over the 80000000-pixel limit" in summary or "too large" in summary
    page = c.get(f"/documents/{DOC}").text
    assert page.count("this page cannot be shown") == 3
    for name in ("truncated.tif", "huge.png", "bomb.png"):
        r = c.get(f"/iiif/image/{shas[name]}/full/100,/0/default.jpg")
        assert r.status_code == 422 and r.json()["error"]["code"] == "unreadable_image"
    assert c.get(f"/iiif/image/{shas['cmyk.jpg']}/full/max/0/default.jpg").status_code == 200
    after = {n: hashlib.sha256(archive.originals.path_for(s).read_bytes()).hexdigest() for n, s in shas.items()}
    assert after == before
