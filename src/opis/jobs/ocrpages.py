"""OCR page by page: a scan of N pages is read as N page jobs, each page's reading kept in the store as
it is made (store.ocrpages), and the file assembled from them once all are in.

A multi-page file that may hold scans (a PDF, a TIFF) is first parsed without OCR, in the sandbox as
always: that finds the pages awaiting OCR. With one or none, the file is parsed as before, in one go.
With more, each such page is a page job: the sandboxed parser rasterises and OCRs that page only and
returns its reading (ParseOptions.ocr_pages), which is kept by the file's content hash and page
number. Once every page is read, the file is parsed once more with the readings given
(ParseOptions.ocr_read): nothing is rasterised or OCRed again, and the text, layout and word boxes
come out of the same code that reads a file whole; then the file is extracted and committed as any
other, in the one transaction that also records its outcome, so it is committed exactly once.

Where the page jobs run is the caller's: ``InBatch`` reads a file's pages side by side in the batch's
own sandboxes (the embedded SQLite default and a CLI run); on the PostgreSQL queue (jobs.runner)
``plan_or_assemble`` queues the page jobs with the plan and says so (``PagesQueued``), and the page
job that sees the last page in queues the file's assembly (store.ocrpages.claim_assembly).
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from opis.ingest.base import ParsedFile, ParseOptions, choose_handler
from opis.ingest.errors import CorruptFile, IngestError
from opis.ingest.files import read_head
from opis.ingest.ocr.page import OCR_READ, ocr_enabled
from opis.ingest.sandbox import SandboxPool
from opis.store.archive import Archive
from opis.store.ocrpages import plan_pages, read_pages, save_page

_TIFF = (b"II*\x00", b"MM\x00*")  # the image formats that hold many pages; a PNG or JPEG is one


class PagesQueued(Exception):
    """The file's pages were handed to page jobs; its assembly is queued when the last one is read."""


def may_have_pages(path: Path) -> bool:
    """Whether the file is of a format with many pages that may be scans (PDF, TIFF)."""
    try:
        head = read_head(path)
        name = choose_handler(head, path.name).name
    except IngestError:
        return False
    return name == "pdf" or (name == "image" and head.startswith(_TIFF))


def awaiting(parsed: ParsedFile) -> list[int]:
    return [p.number for p in parsed.pages if p.awaiting_ocr]


def read_page(sandbox: SandboxPool, path: Path, page: int, options: ParseOptions,
              timeout_s: float) -> dict[str, Any]:
    """Rasterise and OCR one page in the sandbox; its reading (or ``{"failed": why}``, which the
    assembled file reports as a page whose OCR failed, as a whole-file run would)."""
    try:
        parsed = sandbox.parse(path, replace(options, ocr_pages=(page,), ocr_read={}), timeout_s)
    except IngestError as exc:
        return {"failed": exc.reason}
    reading = parsed.metadata.get(OCR_READ, {}).get(str(page))
    if isinstance(reading, dict):
        return reading
    why = next((w.split(": ", 1)[-1] for w in parsed.warnings if w.startswith(f"page {page}:")),
               "the page could not be rendered for OCR")
    return {"failed": why}


def plan(sandbox: SandboxPool, path: Path, options: ParseOptions,
         timeout_s: float) -> tuple[ParsedFile | None, list[int]]:
    """The file parsed without OCR and its pages awaiting OCR; (None, []) when it is not split (one page
    or none awaits, OCR is off, or its format has one page): the caller parses it whole then."""
    if not ocr_enabled(options) or not may_have_pages(path):
        return None, []
    try:
        bare = sandbox.parse(path, replace(options, ocr=False), timeout_s)
    except CorruptFile:
        # Refused without OCR (a PDF none of whose pages pypdf can load is corrupt unless pdftoppm can
        # still draw them): the whole-file parse says what is wrong, or reads it. Other refusals (a
        # time-out, a password) would be the same with OCR, and are not paid twice.
        return None, []
    pages = awaiting(bare)
    if not pages:
        return bare, []  # a text layer throughout: this parse is the file's, OCR would not change it
    return (None, []) if len(pages) == 1 else (bare, pages)


def assemble(sandbox: SandboxPool, path: Path, options: ParseOptions, timeout_s: float,
             readings: dict[int, dict[str, Any]]) -> ParsedFile:
    parsed = sandbox.parse(path, replace(options, ocr_pages=None, ocr_read=readings), timeout_s)
    parsed.metadata.pop(OCR_READ, None)
    return parsed


@dataclass
class InBatch:
    """Page jobs in this process: a file's missing pages read side by side in the batch's sandboxes
    (as many at once as it has), each kept in the store as soon as it is read, so a batch killed and run
    again reads only the pages it had not kept."""
    archive: Archive
    sandbox: SandboxPool
    job: str
    position: Callable[[Path], int]
    # The batch's own page threads, alive as long as the batch: a sandboxed parser started from a
    # thread is killed when that thread ends (PR_SET_PDEATHSIG), so a pool per file would kill the
    # children it started while the sandbox pool still holds them.
    pool: ThreadPoolExecutor

    def parse(self, path: Path, sha256: str, options: ParseOptions, timeout_s: float) -> ParsedFile:
        bare, pages = plan(self.sandbox, path, options, timeout_s)
        if bare is not None and not pages:
            return bare
        if not pages:
            return self.sandbox.parse(path, options, timeout_s)
        plan_pages(self.archive, self.job, self.position(path), sha256, pages)
        readings = read_pages(self.archive, sha256, pages)

        def one(page: int) -> None:
            reading = read_page(self.sandbox, path, page, options, timeout_s)
            save_page(self.archive, sha256, page, reading)
            readings[page] = reading

        list(self.pool.map(one, [p for p in pages if p not in readings]))
        return assemble(self.sandbox, path, options, timeout_s, read_pages(self.archive, sha256, pages))


def plan_or_assemble(archive: Archive, sandbox: SandboxPool, path: Path, sha256: str, options: ParseOptions,
                     timeout_s: float, queue_pages: Callable[[list[int]], Callable[[Any], object]],
                     job: str, position: int) -> ParsedFile:
    """For a queued file job: the file parsed, whole or assembled from its read pages; or its missing
    pages queued (``queue_pages(pages)`` gives what defers them on the plan's transaction) and
    PagesQueued raised."""
    bare, pages = plan(sandbox, path, options, timeout_s)
    if bare is not None and not pages:
        return bare
    if not pages:
        return sandbox.parse(path, options, timeout_s)
    readings = read_pages(archive, sha256, pages)
    if len(readings) == len(pages):
        return assemble(sandbox, path, options, timeout_s, readings)
    missing = [p for p in pages if p not in readings]
    plan_pages(archive, job, position, sha256, pages, queue_pages(missing))
    raise PagesQueued(f"{len(missing)} of {len(pages)} pages queued for OCR")

