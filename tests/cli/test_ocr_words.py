"""`opis ocr-words`: word boxes read for stored scans that have none, with the real three-frame TIFF of
FRUS 1949 d191 (tests/data/images, see its provenance note) and the same file cut inside frame 3.
Only words are added: the original's bytes, the record, its text and its revisions stay as they were."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from opis.cli import app
from opis.config import Settings
from opis.model import AttachedOriginal, Document, Rendition, make_id
from opis.store.access import SYSTEM
from opis.store.archive import Archive
from opis.store.pagewords import find_words, pages_with_words
from tests.conftest import IN_CI

TIFF = Path(__file__).parent.parent / "data" / "images" / "frus1949v07p2-d191-p1-3.tif"
WHOLE = make_id("document", "test", "ocr-words-whole")
CUT = make_id("document", "test", "ocr-words-cut")
TEXT = "Memorandum by the Director of the Office of Far Eastern Affairs (Butterworth)"
runner = CliRunner()


@pytest.fixture
def require_tesseract() -> None:
    from opis.ingest.ocr.tesseract import ocr_available

    if not ocr_available():
        if IN_CI:
            pytest.fail("tesseract is not installed (CI=true: required)")
        pytest.skip("tesseract is not installed")


@pytest.fixture
def stored(tmp_path: Path, require_tesseract: None) -> tuple[Path, dict[str, str]]:
    data = tmp_path / "data"
    archive = Archive.open(Settings(data_dir=data))
    cut = tmp_path / "cut.tif"
    cut.write_bytes(TIFF.read_bytes()[:60_000])
    shas = {}
    for doc_id, path in ((WHOLE, TIFF), (CUT, cut)):
        shas[doc_id], _, _ = archive.add_original(path, path.name, "image/tiff")
        archive.put(Document(id=doc_id, title="Butterworth memorandum", genre="memorandum",
                             renditions=[Rendition(id="ren-1", kind="original", language="en", text=TEXT)],
                             originals=[AttachedOriginal(sha256=shas[doc_id], filename=path.name,
                                                         media_type="image/tiff", role="scan")]), "tester")
    return data, shas


def _state(archive: Archive, sha: str, doc_id: str) -> tuple[str, str, int]:
    original = hashlib.sha256(archive.originals.path_for(sha).read_bytes()).hexdigest()
    record = archive.get(doc_id, SYSTEM)
    return original, record.model_dump_json(), len(archive.revisions(doc_id, SYSTEM))


def test_fills_words_once_and_changes_nothing_else(stored: tuple[Path, dict[str, str]]) -> None:
    data, shas = stored
    archive = Archive.open(Settings(data_dir=data))
    before = _state(archive, shas[WHOLE], WHOLE)
    assert pages_with_words(archive, shas[WHOLE]) == 0
    result = runner.invoke(app, ["ocr-words", WHOLE, "--data-dir", str(data)])
    assert result.exit_code == 0, result.stderr
    assert f"[1/1] {TIFF.name} ({shas[WHOLE][:12]}): " in result.stderr and "on 3 page(s)" in result.stderr
    assert "1 filled" in result.stdout
    assert pages_with_words(archive, shas[WHOLE]) == 3
    hits = find_words(archive, [shas[WHOLE]], "Butterworth")
    assert hits and hits[0].page == 1 and (hits[0].page_width, hits[0].page_height) == (875, 945)
    assert _state(archive, shas[WHOLE], WHOLE) == before
    assert pages_with_words(archive, shas[CUT]) == 0  # only the document asked for
    # Again: the file has words, nothing is read or written.
    rows = len(find_words(archive, [shas[WHOLE]], "the", limit=10_000))
    again = runner.invoke(app, ["ocr-words", WHOLE, "--data-dir", str(data), "--json"])
    assert again.exit_code == 0
    answer = json.loads(again.stdout)
    assert [f["status"] for f in answer["files"]] == ["had words"] and answer["counts"]["filled"] == 0
    assert len(find_words(archive, [shas[WHOLE]], "the", limit=10_000)) == rows


def test_all_reads_only_the_files_without_words_and_keeps_a_cut_files_good_frames(
        stored: tuple[Path, dict[str, str]]) -> None:
    data, shas = stored
    archive = Archive.open(Settings(data_dir=data))
    assert runner.invoke(app, ["ocr-words", WHOLE, "--data-dir", str(data)]).exit_code == 0
    before = _state(archive, shas[CUT], CUT)
    result = runner.invoke(app, ["ocr-words", "--all", "--data-dir", str(data), "--json"])
    assert result.exit_code == 0, result.stderr
    files = json.loads(result.stdout)["files"]
    assert [(f["sha256"], f["status"], f["pages"]) for f in files] == [(shas[CUT], "filled", 2)]
    assert "page 3: the file breaks off" in files[0]["message"]
    assert pages_with_words(archive, shas[CUT]) == 2
    assert _state(archive, shas[CUT], CUT) == before
    nothing = runner.invoke(app, ["ocr-words", "--all", "--data-dir", str(data), "--json"])
    assert json.loads(nothing.stdout)["files"] == []


def test_needs_one_of_a_document_or_all(tmp_path: Path) -> None:
    for args in ([], ["--all", WHOLE]):
        result = runner.invoke(app, ["ocr-words", *args, "--data-dir", str(tmp_path / "data")])
        assert result.exit_code == 1 and "a document id or --all" in result.stderr


def test_unknown_document(tmp_path: Path, require_tesseract: None) -> None:
    result = runner.invoke(app, ["ocr-words", "document:nope", "--data-dir", str(tmp_path / "data")])
    assert result.exit_code == 1 and "document:nope" in result.stderr


def test_without_tesseract_nothing_is_tried(stored: tuple[Path, dict[str, str]],
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    data, shas = stored
    monkeypatch.setattr("opis.jobs.ocrwords.ocr_available", lambda: False)
    result = runner.invoke(app, ["ocr-words", "--all", "--data-dir", str(data)])
    assert result.exit_code == 1 and "tesseract is not installed" in result.stderr
    assert pages_with_words(Archive.open(Settings(data_dir=data)), shas[WHOLE]) == 0
