"""The format-handler contract: bytes in, text and metadata out, no store access.

A handler scores how well it matches a file from the file's first bytes (the name only breaks
ties) and the highest score wins, so a PDF saved as ``.txt`` is still read as a PDF. Built-in
handlers register in ``HANDLERS`` at import time exactly as a plug-in would.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from opis.ingest.errors import UnsupportedFormat
from opis.model import AnyRecord
from opis.plugins import Registry

MiB = 1024 * 1024
HEAD_BYTES = 64 * 1024  # enough to see past a long XML comment to the root element



@dataclass(frozen=True)
class ZipLimits:
    """Limits that keep a hostile archive (a "zip bomb") from filling memory or disk."""

    max_members: int = 5_000
    max_total_bytes: int = 256 * MiB  # uncompressed, over all members
    max_member_bytes: int = 256 * MiB
    # uncompressed / compressed, per member and over the whole archive: many members each just
    # under the floor (120 of 1 MB in a 368 KB archive) are a bomb as surely as one big member
    max_ratio: float = 100.0
    ratio_floor_bytes: int = 1 * MiB  # small members may compress well without being a threat
    max_depth: int = 2  # archives inside archives
    max_seconds: float = 120.0  # parsing the members, all together


@dataclass(frozen=True)
class ParseOptions:
    """What a handler may do. Picklable: it crosses into the sandboxed worker process."""

    max_bytes: int = 512 * MiB
    ocr: bool = True
    ocr_languages: str | None = None  # Tesseract codes ("rus", "rus+eng"); None = detect per page
    languages: tuple[str, ...] = ()  # BCP 47 hints from the caller ("ru", "ko")
    ocr_dpi: int = 300
    ocr_page_timeout_s: float = 300.0
    max_image_pixels: int = 250_000_000
    zip: ZipLimits = field(default_factory=ZipLimits)
    depth: int = 0  # archive nesting level of the file being parsed; set by the ZIP handler
    # OCR page by page (jobs.ocrpages). ``ocr_pages``: OCR only these pages (the others that need
    # it stay awaiting) and return their readings in ``metadata["ocr_read"]``; None = every page.
    # ``ocr_read``: readings made already (page → OcrResult.to_data()), used instead of OCRing the
    # page again, so the file is assembled from its pages by the same code that OCRs it whole.
    ocr_pages: tuple[int, ...] | None = None
    ocr_read: Mapping[int, Mapping[str, Any]] = field(default_factory=dict)

    def nested(self) -> ParseOptions:
        return replace(self, depth=self.depth + 1)


@dataclass
class Page:
    """One page of text. ``needs_ocr``: the page had no usable text layer, so its text comes from
    OCR; ``ocr_confidence`` (0-1) is set once OCR ran, and stays None while the page awaits OCR."""

    number: int
    text: str
    needs_ocr: bool = False
    ocr_confidence: float | None = None
    words: list[tuple[str, float]] | None = None
    label: str | None = None  # the page number printed on the page, when a layout reader saw one
    # OCR word boxes, kept with the page for search inside the scan (IIIF Content Search): each
    # (word, left, top, width, height, confidence) in the pixels of the image OCR read, which is
    # ``box_size`` (width, height) pixels; for a PDF page that is the page rendered at ``ocr_dpi``.
    boxes: list[tuple[str, int, int, int, int, float]] | None = None
    box_size: tuple[int, int] | None = None

    @property
    def awaiting_ocr(self) -> bool:
        return self.needs_ocr and self.ocr_confidence is None


@dataclass
class TextBlock:
    """Where a stretch of ``ParsedFile.text`` (``start``-``end``) came from: a body paragraph or a
    note (``number``), and the pages it is printed on (a paragraph or a note can run overleaf)."""

    kind: str  # "body" or "note"
    start: int
    end: int
    pages: list[int]
    number: str | None = None


@dataclass
class ParsedFile:
    """Everything a handler learned from one file. ``records`` are model records the format
    yields directly (a FRUS volume's documents and persons); ``record_metadata`` holds, per record
    id, what the model has no field for (footnotes, TEI date attributes). ``parts`` are the parsed
    members of an archive. ``layout_text`` is set by handlers that read a page's layout (PDF):
    the body flowing across page breaks without running heads and page numbers, then the notes
    gathered from the page feet as ``[^N]: text`` lines; ``blocks`` says which page each
    paragraph and note of it came from. ``pages`` keep each page's own text."""

    media_type: str
    handler: str
    filename: str = ""
    pages: list[Page] = field(default_factory=list)
    title: str | None = None
    authors: list[str] = field(default_factory=list)
    date_text: str | None = None
    language: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict)
    records: list[AnyRecord] = field(default_factory=list)
    record_metadata: dict[str, dict[str, Any]] = field(default_factory=dict)
    parts: list[ParsedFile] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    layout_text: str | None = None
    blocks: list[TextBlock] = field(default_factory=list)

    @property
    def text(self) -> str:
        if self.layout_text is not None:
            return self.layout_text
        return "\n\n".join(p.text for p in self.pages if p.text)

    @property
    def awaiting_ocr(self) -> bool:
        return any(p.awaiting_ocr for p in self.pages) or any(p.awaiting_ocr for p in self.parts)

    @property
    def status(self) -> str:
        return "awaiting OCR" if self.awaiting_ocr else "ok"


@runtime_checkable
class Handler(Protocol):
    """A format handler. ``score`` must be cheap and must not raise; 0 means "not mine"."""

    name: str

    def score(self, head: bytes, filename: str) -> float: ...

    def parse(self, path: Path, options: ParseOptions) -> ParsedFile: ...


HANDLERS: Registry[Handler] = Registry("format handler")

NAME_BONUS = 0.05  # a matching extension only breaks ties between handlers that read the bytes


def name_bonus(filename: str, extensions: tuple[str, ...]) -> float:
    """The tie-breaking bonus a handler adds when the file's extension is one of its own."""
    return NAME_BONUS if os.path.splitext(filename)[1].lower() in extensions else 0.0


# Formats people often try to ingest that opis does not read, by magic number, so the error can
# name them instead of saying "unknown".
_KNOWN_UNSUPPORTED: tuple[tuple[bytes, str], ...] = (
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "a legacy Microsoft Office file (.doc/.xls); save it as .docx"),
    (b"Rar!", "a RAR archive; repack it as ZIP"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive; repack it as ZIP"),
    (b"\x1f\x8b", "a gzip file; unpack it first"),
    (b"{\\rtf", "an RTF file; save it as .docx"),
)


def choose_handler(head: bytes, filename: str = "") -> Handler:
    """The registered handler with the highest score (> 0) for these first bytes."""
    best: tuple[float, str, Handler] | None = None
    for key, handler in HANDLERS.items():
        try:
            score = float(handler.score(head, filename))
        except Exception:  # a plug-in's broken score must not stop ingestion of other formats
            continue
        if score > 0 and (best is None or score > best[0]):
            best = (score, key, handler)
    if best is None:
        raise UnsupportedFormat(_unsupported_reason(head, filename))
    return best[2]


def _unsupported_reason(head: bytes, filename: str) -> str:
    label = filename or "file"
    for magic, what in _KNOWN_UNSUPPORTED:
        if head.startswith(magic):
            return f"{label}: {what}; opis cannot read this format"
    return (f"{label}: not a format opis can read (starts with {head[:8]!r}); "
            f"handlers: {', '.join(HANDLERS) or 'none'}")
