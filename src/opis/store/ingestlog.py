"""Ingest jobs and per-file outcomes: what the CLI summary, the API's job status and a resumed run read."""

from __future__ import annotations

import json
import os
import socket
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, bindparam, func, insert, select, update

from opis.store.archive import Archive
from opis.store.clock import stamp
from opis.store.db import insert_many
from opis.store.errors import NotFound
from opis.store.ocrpages import page_progress
from opis.store.schema import ingest_files, ingest_jobs


@dataclass(frozen=True)
class FileOutcome:
    path: str
    status: str  # ingested, duplicate, failed, awaiting-ocr
    message: str = ""
    sha256: str | None = None
    records: int = 0
    pages: int = 0


# Ends the outcome message of a file whose parser ran out of time; a resumed run finds it by this.
NOT_RETRIED = "not retried when the batch runs again (--retry-timeouts retries it)"
# Ends the outcome message of a queued file the workers gave up on (its task kept raising, or kept
# killing its worker); a queued job with such a file ends "failed" rather than "finished".
GAVE_UP = "the workers gave up on it; see their logs, then upload it again"
_OWNER = "_owner"  # the process running a job, kept with its options; never shown


def start_job(archive: Archive, actor: str, total: int, options: dict[str, Any],
              enqueue: Callable[[Connection, str], object] | None = None) -> str:
    """Record a job; return its id. Without ``enqueue`` this process runs it ("running", with this
    process as its owner, so a killed run is seen as interrupted). With ``enqueue`` the job is
    "queued": ``enqueue(conn, job_id)`` defers its work in the same transaction, so the job's row and
    its queued work exist together or not at all; workers anywhere run it and it has no owner."""
    job_id = f"job-{uuid.uuid4().hex[:16]}"
    if enqueue is None:
        owner = {"host": socket.gethostname(), "pid": os.getpid(), "since": _process_start(os.getpid())}
        options = {**options, _OWNER: owner}
    now = stamp(archive.clock())
    # A queued job of no files is finished at once: no file's outcome would ever finish it.
    status = "running" if enqueue is None else "queued" if total else "finished"
    with archive.engine.begin() as conn:
        conn.execute(insert(ingest_jobs).values(id=job_id, started_at=now, actor=actor, status=status, total=total,
                                                finished_at=now if status == "finished" else None,
                                                options=json.dumps(options, sort_keys=True)))
        if enqueue is not None:
            enqueue(conn, job_id)
    return job_id


def job_options(archive: Archive, job_id: str) -> tuple[str, dict[str, Any]]:
    """A job's actor and options (what a worker needs to run one of its files)."""
    with archive.engine.connect() as conn:
        row = conn.execute(select(ingest_jobs.c.actor, ingest_jobs.c.options).where(ingest_jobs.c.id == job_id)).first()
    if row is None:
        raise NotFound(f"no ingest job {job_id!r}")
    return str(row.actor), {k: v for k, v in json.loads(row.options).items() if k != _OWNER}


def _process_start(pid: int) -> str | None:
    """When process ``pid`` started (clock ticks since boot, from /proc), so a reused pid is not mistaken for it."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as fh:
            return fh.read().rsplit(")", 1)[1].split()[19]
    except (OSError, IndexError):
        return None


def _gone(owner: Any) -> bool:
    """True when ``owner`` (a job's running process) ran on this machine and no longer runs."""
    if not isinstance(owner, dict) or owner.get("host") != socket.gethostname():
        return False  # another machine's job: it cannot be checked from here
    pid = owner.get("pid")
    if not isinstance(pid, int):
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        pass  # someone else's process holds that pid now, or the owner runs as another user
    return owner.get("since") is not None and _process_start(pid) != owner.get("since")


def mark_orphans(archive: Archive) -> int:
    """Mark "interrupted" every running job whose process is gone (killed with SIGKILL, power loss)."""
    with archive.engine.begin() as conn:
        running = conn.execute(select(ingest_jobs.c.id, ingest_jobs.c.options)
                               .where(ingest_jobs.c.status == "running")).all()
        orphans = [row.id for row in running if _gone(json.loads(row.options).get(_OWNER))]
        if orphans:
            conn.execute(update(ingest_jobs).where(ingest_jobs.c.id.in_(orphans),
                                                   ingest_jobs.c.status == "running")
                         .values(status="interrupted"))
    return len(orphans)


def earlier_time_out(archive: Archive, sha256: str) -> str | None:
    """The recorded outcome of an earlier run in which these bytes' parser ran out of time, if any."""
    with archive.engine.connect() as conn:
        message = conn.execute(select(ingest_files.c.message).where(
            ingest_files.c.sha256 == sha256, ingest_files.c.status == "failed",
            ingest_files.c.message.endswith(NOT_RETRIED)).limit(1)).scalar()
    return str(message) if message is not None else None


def record_outcome(archive: Archive, job_id: str, position: int, outcome: FileOutcome) -> bool:
    """Record a file's outcome unless it is recorded already; False if it was (a retried job)."""
    with archive.engine.begin() as conn:
        return outcome_writer(archive, job_id, position, outcome)(conn)


# The two look-ups every file's outcome makes, built once (building them per file was most of their cost).
_JOB_LOCKED = select(ingest_jobs.c.status).where(ingest_jobs.c.id == bindparam("job")).with_for_update()
_RECORDED = select(ingest_files.c.position).where(ingest_files.c.job_id == bindparam("job"),
                                                  ingest_files.c.position == bindparam("position"))


def outcome_writer(archive: Archive, job_id: str, position: int,
                   outcome: FileOutcome) -> Callable[[Connection], bool]:
    """What writes ``outcome`` on a given transaction (Archive.commit_file's ``also``).

    The job's row is locked first, so of two workers recording a queued job's last two files the
    second sees the first's row and ends the job once every file has its outcome: "failed" if the
    workers gave up on one of its files (GAVE_UP), else "finished"."""
    def write(conn: Connection) -> bool:
        status = conn.execute(_JOB_LOCKED, {"job": job_id}).scalar()
        if conn.execute(_RECORDED, {"job": job_id, "position": position}).first() is not None:
            return False
        insert_many(conn, ingest_files, [{
            "job_id": job_id, "position": position, "at": stamp(archive.clock()), "path": outcome.path,
            "sha256": outcome.sha256, "status": outcome.status, "message": outcome.message,
            "records": outcome.records, "pages": outcome.pages}])
        if status == "queued":
            total = conn.execute(select(ingest_jobs.c.total).where(ingest_jobs.c.id == job_id)).scalar_one()
            recorded = conn.execute(select(func.count()).where(ingest_files.c.job_id == job_id)).scalar_one()
            if recorded >= total:
                lost = conn.execute(select(ingest_files.c.position).where(
                    ingest_files.c.job_id == job_id, ingest_files.c.status == "failed",
                    ingest_files.c.message.endswith(GAVE_UP)).limit(1)).first()
                conn.execute(update(ingest_jobs).where(ingest_jobs.c.id == job_id)
                             .values(status="failed" if lost else "finished", finished_at=stamp(archive.clock())))
        return True
    return write


def amend_outcome(archive: Archive, job_id: str, position: int, message: str) -> None:
    """Replace a recorded outcome's message (notes found after the file's commit)."""
    with archive.engine.begin() as conn:
        conn.execute(update(ingest_files).where(ingest_files.c.job_id == job_id, ingest_files.c.position == position)
                     .values(message=message))


def outcome_recorded(archive: Archive, job_id: str, position: int) -> bool:
    with archive.engine.connect() as conn:
        return conn.execute(select(ingest_files.c.position).where(ingest_files.c.job_id == job_id,
                                                                  ingest_files.c.position == position)).first() \
            is not None


def finish_job(archive: Archive, job_id: str, status: str = "finished") -> None:
    with archive.engine.begin() as conn:
        conn.execute(update(ingest_jobs).where(ingest_jobs.c.id == job_id)
                     .values(status=status, finished_at=stamp(archive.clock())))


def job_status(archive: Archive, job_id: str) -> dict[str, Any]:
    """The job, counts by outcome, and every file's outcome in order."""
    mark_orphans(archive)
    with archive.engine.connect() as conn:
        job = conn.execute(select(ingest_jobs).where(ingest_jobs.c.id == job_id)).first()
        if job is None:
            raise NotFound(f"no ingest job {job_id!r}")
        files = conn.execute(select(ingest_files).where(ingest_files.c.job_id == job_id)
                             .order_by(ingest_files.c.position)).all()
        counts: dict[str, int] = dict(conn.execute(select(ingest_files.c.status, func.count()).where(
            ingest_files.c.job_id == job_id).group_by(ingest_files.c.status)).all())
    read, to_read = page_progress(archive, job_id)
    return {"id": job.id, "status": job.status, "actor": job.actor, "started_at": job.started_at,
            "finished_at": job.finished_at, "total": job.total, "done": len(files),
            # Scans read page by page (store.ocrpages): pages read so far over pages to read.
            "ocr_pages": {"read": read, "total": to_read},
            "counts": {k: counts.get(k, 0) for k in ("ingested", "duplicate", "failed", "awaiting-ocr")},
            # A queued job's file list is the workers' business; the outcomes name the files.
            "options": {k: v for k, v in json.loads(job.options).items() if k not in (_OWNER, "files")},
            "files": [{k: getattr(f, k) for k in ("position", "path", "sha256", "status", "message", "records",
                                                   "pages", "at")} for f in files]}
