"""The upload form (``/upload``) and a job's progress page (``/jobs/{id}``), each with a JSON twin.

``POST /upload`` goes through ``staff.ingest.start_upload``, the same code as ``POST /api/ingest``,
then sends the browser to the job's page. That page polls ``/api/ingest/{job}`` from job.js;
without scripts it reloads itself while the job runs.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, HTTPException, Request, UploadFile
from fastapi.responses import RedirectResponse, Response

from opis.ingest.ocr.tesseract import LANGUAGE_PACKS, ocr_available
from opis.store.access import Viewer
from opis.store.archive import Archive
from opis.store.derived import original_key
from opis.web.core.auth import client_ip, require
from opis.web.core.labels import language
from opis.web.core.respond import page, strip_json
from opis.web.core.site import Site
from opis.web.staff.account import form_failed
from opis.web.staff.ingest import UploadChoices, chosen_files, start_upload, visible_job

Uploader = Annotated[Viewer, Depends(require("edit_drafts"))]
MADE = ("ingested", "awaiting-ocr", "duplicate")  # outcomes whose file has records to link to


def upload_view(viewer: Viewer, max_mb: int) -> dict[str, Any]:
    return {"languages": [{"code": c, "label": language(c)} for c in LANGUAGE_PACKS],
            "ocr": ocr_available(), "max_mb": max_mb, "may_publish": viewer.may("publish"),
            "fields": {"files": "one or more files (multipart)", "collection": "optional collection name",
                       "languages": "language hints, BCP 47", "publish": "publish at once (needs 'publish')"}}


def job_view(archive: Archive, job_id: str, viewer: Viewer) -> dict[str, Any]:
    """The job's status, and for each stored file the records made from it (or already holding it)."""
    status = visible_job(archive, job_id, viewer)
    for f in status["files"]:
        linked = archive.linked(original_key(f["sha256"]), viewer) if f["sha256"] and f["status"] in MADE else []
        f["documents"] = [{"id": i, "title": t, "url": f"/documents/{i}"}
                          for i, t in dict((i, t) for i, t, _ in linked).items()]
    status["running"] = status["status"] in ("running", "queued")
    status["percent"] = round(100 * status["done"] / status["total"]) if status["total"] else 100
    status["status_url"] = f"/api/ingest/{job_id}"
    return status


def router(site: Site) -> APIRouter:
    router = APIRouter(include_in_schema=False)
    archive, settings = site.archive, site.settings

    def form(request: Request, viewer: Viewer, error: str = "", status: int = 200) -> Response:
        return page(request, "staff/upload.html", "Upload", lambda: upload_view(viewer, settings.upload_max_mb),
                        lambda _: {"error": error}, status=status)

    @router.get("/upload")
    @router.get("/upload.json")
    def upload_form(request: Request, viewer: Uploader) -> Response:
        return form(request, viewer)

    @router.post("/upload")
    def upload(request: Request, viewer: Uploader,
               files: Annotated[list[UploadFile | str] | None, File()] = None,
               collection: Annotated[str, Form(max_length=200)] = "",
               languages: Annotated[list[str] | None, Form()] = None,
               publish: Annotated[bool, Form()] = False) -> Response:
        choices = UploadChoices(collection, tuple(languages or ()), publish)
        try:
            job = start_upload(archive, settings, chosen_files(files or []), viewer, choices, client_ip(request))
        except HTTPException as exc:
            return form_failed(request, exc, lambda m, s: form(request, viewer, m, s))
        return RedirectResponse(f"/jobs/{job}", status_code=303)

    @router.get("/jobs/{job_id}")
    def job(request: Request, viewer: Uploader, job_id: str) -> Response:
        found = job_view(archive, strip_json(job_id), viewer)
        return page(request, "staff/job.html", f"Upload {found['id']}", lambda: found)

    return router
