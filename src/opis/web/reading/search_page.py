"""The search page: query, facets as checkable lists, date range, sort, result cards, paging,
names from the authority file, and suggestions when nothing matches.

Every link the page makes (a facet to tick or untick, the next page, an export) is the same GET
form with one parameter changed, so the page works without JavaScript and every state of it is
a permalink.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import urlencode

from fastapi import Request

from opis.extract.dates.query import read_date
from opis.index import SearchIndex, SearchRequest, search
from opis.index.fields import FACETS
from opis.index.storecheck import visible_ids
from opis.model import AUTHORITY_KINDS, Document
from opis.model.edtf import parse_edtf
from opis.model.edtf_words import edtf_words
from opis.model.ids import kind_of
from opis.store.access import Viewer
from opis.store.archive import Archive
from opis.store.errors import Invalid
from opis.web.core import labels
from opis.web.iiif.pages import thumbnail
from opis.web.reading.findings import formatted, tree_href
from opis.web.reading.names import NameFinder

PAGE = 10  # hits per page: each needs a snippet, the costliest part of a search (see docs/benchmarks.md)
MAX_PAGE = 100
MAX_OFFSET = 10_000
# Facets in the order the page lists them, with their headings.
FACET_ORDER = (("repository", "Repository"), ("collection", "Collection"), ("genre", "Genre"), ("subject", "Subject"),
               ("language", "Language"), ("person", "Person"), ("place", "Place"), ("decade", "Decade"),
               ("year", "Year"), ("fond", "Fond"), ("classification", "Classification"),
               # from the documents' statements (index/docs.py): who asked or decided, about what, with what outcome
               ("actor", "Actor"), ("object", "Object"), ("outcome", "Outcome"))
_SAFE_SNIPPET = re.compile(r"(?:[^<>]|</?mark>)*")
SYNTAX_HELP = ('words, "a phrase", OR, NOT or -word, title: author: fond: genre:, prefix*, '
               "fuzzy~ for OCR errors")


def _int(value: str | None, default: int, name: str, top: int) -> int:
    if value in (None, ""):
        return default
    try:
        number = int(value)
    except ValueError:
        raise Invalid(f"{name}: {value!r} is not a whole number") from None
    if not 0 <= number <= top:
        raise Invalid(f"{name} must be 0..{top}")
    return number


@dataclass(frozen=True)
class Params:
    q: str = ""
    exact: bool = False
    sort: str = "relevance"
    date_from: str = ""
    date_to: str = ""
    offset: int = 0
    limit: int = PAGE
    filters: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def of(cls, request: Request) -> Params:
        qp = request.query_params
        limit = _int(qp.get("limit"), PAGE, "limit", MAX_PAGE) or PAGE
        return cls(q=qp.get("q", "").strip(), exact=qp.get("exact") in ("1", "on", "true"),
                   sort=qp.get("sort") or "relevance", date_from=qp.get("from", "").strip(),
                   date_to=qp.get("to", "").strip(), offset=_int(qp.get("offset"), 0, "offset", MAX_OFFSET),
                   limit=limit, filters={n: [v for v in qp.getlist(n) if v] for n in FACETS if qp.getlist(n)})

    def request(self, facets: bool = True, offset: int | None = None, limit: int | None = None) -> SearchRequest:
        return SearchRequest(q=self.q, filters=self.filters, date_from=self.date_from or None,
                             date_to=self.date_to or None, sort=self.sort,
                             offset=self.offset if offset is None else offset,
                             limit=limit or self.limit, facets=facets, exact=self.exact)

    def query(self, **changes: Any) -> str:
        """This search as a query string, with ``changes`` applied (paging restarts unless given)."""
        p = replace(self, **{"offset": 0, **changes})
        pairs: list[tuple[str, str]] = [("q", p.q)] if p.q else []
        pairs += [("exact", "1")] if p.exact else []
        pairs += [("sort", p.sort)] if p.sort != "relevance" else []
        pairs += [(k, v) for k, v in (("from", p.date_from), ("to", p.date_to)) if v]
        pairs += [(name, v) for name, _ in FACET_ORDER for v in p.filters.get(name, [])]
        pairs += [("offset", str(p.offset))] if p.offset else []
        pairs += [("limit", str(p.limit))] if p.limit != PAGE else []
        return urlencode(pairs)

    def as_json(self) -> dict[str, Any]:
        return {"q": self.q, "exact": self.exact, "sort": self.sort, "from": self.date_from, "to": self.date_to,
                "filters": self.filters, "offset": self.offset, "limit": self.limit}


DATE_EXAMPLES = "1950, March 1950, 25.06.1950, spring 1950 or 1950s"


def read_dates(params: Params) -> tuple[Params, list[str]]:
    """From/To as EDTF, read from what the reader typed; a value that cannot be read is left out
    of the search and named in a note, so the page answers instead of refusing the request."""
    notes: list[str] = []
    read: dict[str, str] = {}
    for attr, label in (("date_from", "From"), ("date_to", "To")):
        raw = getattr(params, attr)
        edtf = read_date(raw) if raw else ""
        if edtf is None:
            notes.append(f"{label} “{raw}” is not a date we can read (try {DATE_EXAMPLES}); "
                         "the search ran without it.")
        elif edtf != raw:
            notes.append(f"{label} “{raw}” read as {edtf_words(edtf)}.")
        read[attr] = edtf or ""
    lo = parse_edtf(read["date_from"]).earliest if read["date_from"] else None
    hi = parse_edtf(read["date_to"]).latest if read["date_to"] else None
    if lo and hi and lo > hi:
        notes.append("The date range ends before it starts; the search ran without it.")
        read = {"date_from": "", "date_to": ""}
    return replace(params, date_from=read["date_from"], date_to=read["date_to"]), notes


def facet_label(name: str, value: str, names: dict[str, str] | None = None) -> str:
    """A facet value as a reader reads it (English; the page words vocabulary terms in its own language).
    ``names``: the titles of the authorities an ``actor`` value names by id."""
    if name == "genre":
        return labels.genre(value)
    if name == "language":
        return labels.language(value)
    if name == "classification":
        return labels.classification(value)
    if name == "object":
        return labels.object_kind(value)
    if name == "actor" and names:
        return names.get(value, value)
    return value


def actor_names(archive: Archive, viewer: Viewer, values: Iterable[str]) -> dict[str, str]:
    """The titles of the authorities among ``values`` (actor facet values linked by id) that ``viewer`` may
    read; the index gives an id only for an authority anyone may read, the store says so again here."""
    ids = sorted({v for v in values if kind_of(v) in AUTHORITY_KINDS})
    return {i: title for i, (_, title) in archive.titles(ids, viewer).items()}


def _facets(params: Params, counts: dict[str, list[dict[str, Any]]],
            names: dict[str, str] | None = None) -> list[dict[str, Any]]:
    out = []
    for name, heading in FACET_ORDER:
        values = list(counts.get(name, []))
        listed = {v["value"] for v in values}
        values += [{"value": v, "count": 0} for v in params.filters.get(name, []) if v not in listed]
        if values:
            chosen = params.filters.get(name, [])
            out.append({"name": name, "label": heading, "values": [
                {"value": v["value"], "label": facet_label(name, v["value"], names), "count": v["count"],
                 "checked": v["value"] in chosen} for v in values]})
    return out


def chips(params: Params, names: dict[str, str] | None = None) -> list[dict[str, str]]:
    """The filters in force, each with the link that removes it alone."""
    headings = dict(FACET_ORDER)
    # facet, heading and value let the page word a facet chip in the reader's language; label stays English
    out: list[dict[str, str]] = [
        {"label": f"{headings[name]}: {facet_label(name, v, names)}", "facet": name, "heading": headings[name],
         "value": v, "value_label": facet_label(name, v, names),
         "remove": "/search?" + params.query(filters={**params.filters, name: [x for x in values if x != v]})}
        for name, _ in FACET_ORDER for values in [params.filters.get(name, [])] for v in values]
    out += [{"label": f"{label}: {raw}", "heading": label, "value": raw,
             "remove": "/search?" + params.query(**{attr: ""})}
            for attr, label in (("date_from", "From"), ("date_to", "To")) for raw in [getattr(params, attr)] if raw]
    if params.exact:
        out.append({"label": "Exact spelling", "remove": "/search?" + params.query(exact=False)})
    return out


def safe_snippet(snippet: str | None) -> str | None:
    """The index's snippet when it is escaped text with <mark> only; never pass anything else through."""
    if snippet is None:
        return None
    return snippet if _SAFE_SNIPPET.fullmatch(snippet) else None


def _card(hit: Any, doc: Document | None, thumb: str | None = None) -> dict[str, Any]:
    ref = doc.archival_refs[0] if doc and doc.archival_refs else None
    return {"id": hit.id, "title": hit.title, "date": hit.date, "snippet": safe_snippet(hit.snippet),
            "rendition": hit.rendition, "genre": doc.genre if doc else None,
            "genre_label": labels.genre(doc.genre) if doc else None,
            "reference": (formatted(ref) or ref.raw) if ref else None,
            "reference_href": tree_href(ref) if ref else None,
            "languages": doc.languages if doc else [], "thumbnail": thumb}


def _pages(params: Params, total: int) -> dict[str, Any]:
    last_offset = min(MAX_OFFSET, max(0, (total - 1) // params.limit * params.limit))
    prev = max(0, params.offset - params.limit)
    nxt = params.offset + params.limit
    return {"first": params.offset + 1 if total else 0, "last": min(total, params.offset + params.limit),
            "prev": "/search?" + params.query(offset=prev) if params.offset > 0 else None,
            "next": "/search?" + params.query(offset=nxt) if nxt < total and nxt <= last_offset else None}


def _suggestions(params: Params, finder: NameFinder, viewer: Viewer) -> dict[str, Any]:
    spellings = [{"q": q, "href": "/search?" + params.query(q=q)} for q in finder.spellings(params.q, viewer)]
    names = [h.__dict__ for h in finder.nearest_names(params.q, viewer)]
    return {"spellings": spellings, "names": names,
            "without_exact": "/search?" + params.query(exact=False) if params.exact else None,
            "without_filters": "/search?" + params.query(filters={}, date_from="", date_to="")
            if params.filters or params.date_from or params.date_to else None}


def exports(params: Params) -> list[dict[str, str]]:
    query = params.query(limit=PAGE)
    return [{"label": label, "href": f"/search.{ext}" + (f"?{query}" if query else "")}
            for ext, label in (("csv", "CSV"), ("jsonl", "JSON Lines"), ("ris", "RIS"), ("bib", "BibTeX"))]


def search_page(archive: Archive, index: SearchIndex, finder: NameFinder, viewer: Viewer,
                params: Params) -> dict[str, Any]:
    dated, date_notes = read_dates(params)
    results = search(index, dated.request(), viewer, archive.today(), visible_ids(archive, viewer))
    docs = {d.id: d for d in archive.get_many([h.id for h in results.hits], viewer) if isinstance(d, Document)}
    names = [h.__dict__ for h in finder.find(params.q, viewer)] if params.q else []
    actors = actor_names(archive, viewer, [*(b["value"] for b in (results.facets or {}).get("actor", [])),
                                           *params.filters.get("actor", [])])
    return {
        "query": params.as_json(), "dates_read": {"from": dated.date_from, "to": dated.date_to},
        "date_notes": date_notes, "chips": chips(params, actors),
        "total": results.total, "offset": params.offset, "limit": params.limit,
        "hits": [_card(h, docs[h.id], thumbnail(archive, viewer, docs[h.id])) for h in results.hits if h.id in docs],
        "facets": _facets(params, results.facets or {}, actors),
        "names": names,
        "suggestions": _suggestions(params, finder, viewer) if results.total == 0 and params.q else None,
        "pages": _pages(params, results.total),
        "sort_options": [{"value": v, "label": lbl, "selected": params.sort == v}
                         for v, lbl in (("relevance", "Relevance"), ("date", "Date"))],
        "exports": exports(params),
        "syntax": SYNTAX_HELP,
    }
