"""The reading room's pages. Each answers HTML, or its JSON twin at the same path plus ``.json``
(or with ``Accept: application/json``); the permalinks never change."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import PlainTextResponse, RedirectResponse, Response

from opis.store.merging import merged_target
from opis.web.core.i18n import gettext as _
from opis.web.core.labels import term
from opis.web.core.params import Limit, Offset
from opis.web.core.respond import base_url, page, strip_json
from opis.web.core.site import Site, viewer_of
from opis.web.reading import decisions, views
from opis.web.reading.authority import authority_page, collection_page
from opis.web.reading.collections import collections_page
from opis.web.reading.document import document_page
from opis.web.reading.home import home_page
from opis.web.reading.search_page import Params, search_page
from opis.web.reading.subjects import subjects_page
from opis.web.reading.timeline import TIMELINE_FILTERS, Choice, timeline_page


def router(site: Site) -> APIRouter:
    pages = APIRouter(include_in_schema=False)
    archive = site.archive

    @pages.get("/")
    @pages.get("/index.json")
    def home(request: Request, offset: Offset = 0, limit: Limit = site.settings.page_size) -> Response:
        return page(request, "reading/home.html", _("Archive"),
                    lambda: home_page(archive, site.index, viewer_of(request), offset, limit))

    @pages.get("/search")
    @pages.get("/search.json")
    async def search(request: Request) -> Response:
        params = Params.of(request)
        ctx = await site.runner.run(lambda: search_page(archive, site.index, site.finder, viewer_of(request), params))
        title = _("Search: %(q)s", q=params.q) if params.q else _("Search")
        return page(request, "reading/search.html", title, lambda: ctx)

    @pages.get("/subjects")
    @pages.get("/subjects.json")
    async def subjects(request: Request) -> Response:
        ctx = await site.runner.run(lambda: subjects_page(archive, site.index, viewer_of(request)))
        return page(request, "reading/subjects.html", _("Subjects"), lambda: ctx)

    @pages.get("/timeline")
    @pages.get("/timeline.json")
    async def timeline(request: Request, offset: Offset = 0, lit_offset: Offset = 0) -> Response:
        qp = request.query_params
        choice = Choice(filters={name: qp.get(name, "") for name in TIMELINE_FILTERS},
                        date_from=qp.get("from", "").strip()[:100], date_to=qp.get("to", "").strip()[:100],
                        offsets=(("offset", offset), ("lit_offset", lit_offset)))
        ctx = await site.runner.run(lambda: timeline_page(archive, site.index, viewer_of(request), choice))
        return page(request, "reading/timeline.html", _("Timeline"), lambda: ctx)

    @pages.get("/documents/{doc_id}")
    def document(request: Request, doc_id: str, q: str = "", passage: str = "") -> Response:
        ctx = document_page(archive, viewer_of(request), strip_json(doc_id), base_url(request), q[:200],
                            site.settings.data_dir, passage[:200])
        return page(request, "reading/document.html", ctx["record"]["title"], lambda: ctx)

    @pages.get("/authorities/{record_id}")
    def authority(request: Request, record_id: str) -> Response:
        survivor = merged_target(archive, strip_json(record_id), viewer_of(request))
        if survivor:  # merged away: old links and citations go on working
            suffix = ".json" if record_id.endswith(".json") else ""
            return RedirectResponse(f"/authorities/{survivor}{suffix}", status_code=301)
        ctx = authority_page(archive, viewer_of(request), strip_json(record_id))
        return page(request, "reading/authority.html", ctx["record"]["preferred"], lambda: ctx)

    @pages.get("/collections")
    @pages.get("/collections.json")
    def collections(request: Request, offset: Offset = 0, limit: Limit = site.settings.page_size) -> Response:
        return page(request, "reading/collections.html", _("Collections"),
                    lambda: collections_page(archive, viewer_of(request), offset, limit))

    @pages.get("/collections/{record_id}")
    def collection(request: Request, record_id: str, offset: Offset = 0,
                   limit: Limit = site.settings.page_size) -> Response:
        ctx = collection_page(archive, viewer_of(request), strip_json(record_id), offset, limit)
        return page(request, "reading/collection.html", ctx["record"]["title"], lambda: ctx)

    def _filters(request: Request) -> dict[str, str]:
        return {k: request.query_params.get(k, "")[:200] for k in decisions.FILTERS}

    @pages.get("/collections/{record_id}/decisions")
    @pages.get("/collections/{record_id}/decisions.json")
    def collection_decisions(request: Request, record_id: str) -> Response:
        ctx = decisions.collection_record(archive, viewer_of(request), record_id, _filters(request))
        return page(request, "reading/decisions.html", _("Decision record: %(title)s", title=ctx["of"]["title"]),
                    lambda: ctx, decisions.drawn)

    @pages.get("/authorities/{record_id}/decisions")
    @pages.get("/authorities/{record_id}/decisions.json")
    def person_decisions(request: Request, record_id: str) -> Response:
        ctx = decisions.person_record(archive, viewer_of(request), record_id, _filters(request))
        return page(request, "reading/decisions.html", _("Decision record: %(title)s", title=ctx["of"]["title"]),
                    lambda: ctx, decisions.drawn)

    # A theme's record: a subject as the catalogue words it (any characters, slashes too: a path), or a kind of
    # what statements are about. Both ask the index for the theme's documents, so they run off the event loop.
    @pages.get("/subjects/{subject:path}/decisions")
    @pages.get("/subjects/{subject:path}/decisions.json")
    async def subject_decisions(request: Request, subject: str) -> Response:
        return await _theme(request, "subject", subject[:200])

    @pages.get("/objects/{kind}/decisions")
    @pages.get("/objects/{kind}/decisions.json")
    async def object_decisions(request: Request, kind: str) -> Response:
        return await _theme(request, "object", kind[:40])

    async def _theme(request: Request, facet: str, value: str) -> Response:
        filters = _filters(request)
        ctx = await site.runner.run(lambda: decisions.theme_record(archive, site.index, viewer_of(request), facet,
                                                                   value, filters))
        shown = term("object", value) if facet == "object" else value
        return page(request, "reading/decisions.html", _("Decision record: %(title)s", title=shown),
                    lambda: ctx, decisions.drawn)

    @pages.get("/collections/{record_id}/ledger")
    @pages.get("/collections/{record_id}/ledger.json")
    @pages.get("/collections/{record_id}/ledger.csv")
    def collection_ledger(request: Request, record_id: str, offset: Offset = 0) -> Response:
        full = decisions.collection_ledger(archive, viewer_of(request), record_id,
                                           request.query_params.get("to", "")[:40], offset)
        if request.url.path.endswith(".csv"):
            return PlainTextResponse(decisions.ledger_csv(full["all_rows"]), media_type="text/csv; charset=utf-8",
                                     headers={"Content-Disposition": f'attachment; filename="ledger-{record_id}.csv"'})
        ctx = {k: v for k, v in full.items() if k != "all_rows"}  # the JSON twin: one page of sums
        return page(request, "reading/ledger.html", _("Aid ledger: %(title)s", title=ctx["of"]["title"]),
                    lambda: ctx, lambda _ctx: decisions.ledger_drawn(full))

    @pages.get("/repositories")
    @pages.get("/repositories.json")
    def repositories(request: Request) -> Response:
        return page(request, "reading/repositories.html", _("Archives"),
                    lambda: views.repositories(archive, viewer_of(request)))

    @pages.get("/repositories/{slug}/{rest:path}")
    @pages.get("/repositories/{slug}")
    def tree(request: Request, slug: str, rest: str = "", offset: Offset = 0, limit: Limit = 100,
             refs_offset: Offset = 0, refs_limit: Limit = 50) -> Response:
        rest, slug = (strip_json(rest), slug) if rest else ("", strip_json(slug))
        ctx: dict[str, Any] = views.tree(archive, viewer_of(request), slug, views.parse_tree_path(rest), offset,
                                         limit, refs_offset, refs_limit)
        return page(request, "reading/tree.html", ctx["label"], lambda: ctx)

    return pages
