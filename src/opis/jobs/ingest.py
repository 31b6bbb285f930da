"""The ingest batch: files and folders in, records and stored originals out.

``2 × --jobs`` threads each hash a file and, unless its bytes are stored already, parse it in
one of N long-lived sandboxed children (ingest.sandbox; a small plain text in this process),
extract its records' findings in one of N long-lived extraction children
(extract.bounded.ExtractorPool, started at once and warmed while the first files are parsed), and
copy its bytes into the content store, ahead of the writer and in file order: N files can be in the
parsers while N others are in the extractors. The calling thread is the only writer. Each file's
original row and records are committed as one unit (Archive.commit_file), so a run killed at any
moment and run again with the same command continues: committed files are reported as
duplicates, nothing is half-recorded and nothing twice (a copied original whose rows were never
written is content-addressed and harmless; the next run's commit finds it there).

A file's failure is that file's outcome, never the batch's: whatever is raised while hashing,
parsing, extracting or committing one file becomes its "failed" outcome with one line of reason,
and the next file goes on. Only regular files inside the folders given are read (jobs.walk,
ingest.files.hash_file). A file whose parser ran out of time is not parsed again by a resumed run
unless ``retry_timeouts`` asks.

``parse_one`` and ``store_one`` are also what a queued file job runs on an `opis worker`
(jobs.runner); a file's outcome row is written in the transaction that stores it, in both.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from itertools import islice
from pathlib import Path

from opis.extract.bounded import ExtractorPool, limit_notes
from opis.extract.names.entities import AuthorityIndex
from opis.ingest.base import ParsedFile, ParseOptions
from opis.ingest.errors import IngestError, ParserTimedOut, one_line
from opis.ingest.files import hash_file, safe_text
from opis.ingest.sandbox import SandboxPool
from opis.ingest.worker import DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT_S
from opis.jobs.ocrpages import InBatch, PagesQueued
from opis.jobs.records import FileFacts, page_words, records_from
from opis.jobs.walk import Entry, walk
from opis.jobs.witnesses import find_witnesses
from opis.model import AUTHORITY_KINDS, AnyRecord, Authority, Collection, Document, Status, make_id
from opis.store.access import SYSTEM
from opis.store.archive import Archive
from opis.store.ingestlog import (
    NOT_RETRIED,
    FileOutcome,
    amend_outcome,
    earlier_time_out,
    finish_job,
    outcome_writer,
    record_outcome,
    start_job,
)

Progress = Callable[[FileOutcome, int, int], None]
# (path, sha256, options, time limit) → the parsed file; may raise jobs.ocrpages.PagesQueued.
PageReader = Callable[[Path, str, ParseOptions, float], ParsedFile]


@dataclass(frozen=True)
class IngestRequest:
    paths: tuple[Path, ...]
    collection: str | None = None
    languages: tuple[str, ...] = ()
    jobs: int = 1
    actor: str = "opis-ingest"
    options: ParseOptions = field(default_factory=ParseOptions)
    timeout_s: float = DEFAULT_TIMEOUT_S
    memory_mb: int = DEFAULT_MEMORY_MB
    # Web uploads set these: records start as drafts (unless the uploader publishes at once) and
    # may only add records, never rewrite ones already stored (editing has its own rules); the
    # server's temporary folder is nobody's business, so only file names are reported.
    status: Status | None = None
    names_only: bool = False

    # A parser time-out is remembered: a resumed run does not spend the time again on that file.
    retry_timeouts: bool = False

    def shown(self, path: Path) -> str:
        """The path as reports show it: a file name that is not UTF-8 keeps its bytes as ``\\xff``."""
        return safe_text(path.name if self.names_only else str(path))

    def told(self, message: str, path: Path) -> str:
        """``message`` about ``path``, naming the file as ``shown`` does (parsers name the full path)."""
        return safe_text(message.replace(str(path), path.name) if self.names_only else message)


@dataclass
class Parsed:
    path: Path
    sha256: str | None = None
    parsed: ParsedFile | None = None
    error: str | None = None
    duplicate: bool = False
    records: list[AnyRecord] = field(default_factory=list)
    stored: tuple[str, int] | None = None  # (sha256, size) once the bytes are in the content store


@dataclass(frozen=True)
class Workers:
    """What a worker thread uses on a file: the parser sandboxes and the extraction children."""
    sandbox: SandboxPool
    extractor: ExtractorPool
    collection: str | None
    # How a file whose scanned pages may be read page by page is parsed (jobs.ocrpages); None: whole.
    pages: PageReader | None = None


def parse_one(entry: Entry, request: IngestRequest, archive: Archive, workers: Workers) -> Parsed:
    """Hash, parse and extract one file; whatever goes wrong is this file's failure, never the batch's."""
    path = entry.path
    if entry.refused:
        return Parsed(path, error=entry.refused)
    try:
        item = _parse_checked(path, request, archive, workers)
    except PagesQueued:
        raise  # not a failure: the file's pages are being read by page jobs
    except Exception as exc:  # a bug or an odd file must cost one outcome, not the batch
        return Parsed(path, error=f"{path.name}: could not be ingested ({type(exc).__name__}: {exc})")
    if item.parsed is None:
        return item
    try:
        facts = FileFacts(item.sha256 or "", safe_text(path.name), item.parsed.media_type, workers.collection,
                          request.languages)
        item.records = records_from(item.parsed, facts, workers.extractor.extract)
    except Exception as exc:  # extraction broke on this file: say so, go on with the next
        item.error = f"{path.name}: could not be recorded ({type(exc).__name__}: {exc})"
        return item
    try:
        # The copy into the content store (with its fsync) is done here, in parallel, not by the
        # single writer: it is content-addressed, so a copy whose rows are never written is harmless.
        item.stored = archive.originals.put_file(path)
    except OSError:
        pass  # the writer copies it then, and reports what goes wrong
    return item


def _parse_checked(path: Path, request: IngestRequest, archive: Archive, workers: Workers) -> Parsed:
    try:
        sha, _size = hash_file(path, request.options.max_bytes)  # regular files only, size by stat first
    except IngestError as exc:
        return Parsed(path, error=exc.reason)
    if archive.has_original(sha):
        return Parsed(path, sha, duplicate=True)
    if not request.retry_timeouts:
        earlier = earlier_time_out(archive, sha)
        if earlier:
            before = earlier.removesuffix(f"; {NOT_RETRIED}").split(": ", 1)[-1]
            return Parsed(path, sha, error=f"{path.name}: in an earlier run, {before}; {NOT_RETRIED}")
    try:
        if workers.pages is not None:
            parsed = workers.pages(path, sha, request.options, request.timeout_s)
        else:
            parsed = workers.sandbox.parse(path, request.options, request.timeout_s)
    except ParserTimedOut as exc:
        return Parsed(path, sha, error=f"{exc.reason}; {NOT_RETRIED}")
    except IngestError as exc:
        return Parsed(path, sha, error=exc.reason)
    return Parsed(path, sha, parsed=parsed)


def authority_index(archive: Archive) -> AuthorityIndex:
    page = archive.browse(SYSTEM, AUTHORITY_KINDS, 0, 1_000_000, "title")
    return AuthorityIndex(r for r in page.items if isinstance(r, Authority))


def collection_for(archive: Archive, request: IngestRequest) -> str | None:
    name = request.collection
    if not name:
        return None
    record = Collection(id=make_id("collection", "user", name), title=name, source="opis ingest --collection")
    existing = archive.get_many([record.id], SYSTEM)
    if not existing:
        archive.put(record.model_copy(update={"status": request.status}) if request.status else record,
                    request.actor, "created by ingest")
    return record.id


def _only_new(archive: Archive, records: list[AnyRecord], status: Status) -> tuple[list[AnyRecord], int]:
    """The records not stored yet, given ``status``; and how many were left alone because they exist."""
    stored = {r.id for r in archive.get_many([r.id for r in records], SYSTEM)}
    new = [r.model_copy(update={"status": status}) for r in records if r.id not in stored]
    return new, len(records) - len(new)


def store_one(archive: Archive, item: Parsed, request: IngestRequest, job: str, position: int) -> FileOutcome:
    """Commit one parsed and extracted file and record its outcome; any failure here is that file's outcome."""
    path = request.shown(item.path)
    if item.error or item.parsed is None:
        outcome = FileOutcome(path, "duplicate" if item.duplicate else "failed",
                              "" if item.duplicate else request.told(one_line(item.error or "not parsed"), item.path),
                              item.sha256)
    else:
        try:
            return _commit(archive, item, item.parsed, request, job, position)
        except Exception as exc:  # the commit broke on this file: say so, go on with the next
            reason = f"{item.path.name}: could not be recorded ({type(exc).__name__}: {exc})"
            outcome = FileOutcome(path, "failed", request.told(one_line(reason), item.path), item.sha256)
    record_outcome(archive, job, position, outcome)
    return outcome


def _commit(archive: Archive, item: Parsed, parsed: ParsedFile, request: IngestRequest, job: str,
            position: int) -> FileOutcome:
    """Store the file, its records and its outcome row in one transaction (a job retried after a crash
    finds all three or none); the witness proposals that follow are added to the outcome after."""
    name = safe_text(item.path.name)
    records, kept = item.records, 0
    if request.status is not None:
        records, kept = _only_new(archive, records, request.status)
    pages = len(parsed.pages) + sum(len(p.pages) for p in parsed.parts)
    status = "awaiting-ocr" if parsed.awaiting_ocr else "ingested"
    # The parser's own "awaiting OCR: …" warning says why (OCR off, not installed, or failed).
    notes = [f"{kept} record(s) already in the archive left as they are" if kept else "", *parsed.warnings,
             *limit_notes(records)]
    outcome = FileOutcome(request.shown(item.path), status, _joined(request, notes, item.path), item.sha256,
                          len(records), pages)
    sha, saved = archive.commit_file(item.path, name, parsed.media_type, records, request.actor,
                                     f"ingested from {name}", words=page_words(parsed), stored=item.stored,
                                     also=outcome_writer(archive, job, position, outcome))
    if saved is None:
        duplicate = FileOutcome(request.shown(item.path), "duplicate", "", sha, 0, pages)
        record_outcome(archive, job, position, duplicate)
        return duplicate
    found = _witnesses(archive, records)
    if found:
        outcome = replace(outcome, message=_joined(request, [*notes, found], item.path))
        amend_outcome(archive, job, position, outcome.message)
    return outcome


def _joined(request: IngestRequest, notes: list[str], path: Path) -> str:
    return request.told("; ".join(n for n in notes if n), path)


def _witnesses(archive: Archive, records: list[AnyRecord]) -> str:
    """Propose witnesses of one work for the new documents; a failure here loses nothing stored (the
    proposals are an editor's to-do list), so it is said, not raised."""
    try:
        found = find_witnesses(archive, [r for r in records if isinstance(r, Document)])
    except Exception as exc:  # derived proposals: the file itself is recorded
        return f"witnesses not looked for ({type(exc).__name__}: {exc})"
    return f"{len(found)} witness link(s) proposed for an editor" if found else ""


# A Russian word: extracting it loads the Russian NER model (natasha) in the child.
_RUSSIAN_WARM_UP = "Москва."


def _warm(extractor: ExtractorPool, languages: tuple[str, ...]) -> None:
    """Start one extraction child now, while the first files are hashed and parsed, rather than when
    the first text is ready for it (its start, an interpreter with the extractors and the authority
    index, took a second before the first file could be recorded). When the batch is declared
    Russian, the Russian NER model is loaded too; otherwise it loads on the first Cyrillic text."""
    russian = any(language.split("-")[0] == "ru" for language in languages)
    extractor.extract(_RUSSIAN_WARM_UP if russian else "", "ru" if russian else None)


def _parsed_in_order(pool: ThreadPoolExecutor, files: list[Entry], request: IngestRequest,
                     archive: Archive, workers: Workers) -> Iterator[Parsed]:
    """Parsed and extracted files in file order, with at most two files per worker read ahead (bounded memory)."""
    pending: deque[Future[Parsed]] = deque()
    upcoming = iter(files)
    try:
        for path in islice(upcoming, 2 * max(1, request.jobs)):
            pending.append(pool.submit(parse_one, path, request, archive, workers))
        while pending:
            item = pending.popleft().result()
            following = next(upcoming, None)
            if following is not None:
                pending.append(pool.submit(parse_one, following, request, archive, workers))
            yield item
    finally:
        for fut in pending:
            fut.cancel()


def run_ingest(archive: Archive, request: IngestRequest, progress: Progress | None = None,
               job_started: Callable[[str], object] | None = None) -> str:
    """Ingest every file of ``request``; return the job id (its outcomes are in the ingest log)."""
    files = list(walk(request.paths))
    job = start_job(archive, request.actor, len(files), {
        "paths": [request.shown(p) for p in request.paths],
        "collection": request.collection, "languages": list(request.languages), "jobs": request.jobs,
        "status": request.status.value if request.status else None})
    if job_started:
        job_started(job)
    collection = collection_for(archive, request)
    status = "interrupted"
    try:
        jobs = max(1, request.jobs)
        # 2 × jobs threads: up to ``jobs`` files in the parser sandboxes while up to ``jobs`` others
        # are in the extraction children (each pool bounds itself), so a file's OCR overlaps the
        # previous file's extraction instead of waiting for it.
        with SandboxPool(jobs, request.memory_mb) as sandbox, ThreadPoolExecutor(max_workers=2 * jobs) as pool, \
                ExtractorPool(jobs, authority_index(archive)) as extractor, ThreadPoolExecutor(jobs) as warming, \
                ThreadPoolExecutor(jobs, thread_name_prefix="opis-page") as page_pool:
            for _ in range(jobs):
                warming.submit(_warm, extractor, request.languages)
            positions = {entry.path: n for n, entry in enumerate(files, 1)}
            pages = InBatch(archive, sandbox, job, lambda path: positions[path], page_pool)
            workers = Workers(sandbox, extractor, collection, pages.parse)
            for n, item in enumerate(_parsed_in_order(pool, files, request, archive, workers), 1):
                outcome = store_one(archive, item, request, job, n)
                if progress:
                    progress(outcome, n, len(files))
        status = "finished"
    finally:
        finish_job(archive, job, status)
    return job
