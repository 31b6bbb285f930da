"""Any search result set as a file: /search.csv, /search.jsonl, /search.ris, /search.bib, and a
plug-in's bulk exporter at /search.{its extension}.

Same parameters as the search page. The file is streamed a page of hits at a time, each page
read through the access rule twice (the index's filter, then the store's), so an export never
holds more than one page in memory and never contains what the reader may not see. The index
pages no further than 10 000 hits: an export holds at most the first 10 100 (header
``X-Opis-Total`` gives the full count).
"""

from __future__ import annotations

from collections.abc import Iterator

from fastapi import APIRouter, Request
from fastapi.responses import StreamingResponse

from opis.index import search
from opis.index.search import MAX_LIMIT, MAX_OFFSET
from opis.index.storecheck import visible_ids
from opis.interop import EXPORTERS, Exporter
from opis.interop.context import CiteContext
from opis.model import Document
from opis.store.access import Viewer
from opis.store.pagequeries import authorities
from opis.web.core.respond import base_url
from opis.web.core.site import Site, viewer_of
from opis.web.reading.search_page import Params


def _documents(site: Site, viewer: Viewer, params: Params, base: str) -> Iterator[tuple[Document, CiteContext]]:
    verify = visible_ids(site.archive, viewer)
    for offset in range(0, MAX_OFFSET + 1, MAX_LIMIT):
        found = search(site.index, params.request(facets=False, offset=offset, limit=MAX_LIMIT), viewer,
                       site.archive.today(), verify)
        docs = [d for d in site.archive.get_many([h.id for h in found.hits], viewer) if isinstance(d, Document)]
        people = {a.authority for d in docs for a in d.agents if a.authority}
        ctx = CiteContext(base, authorities(site.archive, viewer, sorted(people)))
        yield from ((d, ctx) for d in docs)
        if offset + MAX_LIMIT >= found.total:
            return


def router(site: Site) -> APIRouter:
    router = APIRouter(tags=["export"])

    def route(exporter: Exporter) -> None:
        async def export(request: Request) -> StreamingResponse:
            viewer, params = viewer_of(request), Params.of(request)
            # One search before streaming: a bad parameter is a 422 now, not a broken file later.
            first = await site.runner.run(lambda: search(site.index, params.request(facets=False, offset=0, limit=1),
                                                         viewer, site.archive.today()))
            body = exporter.stream(_documents(site, viewer, params, base_url(request)))
            return StreamingResponse(body, media_type=exporter.media_type, headers={
                "Content-Disposition": f'attachment; filename="opis-search.{exporter.extension}"',
                "X-Opis-Total": str(first.total)})

        router.add_api_route(f"/search.{exporter.extension}", export, methods=["GET"], response_class=StreamingResponse,
                             summary=f"Export a search's results as {exporter.label} (same parameters as /search)")

    for _, exporter in EXPORTERS.items():
        if exporter.bulk:
            route(exporter)
    return router
