"""Uploads: POST /api/ingest (multipart), then GET /api/ingest/{job} for its status.

Uploading needs the ``edit_drafts`` permission: a signed-in session (with its CSRF token) or an
API token (``Authorization: Bearer opis_…``). ``start_upload`` is the one implementation behind
this API and the upload form (``staff/upload``): it saves the files, hands the job to the runner
(jobs.runner: a thread of this server, or the PostgreSQL job queue that `opis worker` processes
take, per OPIS_JOB_QUEUE) and audits the upload. Records made by an upload are drafts unless the
uploader may publish and asks to. A job's status is shown to the person who started it and to people who may publish.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, HTTPException, Query, Request, UploadFile

from opis.config import Settings
from opis.ingest.base import ParseOptions
from opis.jobs.ingest import IngestRequest
from opis.jobs.runner import JobNotStarted, runner_for
from opis.model import Status
from opis.model.common import check_language
from opis.store.access import Viewer
from opis.store.archive import Archive
from opis.store.errors import NotFound
from opis.store.ingestlog import job_status
from opis.web.core.auth import client_ip, require
from opis.web.core.site import Site

CHUNK = 1 << 20
MAX_NAME_BYTES = 200  # file systems allow 255 bytes a name


@dataclass(frozen=True)
class UploadChoices:
    collection: str | None = None
    languages: tuple[str, ...] = ()
    publish: bool = False


def chosen_files(files: Sequence[UploadFile | str]) -> list[UploadFile]:
    """The files actually chosen: a form submitted with none still sends one empty, nameless part
    (which arrives as an empty string)."""
    return [f for f in files if not isinstance(f, str) and (f.filename or (f.size or 0) > 0)]


def safe_name(raw: str | None, n: int) -> str:
    """The file's own name without folders (a browser on Windows may send ``C:\\…``) or control
    characters; a name that cannot be a file here gets a made-up one, keeping its extension."""
    name = "".join(c for c in Path((raw or "").replace("\\", "/")).name if c.isprintable())
    if name in ("", ".", ".."):
        return f"upload-{n}"
    if len(name.encode()) > MAX_NAME_BYTES:
        return f"upload-{n}{Path(name).suffix[:16]}"
    return name


def _save_uploads(files: list[UploadFile], folder: Path, limit: int) -> list[Path]:
    """Each file in a folder of its own, so it keeps its own name (the stored original's name)."""
    saved, size = [], 0
    for n, upload in enumerate(files):
        name = safe_name(upload.filename, n)
        target = folder / f"{n:04d}" / name
        target.parent.mkdir()
        with target.open("wb") as out:
            while block := upload.file.read(CHUNK):
                size += len(block)
                if size > limit:
                    raise HTTPException(413, f"the upload is larger than the limit ({limit >> 20} MB in all)")
                out.write(block)
        saved.append(target)
    return saved


def ingest_request(settings: Settings, paths: Sequence[Path], viewer: Viewer, choices: UploadChoices,
                   languages: tuple[str, ...]) -> IngestRequest:
    """The ingest job for saved uploads. The parser's size limit is the upload limit (OPIS_UPLOAD_MAX_MB),
    so a file the upload accepted is not refused again by a smaller limit of the parser's own."""
    options = ParseOptions(languages=languages, max_bytes=settings.upload_max_mb << 20)
    return IngestRequest(paths=tuple(paths), collection=(choices.collection or "").strip() or None,
                         languages=languages, options=options, actor=viewer.name or "upload", names_only=True,
                         status=Status.PUBLISHED if choices.publish else Status.DRAFT)


def start_upload(archive: Archive, settings: Settings, files: list[UploadFile], viewer: Viewer,
                 choices: UploadChoices, ip: str) -> str:
    """Save ``files``, start ingesting them as ``viewer``, audit it; return the job id."""
    if choices.publish and not viewer.may("publish"):
        raise HTTPException(403, "publishing at once needs the 'publish' permission; leave it unticked to "
                                 "upload drafts")
    if not files:
        raise HTTPException(422, "choose at least one file to upload")
    try:
        languages = tuple(check_language(tag) for tag in choices.languages)
    except ValueError as exc:
        raise HTTPException(422, str(exc)) from None
    folder = Path(tempfile.mkdtemp(prefix="opis-upload-"))
    try:
        paths = _save_uploads(files, folder, settings.upload_max_mb << 20)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    request = ingest_request(settings, paths, viewer, choices, languages)
    try:
        job = runner_for(archive, settings).submit(request, folder)
    except JobNotStarted as exc:
        raise HTTPException(503, str(exc)) from None
    archive.audit.record(request.actor, "upload", job, ip, {
        "files": [p.name for p in paths], "collection": request.collection, "publish": choices.publish})
    return job


def visible_job(archive: Archive, job_id: str, viewer: Viewer) -> dict[str, Any]:
    """A job's status, if ``viewer`` started it or may publish; otherwise as if there were no such job."""
    status = job_status(archive, job_id)
    if status["actor"] != viewer.name and not viewer.may("publish"):
        raise NotFound(f"no ingest job {job_id!r}")
    return status


def router(site: Site) -> APIRouter:
    router = APIRouter(prefix="/api/ingest", tags=["ingest"])
    archive, settings = site.archive, site.settings

    @router.post("", status_code=202, summary="Upload files to ingest; returns the job to poll")
    def upload(request: Request, files: Annotated[list[UploadFile], File(description="Files to ingest")],
               viewer: Annotated[Viewer, Depends(require("edit_drafts"))], collection: str | None = None,
               language: Annotated[list[str] | None, Query(description="Language hints (BCP 47), e.g. ru")] = None,
               publish: Annotated[bool, Query(description="Publish the records at once (needs 'publish')")] = False,
               ) -> dict[str, Any]:
        choices = UploadChoices(collection, tuple(language or ()), publish)
        job = start_upload(archive, settings, chosen_files(files), viewer, choices, client_ip(request))
        return {"job": job, "status_url": f"/api/ingest/{job}", "page_url": f"/jobs/{job}"}

    @router.get("/{job_id}", summary="An ingest job's progress and each file's outcome")
    def status(job_id: str, viewer: Annotated[Viewer, Depends(require("edit_drafts"))]) -> dict[str, Any]:
        return visible_job(archive, job_id, viewer)

    return router
