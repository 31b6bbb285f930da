"""The home page: what the archive holds, drawn from the search index's counts."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from opis.index import SearchIndex, SearchRequest, search
from opis.index.counts import facet_counts
from opis.index.search import MAX_LIMIT
from opis.index.storecheck import visible_ids
from opis.model import RECORD_KINDS
from opis.store.access import Viewer
from opis.store.archive import Archive
from opis.store.pagequeries import kind_counts
from opis.web.reading.search_page import facet_label
from opis.web.reading.views import summary_of

CHARTS = (("repository", "Documents by repository"), ("language", "Documents by language"),
          ("decade", "Documents by decade"))


def _bars(name: str, buckets: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{"value": b["value"], "label": facet_label(name, b["value"]), "count": b["count"],
             "href": "/search?" + urlencode({name: b["value"]})} for b in buckets]


def _documents_by_date(archive: Archive, index: SearchIndex, viewer: Viewer, offset: int,
                       limit: int) -> dict[str, Any]:
    """A page of documents in date order, from the index: the store would sort every row to find it."""
    found = search(index, SearchRequest(sort="date", offset=offset, limit=min(limit, MAX_LIMIT), snippets=False),
                   viewer, archive.today(), visible_ids(archive, viewer))
    docs = {d.id: d for d in archive.get_many([h.id for h in found.hits], viewer)}
    return {"total": found.total, "offset": offset, "limit": limit,
            "items": [summary_of(docs[h.id]) for h in found.hits if h.id in docs]}


def home_page(archive: Archive, index: SearchIndex, viewer: Viewer, offset: int, limit: int) -> dict[str, Any]:
    counts = facet_counts(index, viewer, archive.today(), [name for name, _ in CHARTS],
                          verify=visible_ids(archive, viewer))
    documents = _documents_by_date(archive, index, viewer, offset, limit)
    kinds = kind_counts(archive, viewer, [k for k in RECORD_KINDS if k != "document"])
    collections = archive.browse(viewer, ("collection",), 0, 50, "title").items
    featured = [c for c in collections if getattr(c, "featured", False)]
    # Repositories are counted as the chart and the Archives page count them: those holding a visible document,
    # not every repository record (a repository known only by name holds nothing a reader can open).
    holding = sum(1 for b in counts.get("repository", []) if b["count"])
    return {"counts": dict(sorted({**kinds, "document": documents["total"], "repository": holding}.items())),
            "charts": [{"name": n, "label": label, "bars": _bars(n, counts.get(n, [])[:12])} for n, label in CHARTS],
            "featured": [summary_of(c) | {"description": getattr(c, "description", "")} for c in featured],
            "collections": [summary_of(c) for c in collections],
            "documents": documents}
