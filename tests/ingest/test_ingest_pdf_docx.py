"""PDF text layers, scanned pages (awaiting OCR or OCRed), and Word documents."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from PIL import Image
from pypdf import PdfReader, PdfWriter

from opis.ingest import ParseOptions, parse_file
from opis.ingest.handlers.pdf import usable_text_layer

LETTER = "Memorandum of Conversation\nDepartment of State, Washington\nThe Ambassador called today."


def test_text_layer_per_page(text_pdf: Callable[..., Path]) -> None:
    parsed = parse_file(text_pdf([LETTER, "Second page: the Secretary replied."]))
    assert parsed.handler == "pdf" and len(parsed.pages) == 2
    assert "The Ambassador called today." in parsed.pages[0].text
    assert "Secretary replied" in parsed.pages[1].text
    assert not any(p.needs_ocr for p in parsed.pages)
    assert parsed.metadata["page_count"] == 2
    assert parsed.language == "en" and parsed.status == "ok"


def test_pdf_metadata(tmp_path: Path, text_pdf: Callable[..., Path]) -> None:
    writer = PdfWriter()
    writer.append(PdfReader(str(text_pdf([LETTER]))))
    writer.add_metadata({"/Title": "Record of a meeting", "/Author": "Office of the Historian"})
    path = tmp_path / "meta.pdf"
    with path.open("wb") as fh:
        writer.write(fh)
    parsed = parse_file(path)
    assert parsed.title == "Record of a meeting"
    assert parsed.authors == ["Office of the Historian"]


def _scan_pdf(tmp_path: Path, image: Image.Image, text_pages: Path | None = None) -> Path:
    scan = tmp_path / "scan-only.pdf"
    image.convert("RGB").save(scan, "PDF", resolution=300)
    if text_pages is None:
        return scan
    writer = PdfWriter()
    writer.append(PdfReader(str(text_pages)))
    writer.append(PdfReader(str(scan)))
    mixed = tmp_path / "mixed.pdf"
    with mixed.open("wb") as fh:
        writer.write(fh)
    return mixed


def test_scanned_page_awaits_ocr_when_ocr_is_off(tmp_path: Path, text_pdf: Callable[..., Path],
                                                 render_page: Callable[..., Image.Image]) -> None:
    image = render_page(["Top Secret", "Department of State"], "DejaVuSans.ttf")
    path = _scan_pdf(tmp_path, image, text_pdf([LETTER]))
    parsed = parse_file(path, ParseOptions(ocr=False))
    assert len(parsed.pages) == 2  # the scanned page is kept, never dropped
    assert not parsed.pages[0].needs_ocr
    assert parsed.pages[1].needs_ocr and parsed.pages[1].awaiting_ocr and parsed.pages[1].text == ""
    assert parsed.status == "awaiting OCR"
    assert any("awaiting OCR: 1 page(s)" in w for w in parsed.warnings)


def test_scanned_page_awaits_ocr_without_tesseract(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                   render_page: Callable[..., Image.Image]) -> None:
    monkeypatch.setattr("opis.ingest.ocr.page.ocr_available", lambda: False)
    path = _scan_pdf(tmp_path, render_page(["Top Secret"], "DejaVuSans.ttf"))
    parsed = parse_file(path)
    assert parsed.status == "awaiting OCR"
    assert any("tesseract is not installed" in w for w in parsed.warnings)


def test_scanned_page_is_ocred(tmp_path: Path, text_pdf: Callable[..., Path], require_tesseract: None,
                               render_page: Callable[..., Image.Image]) -> None:
    image = render_page(["Memorandum for the President", "Department of State"], "DejaVuSans.ttf")
    parsed = parse_file(_scan_pdf(tmp_path, image, text_pdf([LETTER])))
    page = parsed.pages[1]
    assert page.needs_ocr and page.ocr_confidence is not None and page.ocr_confidence > 0.6
    assert "President" in page.text and "Department" in page.text
    assert page.words and all(0 <= c <= 1 for _, c in page.words)
    assert parsed.status == "ok"


@pytest.mark.parametrize("text, has_images, usable", [
    ("", False, False),
    ("Short title", False, True),  # a text-only page with a few words is what it says
    ("3", True, False),  # a page number over a scan
    ("Stamp: Secret", True, False),
    ("A full paragraph of real words lies over this page image.", True, True),
    ("(cid:12)(cid:13)(cid:14)(cid:15) ab", False, False),  # glyphs without a text mapping
])
def test_text_layer_usability(text: str, has_images: bool, usable: bool) -> None:
    assert usable_text_layer(text, has_images) is usable


def _make_docx(path: Path) -> Path:
    document = docx.Document()
    document.add_heading("Справка о восстановлении промышленности", 0)
    document.add_paragraph("Министерство иностранных дел СССР направило специалистов в Пхеньян.")
    table = document.add_table(rows=2, cols=3)
    for i, value in enumerate(["Завод", "План", "Факт"]):
        table.cell(0, i).text = value
    for i, value in enumerate(["Литейный", "120", "95"]):
        table.cell(1, i).text = value
    document.add_paragraph("После таблицы: подпись.")
    document.core_properties.author = "Иванов И. И."
    document.core_properties.title = "Справка"
    document.core_properties.language = "ru-RU"
    document.save(str(path))
    return path


def test_docx_paragraphs_tables_and_properties(tmp_path: Path) -> None:
    parsed = parse_file(_make_docx(tmp_path / "note.docx"))
    assert parsed.handler == "docx"
    assert parsed.title == "Справка" and parsed.authors == ["Иванов И. И."]
    text = parsed.text
    assert "Завод | План | Факт\nЛитейный | 120 | 95" in text
    assert text.index("направило") < text.index("Литейный") < text.index("После таблицы")
    assert parsed.metadata["language"] == "ru-RU" and parsed.language == "ru"


def test_docx_named_zip_is_still_docx(tmp_path: Path) -> None:
    path = _make_docx(tmp_path / "note.docx").rename(tmp_path / "archive.zip")
    assert parse_file(path).handler == "docx"


def test_corrupt_docx(tmp_path: Path) -> None:
    import zipfile

    from opis.ingest import CorruptFile

    path = tmp_path / "broken.docx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", "<not-closed>")
    with pytest.raises(CorruptFile, match="corrupt Word document"):
        parse_file(path)
