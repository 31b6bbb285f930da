"""Uploads through the API: POST /api/ingest (multipart), then GET /api/ingest/{job} for its status.

Uploading needs the ``edit_drafts`` permission: a signed-in session (with its CSRF token) or an
API token (``Authorization: Bearer opis_…``). The job runs in a background thread through the same ingest runner
as the CLI, so the same limits, sandbox and one-writer rule apply.
"""

from __future__ import annotations

import shutil
import tempfile
import threading
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, HTTPException, UploadFile

from opis.config import Settings
from opis.jobs.ingest import IngestRequest, run_ingest
from opis.store.access import Viewer
from opis.store.archive import Archive
from opis.store.ingestlog import job_status
from opis.web.auth import require

CHUNK = 1 << 20


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
               viewer: Annotated[Viewer, Depends(require("edit_drafts"))], collection: str | None = None,
               ) -> dict[str, Any]:
        folder = Path(tempfile.mkdtemp(prefix="opis-upload-"))
        try:
            paths = _save_uploads(files, folder, settings.upload_max_mb << 20)
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            raise
        request = IngestRequest(paths=tuple(paths), collection=collection, actor=viewer.name or "upload")
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
    def status(job_id: str, viewer: Annotated[Viewer, Depends(require("edit_drafts"))]) -> dict[str, Any]:
        return job_status(archive, job_id)

    return router



