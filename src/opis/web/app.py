"""The app factory: wires the rooms (``staff``, ``editing``, ``iiif``, ``reading``, each a ``router(site)``),
the app-wide authentication, the one error shape, static files, and the indexer thread that keeps
the search index in step with the store."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib import resources

from fastapi import Depends, FastAPI
from fastapi.staticfiles import StaticFiles

from opis.config import Settings
from opis.index import IndexerThread, SearchIndex
from opis.plugins import load_plugins
from opis.store.archive import Archive
from opis.web import editing, iiif, reading, staff
from opis.web.core import errors, limits
from opis.web.core.auth import authenticator
from opis.web.core.i18n import LocaleMiddleware
from opis.web.core.reads import ReadRouting
from opis.web.core.runner import Runner
from opis.web.core.site import Site
from opis.web.core.timing import ServerTiming
from opis.web.reading.names import NameFinder

INDEX_INTERVAL = 0.5  # seconds between the indexer's looks at the outbox
# The longest the server waits for the indexer's first catch-up before it opens its port: a restart
# with little to apply serves a current index at once; a long or hostile backlog is indexed while
# serving, in the indexer's thread, which a shutdown stops between documents.
STARTUP_WAIT_S = 5.0


async def _start_indexing(archive: Archive, index: SearchIndex) -> IndexerThread:
    """Start the indexer's thread and give its first catch-up up to STARTUP_WAIT_S (a restart, a test)."""
    thread = IndexerThread(archive, index, INDEX_INTERVAL)
    thread.start()
    await asyncio.to_thread(thread.first_pass.wait, STARTUP_WAIT_S)
    return thread


def make_site(settings: Settings, archive: Archive, index: SearchIndex) -> Site:
    """What every room's router gets: the archive, the index, and what is built once from the settings."""
    return Site(archive, index, NameFinder(archive), Runner(settings.query_timeout_ms), settings)


def create_app(settings: Settings, archive: Archive | None = None, index: SearchIndex | None = None) -> FastAPI:
    load_plugins()  # built-in and entry-point plug-ins, before any route reads a registry
    archive = archive or Archive.open(settings)
    index = index or SearchIndex.open(settings.index_dir)
    site = make_site(settings, archive, index)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.indexer = await _start_indexing(archive, index)
        yield
        app.state.indexer.stop()

    app = FastAPI(title="opis", version="0.1.0", lifespan=lifespan, dependencies=[Depends(authenticator(archive))],
                  description="Open JSON API of an archive of primary-source historical documents.")
    errors.install(app)
    app.add_middleware(ServerTiming)
    app.add_middleware(LocaleMiddleware)  # the reader's language for the HTML pages; the JSON API ignores it
    if archive.reader is not None:
        app.add_middleware(ReadRouting, archive=archive)  # some reads on a standby (docs/scale-out.md)
    # Staff and editing first: the reading room's pages, included last, have the widest paths.
    for room in (staff, editing, iiif, reading):
        app.include_router(room.router(site))
    app.mount("/static", StaticFiles(directory=str(resources.files("opis.web").joinpath("static"))), name="static")
    limits.install(app, settings)
    return app


__all__ = ["create_app", "make_site"]
