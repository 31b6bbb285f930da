"""Uploads through the API: POST /api/ingest (multipart), then GET /api/ingest/{job} for its status.

Until accounts and roles arrive, uploading needs the bearer token set in OPIS_INGEST_TOKEN; with
no token set, uploads are off. The job runs in a background thread through the same ingest runner
as the CLI, so the same limits, sandbox and one-writer rule apply.
"""

from __future__ import annotations

import hmac
import shutil
import tempfile
import threading
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, File, Header, HTTPException, UploadFile

from opis.config import Settings
from opis.jobs.ingest import IngestRequest, run_ingest
from opis.store.archive import Archive
from opis.store.ingestlog import job_status

CHUNK = 1 << 20


def _authorize(settings: Settings, authorization: str | None) -> None:
    if not settings.ingest_token:
        raise HTTPException(403, "uploads are switched off on this server (set OPIS_INGEST_TOKEN)")
    given = (authorization or "").removeprefix("Bearer ").strip()
    if not hmac.compare_digest(given.encode(), settings.ingest_token.encode()):
        raise HTTPException(401, "a valid bearer token is needed to upload")


def _save_uploads(files: list[UploadFile], folder: Path, limit: int) -> list[Path]:
    saved = []
    for n, upload in enumerate(files):
        name = Path(upload.filename or f"upload-{n}").name or f"upload-{n}"
        target = folder / f"{n:04d}-{name}"
        size = 0
        with target.open("wb") as out:
            while block := upload.file.read(CHUNK):
                size += len(block)
                if size > limit:
                    raise HTTPException(413, f"{name} is larger than the upload limit ({limit >> 20} MB)")
                out.write(block)
        saved.append(target)
    return saved


def ingest_router(archive: Archive, settings: Settings) -> APIRouter:
    router = APIRouter(prefix="/api/ingest", tags=["ingest"])

    @router.post("", status_code=202, summary="Upload files to ingest; returns the job to poll")
    def upload(files: Annotated[list[UploadFile], File(description="Files to ingest")],
               collection: str | None = None, authorization: Annotated[str | None, Header()] = None,
               ) -> dict[str, Any]:
        _authorize(settings, authorization)
        folder = Path(tempfile.mkdtemp(prefix="opis-upload-"))
        try:
            paths = _save_uploads(files, folder, settings.upload_max_mb << 20)
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            raise
        request = IngestRequest(paths=tuple(paths), collection=collection, actor="api-upload")
        ready = threading.Event()
        job: list[str] = []

        def started(job_id: str) -> None:
            job.append(job_id)
            ready.set()

        def work() -> None:
            try:
                run_ingest(archive, request, job_started=started)
            finally:
                ready.set()
                shutil.rmtree(folder, ignore_errors=True)

        threading.Thread(target=work, name="opis-upload", daemon=True).start()
        ready.wait(30)
        if not job:
            raise HTTPException(500, "the ingest job did not start")
        return {"job": job[0], "status_url": f"/api/ingest/{job[0]}"}

    @router.get("/{job_id}", summary="An ingest job's progress and each file's outcome")
    def status(job_id: str, authorization: Annotated[str | None, Header()] = None) -> dict[str, Any]:
        _authorize(settings, authorization)
        return job_status(archive, job_id)

    return router



