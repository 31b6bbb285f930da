"""Catalogue import from the browser (``/catalog/import``), each step with its JSON twin.

First the sheet is uploaded and read as a dry run: the page shows which column maps to which field,
the first rows as opis read them and every row's outcome, and nothing is written. The sheet waits
under the data folder by a random token; "Import" runs it for real. Importing makes published
records, so it needs the ``publish`` permission.
"""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, HTTPException, Request, UploadFile
from fastapi.responses import Response

from opis.interop.catalog.sheet import SheetError
from opis.jobs.catalog import Report, import_rows, sheet_rows
from opis.store.access import Viewer
from opis.web.core.auth import require
from opis.web.core.respond import page
from opis.web.core.site import Site
from opis.web.staff.account import form_failed

Importer = Annotated[Viewer, Depends(require("publish"))]
PREVIEW_ROWS = 10
_SUFFIXES = (".csv", ".xlsx", ".tsv", ".txt")


def _waiting(data_dir: Path) -> Path:
    path = data_dir / "catalog-uploads"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _sheet(data_dir: Path, token: str) -> Path:
    if not token.isalnum():
        raise HTTPException(400, "no such uploaded sheet")
    found = [p for p in _waiting(data_dir).glob(f"{token}.*")]
    if not found:
        raise HTTPException(404, "no such uploaded sheet (import it again)")
    return found[0]


def _view(report: Report, path: Path, token: str) -> dict[str, Any]:
    rows = sheet_rows(path)
    header = next(rows, [])
    first = [row for _, row in zip(range(PREVIEW_ROWS), rows, strict=False)]
    return {"token": token, "dry_run": report.dry_run, "columns": report.columns, "counts": report.counts(),
            "header": header, "preview": first,
            "rows": report.as_json()["rows"]}


def router(site: Site) -> APIRouter:
    router = APIRouter(include_in_schema=False)
    archive, settings = site.archive, site.settings

    def form(request: Request, error: str = "", status: int = 200) -> Response:
        return page(request, "staff/catalog.html", "Import a catalogue",
                    lambda: {"step": "upload", "error": error,
                             "fields": {"sheet": "a CSV or XLSX file (multipart)"}}, status=status)

    @router.get("/catalog/import")
    @router.get("/catalog/import.json")
    def upload_form(request: Request, viewer: Importer) -> Response:
        return form(request)

    @router.post("/catalog/import")
    async def preview(request: Request, viewer: Importer, sheet: Annotated[UploadFile, File()]) -> Response:
        suffix = Path(sheet.filename or "").suffix.lower()
        try:
            if suffix not in _SUFFIXES:
                raise HTTPException(415, f"a sheet is .csv or .xlsx, not {suffix or 'a file without a suffix'}")
            data = await sheet.read(settings.upload_max_mb * 1024 * 1024 + 1)
            if len(data) > settings.upload_max_mb * 1024 * 1024:
                raise HTTPException(413, f"larger than {settings.upload_max_mb} MB")
            token = secrets.token_hex(16)
            path = _waiting(settings.data_dir) / f"{token}{suffix}"
            path.write_bytes(data)
            try:
                report = import_rows(archive, sheet_rows(path), dry_run=True, actor=viewer.name or "web")
            except (SheetError, ValueError) as exc:
                path.unlink()
                raise HTTPException(422, str(exc)) from exc
        except HTTPException as exc:
            return form_failed(request, exc, lambda m, s: form(request, m, s))
        return page(request, "staff/catalog.html", "Check the import", lambda: {"step": "preview",
                                                                                **_view(report, path, token)})

    @router.post("/catalog/import/{token}")
    def run(request: Request, viewer: Importer, token: str, confirm: Annotated[str, Form()] = "") -> Response:
        path = _sheet(settings.data_dir, token)
        report = import_rows(archive, sheet_rows(path), dry_run=False, actor=viewer.name or "web")
        view = _view(report, path, token)
        path.unlink()
        return page(request, "staff/catalog.html", "Catalogue imported", lambda: {"step": "done", **view})

    return router
