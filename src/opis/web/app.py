"""The app factory: JSON API under /api, reading-room pages with a .json twin each, static files,
and the indexer thread that keeps the search index in step with the store."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib import resources
from typing import Annotated, Any

from fastapi import APIRouter, Depends, FastAPI, Query, Request
from fastapi.responses import FileResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles

from opis.config import Settings
from opis.index import IndexerThread, SearchIndex
from opis.model import Document
from opis.store.access import Viewer
from opis.store.archive import Archive
from opis.store.errors import NotFound
from opis.store.merging import merged_target
from opis.web import errors, views
from opis.web.account_routes import account_router
from opis.web.admin_routes import admin_router
from opis.web.auth import authenticate, require
from opis.web.auth_routes import auth_router
from opis.web.edit_authorities import edit_authorities_router
from opis.web.edit_documents import edit_documents_router
from opis.web.history_routes import history_router
from opis.web.ingest_routes import ingest_router
from opis.web.names import NameFinder
from opis.web.oai_routes import oai_router
from opis.web.params import Limit, Offset
from opis.web.routes_cite import cite_router
from opis.web.routes_export import export_router
from opis.web.routes_pages import pages_router
from opis.web.search_routes import search_router
from opis.web.searching import Runner
from opis.web.site import Site, viewer_of
from opis.web.sitemap_routes import sitemap_router
from opis.web.timing import ServerTiming
from opis.web.upload_routes import upload_router

INDEX_INTERVAL = 0.5  # seconds between the indexer's looks at the outbox
# The longest the server waits for the indexer's first catch-up before it opens its port: a restart
# with little to apply serves a current index at once; a long or hostile backlog is indexed while
# serving, in the indexer's thread, which a shutdown stops between documents.
STARTUP_WAIT_S = 5.0


def api_router(archive: Archive, settings: Settings) -> APIRouter:
    api = APIRouter(prefix="/api", tags=["api"])

    @api.get("/documents", summary="A page of documents, by date (undated last)")
    def list_documents(request: Request, offset: Offset = 0, limit: Limit = settings.page_size) -> dict[str, Any]:
        return views.documents_page(archive, viewer_of(request), offset, limit)

    @api.get("/documents/{doc_id}", summary="One document record")
    def get_document(request: Request, response: Response, doc_id: str) -> dict[str, Any]:
        record = archive.get(doc_id, viewer_of(request))
        if not isinstance(record, Document):
            raise NotFound(f"no document {doc_id!r}")
        # The revision as ETag: what a client sends back as If-Match with its change.
        response.headers["ETag"] = f'"{archive.current_revision(doc_id, viewer_of(request))}"'
        return record.model_dump(mode="json")

    @api.get("/documents/{doc_id}/revisions", summary="The revision history of a document (staff)")
    def document_revisions(request: Request, doc_id: str,
                           viewer: Annotated[Viewer, Depends(require("read_unpublished"))]) -> list[dict[str, Any]]:
        # Staff only, like the history pages: who changed what, and why, is the archive's own business.
        return [r.__dict__ for r in archive.revisions(doc_id, viewer)]

    @api.get("/authorities", summary="Authority records matching a name in any script (exact or normalized)")
    def lookup(request: Request, name: Annotated[str, Query(min_length=1)]) -> list[dict[str, Any]]:
        return [m.__dict__ for m in archive.lookup(name, viewer_of(request))]

    @api.get("/authorities/{record_id}", summary="One authority record with the documents linked to it",
             response_model=None)
    def get_authority(request: Request, record_id: str) -> Any:
        survivor = merged_target(archive, record_id, viewer_of(request))
        if survivor:  # merged away: the record it went into answers
            return RedirectResponse(f"/api/authorities/{survivor}", status_code=301)
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
    def tree_unit(request: Request, slug: str, rest: str, offset: Offset = 0, limit: Limit = 100,
                  refs_offset: Offset = 0, refs_limit: Limit = 50) -> dict[str, Any]:
        return views.tree(archive, viewer_of(request), slug, views.parse_tree_path(rest), offset, limit,
                          refs_offset, refs_limit)

    @api.get("/originals/{sha256}", summary="Download a stored original file, unchanged", response_model=None)
    def original(request: Request, sha256: str) -> FileResponse:
        info = archive.original_info(sha256, viewer_of(request))
        return FileResponse(archive.originals.path_for(sha256), media_type=info["media_type"],
                            filename=info["filename"])

    return api


async def _start_indexing(archive: Archive, index: SearchIndex) -> IndexerThread:
    """Start the indexer's thread and give its first catch-up up to STARTUP_WAIT_S (a restart, a test)."""
    thread = IndexerThread(archive, index, INDEX_INTERVAL)
    thread.start()
    await asyncio.to_thread(thread.first_pass.wait, STARTUP_WAIT_S)
    return thread


def create_app(settings: Settings, archive: Archive | None = None, index: SearchIndex | None = None) -> FastAPI:
    archive = archive or Archive.open(settings)
    index = index or SearchIndex.open(settings.index_dir)
    runner = Runner(settings.query_timeout_ms)
    site = Site(archive, index, NameFinder(archive), runner, settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.indexer = await _start_indexing(archive, index)
        yield
        app.state.indexer.stop()

    app = FastAPI(title="opis", version="0.1.0", lifespan=lifespan, dependencies=[Depends(authenticate)],
                  description="Open JSON API of an archive of primary-source historical documents.")
    errors.install(app)
    app.add_middleware(ServerTiming)
    app.include_router(api_router(archive, settings))
    app.include_router(search_router(archive, index, viewer_of, runner))
    app.include_router(auth_router(archive, settings))
    app.include_router(ingest_router(archive, settings))
    app.include_router(oai_router(archive, settings, repository_name=settings.archive_name,
                                  admin_email=settings.admin_email,
                                  repository_identifier=settings.oai_identifier or ""))
    app.include_router(cite_router(site))
    app.include_router(export_router(site))
    for staff in (edit_documents_router, edit_authorities_router, history_router, account_router, admin_router,
                  upload_router, sitemap_router):
        app.include_router(staff(site))  # before the reading room, whose /documents/{id} would catch /…/edit
    app.include_router(pages_router(site))
    app.mount("/static", StaticFiles(directory=str(resources.files("opis.web").joinpath("static"))), name="static")
    app.state.archive, app.state.index = archive, index
    return app


__all__ = ["create_app"]
