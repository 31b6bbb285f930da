"""PDF: the text layer page by page, read by its layout; pages without a usable text layer are
rendered and OCRed, or kept as "awaiting OCR" when Tesseract is not there.

pypdf opens the file (damage, encryption, metadata, page tree); PyMuPDF reads each page's text
as positioned spans, which ``pdfpage`` sorts into body, foot notes and furniture and ``pdfflow``
joins across pages into ``ParsedFile.layout_text``. A file MuPDF cannot read falls back to pypdf, with a
warning: its layout mode's positioned text runs go through the same layout reading (``pdf.fallback``), and a
page even that cannot read keeps pypdf's plain text.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from opis.ingest.base import HANDLERS, Page, ParsedFile, ParseOptions, name_bonus
from opis.ingest.errors import CorruptFile, PasswordProtected
from opis.ingest.language import guess_language
from opis.ingest.ocr.page import note_awaiting, ocr_enabled, ocr_page_boxes, ocr_wanted

if TYPE_CHECKING:  # pypdf and MuPDF load when a PDF is parsed, not when the handler registers (0.3 s)
    from pypdf import PdfReader

    from opis.ingest.pdf.layout import Span
    from opis.ingest.pdf.text import PageSpans

_HEADER = re.compile(rb"%PDF-\d\.\d")
_OBJECT = re.compile(rb"\d+\s+\d+\s+obj\b")
_MIN_LETTERS = 15  # fewer letters than this on a page that also holds an image: a scan
_MAX_GARBAGE = 0.2  # share of U+FFFD / "(cid:" noise above which a text layer is useless
_INFO_KEYS = {"/Title": "title", "/Author": "author", "/Subject": "subject", "/Creator": "creator",
              "/Producer": "producer", "/CreationDate": "created", "/ModDate": "modified"}
# Titles that name the file that was printed to PDF rather than the document.
_JUNK_TITLE = re.compile(r"^(untitled|microsoft word - .*|.*\.(docx?|pdf|rtf|txt))$", re.I)


class PdfHandler:
    name = "pdf"

    def score(self, head: bytes, filename: str) -> float:
        if _HEADER.match(head):
            return 1.0 + name_bonus(filename, (".pdf",))
        # Readers accept junk before the header; so do we, but only when PDF objects follow it:
        # a text that mentions "%PDF-1.4" near its start is still a text.
        late = _HEADER.search(head, 0, 1024)
        if late and _OBJECT.search(head, late.end()):
            return 0.9 + name_bonus(filename, (".pdf",))
        return 0.0

    def parse(self, path: Path, options: ParseOptions) -> ParsedFile:
        from opis.ingest.pdf.read import LaidOut, lay_out_document

        reader = _open(path)
        parsed = ParsedFile(media_type="application/pdf", handler=self.name, filename=path.name)
        parsed.metadata.update(_info(reader))
        parsed.metadata["page_count"] = _page_count(reader, path)
        title = parsed.metadata.get("title")
        parsed.title = title if title and not _JUNK_TITLE.match(title) else None
        if parsed.metadata.get("author"):
            parsed.authors = [parsed.metadata["author"]]
        layout = open_layout(path)
        if layout is None:
            parsed.warnings.append("MuPDF cannot read this PDF; its layout is read from pypdf's text positions")
        laid = LaidOut()
        broken = 0
        try:
            with tempfile.TemporaryDirectory(prefix="opis-pdf-") as tmp:
                for number in range(1, parsed.metadata["page_count"] + 1):
                    page = _load_page(reader, number, parsed)
                    spans = _spans(layout, number, parsed) if layout is not None else _fallback_spans(page)
                    if spans is not None and not usable_text_layer(spans.text, spans.has_images):
                        spans = None  # pypdf may read a stream MuPDF cannot; else the page is OCRed
                    read, scanned = _read_page(path, page, number, Path(tmp), options, parsed, spans)
                    broken += read is None
                    read = read or Page(number, "", needs_ocr=True)
                    parsed.pages.append(read)
                    laid.add(read, spans, scanned)
        finally:
            if layout is not None:
                layout.close()
        _refuse_if_unreadable(parsed, path, broken)
        if layout is not None or any(spans for _, spans, _ in laid.pages):
            lay_out_document(parsed, laid)
        note_awaiting(parsed, options)
        parsed.language = guess_language(parsed.text)
        return parsed


def open_layout(path: Path) -> Any:
    """MuPDF's view of the document, or None (opis.ingest.pdf.text)."""
    from opis.ingest.pdf.text import open_layout as open_with_mupdf

    return open_with_mupdf(path)


def _refuse_if_unreadable(parsed: ParsedFile, path: Path, broken: int) -> None:
    """A PDF none of whose pages has text or could be rendered is damaged, not waiting for OCR:
    OCR needs a picture of the page, and there is none to make."""
    if not parsed.pages:
        raise CorruptFile(f"{path.name}: corrupt PDF, it has no pages")
    if broken == len(parsed.pages):
        first = parsed.warnings[0] if parsed.warnings else "no page object"
        raise CorruptFile(f"{path.name}: corrupt PDF, no page could be read or rendered ({first})")


def _open(path: Path) -> PdfReader:
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, PyPdfError

    try:
        reader = PdfReader(str(path))
    except (PyPdfError, ValueError, KeyError, TypeError, IndexError, AttributeError) as exc:
        raise CorruptFile(f"{path.name}: corrupt PDF ({exc or type(exc).__name__})") from None
    if reader.is_encrypted:
        try:
            # Many PDFs are encrypted only to restrict printing; they open with an empty password.
            opened = int(reader.decrypt(""))
        except DependencyError as exc:
            raise PasswordProtected(f"{path.name}: encrypted PDF needs a crypto library: {exc}") from None
        except PyPdfError:
            opened = 0
        if not opened:
            raise PasswordProtected(f"{path.name}: the PDF is password-protected; "
                                    "opis cannot read it without the password")
    return reader


def _page_count(reader: PdfReader, path: Path) -> int:
    from pypdf.errors import PyPdfError

    try:
        return len(reader.pages)
    except (PyPdfError, ValueError, KeyError, TypeError, IndexError, AttributeError) as exc:
        raise CorruptFile(f"{path.name}: corrupt PDF, its page tree cannot be read ({exc})") from None


def _load_page(reader: PdfReader, number: int, parsed: ParsedFile) -> Any:
    try:
        return reader.pages[number - 1]
    except Exception as exc:  # a broken page object must not lose the pages after it
        parsed.warnings.append(f"page {number}: cannot be read ({type(exc).__name__})")
        return None


def _info(reader: PdfReader) -> dict[str, str]:
    from pypdf.errors import PyPdfError

    try:
        info: Any = reader.metadata or {}
        return {name: str(info[key]).strip() for key, name in _INFO_KEYS.items()
                if key in info and str(info[key]).strip()}
    except PyPdfError:
        return {}


def _spans(layout: Any, number: int, parsed: ParsedFile) -> PageSpans | None:
    from opis.ingest.pdf.text import PageSpans, page_spans

    if layout is None:
        return None
    try:
        return page_spans(layout, number)
    except Exception as exc:  # MuPDF raises many error kinds on broken content streams
        parsed.warnings.append(f"page {number}: text layer unreadable ({type(exc).__name__})")
        return PageSpans([], [], False)


def _fallback_spans(page: Any) -> PageSpans | None:
    from opis.ingest.pdf.fallback import pypdf_spans

    return pypdf_spans(page, _has_images(page)) if page is not None else None


def _read_page(path: Path, page: Any, number: int, tmp: Path, options: ParseOptions,
               parsed: ParsedFile, spans: PageSpans | None) -> tuple[Page | None, list[Span] | None]:
    """The page (None when it has neither text nor a picture), and for an OCRed page the spans its word
    boxes give."""
    if spans is not None:
        text, has_images = spans.text, spans.has_images
    else:
        text, has_images = _pypdf_text(page, number, parsed), _has_images(page)
    if usable_text_layer(text, has_images):
        return Page(number, text.strip()), None
    if not ocr_enabled(options) or not ocr_wanted(options, number):
        return (Page(number, "", needs_ocr=True) if page is not None else None), None
    from opis.ingest.ocr.layout import spans_from_boxes
    from opis.ingest.pdf.render import render_page

    done = ocr_page_boxes(lambda: render_page(path, number, tmp, options.ocr_dpi, page), number, options, parsed)
    if done is None:
        parsed.warnings.append(f"page {number}: could not be rendered for OCR")
        return None, None
    read, boxes = done
    return read, spans_from_boxes(boxes, options.ocr_dpi) if boxes else None


def _pypdf_text(page: Any, number: int, parsed: ParsedFile) -> str:
    try:
        return (page.extract_text() or "") if page is not None else ""
    except Exception as exc:  # pypdf raises many error kinds on broken content streams
        parsed.warnings.append(f"page {number}: text layer unreadable ({type(exc).__name__})")
        return ""


def usable_text_layer(text: str, has_images: bool) -> bool:
    """Whether a page's extracted text stands for the page. A text-only page with any letters
    is itself; a page with an image and almost no letters is a scan (the letters are a stamp
    or page number); replacement characters and "(cid:NN)" mean the font has no text mapping."""
    letters = sum(1 for ch in text if ch.isalpha())
    if letters == 0:
        return False
    garbage = text.count("\ufffd") + 6 * text.count("(cid:")
    if garbage > _MAX_GARBAGE * len(text):
        return False
    return letters >= _MIN_LETTERS or not has_images


def _has_images(page: Any) -> bool:
    """True when the page's resources hold an image, without decoding any image."""
    try:
        xobjects = page["/Resources"]["/XObject"]
        return any(xobjects[name].get_object().get("/Subtype") == "/Image" for name in xobjects)
    except Exception:  # missing keys, broken references: treat as no image
        return False


HANDLERS.register("pdf")(PdfHandler())
