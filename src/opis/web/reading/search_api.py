"""GET /api/search and /api/search/similar/{id}: the search index over HTTP.

Searches run on a small pool of worker threads and the request waits at most ``timeout_ms``
(OPIS_QUERY_TIMEOUT_MS): past that it answers 503 ``timeout`` in the one error shape. Tantivy
cannot stop a running query, so the worker finishes in the background; the pool's size bounds how
many such queries can pile up, and the parser bounds how costly one can be (at most 64 terms,
prefixes of two or more letters, fuzzy distance at most 2).
"""

from __future__ import annotations

import json
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import JSONResponse

from opis.index import fields
from opis.index.search import SearchRequest, more_like_this, search
from opis.index.storecheck import visible_ids
from opis.store.errors import NotFound
from opis.web.core.site import Site, viewer_of

Limit = Annotated[int, Query(ge=1, le=100, description="How many hits to return.")]
Offset = Annotated[int, Query(ge=0, le=10_000, description="How many hits to skip.")]
FACET_HELP = "Facet filters as parameters, e.g. repository=RGAE&genre=letter (repeat for alternatives): " + \
    ", ".join(fields.FACETS)


def _json(body: dict[str, Any]) -> Response:
    """The answer encoded once, as JSONResponse would (compact, UTF-8): the body is plain JSON data
    already, so FastAPI's validation and jsonable_encoder walk over every hit are skipped."""
    text = json.dumps(body, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    return Response(text.encode("utf-8"), media_type="application/json")


def router(site: Site) -> APIRouter:
    """The search API; its searches run on the site's pool, under the query time limit of the settings."""
    router = APIRouter(prefix="/api", tags=["search"])
    archive, index, run = site.archive, site.index, site.runner.run

    @router.get("/search", summary="Search documents: words, phrases, fields, dates, facets",
                response_class=JSONResponse,
                description=FACET_HELP)
    async def search_documents(
        request: Request,
        q: Annotated[str, Query(description="The query (see docs/search.md).")] = "",
        limit: Limit = 10, offset: Offset = 0,
        facets: Annotated[bool, Query(description="Include facet counts.")] = False,
        date_from: Annotated[str | None, Query(alias="from", description="EDTF: from its earliest day.")] = None,
        date_to: Annotated[str | None, Query(alias="to", description="EDTF: to its latest day.")] = None,
        exact: Annotated[bool, Query(description="No cross-script or variant-name expansion.")] = False,
        sort: Literal["relevance", "date"] = "relevance",
        snippets: bool = True,
    ) -> Response:
        viewer = viewer_of(request)
        filters = {name: request.query_params.getlist(name) for name in fields.FACETS
                   if request.query_params.getlist(name)}
        req = SearchRequest(q=q, filters=filters, date_from=date_from, date_to=date_to, sort=sort,
                            offset=offset, limit=limit, facets=facets, exact=exact, snippets=snippets)
        results = await run(lambda: search(index, req, viewer, archive.today(), visible_ids(archive, viewer)))
        return _json({"query": q, **results.to_json()})

    @router.get("/search/similar/{doc_id}", summary="Documents like this one (more like this)",
                response_class=JSONResponse)
    async def similar(request: Request, doc_id: str, limit: Limit = 10) -> Response:
        viewer = viewer_of(request)
        results = await run(lambda: more_like_this(index, doc_id, viewer, archive.today(), limit,
                                                   visible_ids(archive, viewer)))
        if results is None:
            raise NotFound(f"no record {doc_id!r}")
        return _json({"like": doc_id, **results.to_json()})

    return router
