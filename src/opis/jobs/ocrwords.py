"""Reading OCR word boxes for stored files that have none (``opis ocr-words``): files ingested before
the boxes were kept for search inside a scan. Each stored image or PDF is read again, in the same
limited parser process ingest uses, and only its words are kept (``store/pagewords.py``): the original
is only read, and no record, text or revision changes. A file that has words already is left alone, so
running the job twice does nothing the second time."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from opis.ingest.base import ParseOptions
from opis.ingest.errors import IngestError
from opis.ingest.ocr.tesseract import ocr_available
from opis.ingest.sandbox import SandboxPool
from opis.ingest.worker import DEFAULT_TIMEOUT_S
from opis.jobs.records import page_words
from opis.model import Document
from opis.store.access import SYSTEM
from opis.store.archive import Archive
from opis.store.errors import NotFound
from opis.store.pagewords import PAGE_MEDIA, StoredFile, files_without_words, pages_with_words, store_words


class OcrUnavailable(RuntimeError):
    """Tesseract is missing: no word could be read, so nothing is tried."""


@dataclass(frozen=True)
class WordsOutcome:
    sha256: str
    filename: str
    status: str  # "filled", "had words", "no words" or "failed"
    pages: int = 0  # pages with words kept now
    words: int = 0
    message: str = ""

    def as_dict(self) -> dict[str, object]:
        return {"sha256": self.sha256, "filename": self.filename, "status": self.status, "pages": self.pages,
                "words": self.words, "message": self.message}


def _shown(media_type: str) -> bool:
    return any(media_type.startswith(m.rstrip("%")) if m.endswith("%") else media_type == m for m in PAGE_MEDIA)


def files_of(archive: Archive, doc_id: str) -> list[StoredFile]:
    """The images and PDFs attached to document ``doc_id`` (each file once)."""
    record = archive.get(doc_id, SYSTEM)
    if not isinstance(record, Document):
        raise NotFound(f"{doc_id!r} is not a document")
    seen: dict[str, StoredFile] = {}
    for o in record.originals:
        if _shown(o.media_type) and o.sha256 not in seen:
            seen[o.sha256] = StoredFile(o.sha256, o.media_type, o.filename)
    return list(seen.values())


def files_to_read(archive: Archive, doc_id: str | None) -> list[StoredFile]:
    """Document ``doc_id``'s images and PDFs, or (None) every stored image and PDF without words."""
    return files_of(archive, doc_id) if doc_id else files_without_words(archive)


def read_words(archive: Archive, files: Sequence[StoredFile], options: ParseOptions | None = None,
               progress: Callable[[WordsOutcome, int, int], None] | None = None,
               timeout_s: float = DEFAULT_TIMEOUT_S) -> list[WordsOutcome]:
    """OCR each of ``files`` that has no words yet and keep its words; one outcome per file, in order.
    A file that will not parse is that file's "failed" outcome; the others go on."""
    if not ocr_available():
        raise OcrUnavailable("tesseract is not installed (Debian package tesseract-ocr): no words can be read")
    options = options or ParseOptions()
    outcomes: list[WordsOutcome] = []
    with SandboxPool(1) as sandbox:
        for n, f in enumerate(files, start=1):
            outcome = _one(archive, sandbox, f, options, timeout_s)
            outcomes.append(outcome)
            if progress is not None:
                progress(outcome, n, len(files))
    return outcomes


def _one(archive: Archive, sandbox: SandboxPool, f: StoredFile, options: ParseOptions,
         timeout_s: float) -> WordsOutcome:
    if pages_with_words(archive, f.sha256):
        return WordsOutcome(f.sha256, f.filename, "had words")
    try:
        path = archive.originals.local_path(f.sha256)
    except OSError as exc:  # missing, or damaged in an object store
        return WordsOutcome(f.sha256, f.filename, "failed", message=f"the stored original cannot be read: {exc}")
    if not path.is_file():
        return WordsOutcome(f.sha256, f.filename, "failed", message="the stored original is missing")
    try:
        parsed = sandbox.parse(path, options, timeout_s)
    except IngestError as exc:
        return WordsOutcome(f.sha256, f.filename, "failed", message=exc.reason.replace(path.name, f.filename))
    pages = page_words(parsed)
    kept = store_words(archive, f.sha256, pages)
    note = "; ".join(w.replace(path.name, f.filename) for w in parsed.warnings)
    if not kept:
        return WordsOutcome(f.sha256, f.filename, "no words", message=note or "OCR found no words on its pages")
    return WordsOutcome(f.sha256, f.filename, "filled", len(pages), kept, note)
