"""The app factory: JSON API under /api, reading-room pages with a .json twin each, static files."""

from __future__ import annotations

from collections.abc import Callable
from importlib import resources
from typing import Annotated, Any

from fastapi import APIRouter, FastAPI, Query, Request
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles

from opis.config import Settings
from opis.model import Document
from opis.store.access import ANONYMOUS, Viewer
from opis.store.archive import Archive
from opis.store.errors import NotFound
from opis.web import errors, views
from opis.web.ingest_routes import ingest_router
from opis.web.render import render

Offset = Annotated[int, Query(ge=0, description="How many items to skip.")]
Limit = Annotated[int, Query(ge=1, le=500, description="How many items to return.")]


def viewer_of(request: Request) -> Viewer:
    """Who is asking. Accounts arrive with the editors issue; until then every request is anonymous."""
    return ANONYMOUS


def page(request: Request, template: str, title: str, build: Callable[[], dict[str, Any]]) -> Response:
    """An HTML page, or its JSON twin for a ``.json`` path or an ``Accept: application/json`` request."""
    context = build()
    path = request.url.path
    if path.endswith(".json") or "application/json" in request.headers.get("accept", ""):
        return JSONResponse(context)
    json_url = (path.rstrip("/") or "/index") + ".json"
    if request.url.query:
        json_url += "?" + request.url.query
    return HTMLResponse(render(template, {**context, "title": title, "json_url": json_url}))


def strip_json(value: str) -> str:
    return value[:-5] if value.endswith(".json") else value


def api_router(archive: Archive, settings: Settings) -> APIRouter:
    api = APIRouter(prefix="/api", tags=["api"])

    @api.get("/documents", summary="A page of documents, by date (undated last)")
    def list_documents(request: Request, offset: Offset = 0, limit: Limit = settings.page_size) -> dict[str, Any]:
        return views.documents_page(archive, viewer_of(request), offset, limit)

    @api.get("/documents/{doc_id}", summary="One document record")
    def get_document(request: Request, doc_id: str) -> dict[str, Any]:
        record = archive.get(doc_id, viewer_of(request))
        if not isinstance(record, Document):
            raise NotFound(f"no document {doc_id!r}")
        return record.model_dump(mode="json")

    @api.get("/documents/{doc_id}/revisions", summary="The revision history of a document")
    def document_revisions(request: Request, doc_id: str) -> list[dict[str, Any]]:
        return [r.__dict__ for r in archive.revisions(doc_id, viewer_of(request))]

    @api.get("/authorities", summary="Authority records matching a name in any script (exact or normalized)")
    def lookup(request: Request, name: Annotated[str, Query(min_length=1)]) -> list[dict[str, Any]]:
        return [m.__dict__ for m in archive.lookup(name, viewer_of(request))]

    @api.get("/authorities/{record_id}", summary="One authority record with the documents linked to it")
    def get_authority(request: Request, record_id: str) -> dict[str, Any]:
        result = views.authority(archive, viewer_of(request), record_id)
        if result["record"]["kind"] not in ("person", "organization", "place", "repository"):
            raise NotFound(f"no authority record {record_id!r}")
        return result

    @api.get("/collections/{record_id}", summary="One collection with its documents")
    def get_collection(request: Request, record_id: str) -> dict[str, Any]:
        return views.authority(archive, viewer_of(request), record_id)

    @api.get("/repositories", summary="Every repository with counts of documents held and citations")
    def repositories(request: Request) -> dict[str, Any]:
        return views.repositories(archive, viewer_of(request))

    @api.get("/repositories/{slug}", summary="A repository's fonds")
    def repository(request: Request, slug: str, offset: Offset = 0, limit: Limit = 100) -> dict[str, Any]:
        return views.tree(archive, viewer_of(request), slug, [], offset, limit)

    @api.get("/repositories/{slug}/{rest:path}",
             summary="A unit of the archival tree: fonds/F[/opisi/O[/papki/P][/dela/D]]")
    def tree_unit(request: Request, slug: str, rest: str, offset: Offset = 0, limit: Limit = 100) -> dict[str, Any]:
        return views.tree(archive, viewer_of(request), slug, views.parse_tree_path(rest), offset, limit)

    @api.get("/originals/{sha256}", summary="Download a stored original file, unchanged", response_model=None)
    def original(request: Request, sha256: str) -> FileResponse:
        info = archive.original_info(sha256, viewer_of(request))
        return FileResponse(archive.originals.path_for(sha256), media_type=info["media_type"],
                            filename=info["filename"])

    return api


def pages_router(archive: Archive, settings: Settings) -> APIRouter:
    pages = APIRouter(include_in_schema=False)

    @pages.get("/")
    @pages.get("/index.json")
    def home(request: Request, offset: Offset = 0, limit: Limit = settings.page_size) -> Response:
        def build() -> dict[str, Any]:
            ctx = views.home(archive, viewer_of(request), limit)
            ctx["documents"] = views.documents_page(archive, viewer_of(request), offset, limit)
            return ctx

        return page(request, "home.html", "Archive", build)

    @pages.get("/documents/{doc_id}")
    def document(request: Request, doc_id: str) -> Response:
        ctx = views.document(archive, viewer_of(request), strip_json(doc_id))
        if ctx["record"]["kind"] != "document":
            raise NotFound(f"no document {doc_id!r}")
        return page(request, "document.html", ctx["record"]["title"], lambda: ctx)

    @pages.get("/authorities/{record_id}")
    @pages.get("/collections/{record_id}")
    def authority(request: Request, record_id: str) -> Response:
        ctx = views.authority(archive, viewer_of(request), strip_json(record_id))
        title = ctx["record"].get("preferred") or ctx["record"].get("title", "")
        return page(request, "authority.html", title, lambda: ctx)

    @pages.get("/repositories")
    @pages.get("/repositories.json")
    def repositories(request: Request) -> Response:
        return page(request, "repositories.html", "Archives", lambda: views.repositories(archive, viewer_of(request)))

    @pages.get("/repositories/{slug}/{rest:path}")
    @pages.get("/repositories/{slug}")
    def tree(request: Request, slug: str, rest: str = "", offset: Offset = 0, limit: Limit = 100) -> Response:
        rest, slug = (strip_json(rest), slug) if rest else ("", strip_json(slug))
        ctx = views.tree(archive, viewer_of(request), slug, views.parse_tree_path(rest), offset, limit)
        return page(request, "tree.html", ctx["repository"]["code"], lambda: ctx)

    return pages


def create_app(settings: Settings, archive: Archive | None = None) -> FastAPI:
    archive = archive or Archive.open(settings)
    app = FastAPI(title="opis", version="0.1.0",
                  description="Open JSON API of an archive of primary-source historical documents.")
    errors.install(app)
    app.include_router(api_router(archive, settings))
    app.include_router(ingest_router(archive, settings))
    app.include_router(pages_router(archive, settings))
    app.mount("/static", StaticFiles(directory=str(resources.files("opis.web").joinpath("static"))), name="static")
    app.state.archive = archive
    return app


__all__ = ["create_app"]
