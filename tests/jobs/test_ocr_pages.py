"""OCR page by page (jobs.ocrpages, store.ocrpages): a multi-page scan is read as page jobs whose readings
are kept in the store as they are made, and the file is assembled from them, once.

The scan is tests/data/images/frus1949v07p2-d191-p1-3.scan.pdf: FRUS 1949 vol. VII part 2, document 191,
pages 1-3 (public domain), as an image-only PDF of three 150 dpi pages (see PROVENANCE.md there).
"""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import text

from opis.ingest.base import ParseOptions
from opis.ingest.ocr.tesseract import ocr_available
from opis.ingest.sandbox import SandboxPool
from opis.jobs.ingest import IngestRequest, run_ingest
from opis.jobs.ocrpages import assemble, plan, read_page
from opis.store.access import SYSTEM
from opis.store.archive import Archive
from opis.store.ingestlog import job_status
from opis.store.ocrpages import claim_assembly, page_progress, plan_pages, read_pages, save_page
from tests.conftest import IN_CI, REPO_ROOT

SCAN = REPO_ROOT / "tests" / "data" / "images" / "frus1949v07p2-d191-p1-3.scan.pdf"
TIFF = REPO_ROOT / "tests" / "data" / "images" / "frus1949v07p2-d191-p1-3.tif"
OPTIONS = ParseOptions(ocr_languages="eng", ocr_dpi=150)  # the scan's own resolution: a quicker read

pytestmark = pytest.mark.timeout(300)


@pytest.fixture(autouse=True)
def _tesseract() -> None:
    if not ocr_available():
        if IN_CI:
            pytest.fail("tesseract is required in CI")
        pytest.skip("tesseract is not installed")


def _copy(source: Path, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    return Path(shutil.copy(source, folder / source.name))


def _text(archive: Archive) -> str:
    (document,) = archive.get_many(_documents(archive), SYSTEM)
    return "\n".join(r.text for r in getattr(document, "renditions", []))


def _documents(archive: Archive) -> list[str]:
    with archive.engine.connect() as conn:
        return [str(t) for t in conn.execute(text("SELECT id FROM records WHERE kind = 'document'")).scalars()]


@pytest.mark.parametrize("source", [SCAN, TIFF], ids=["pdf", "tiff"])
def test_a_file_assembled_from_its_pages_is_the_file_read_whole(source: Path) -> None:
    """The plan finds the three scanned pages; each page job reads only its page; the assembly from
    the three readings gives the same pages, text, boxes and layout as OCR of the whole file."""
    with SandboxPool(1) as sandbox:
        bare, pages = plan(sandbox, source, OPTIONS, 120)
        assert bare is not None and pages == [1, 2, 3]
        readings = {n: read_page(sandbox, source, n, OPTIONS, 120) for n in pages}
        assembled = assemble(sandbox, source, OPTIONS, 120, readings)
        whole = sandbox.parse(source, OPTIONS, 120)
    assert all("failed" not in r and r["words"] for r in readings.values())
    assert "Korea" in whole.text and "ocr_read" not in assembled.metadata
    assert assembled.text == whole.text and assembled.layout_text == whole.layout_text
    assert [(p.number, p.text, p.boxes, p.box_size, p.ocr_confidence) for p in assembled.pages] == \
        [(p.number, p.text, p.boxes, p.box_size, p.ocr_confidence) for p in whole.pages]
    assert assembled.warnings == whole.warnings


def test_a_page_job_reads_its_page_only() -> None:
    with SandboxPool(1) as sandbox:
        one = sandbox.parse(SCAN, replace(OPTIONS, ocr_pages=(2,)), 120)
    assert [p.number for p in one.pages if p.awaiting_ocr] == [1, 3]
    assert list(one.metadata["ocr_read"]) == ["2"] and one.pages[1].text


def test_a_one_page_or_text_layer_file_is_not_split(tmp_path: Path) -> None:
    pdf = REPO_ROOT / "tests" / "data" / "ingest" / "frus1949v07p2-d191.libreoffice.pdf"
    png = REPO_ROOT / "tests" / "data" / "images" / "frus1949v07p2-d191-p1.png"
    with SandboxPool(1) as sandbox:
        bare, pages = plan(sandbox, pdf, OPTIONS, 120)
        assert bare is not None and pages == []  # a text layer throughout: the plan's parse is the file's
        assert plan(sandbox, png, OPTIONS, 120) == (None, [])  # one page: read whole, as before
        assert plan(sandbox, SCAN, replace(OPTIONS, ocr=False), 120) == (None, [])


@pytest.mark.parametrize("database_url", ["sqlite", "postgresql"], indirect=True)
def test_a_scan_is_read_page_by_page_kept_and_assembled_once(archive: Archive, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    _copy(SCAN, folder)
    job = run_ingest(archive, IngestRequest(paths=(folder,), jobs=2, options=OPTIONS))
    status = job_status(archive, job)
    assert status["counts"]["ingested"] == 1, status["files"][0]["message"]
    assert status["files"][0]["pages"] == 3
    assert status["ocr_pages"] == {"read": 3, "total": 3}
    assert len(_documents(archive)) == 1
    sha = status["files"][0]["sha256"]
    assert sorted(read_pages(archive, sha)) == [1, 2, 3]
    assert "Korea" in _text(archive)

    again = run_ingest(archive, IngestRequest(paths=(_copy(SCAN, tmp_path / "again"),), options=OPTIONS))
    assert job_status(archive, again)["counts"]["duplicate"] == 1
    assert len(_documents(archive)) == 1


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_pages_read_before_are_not_read_again(archive: Archive, tmp_path: Path) -> None:
    """A batch killed after page 2 was kept, run again, reads pages 1 and 3 only: the kept reading of
    page 2 (with a planted word, so that a second reading would show) is what the document holds."""
    from hashlib import sha256

    sha = sha256(SCAN.read_bytes()).hexdigest()
    with SandboxPool(1) as sandbox:
        reading = read_page(sandbox, SCAN, 2, OPTIONS, 120)
    reading["text"] = "Plantedword " + reading["text"]
    reading["boxes"][0][0] = "Plantedword"  # the layout reads the boxes
    assert save_page(archive, sha, 2, reading)
    assert not save_page(archive, sha, 2, {"text": "a second reading"})  # the first one stays
    job = run_ingest(archive, IngestRequest(paths=(_copy(SCAN, tmp_path / "in"),), options=OPTIONS))
    assert job_status(archive, job)["counts"]["ingested"] == 1
    assert read_pages(archive, sha)[2]["text"].startswith("Plantedword ")
    assert "Plantedword" in _text(archive)


@pytest.mark.parametrize("database_url", ["sqlite", "postgresql"], indirect=True)
def test_the_assembly_is_claimed_once_when_the_last_page_is_in(archive: Archive) -> None:
    job = run_ingest(archive, IngestRequest(paths=(), options=OPTIONS))  # an ingest job row to plan under
    queued: list[str] = []
    assert plan_pages(archive, job, 1, "ab" * 32, [1, 2], lambda _conn: queued.append("pages"))
    assert not plan_pages(archive, job, 1, "ab" * 32, [1, 2], lambda _conn: queued.append("pages"))
    assert page_progress(archive, job) == (0, 2)
    save_page(archive, "ab" * 32, 1, {"text": "one"})
    assert not claim_assembly(archive, job, 1, lambda _conn: queued.append("assembly"))  # page 2 is missing
    save_page(archive, "ab" * 32, 2, {"text": "two"})
    assert page_progress(archive, job) == (2, 2)
    assert claim_assembly(archive, job, 1, lambda _conn: queued.append("assembly"))
    assert not claim_assembly(archive, job, 1, lambda _conn: queued.append("assembly"))
    assert queued == ["pages", "assembly"]
    # A file whose staged copy is gone is assembled (to report it failed) with its pages unread, once.
    assert plan_pages(archive, job, 2, "ef" * 32, [1, 2])
    assert claim_assembly(archive, job, 2, lambda _conn: queued.append("gone"), force=True)
    assert not claim_assembly(archive, job, 2, lambda _conn: queued.append("gone"), force=True)
    assert queued == ["pages", "assembly", "gone"] and read_pages(archive, "ef" * 32) == {}
