"""The timeline: documents by date, primary sources and later literature on axes of their own.

Dates are read as EDTF: a day is a point, a month, season, year or interval a bar over its whole
span, an approximate or uncertain date is drawn hollow, an open end runs to the edge. Undated
documents have no place on an axis and are counted apart, with a link to them in the search.
From/To zoom the axes to a range (read as readers write dates, like the search page); the
decades, then the years, of what is shown are zoom links; filters are the search's facets.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from opis import vocab
from opis.index import SearchIndex, SearchRequest, search
from opis.index.counts import facet_counts
from opis.index.docs import UNDATED
from opis.index.storecheck import visible_ids
from opis.model.edtf import EdtfError, parse_edtf
from opis.store.access import Viewer
from opis.store.archive import Archive
from opis.web.reading.search_page import Params, facet_label, read_dates

TIMELINE_FILTERS = ("collection", "person", "place", "genre")
PARTS = (("primary", "Primary sources", "offset"),
         ("literature", "Literature: later studies, memoirs and editions", "lit_offset"))
TIMELINE_BATCH = 100  # the index's largest page
TIMELINE_PAGE = 300
DATED = "0001"  # a date filter from year 1: leaves out undated documents, which have no place on an axis
WIDE, NARROW = 860, 340  # the chart is drawn twice; the stylesheet shows the one that fits the screen


@dataclass(frozen=True)
class Choice:
    """What the reader asked for: facet values, From/To as typed, where each axis's page starts."""
    filters: dict[str, str]
    date_from: str = ""
    date_to: str = ""
    offsets: tuple[tuple[str, int], ...] = ()

    def offset(self, key: str) -> int:
        return dict(self.offsets).get(key, 0)

    def url(self, **changes: Any) -> str:
        """This timeline with ``changes`` (a filter, ``from``/``to``, an offset); paging restarts otherwise."""
        pairs = {**{k: v for k, v in self.filters.items() if v}, "from": self.date_from, "to": self.date_to}
        pairs.update(changes)
        kept = [(k, str(v)) for k, v in pairs.items() if v not in ("", None, 0)]
        return "/timeline" + ("?" + urlencode(kept) if kept else "")


def _genres(part: str, chosen: str) -> list[str]:
    """The genre filter for one axis: its genres, or the chosen genre if it is one of them."""
    literature = vocab.literature_genres()
    members = sorted(g for g in vocab.ids("genres") if (g in literature) == (part == "literature"))
    return [g for g in members if g == chosen] if chosen else members


def _fuzzy(edtf: str | None) -> bool:
    if not edtf:
        return False
    try:
        parsed = parse_edtf(edtf)
    except EdtfError:
        return False
    return bool(parsed.approximate or parsed.uncertain)


def _item(hit: Any) -> dict[str, Any]:
    when = hit.date or {}
    return {"id": hit.id, "title": hit.title, "edtf": when.get("edtf"), "text": when.get("text"),
            "earliest": when.get("earliest"), "latest": when.get("latest"), "fuzzy": _fuzzy(when.get("edtf"))}


def _documents(archive: Archive, index: SearchIndex, viewer: Viewer, filters: dict[str, list[str]],
               dates: tuple[str, str | None], offset: int) -> tuple[int, list[dict[str, Any]]]:
    """One axis's page of documents in date order, fetched in the index's largest pages."""
    items: list[dict[str, Any]] = []
    total = 0
    verify = visible_ids(archive, viewer)
    for k in range(TIMELINE_PAGE // TIMELINE_BATCH):
        req = SearchRequest(filters=filters, date_from=dates[0], date_to=dates[1], sort="date",
                            offset=offset + k * TIMELINE_BATCH, limit=TIMELINE_BATCH, snippets=False)
        found = search(index, req, viewer, archive.today(), verify)
        total = found.total
        items += [_item(h) for h in found.hits]
        if offset + (k + 1) * TIMELINE_BATCH >= total:
            break
    return total, items


def _zoom(choice: Choice, counts: dict[str, list[dict[str, Any]]], span: tuple[int, int] | None) -> dict[str, Any]:
    """Links that narrow the axes: decades, or the years once the shown range is a decade or less.
    Inside a zoomed range only its own years are offered (a document reaching past it counts its years too)."""
    decades = [b for b in counts.get("decade", []) if b["value"] != UNDATED]
    years = [b for b in counts.get("year", []) if b["value"] != UNDATED]
    by_year = len(decades) <= 1 and bool(years)
    steps = []
    for bucket in years if by_year else decades:
        first = int(bucket["value"].rstrip("s"))
        last = first if by_year else first + 9
        if span and (last < span[0] or first > span[1]):
            continue
        steps.append({"label": bucket["value"], "count": bucket["count"],
                      "href": choice.url(**{"from": str(first), "to": str(last)})})
    zoomed = bool(choice.date_from or choice.date_to)
    return {"by": "year" if by_year else "decade", "steps": steps,
            "out": choice.url(**{"from": "", "to": ""}) if zoomed else None}


def _span(date_from: str, date_to: str) -> tuple[int, int] | None:
    """The axis's years when the reader zoomed to a closed range; else each axis fits its documents."""
    if not (date_from and date_to):
        return None
    lo, hi = parse_edtf(date_from).earliest, parse_edtf(date_to).latest
    return (lo.year, hi.year) if lo and hi else None


def _undated(archive: Archive, index: SearchIndex, viewer: Viewer, filters: dict[str, list[str]]) -> int:
    req = SearchRequest(filters={**filters, "year": [UNDATED]}, limit=1, snippets=False)
    return search(index, req, viewer, archive.today(), visible_ids(archive, viewer)).total


def timeline_page(archive: Archive, index: SearchIndex, viewer: Viewer, choice: Choice) -> dict[str, Any]:
    read, notes = read_dates(Params(date_from=choice.date_from, date_to=choice.date_to))
    dates = (read.date_from or DATED, read.date_to or None)
    filters = {k: [v] for k, v in choice.filters.items() if v}
    counts = facet_counts(index, viewer, archive.today(), (*TIMELINE_FILTERS, "decade", "year"), filters,
                          date_from=dates[0], date_to=dates[1], verify=visible_ids(archive, viewer))
    options = {n: [{"value": b["value"], "label": facet_label(n, b["value"])} for b in counts.get(n, [])]
               for n in TIMELINE_FILTERS}
    span = _span(read.date_from, read.date_to)
    parts = []
    for name, label, key in PARTS:
        genres = _genres(name, choice.filters.get("genre", ""))
        total, items = _documents(archive, index, viewer, {**filters, "genre": genres}, dates,
                                  choice.offset(key)) if genres else (0, [])
        at = choice.offset(key)
        parts.append({"name": name, "label": label, "total": total, "offset": at, "items": items, "span": span,
                      "prev": choice.url(**{key: max(0, at - TIMELINE_PAGE)}) if at else None,
                      "next": choice.url(**{key: at + TIMELINE_PAGE}) if at + TIMELINE_PAGE < total else None})
    undated = _undated(archive, index, viewer, filters)
    search_undated = "/search?" + urlencode([*((k, v) for k, v in choice.filters.items() if v), ("year", UNDATED)])
    return {"filters": choice.filters, "query": {"from": choice.date_from, "to": choice.date_to},
            "dates_read": {"from": read.date_from, "to": read.date_to}, "date_notes": notes,
            "options": options, "total": sum(p["total"] for p in parts), "parts": parts,
            "undated": {"count": undated, "href": search_undated if undated else None},
            "zoom": _zoom(choice, counts, span)}
