"""Ingest jobs and per-file outcomes: what the CLI summary, the API's job status and a resumed run read."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, insert, select, update

from opis.store.archive import Archive
from opis.store.clock import stamp
from opis.store.errors import NotFound
from opis.store.schema import ingest_files, ingest_jobs


@dataclass(frozen=True)
class FileOutcome:
    path: str
    status: str  # ingested, duplicate, failed, awaiting-ocr
    message: str = ""
    sha256: str | None = None
    records: int = 0
    pages: int = 0


def start_job(archive: Archive, actor: str, total: int, options: dict[str, Any]) -> str:
    job_id = f"job-{uuid.uuid4().hex[:16]}"
    with archive.engine.begin() as conn:
        conn.execute(insert(ingest_jobs).values(id=job_id, started_at=stamp(archive.clock()), actor=actor,
                                                status="running", total=total,
                                                options=json.dumps(options, sort_keys=True)))
    return job_id


def record_outcome(archive: Archive, job_id: str, position: int, outcome: FileOutcome) -> None:
    with archive.engine.begin() as conn:
        conn.execute(insert(ingest_files).values(job_id=job_id, position=position, at=stamp(archive.clock()),
                                                 path=outcome.path, sha256=outcome.sha256, status=outcome.status,
                                                 message=outcome.message, records=outcome.records,
                                                 pages=outcome.pages))


def finish_job(archive: Archive, job_id: str, status: str = "finished") -> None:
    with archive.engine.begin() as conn:
        conn.execute(update(ingest_jobs).where(ingest_jobs.c.id == job_id)
                     .values(status=status, finished_at=stamp(archive.clock())))


def job_status(archive: Archive, job_id: str) -> dict[str, Any]:
    """The job, counts by outcome, and every file's outcome in order."""
    with archive.engine.connect() as conn:
        job = conn.execute(select(ingest_jobs).where(ingest_jobs.c.id == job_id)).first()
        if job is None:
            raise NotFound(f"no ingest job {job_id!r}")
        files = conn.execute(select(ingest_files).where(ingest_files.c.job_id == job_id)
                             .order_by(ingest_files.c.position)).all()
        counts: dict[str, int] = dict(conn.execute(select(ingest_files.c.status, func.count()).where(
            ingest_files.c.job_id == job_id).group_by(ingest_files.c.status)).all())
    return {"id": job.id, "status": job.status, "actor": job.actor, "started_at": job.started_at,
            "finished_at": job.finished_at, "total": job.total, "done": len(files),
            "counts": {k: counts.get(k, 0) for k in ("ingested", "duplicate", "failed", "awaiting-ocr")},
            "options": json.loads(job.options),
            "files": [{k: getattr(f, k) for k in ("position", "path", "sha256", "status", "message", "records",
                                                   "pages", "at")} for f in files]}
