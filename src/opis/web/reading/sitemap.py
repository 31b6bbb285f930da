"""``/sitemap.xml`` and ``/robots.txt``: what a search engine may crawl, as an anonymous reader sees it.

The sitemap lists the permalink of every record an anonymous reader can open: documents, authority
records (persons, organizations, places, repositories) and collections. The list comes from one
query under the store's access rule (``store.access.visible`` for ``ANONYMOUS``), so a draft, a
record in review, a restricted record or one still under embargo is never named; an embargoed
record appears on the day its embargo ends, with that day as its ``lastmod``.

A sitemap file holds at most 50 000 URLs (sitemaps.org). Past that, ``/sitemap.xml`` is a sitemap
index naming ``/sitemap-1.xml``, ``/sitemap-2.xml`` …, each a page of the same list in id order.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Annotated
from urllib.parse import quote
from xml.sax.saxutils import escape

from fastapi import APIRouter, Path, Request
from fastapi.responses import PlainTextResponse, Response

from opis.store.errors import NotFound
from opis.store.public import public_count, public_records
from opis.web.core.respond import base_url
from opis.web.core.site import Site

URLS_PER_FILE = 50_000  # the sitemaps.org limit for one file
NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"
MEDIA_TYPE = "application/xml"
PAGES = {"document": "documents", "collection": "collections", "person": "authorities",
         "organization": "authorities", "family": "authorities", "place": "authorities", "repository": "authorities"}
FIXED_PAGES = ("/", "/timeline", "/repositories")  # the reading room's entry points, always listed first


def _xml(root: str, entries: Iterable[tuple[str, str | None]]) -> Response:
    item = "sitemap" if root == "sitemapindex" else "url"
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', f'<{root} xmlns="{NAMESPACE}">']
    for loc, lastmod in entries:
        stamp = f"<lastmod>{lastmod}</lastmod>" if lastmod else ""
        lines.append(f"<{item}><loc>{escape(loc)}</loc>{stamp}</{item}>")
    lines.append(f"</{root}>")
    return Response("\n".join(lines) + "\n", media_type=MEDIA_TYPE)


def router(site: Site) -> APIRouter:
    """The routes; ``URLS_PER_FILE`` URLs per sitemap file."""
    router = APIRouter(tags=["sitemap"])
    archive = site.archive
    per_file = URLS_PER_FILE

    def record_count() -> int:
        return public_count(archive, list(PAGES))

    def record_urls(base: str, offset: int, limit: int) -> list[tuple[str, str | None]]:
        return [(f"{base}/{PAGES[r.kind]}/{quote(r.id, safe='')}", r.changed)
                for r in public_records(archive, list(PAGES), offset, limit)]

    def files(total: int) -> int:
        return max(1, -(-(len(FIXED_PAGES) + total) // per_file))

    def page_of(base: str, number: int) -> Response:
        """File ``number`` (from 1) of the list: the fixed pages first, then records by id."""
        start = (number - 1) * per_file
        fixed = [(f"{base}{p}", None) for p in FIXED_PAGES][start:start + per_file]
        offset = max(0, start - len(FIXED_PAGES))
        return _xml("urlset", [*fixed, *record_urls(base, offset, per_file - len(fixed))])

    @router.get("/sitemap.xml", summary="Sitemap of every page an anonymous reader can open (or a sitemap index)",
                response_class=Response, responses={200: {"content": {MEDIA_TYPE: {}}}})
    def sitemap(request: Request) -> Response:
        base = base_url(request)
        count = files(record_count())
        if count == 1:
            return page_of(base, 1)
        return _xml("sitemapindex", [(f"{base}/sitemap-{n}.xml", None) for n in range(1, count + 1)])

    @router.get("/sitemap-{number}.xml", summary="One file of a sitemap too large for one",
                response_class=Response, responses={200: {"content": {MEDIA_TYPE: {}}}})
    def sitemap_file(request: Request, number: Annotated[int, Path(ge=1, le=1_000_000)]) -> Response:
        count = files(record_count())
        if number > count:
            raise NotFound(f"the sitemap has {count} file(s); no file {number}")
        return page_of(base_url(request), number)

    @router.get("/robots.txt", summary="Crawling rules, pointing to the sitemap", response_class=PlainTextResponse)
    def robots(request: Request) -> PlainTextResponse:
        lines = ["User-agent: *",
                 "Disallow: /search",  # result pages, facets and exports: endless combinations of the same records
                 "Disallow: /login",
                 "Disallow: /api/",
                 "",
                 f"Sitemap: {base_url(request)}/sitemap.xml", ""]
        return PlainTextResponse("\n".join(lines))

    return router
