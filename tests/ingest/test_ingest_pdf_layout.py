"""PDFs read by their layout: a typeset PDF gives the footnotes and citations its plain-text twin gives.

The PDFs are typeset at test time (``typeset.py``) from public-domain texts (``pdf_sources.py``);
one PDF made by LibreOffice from a FRUS document is committed (``tests/data/ingest``, see its
``.md``). The twin is the same document as plain text with superscript digits.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from ingest_support import REPO, text_pdf_bytes
from pdf_sources import frus_document, russian_document
from typeset import Doc, Layout, Style, twin_text, typeset

from opis.extract.pipeline import extract_all
from opis.ingest import ParsedFile, ParseOptions, parse_file, parse_file_safely
from opis.ingest.pdf.layout import Span, column_groups, furniture_key, join_rows, rows_of
from opis.ingest.pdf.page import lay_out, lay_out_groups

VOL_1949 = "frus1949v07p2-excerpt.xml"
VOL_1955 = "frus1955-57v23p2-excerpt.xml"
LIBREOFFICE_PDF = REPO / "tests" / "data" / "ingest" / "frus1949v07p2-d191.libreoffice.pdf"


def _doc(name: str, volumes: Path) -> tuple[Doc, str]:
    if name == "ru":
        return russian_document(), "ru"
    volume, xml_id = name.split("#")
    return frus_document(volumes / volume, xml_id, first_page=941), "en"


def _findings(text: str, language: str) -> dict[str, list[Any]]:
    found = extract_all(text, language, only=("footnotes", "citations"))
    notes = [{"number": n["number"], "text": n["text"], "refs": len(n["refs"])} for n in found["footnotes"]]
    return {"footnotes": notes, "citations": found["citations"]}


@pytest.fixture
def typeset_pdf(tmp_path: Path, frus_volumes: Path) -> Any:
    def make(name: str, style: Style | None = None) -> tuple[Doc, str, Layout, ParsedFile]:
        doc, language = _doc(name, frus_volumes)
        path = tmp_path / f"{name.replace('#', '-')}.pdf"
        layout = typeset(doc, path, style)
        return doc, language, layout, parse_file(path)

    return make


TWO_COLUMNS = {"columns": 2, "width": 595.0}


@pytest.mark.parametrize("name, style, continued", [
    ("ru", {}, ["7"]),
    (f"{VOL_1949}#d191", {}, ["3"]),
    (f"{VOL_1949}#d193", {}, []),
    (f"{VOL_1955}#d3", {}, []),
    (f"{VOL_1955}#d4", {}, ["4"]),
    ("ru", {**TWO_COLUMNS, "height": 595.0}, ["7"]),
    (f"{VOL_1949}#d191", {**TWO_COLUMNS, "height": 500.0}, ["3"]),
    (f"{VOL_1949}#d193", {**TWO_COLUMNS, "height": 540.0}, []),
])
def test_typeset_pdf_gives_what_its_text_twin_gives(typeset_pdf: Any, name: str, style: dict[str, Any],
                                                    continued: list[str]) -> None:
    doc, language, layout, parsed = typeset_pdf(name, Style(**style))
    assert layout.continued_notes == continued  # the input has the case it means to test
    twin = _findings(twin_text(doc), language)
    from_pdf = _findings(parsed.text, language)
    assert len(from_pdf["footnotes"]) == len(doc.notes) > 0
    assert from_pdf == twin


def test_seventeen_archival_notes_as_in_the_issue(typeset_pdf: Any) -> None:
    doc, language, _, parsed = typeset_pdf("ru")
    citations = _findings(parsed.text, language)["citations"]
    assert len(doc.notes) == 17
    assert {c["footnote"] for c in citations} == {str(n) for n in range(1, 18)}


def test_superscript_after_a_number_is_a_marker(typeset_pdf: Any) -> None:
    _, _, _, parsed = typeset_pdf("ru")
    assert "уже в 1950[^15]." in parsed.text and "195015" not in parsed.text
    assert "сметой 1948[^9] г." in parsed.text and "19489" not in parsed.text


def test_running_heads_and_page_numbers_are_dropped(typeset_pdf: Any) -> None:
    doc, _, layout, parsed = typeset_pdf(f"{VOL_1949}#d191")
    assert layout.pages == 3
    assert doc.running_head not in parsed.text
    assert [p.label for p in parsed.pages] == ["941", "942", "943"]
    assert not any(line.strip() in {"941", "942", "943"} for line in parsed.text.splitlines())
    assert all(doc.running_head not in p.text for p in parsed.pages)


def test_blocks_say_where_each_paragraph_and_note_came_from(typeset_pdf: Any) -> None:
    doc, _, _, parsed = typeset_pdf(f"{VOL_1949}#d193")
    notes = [b for b in parsed.blocks if b.kind == "note"]
    assert [b.number for b in notes] == [n.number for n in doc.notes]
    for block in parsed.blocks:
        piece = parsed.text[block.start:block.end]
        assert piece and piece == piece.strip()
        if block.kind == "note":
            assert piece.startswith(f"[^{block.number}]: ")
    body = [b for b in parsed.blocks if b.kind == "body"]
    assert any(b.pages == [1, 2] for b in body)  # a paragraph running overleaf is one paragraph
    # The sentence at the page break reads on: no page's text ends where the paragraph did not.
    spanning = next(b for b in body if b.pages == [1, 2])
    assert "\n" not in parsed.text[spanning.start:spanning.end]


def test_a_note_continued_overleaf_is_one_note(typeset_pdf: Any) -> None:
    doc, _, _, parsed = typeset_pdf("ru")
    note = next(b for b in parsed.blocks if b.number == "7")
    assert note.pages == [1, 2]
    assert parsed.text[note.start:note.end] == f"[^7]: {doc.notes[6].text}"


def test_libreoffice_pdf_with_real_footnotes(frus_volumes: Path) -> None:
    doc = frus_document(frus_volumes / VOL_1949, "d191", first_page=1)
    parsed = parse_file(LIBREOFFICE_PDF)
    assert parsed.metadata["producer"].startswith("LibreOffice")
    assert _findings(parsed.text, "en") == _findings(twin_text(doc), "en")
    note = next(b for b in parsed.blocks if b.number == "3")
    assert note.pages == [1, 2]  # LibreOffice broke the long note 3 across the page
    assert [p.label for p in parsed.pages] == ["1", "2", "3", "4"]


def test_layout_crosses_the_sandbox(tmp_path: Path) -> None:
    path = tmp_path / "ru.pdf"
    typeset(russian_document(), path)
    here, there = parse_file(path), parse_file_safely(path)
    assert there.layout_text == here.layout_text and there.blocks == here.blocks
    assert [p.label for p in there.pages] == ["17", "18"]


@pytest.mark.parametrize("style", [{}, TWO_COLUMNS], ids=["one column", "two columns"])
def test_without_mupdf_the_fallback_reads_the_layout_from_pypdf(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                 style: dict[str, Any]) -> None:
    """The pypdf fallback used to give 23 notes for 17 (years and paragraph openings on lines of their own
    read as an e-book's notes): it now reads pypdf's positioned runs through the same layout reading."""
    doc = russian_document()
    path = tmp_path / "ru.pdf"
    typeset(doc, path, Style(**style))
    monkeypatch.setattr("opis.ingest.handlers.pdf.open_layout", lambda _: None)
    parsed = parse_file(path)
    assert any("MuPDF cannot read" in w for w in parsed.warnings)
    assert parsed.layout_text is not None
    assert _findings(parsed.text, "ru") == _findings(twin_text(doc), "ru")


def test_when_pypdf_cannot_lay_a_page_out_its_plain_text_is_kept(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "ru.pdf"
    typeset(russian_document(), path)
    monkeypatch.setattr("opis.ingest.handlers.pdf.open_layout", lambda _: None)

    def broken(page: Any) -> list[Any]:
        raise KeyError("/Font")

    monkeypatch.setattr("opis.ingest.pdf.fallback._text_runs", broken)
    parsed = parse_file(path)
    assert parsed.layout_text is None and "Хыннаме" in parsed.text
    assert any("MuPDF cannot read" in w for w in parsed.warnings)


def _span(text: str, x0: float, baseline: float, size: float) -> Span:
    return Span(text, x0, x0 + 0.5 * size * len(text), baseline - 0.8 * size, baseline + 0.2 * size,
                baseline, size)


def test_marker_glued_to_a_year_and_note_numbers_at_the_foot() -> None:
    spans = [
        _span("The treaty of 1950", 50, 100, 10), _span("5", 140, 96, 6.5), _span(" was signed.", 143, 100, 10),
        _span("Last line of the body text, set in full.", 50, 113, 10),
        _span("5", 50, 497, 6), _span("AVP RF. F. 07. Op. 23. P. 18. D. 235. L. 46.", 54, 500, 8),
        _span("212", 200, 530, 9),
    ]
    page = lay_out(1, rows_of(spans), 10.0, set())
    assert page.paragraphs[0].text.startswith("The treaty of 1950[^5] was signed.")
    assert [(n.number, n.text) for n in page.notes] == [("5", "AVP RF. F. 07. Op. 23. P. 18. D. 235. L. 46.")]
    assert page.label == "212"


def test_plain_numbers_glued_at_the_foot_under_a_rule() -> None:
    spans = [_span("Body text of the page.", 50, 100, 10),
             _span("1See Foreign Relations, 1948, vol. vi.", 50, 400, 8),
             _span("2Not printed.", 50, 410, 8)]
    page = lay_out(1, rows_of(spans), 10.0, set(), rules=[390.0])
    assert [n.number for n in page.notes] == ["1", "2"] and page.foot_rule


words = st.text(alphabet="abйцу0123456789 .,[]^-", min_size=1, max_size=12)
spans_st = st.lists(st.builds(_span, words, st.floats(0, 500), st.floats(0, 800), st.sampled_from([6.0, 8.0, 10.0])),
                    max_size=60)


@settings(max_examples=150, deadline=None)
@given(spans_st)
def test_any_spans_lay_out_without_losing_letters(spans: list[Span]) -> None:
    rows = rows_of(spans)
    assert sum(len(r.spans) for r in rows) == sum(1 for s in spans if s.text.strip())
    groups = [rows_of(g) for g in column_groups(spans, 10.0)]
    assert sum(len(r.spans) for g in groups for r in g) == sum(len(r.spans) for r in rows)
    page = lay_out_groups(1, groups, 10.0, set(), rules=[300.0])
    text = page.text()
    head = groups[0][0].plain() if groups and groups[0] else ""  # the only row that may go, as a head
    for letter in "abйцу":
        given_count = sum(s.text.count(letter) for s in spans)
        assert given_count - head.count(letter) <= text.count(letter) <= given_count


def test_scanned_page_notes_are_read_at_its_foot(tmp_path: Path, require_tesseract: None) -> None:
    """A typeset page turned into a scan (an image-only PDF at 300 dpi): OCR, then the same layout
    rules by the line boxes Tesseract gives. Tesseract glues a superscript to its word, so markers
    are not asserted; the notes must come out as notes, not as body text, and the head goes."""
    import pymupdf
    from PIL import Image

    typeset(russian_document(), tmp_path / "ru.pdf")
    with pymupdf.open(str(tmp_path / "ru.pdf")) as doc:
        doc[0].get_pixmap(dpi=300, colorspace=pymupdf.csGRAY).save(str(tmp_path / "page.png"))
    scan = tmp_path / "scan.pdf"
    Image.open(tmp_path / "page.png").save(scan, "PDF", resolution=300)
    parsed = parse_file(scan, ParseOptions(ocr_languages="rus"))
    assert parsed.pages[0].needs_ocr and parsed.pages[0].label == "17"
    notes = [b for b in parsed.blocks if b.kind == "note"]
    assert [b.number for b in notes] == ["1", "2", "3", "4", "5", "6", "7"]
    body = "\n".join(parsed.text[b.start:b.end] for b in parsed.blocks if b.kind == "body")
    assert "Хыннаме" in body and "Ф. 413" not in body and "Д. 1206" not in body


def test_a_crowded_page_is_laid_out_in_time() -> None:
    """Two rows of 20,000 spans each (a hostile or a very dense page): no quadratic step."""
    import time

    spans = [_span("x", i * 0.01, 100.0 + 20.0 * (i % 2), 10.0 if i % 2 else 6.0) for i in range(40_000)]
    started = time.monotonic()
    lay_out_groups(1, [rows_of(g) for g in column_groups(spans, 10.0)], 10.0, set())
    assert time.monotonic() - started < 30  # generous: linearithmic work takes well under a second


@pytest.mark.parametrize("first, second, joined", [
    ("the co-", "operation of", "the cooperation of"),
    ("the Soviet-", "Korean agreement", "the Soviet-Korean agreement"),
    ("ГАРФ. Ф. Р-", "5446. Оп. 1.", "ГАРФ. Ф. Р-5446. Оп. 1."),
    ("in 1950 —", "the year", "in 1950 — the year"),
    ("ended.", "Next", "ended. Next"),
])
def test_rows_of_a_paragraph_join(first: str, second: str, joined: str) -> None:
    assert join_rows(first, second) == joined


def test_page_number_in_the_head_and_at_the_foot() -> None:
    spans = [_span("12 FOREIGN RELATIONS, 1949", 50, 40, 8), _span("Body text of the page, set in full.", 50, 100, 10),
             _span("Another row of the body text here.", 50, 113, 10), _span("12", 200, 530, 9)]
    page = lay_out(1, rows_of(spans), 10.0, {furniture_key("12 FOREIGN RELATIONS, 1949")})
    assert page.label == "12"
    assert page.text() == "Body text of the page, set in full. Another row of the body text here."


def test_broken_pdfs_give_a_clear_outcome(tmp_path: Path) -> None:
    from opis.ingest import CorruptFile

    path = tmp_path / "ru.pdf"
    typeset(russian_document(), path)
    whole = path.read_bytes()
    cut = tmp_path / "cut.pdf"
    cut.write_bytes(whole[:len(whole) // 2])
    with pytest.raises(CorruptFile, match="corrupt PDF"):
        parse_file(cut)
    # A damaged embedded font (bytes overwritten inside the compressed font stream): MuPDF
    # falls back to a built-in font and the text is still read.
    font = tmp_path / "font.pdf"
    font.write_bytes(whole.replace(b"BT", b"BT ] ] (x", 1))
    assert b"BT ] ] (x" in font.read_bytes() and "Хыннаме" in parse_file(font).text
    # Garbage operators in a page's content stream (same length, so the offsets hold): the text
    # after them is still read.
    garbled = tmp_path / "garbled.pdf"
    plain = text_pdf_bytes(["The Ambassador called today on the Minister."])
    garbled.write_bytes(plain.replace(b"16 TL", b"] ] x"))
    assert "Ambassador called today" in parse_file(garbled).text
    # A content stream whose length is wrong: neither MuPDF nor pypdf reads it; the page is kept,
    # awaiting OCR, and a warning names it.
    misfit = tmp_path / "misfit.pdf"
    misfit.write_bytes(plain.replace(b"BT", b"BT ] ] (x", 1))
    parsed = parse_file(misfit, ParseOptions(ocr=False))
    assert parsed.status == "awaiting OCR" and len(parsed.pages) == 1
    assert any(w.startswith("page 1: text layer unreadable") for w in parsed.warnings)
