"""Where an ingest job runs: one interface (``Runner``), two implementations.

- ``InProcess`` (the default, and the only one on SQLite): a thread of the process that took the
  upload runs the whole batch (jobs.ingest.run_ingest), as a CLI run does.
- ``OnQueue`` (``OPIS_JOB_QUEUE=postgres``): the files are staged by content hash in the shared
  ``incoming`` folder and one job per file is deferred on the PostgreSQL queue (store.queue) in the
  transaction that records the ingest job. `opis worker` processes, on any machine that shares the
  store and the data folder, run them (``run_file``). A multi-page scan's file job hands its pages
  to page jobs (``run_page``, jobs.ocrpages) on the same queue, each kept in the store as it is
  read; the page job that reads the last page queues the file job again, which assembles the file
  from its pages and commits it. On SQLite the batch reads a scan's pages side by side itself.

Both write the same rows (store.ingestlog): the upload's answer, the job page and the CLI read a
job's progress from the store, whoever runs it. A file job is idempotent: its outcome row is
written in the transaction that stores the file and its records, so a job run again after its
worker was killed finds the file done (and does nothing) or not done at all (and does it); a file
whose bytes are stored already is a duplicate. Jobs on the same bytes hold one procrastinate lock
(the content hash), so two workers never parse the same bytes at once.

A fixity check (jobs.fixity) runs the same two ways: a thread here, or one queued job that any
worker takes (one at a time: they share a lock). Its run's row is written with the job.

A re-extraction (jobs.reextract) runs the same two ways too: its batches one after another in a
thread here, or one ``opis.reextract`` job per batch that any worker takes. The run's rows and its
batches are written with the jobs; a batch is marked done with its saves, so a retry skips it.
"""

from __future__ import annotations

import logging
import os
import shutil
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from opis.config import Settings
from opis.extract.bounded import ExtractorPool
from opis.ingest.base import ParsedFile, ParseOptions
from opis.ingest.errors import IngestError
from opis.ingest.files import hash_file, safe_text
from opis.ingest.sandbox import SandboxPool
from opis.ingest.worker import DEFAULT_MEMORY_MB
from opis.jobs.fixity import check as check_fixity
from opis.jobs.ingest import (
    IngestRequest,
    Workers,
    authority_index,
    collection_for,
    parse_one,
    run_ingest,
    store_one,
)
from opis.jobs.ocrpages import PagesQueued, plan_or_assemble, read_page
from opis.jobs.reextract import run_batch
from opis.jobs.walk import Entry, walk
from opis.model import Status
from opis.store.archive import Archive
from opis.store.fixity import start_run
from opis.store.ingestlog import (
    GAVE_UP,
    FileOutcome,
    job_options,
    outcome_recorded,
    record_outcome,
    start_job,
)
from opis.store.ocrpages import claim_assembly, read_pages, save_page
from opis.store.reextract import broke as reextract_broke
from opis.store.reextract import run_status as reextract_status
from opis.store.reextract import start_run as start_reextract

if TYPE_CHECKING:
    from opis.store.queue import Timing

INGEST_FILE = "opis.ingest_file"
FIXITY = "opis.fixity"
FIXITY_LOCK = "opis: fixity"  # one check at a time: two would only read every file twice
log = logging.getLogger(__name__)
OCR_PAGE = "opis.ocr_page"
REEXTRACT = "opis.reextract"
START_WAIT_S = 30
TOOLS_FOR_S = 300.0  # a worker's parser and extraction children are renewed after this (new authorities)


class JobNotStarted(RuntimeError):
    """The job was not recorded in time (the server is busy)."""


class Runner(Protocol):
    def submit(self, request: IngestRequest, folder: Path | None = None) -> str:
        """Start ingesting ``request``'s files; return the job id once the job is recorded.
        ``folder`` (if given) holds the files only for this job: it is removed when they are no longer needed."""

    def check_fixity(self, actor: str) -> str:
        """Start re-hashing every stored original (jobs.fixity); return the run's id once it is recorded."""

    def reextract(self, actor: str, scope: dict[str, Any], ids: Sequence[str]) -> str:
        """Start re-extracting the documents ``ids`` (jobs.reextract) in batches; return the run's id
        once it is recorded. ``scope`` says what was asked (kept with the run)."""


class InProcess:
    """The batch in a thread of this process."""

    def __init__(self, archive: Archive) -> None:
        self.archive = archive

    def submit(self, request: IngestRequest, folder: Path | None = None) -> str:
        ready = threading.Event()
        job: list[str] = []

        def started(job_id: str) -> None:
            job.append(job_id)
            ready.set()

        def work() -> None:
            try:
                run_ingest(self.archive, request, job_started=started)
            finally:
                ready.set()
                if folder is not None:
                    shutil.rmtree(folder, ignore_errors=True)

        threading.Thread(target=work, name="opis-upload", daemon=True).start()
        ready.wait(START_WAIT_S)
        if not job:
            raise JobNotStarted("the ingest job did not start in time; the server is busy, try again")
        return job[0]

    def check_fixity(self, actor: str) -> str:
        run = start_run(self.archive, actor, self.archive.originals.describe())

        def work() -> None:
            try:
                check_fixity(self.archive, run)
            except Exception:  # recorded as broken in the run's row; the thread has no one else to tell
                log.exception("fixity check %s broke", run)

        threading.Thread(target=work, name="opis-fixity", daemon=True).start()
        return run

    def reextract(self, actor: str, scope: dict[str, Any], ids: Sequence[str]) -> str:
        run = start_reextract(self.archive, actor, scope, ids)
        batches = int(reextract_status(self.archive, run)["batches"])

        def work() -> None:
            try:
                with ExtractorPool(1, authority_index(self.archive)) as extractor:
                    for number in range(1, batches + 1):
                        run_batch(self.archive, extractor, run, number)
            except Exception as exc:  # recorded in the run's row; the thread has no one else to tell
                log.exception("re-extraction %s broke", run)
                reextract_broke(self.archive, run, f"{type(exc).__name__}: {exc}")

        threading.Thread(target=work, name="opis-reextract", daemon=True).start()
        return run


class OnQueue:
    """One queued job per file, deferred with the ingest job's row; run by `opis worker`."""

    def __init__(self, archive: Archive, incoming: Path) -> None:
        from opis.store.queue import app_for, ensure_schema

        self.archive, self.incoming = archive, incoming
        self.app = app_for(archive.engine)
        ensure_schema(archive.engine)

    def submit(self, request: IngestRequest, folder: Path | None = None) -> str:
        from opis.store.queue import defer

        try:
            files = [self._stage(entry) for entry in walk(request.paths)]
        finally:
            if folder is not None:
                shutil.rmtree(folder, ignore_errors=True)
        collection = collection_for(self.archive, request)
        options = {**_options(request), "collection_id": collection, "files": files}

        def enqueue(conn: Any, job: str) -> None:
            args = [{"job": job, "position": n} for n in range(1, len(files) + 1)]
            defer(conn, self.app, INGEST_FILE, args, lock=lambda a: _lock(files[int(a["position"]) - 1]))

        return start_job(self.archive, request.actor, len(files), options, enqueue)

    def _stage(self, entry: Entry) -> dict[str, Any]:
        """Copy one file under ``incoming/<sha256>/<name>`` (a refused or unreadable entry stays a
        failure of its own, reported by the worker)."""
        name = safe_text(entry.path.name)
        if entry.refused:
            return {"name": name, "refused": entry.refused}
        try:
            sha, _size = hash_file(entry.path, 1 << 62)
        except IngestError as exc:
            return {"name": name, "refused": exc.reason}
        target = self.incoming / sha / _file_name(entry.path)
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            partial = target.with_name(f".{target.name}.{os.getpid()}.part")
            shutil.copyfile(entry.path, partial)
            partial.replace(target)  # whole or absent: a worker never reads half a copy
        return {"name": name, "stored_as": target.name, "sha256": sha}

    def check_fixity(self, actor: str) -> str:
        from opis.store.queue import defer

        def enqueue(conn: Any, run: str) -> None:
            defer(conn, self.app, FIXITY, [{"run": run}], lock=lambda _: FIXITY_LOCK)

        return start_run(self.archive, actor, self.archive.originals.describe(), enqueue)

    def reextract(self, actor: str, scope: dict[str, Any], ids: Sequence[str]) -> str:
        from opis.store.queue import defer

        def enqueue(conn: Any, run: str, batches: int) -> None:
            defer(conn, self.app, REEXTRACT, [{"run": run, "batch": n} for n in range(1, batches + 1)],
                  lock=lambda a: f"{a['run']}:{a['batch']}")

        return start_reextract(self.archive, actor, scope, ids, enqueue=enqueue)


def reextract_given_up(archive: Archive, run: str) -> bool:
    """On the queue: if a batch of ``run`` failed for good (every retry raised), record the run broken
    with which batches; True if so. Whoever follows the run (`opis reextract`) asks."""
    if archive.engine.dialect.name != "postgresql":
        return False
    from opis.store.queue import gave_up_on

    lost = gave_up_on(archive.engine, REEXTRACT, "run", run)
    if lost:
        said = ", ".join(f"batch {args.get('batch')} ({tries} tries)" for args, tries in lost)
        reextract_broke(archive, run, f"the workers gave up on {said}; see their logs")
    return bool(lost)


def _file_name(path: Path) -> str:
    """The staged copy's name: the upload's own (already made safe), else a neutral one."""
    name = path.name
    return name if name and not name.startswith(".") else "upload"


def _lock(file: dict[str, Any]) -> str | None:
    sha = file.get("sha256")
    return f"sha256:{sha}" if sha else None


@dataclass(frozen=True)
class Queueing:
    """What a queued job defers on a store transaction: a file's page jobs, its assembly."""
    app: Any  # procrastinate.App (only store.queue imports procrastinate)

    def pages(self, job: str, position: int, sha: str, pages: list[int]) -> Callable[[Any], object]:
        from opis.store.queue import defer

        # One lock per page, not per file: a file's pages are read by many workers at once.
        args = [{"job": job, "position": position, "page": p} for p in pages]
        return lambda conn: defer(conn, self.app, OCR_PAGE, args, lock=lambda a: f"sha256:{sha}:page:{a['page']}")

    def assembly(self, job: str, position: int, sha: str) -> Callable[[Any], object]:
        from opis.store.queue import defer

        return lambda conn: defer(conn, self.app, INGEST_FILE, [{"job": job, "position": position}],
                                  lock=lambda _a: f"sha256:{sha}")


def _options(request: IngestRequest) -> dict[str, Any]:
    return {"paths": [request.shown(p) for p in request.paths], "collection": request.collection,
            "languages": list(request.languages), "jobs": request.jobs,
            "status": request.status.value if request.status else None, "names_only": request.names_only,
            "max_bytes": request.options.max_bytes, "timeout_s": request.timeout_s,
            "memory_mb": request.memory_mb, "retry_timeouts": request.retry_timeouts}


def _request(actor: str, options: dict[str, Any], path: Path) -> IngestRequest:
    languages = tuple(options.get("languages") or ())
    status = options.get("status")
    return IngestRequest(paths=(path,), collection=options.get("collection"), languages=languages, actor=actor,
                         options=ParseOptions(languages=languages, max_bytes=int(options["max_bytes"])),
                         timeout_s=float(options["timeout_s"]), memory_mb=int(options["memory_mb"]),
                         # The worker never sees the submitter's paths: its outcomes name files by name.
                         status=Status(status) if status else None, names_only=True,
                         retry_timeouts=bool(options["retry_timeouts"]))


@dataclass
class Tools:
    """A worker's parser sandbox and extraction child, kept between jobs (starting them costs more
    than many small files) and renewed after TOOLS_FOR_S so new authorities reach the extractor."""
    archive: Archive
    memory_mb: int = 0
    since: float = 0.0
    sandbox: SandboxPool | None = None
    extractor: ExtractorPool | None = None

    def get(self, memory_mb: int) -> tuple[SandboxPool, ExtractorPool]:
        stale = time.monotonic() - self.since > TOOLS_FOR_S or memory_mb != self.memory_mb
        if self.sandbox is None or self.extractor is None or stale:
            self.close()
            self.sandbox = SandboxPool(1, memory_mb).__enter__()
            self.extractor = ExtractorPool(1, authority_index(self.archive)).__enter__()
            self.memory_mb, self.since = memory_mb, time.monotonic()
        return self.sandbox, self.extractor

    def extraction(self) -> ExtractorPool:
        """The extraction child alone (a re-extraction job), on the memory limit the tools have."""
        return self.get(self.memory_mb or DEFAULT_MEMORY_MB)[1]

    def close(self) -> None:
        for tool in (self.sandbox, self.extractor):
            if tool is not None:
                tool.__exit__(None, None, None)
        self.sandbox = self.extractor = None


def run_file(archive: Archive, incoming: Path, tools: Tools, job: str, position: int,
             queue: Queueing | None = None) -> FileOutcome | None:
    """Ingest file ``position`` (from 1) of queued job ``job``; None if its outcome is recorded already
    (this is a retry of a job whose worker died after finishing it), or if its scanned pages were
    handed to page jobs (``queue`` defers them; the last of them queues this file job again)."""
    if outcome_recorded(archive, job, position):
        return None
    actor, options = job_options(archive, job)
    file = options["files"][position - 1]
    path = incoming / str(file.get("sha256") or "-") / str(file.get("stored_as") or file["name"])
    request = _request(actor, options, path)
    if file.get("refused"):
        outcome = FileOutcome(file["name"], "failed", str(file["refused"]))
        record_outcome(archive, job, position, outcome)
        return outcome
    if archive.has_original(str(file["sha256"])):
        outcome = FileOutcome(file["name"], "duplicate", "", file["sha256"])
    elif not path.exists():
        outcome = FileOutcome(file["name"], "failed", f"{file['name']}: the uploaded copy is gone (an earlier job "
                                                      "with the same bytes failed and removed it); upload it again",
                              file["sha256"])
    else:
        sandbox, extractor = tools.get(request.memory_mb)
        sha = str(file["sha256"])

        def pages(path: Path, sha256: str, parse: ParseOptions, timeout_s: float) -> ParsedFile:
            if queue is None:
                return sandbox.parse(path, parse, timeout_s)
            return plan_or_assemble(archive, sandbox, path, sha256, parse, timeout_s,
                                    lambda missing: queue.pages(job, position, sha, missing), job, position)

        try:
            item = parse_one(Entry(path), request, archive,
                             Workers(sandbox, extractor, options.get("collection_id"), pages))
        except PagesQueued:
            return None
        outcome = store_one(archive, item, request, job, position)
        _unstage(path)
        return outcome
    record_outcome(archive, job, position, outcome)
    _unstage(path)
    return outcome


def run_page(archive: Archive, incoming: Path, tools: Tools, job: str, position: int, page: int,
             queue: Queueing) -> bool:
    """Read page ``page`` of file ``position`` of queued job ``job`` unless it is read already (a retry
    after its worker was killed mid-page, or the same bytes read before) and keep the reading; then,
    if every page of the file is read, queue the file's assembly, once (store.ocrpages.claim_assembly).
    True if this call read the page."""
    if outcome_recorded(archive, job, position):
        return False
    actor, options = job_options(archive, job)
    file = options["files"][position - 1]
    sha = str(file["sha256"])
    did = gone = False
    if not read_pages(archive, sha, [page]):
        path = incoming / sha / str(file.get("stored_as") or file["name"])
        request = _request(actor, options, path)
        gone = not path.exists()
        if not gone:
            sandbox, _extractor = tools.get(request.memory_mb)
            did = save_page(archive, sha, page, read_page(sandbox, path, page, request.options, request.timeout_s))
    # A staged copy that is gone keeps no reading (a later upload of the same bytes must read the page);
    # the file job is queued at once and reports the file failed, as it does for a whole file.
    claim_assembly(archive, job, position, queue.assembly(job, position, sha), force=gone)
    return did


def give_up(archive: Archive, incoming: Path, job: str, position: int, tries: int) -> FileOutcome | None:
    """Record that the workers gave up on file ``position`` of ``job`` after ``tries`` starts: its
    outcome is failed (GAVE_UP), and the job ends failed once its other files are done; None if an
    outcome was recorded meanwhile."""
    _actor, options = job_options(archive, job)
    files = options.get("files") or []
    file = files[position - 1] if 0 < position <= len(files) else {"name": f"file {position}"}
    name = str(file.get("name"))
    outcome = FileOutcome(name, "failed", f"{name}: tried {tries} times, failing each time; {GAVE_UP}",
                          file.get("sha256"))
    if not record_outcome(archive, job, position, outcome):
        return None
    if file.get("sha256"):
        _unstage(incoming / str(file["sha256"]) / str(file.get("stored_as") or name))
    return outcome


def _unstage(path: Path) -> None:
    path.unlink(missing_ok=True)
    try:
        path.parent.rmdir()
    except OSError:
        pass  # another name for the same bytes is still waiting, or the folder is gone already


def runner_for(archive: Archive, settings: Settings) -> Runner:
    if settings.job_queue == "postgres":
        return OnQueue(archive, settings.incoming_dir)
    return InProcess(archive)


Done = Callable[[str, int, FileOutcome | None], object]
# Told of each page job: (ingest job, position, page, whether this call read it or found it read).
PageDone = Callable[[str, int, int, bool], object]


def worker_tasks(archive: Archive, incoming: Path, done: Done | None = None,
                 page_done: PageDone | None = None) -> tuple[dict[str, Callable[..., None]], Tools]:
    """The tasks an `opis worker` runs, by name, and the tools they share (close them at the end).
    ``done(job, position, outcome)`` is told of each file (outcome None: it was recorded already;
    a file given up on is told too, with its failed outcome)."""
    tools = Tools(archive)
    lock = threading.Lock()  # one parse at a time per Tools; run more worker processes for more
    queue = _queueing(archive)

    def ingest_file(job: str, position: int) -> None:
        with lock:
            outcome = run_file(archive, incoming, tools, job, position, queue)
        # None and no outcome: the file's pages went to page jobs; it is told when it is assembled.
        if done is not None and (outcome is not None or outcome_recorded(archive, job, position)):
            done(job, position, outcome)

    def fixity(run: str) -> None:
        check_fixity(archive, run)

    def reextract(run: str, batch: int) -> None:
        with lock:
            run_batch(archive, tools.extraction(), run, batch)

    def ocr_page(job: str, position: int, page: int) -> None:
        if queue is None:
            raise RuntimeError("page jobs run on the PostgreSQL queue only")
        with lock:
            did = run_page(archive, incoming, tools, job, position, page, queue)
        if page_done is not None:
            page_done(job, position, page, did)

    return {INGEST_FILE: ingest_file, OCR_PAGE: ocr_page, FIXITY: fixity, REEXTRACT: reextract}, tools


def _queueing(archive: Archive) -> Queueing | None:
    if archive.engine.dialect.name != "postgresql":
        return None
    from opis.store.queue import app_for

    return Queueing(app_for(archive.engine))


def work(archive: Archive, incoming: Path, timing: Timing | None = None, name: str | None = None,
         done: Done | None = None, page_done: PageDone | None = None) -> None:
    """Run queued jobs until SIGINT or SIGTERM (what `opis worker` does)."""
    from opis.store.queue import Timing, ensure_schema, run_worker

    ensure_schema(archive.engine)
    tasks, tools = worker_tasks(archive, incoming, done, page_done)

    def gave_up(job: str, position: int, tries: int) -> None:
        outcome = give_up(archive, incoming, job, position, tries)
        if done is not None and outcome is not None:
            done(job, position, outcome)

    try:
        run_worker(archive.engine, tasks, timing or Timing(), name=name,
                   gave_up={INGEST_FILE: gave_up, OCR_PAGE: gave_up})
    finally:
        tools.close()
