"""Searching: one request in, a page of hits with snippets and facet counts out.

Every query path -- hits, the total, facet counts, more-like-this -- runs with the viewer's
access filter as a required clause (visibility.py), so what a viewer may not read is neither
shown nor counted. The index may be a moment behind the store; with a store check, the records
changed since the index's position that the viewer may not read now are excluded from every path
too (``StoreCheck.hidden_since``), so a stale index never counts them either.

Relevance order is BM25 (title and summary boosted), ties broken by id; date
order is earliest day, then latest day, then id, undated documents last. Both orders are total,
so paging never repeats or skips a hit.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any, Protocol

import tantivy

from opis.index import facets, snippets
from opis.index import fields as F
from opis.index.clauses import MUST, MUST_NOT, Clause, all_of
from opis.index.compile import Compiled, Terms, compile_query
from opis.index.dates import DateRange
from opis.index.engine import SearchIndex
from opis.index.query import parse
from opis.index.visibility import visibility_clauses
from opis.store.access import Viewer
from opis.store.feed import Position

SORTS = ("relevance", "date")
MAX_LIMIT = 100
MAX_OFFSET = 10_000
QUERY_CACHE = 64  # recent queries remembered (compiled query and snippet matcher)
TIE_PROBE = 100  # hits read past the page at first: ties at the 10th hit ran to 48 at 1M (docs/search.md)
TIE_WINDOW = 1_000  # hits read past the page when a tie is longer than that
_BESIDE = ThreadPoolExecutor(max_workers=4, thread_name_prefix="opis-facets")  # facet counts beside the hits


class StoreCheck(Protocol):
    """The store's last word for one viewer (index/storecheck.py)."""

    def __call__(self, ids: Sequence[str]) -> set[str]:
        """Which of ``ids`` the viewer may read now."""
        ...

    def hidden_since(self, position: Position) -> Sequence[str]:
        """Ids changed after ``position`` that the viewer may not read now."""
        ...


Verify = StoreCheck


def stale_clauses(verify: Verify | None, position: Position) -> list[Clause]:
    """Leave out what the store hides now but an index at ``position`` may still show."""
    hidden = list(verify.hidden_since(position)) if verify is not None else []
    if not hidden:
        return []
    return [(MUST_NOT, tantivy.Query.term_set_query(F.schema(), F.ID, hidden))]


class SearchError(ValueError):
    """A request the search cannot answer (bad sort, limit, facet or date); the message says why."""

    code = "invalid"


@dataclass(frozen=True)
class SearchRequest:
    q: str = ""
    filters: Mapping[str, Sequence[str]] = field(default_factory=dict)
    date_from: str | None = None
    date_to: str | None = None
    sort: str = "relevance"
    offset: int = 0
    limit: int = 10
    facets: bool = False
    exact: bool = False
    snippets: bool = True


@dataclass(frozen=True)
class Hit:
    id: str
    title: str
    date: dict[str, Any] | None
    score: float | None
    snippet: str | None
    rendition: str | None


@dataclass(frozen=True)
class SearchResults:
    total: int
    offset: int
    limit: int
    hits: list[Hit]
    facets: dict[str, list[dict[str, Any]]] | None = None

    def to_json(self) -> dict[str, Any]:
        return {"total": self.total, "offset": self.offset, "limit": self.limit,
                "hits": [h.__dict__ for h in self.hits], "facets": self.facets}


def _check(req: SearchRequest) -> DateRange:
    if req.sort not in SORTS:
        raise SearchError(f"sort must be one of {', '.join(SORTS)}, not {req.sort!r}")
    if not 1 <= req.limit <= MAX_LIMIT:
        raise SearchError(f"limit must be 1..{MAX_LIMIT}")
    if not 0 <= req.offset <= MAX_OFFSET:
        raise SearchError(f"offset must be 0..{MAX_OFFSET}")
    try:
        facets.check(req.filters)
        return DateRange.from_edtf(req.date_from, req.date_to)
    except ValueError as exc:
        raise SearchError(str(exc)) from None


@lru_cache(maxsize=QUERY_CACHE)
def _prepared(q: str, exact: bool) -> tuple[Compiled, snippets.Matcher]:
    """A query parsed and compiled, and its snippet matcher, remembered for the next request with
    the same words: compiling does not depend on the index's content (expansion is by the query's
    own words) and neither is changed afterwards; the matcher keeps which words of the texts are
    hits (bounded, see snippets.MEMO_MAX). Nothing viewer- or index-specific is kept here."""
    compiled = compile_query(parse(q), exact)
    return compiled, snippets.Matcher(compiled.terms, exact)


def clear_caches() -> None:
    """Forget remembered queries (the benchmark's cold runs; tests)."""
    _prepared.cache_clear()


@dataclass(frozen=True)
class Plan:
    """The tantivy side of a request: the query for the hits, the clauses facets are counted over
    (all but the facet selections), the order, and the snippet matcher."""

    query: tantivy.Query
    base: list[Clause]
    by_date: bool
    matcher: snippets.Matcher


def plan(req: SearchRequest, viewer: Viewer, today: date, stale: Sequence[Clause] = ()) -> Plan:
    """What ``search`` asks tantivy for ``req`` (also the benchmark's raw-engine column)."""
    dates = _check(req)
    compiled, matcher = _prepared(req.q, req.exact)
    base: list[Clause] = [(MUST, compiled.query), *visibility_clauses(viewer, today), *stale]
    base.extend((MUST, q) for q in dates.conditions())
    selected = [(MUST, facets.filter_query(n, v)) for n, v in facets.selections(req.filters).items()]
    return Plan(all_of(base + selected), base, req.sort == "date" or compiled.match_all, matcher)


def search(index: SearchIndex, req: SearchRequest, viewer: Viewer, today: date,
           verify: Verify | None = None) -> SearchResults:
    """A page of results for ``req`` as ``viewer`` sees the archive on ``today``.

    ``verify`` (optional) returns which of some ids the viewer may read *now* in the store: a hit
    whose access changed after the index last caught up is then left out of the page, and what
    changed since and is hidden now is left out of the total and the facet counts as well.
    """
    position, searcher = index.view()
    p = plan(req, viewer, today, stale_clauses(verify, position))
    # Facet counts are a second pass over the matches: run it beside the hits (tantivy releases
    # the interpreter while it works, so the two use two cores).
    counting = _BESIDE.submit(facets.counts, searcher, p.base, req.filters) if req.facets else None
    page, total = (_date_page(searcher, p.query, req) if p.by_date else _relevance_page(searcher, p.query, req))
    hits = _hits(searcher, page, p.matcher, req, verify)
    counts = counting.result() if counting else None
    return SearchResults(total, req.offset, req.limit, hits, counts)


Page = list[tuple[float | None, tantivy.DocAddress]]


def _date_page(searcher: tantivy.Searcher, query: tantivy.Query, req: SearchRequest) -> tuple[Page, int]:
    found = searcher.search(query, req.limit, count=True, order_by_field=F.SORT_DATE, offset=req.offset,
                            order=tantivy.Order.Asc)
    return [(None, addr) for _, addr in found.hits], _count(found)


def _relevance_page(searcher: tantivy.Searcher, query: tantivy.Query, req: SearchRequest) -> tuple[Page, int]:
    """Top hits by score; equal scores ordered by id, reading past the page while a tie crosses it.

    Every search evaluates the whole query (an exact total allows no pruning), so a second read is
    as costly as the first: the first reads TIE_PROBE hits past the page, enough for most ties,
    and only a tie longer than that reads the whole TIE_WINDOW in one more search."""
    end = req.offset + req.limit
    for want in (end + TIE_PROBE, end + TIE_WINDOW):
        found = searcher.search(query, want, count=True)
        hits: Page = [(float(score), addr) for score, addr in found.hits]
        total = _count(found)
        if len(hits) < want or (hits[-1][0] or 0.0) < (hits[end - 1][0] or 0.0):
            break
    ordered = _order_ties(searcher, hits)
    return ordered[req.offset:end], total


def _order_ties(searcher: tantivy.Searcher, hits: Page) -> Page:
    """Sort by (-score, id): the id's number from a fast field; stored ids only where those tie."""
    keys = searcher.fast_field_values(F.ID_KEY, [a for _, a in hits]) if hits else []
    seen: dict[tuple[float | None, int | float | bool | None], int] = {}
    for (score, _), key in zip(hits, keys, strict=True):
        seen[(score, key)] = seen.get((score, key), 0) + 1
    ranked = []
    for (score, addr), key in zip(hits, keys, strict=True):
        full = _doc_id(searcher, addr) if seen[(score, key)] > 1 else ""
        ranked.append(((-(score or 0.0), int(key or 0), full), (score, addr)))
    ranked.sort(key=lambda r: r[0])
    return [h for _, h in ranked]


def _count(found: tantivy.SearchResult) -> int:
    # tantivy-py sets ``count`` when asked for it; its stub file does not declare it.
    return int(getattr(found, "count", 0) or 0)


def _stored(searcher: tantivy.Searcher, addr: tantivy.DocAddress) -> dict[str, Any]:
    raw = searcher.doc(addr).get_first(F.DOC)
    shown: dict[str, Any] = json.loads(bytes(raw or b"{}"))
    return shown


def _doc_id(searcher: tantivy.Searcher, addr: tantivy.DocAddress) -> str:
    return str(searcher.doc(addr).get_first(F.ID))


def _hits(searcher: tantivy.Searcher, page: Page, matcher: snippets.Matcher, req: SearchRequest,
          verify: Verify | None) -> list[Hit]:
    shown = [(score, _stored(searcher, addr)) for score, addr in page]
    allowed = verify([d["id"] for _, d in shown]) if verify else None
    out = []
    for score, d in shown:
        if allowed is not None and d["id"] not in allowed:
            continue
        found_by = snippets.through_names(matcher, d.get("names") or [])
        snip = snippets.best(d["renditions"], d["summary"], found_by) if req.snippets else None
        out.append(Hit(d["id"], d["title"], d["date"], None if score is None else round(score, 4),
                       snip.html if snip else None, snip.rendition if snip else None))
    return out


def more_like_this(index: SearchIndex, doc_id: str, viewer: Viewer, today: date, limit: int = 10,
                   verify: Verify | None = None) -> SearchResults | None:
    """Documents most like ``doc_id`` (by its title, summary and texts), or None if the viewer may
    not see ``doc_id`` -- the same answer as for an id that does not exist."""
    position, searcher = index.view()
    stale = stale_clauses(verify, position)
    me = tantivy.Query.term_query(F.schema(), F.ID, doc_id)
    found = searcher.search(all_of([(MUST, me), *visibility_clauses(viewer, today), *stale]), 1).hits
    if not found:
        return None
    d = _stored(searcher, found[0][1])
    fields = {"title": [d["title"]], "summary": [d["summary"]], "text": [r["text"] for r in d["renditions"]]}
    like = tantivy.Query.more_like_this_document_fields_query(
        F.schema(), {k: v for k, v in fields.items() if any(v)}, min_doc_frequency=1, min_term_frequency=1,
        max_query_terms=25, min_word_length=3)
    query = all_of([(MUST, like), (MUST_NOT, me), *visibility_clauses(viewer, today), *stale])
    req = SearchRequest(limit=limit, snippets=False)
    page, total = _relevance_page(searcher, query, req)
    return SearchResults(total, 0, limit, _hits(searcher, page, snippets.Matcher(Terms(), False), req, verify))
