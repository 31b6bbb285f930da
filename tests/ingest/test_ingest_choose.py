"""Handler choice: by the bytes, the name only breaking ties; plug-ins register the same way."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from opis.ingest import HANDLERS, ParsedFile, ParseOptions, UnsupportedFormat, choose_handler, parse_file
from opis.ingest.base import Page, name_bonus

HTML = b"<!DOCTYPE html><html><head><title>Hello page</title></head><body><p>Hello there.</p></body></html>"


@pytest.mark.parametrize("head, filename, expected", [
    (b"%PDF-1.7\n...", "x.pdf", "pdf"),
    (b"%PDF-1.4\n...", "notes.txt", "pdf"),  # a PDF named .txt is still a PDF
    (HTML, "report.pdf", "html"),  # an HTML page named .pdf is still HTML
    (b"\x89PNG\r\n\x1a\n\x00\x00", "scan.jpg", "image"),
    (b"\xff\xd8\xff\xe0\x00\x10JFIF", "scan", "image"),
    (b"II*\x00\x08\x00", "scan.tif", "image"),
    (b"PK\x03\x04....word/document.xml", "a.zip", "docx"),
    (b"PK\x03\x04....docs/a.pdf", "a.docx", "zip"),  # no Word parts in it: just an archive
    (b'<?xml version="1.0"?>\n<!-- c -->\n<TEI xmlns="http://www.tei-c.org/ns/1.0">', "a.txt", "tei"),
    (b"Plain words on a line.\n", "readme", "text"),
    (b"# Title\n\nSome *markdown*.\n", "a.md", "text"),
])
def test_choice_follows_content(head: bytes, filename: str, expected: str) -> None:
    assert choose_handler(head, filename).name == expected


def test_name_only_breaks_ties() -> None:
    assert name_bonus("a.PDF", (".pdf",)) > 0
    assert name_bonus("a.txt", (".pdf",)) == 0
    # A name alone never makes a handler claim bytes it does not recognise.
    assert HANDLERS.get("pdf").score(b"just text", "a.pdf") == 0


def test_unknown_binary_is_refused_clearly() -> None:
    with pytest.raises(UnsupportedFormat, match="not a format opis can read"):
        choose_handler(b"\x00\x01\x02\x03\xfe\xff" * 20, "blob.bin")


def test_known_unsupported_format_is_named() -> None:
    with pytest.raises(UnsupportedFormat, match=r"\.docx"):
        choose_handler(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "old.doc")


def test_pdf_named_txt_parses_as_pdf(text_pdf: Callable[..., Path]) -> None:
    path = text_pdf(["Department of State memorandum, page one."], name="lying.txt")
    parsed = parse_file(path)
    assert parsed.handler == "pdf" and parsed.media_type == "application/pdf"
    assert "Department of State" in parsed.text


def test_html_named_pdf_parses_as_html(tmp_path: Path) -> None:
    path = tmp_path / "lying.pdf"
    path.write_bytes(HTML)
    parsed = parse_file(path)
    assert parsed.handler == "html"
    assert parsed.title == "Hello page"


class _StampHandler:
    """A plug-in style handler for an invented format that starts with b"STAMP1"."""

    name = "stamp-test"

    def score(self, head: bytes, filename: str) -> float:
        return 1.0 if head.startswith(b"STAMP1") else 0.0

    def parse(self, path: Path, options: ParseOptions) -> ParsedFile:
        body = path.read_bytes()[6:].decode()
        return ParsedFile(media_type="application/x-stamp", handler=self.name, pages=[Page(1, body)])


@pytest.fixture
def stamp_handler() -> Iterator[None]:
    HANDLERS.register("stamp-test")(_StampHandler())
    yield
    HANDLERS._items.pop("stamp-test")  # the registry has no public removal; tests must not leak


def test_plugin_handler_registers_like_builtins(stamp_handler: None, tmp_path: Path) -> None:
    path = tmp_path / "x.dat"
    path.write_bytes(b"STAMP1stamped text")
    parsed = parse_file(path)
    assert parsed.handler == "stamp-test" and parsed.text == "stamped text"
    assert parsed.filename == "x.dat"


def test_broken_plugin_score_does_not_stop_choice(tmp_path: Path) -> None:
    class Broken:
        name = "broken-test"

        def score(self, head: bytes, filename: str) -> float:
            raise RuntimeError("bug")

        def parse(self, path: Path, options: ParseOptions) -> ParsedFile:
            raise AssertionError

    HANDLERS.register("broken-test")(Broken())
    try:
        assert choose_handler(b"%PDF-1.4", "a.pdf").name == "pdf"
    finally:
        HANDLERS._items.pop("broken-test")


def test_status_says_awaiting_ocr() -> None:
    parsed = ParsedFile(media_type="image/png", handler="image", pages=[Page(1, "", needs_ocr=True)])
    assert parsed.awaiting_ocr and parsed.status == "awaiting OCR"
    parsed.pages[0].ocr_confidence = 0.9
    assert parsed.status == "ok"
