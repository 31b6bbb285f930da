"""Facet counts by tantivy terms aggregations over fast fields.

Every count is taken over the same query as the hits -- words, dates and the viewer's access
filter -- so a hidden document is never counted. A facet's own selection is left out of its
counts (the other facets' selections are applied), so a reader who picked repository=RGAE still
sees how many hits the other repositories would give: "counts reflect the other filters".
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import tantivy

from opis.index import fields as F
from opis.index.visibility import Clause, all_of

BY_KEY = frozenset({"decade", "year"})  # chronological facets list in date order, not by count
SIZE = 50
SIZE_BY_KEY = 200


class UnknownFacet(ValueError):
    pass


def check(filters: Mapping[str, Sequence[str]]) -> None:
    unknown = sorted(set(filters) - F.FACETS.keys())
    if unknown:
        raise UnknownFacet(f"unknown facet(s) {', '.join(unknown)}; known: {', '.join(F.FACETS)}")


def filter_query(name: str, values: Sequence[str]) -> tantivy.Query:
    """Documents with any of ``values`` in facet ``name`` (values of one facet are alternatives)."""
    terms = [tantivy.Query.term_query(F.schema(), F.FACETS[name], v) for v in values]
    return terms[0] if len(terms) == 1 else tantivy.Query.boolean_query([(tantivy.Occur.Should, t) for t in terms])


def _spec(name: str) -> dict[str, Any]:
    terms: dict[str, Any] = {"field": F.FACETS[name], "size": SIZE}
    if name in BY_KEY:
        terms.update(size=SIZE_BY_KEY, order={"_key": "asc"})
    return {"terms": terms}


Counts = dict[str, list[dict[str, Any]]]


def aggregations(base: Sequence[Clause], filters: Mapping[str, Sequence[str]],
                 names: Sequence[str] = tuple(F.FACETS)) -> list[tuple[tantivy.Query, dict[str, Any]]]:
    """The tantivy aggregations that count ``names``: (query, request) pairs.

    One aggregation serves every facet without a selection; each selected facet needs its own,
    with every selection but its own applied.
    """
    selected = {n: filter_query(n, v) for n, v in filters.items() if v}
    groups: dict[str | None, list[str]] = {}
    for name in names:
        groups.setdefault(name if name in selected else None, []).append(name)
    return [(all_of([*base, *((tantivy.Occur.Must, q) for n, q in selected.items() if n != left_out)]),
             {m: _spec(m) for m in members})
            for left_out, members in groups.items()]


def counts(searcher: tantivy.Searcher, base: Sequence[Clause],
           filters: Mapping[str, Sequence[str]], names: Sequence[str] = tuple(F.FACETS)) -> Counts:
    """Facet name -> [{"value", "count"}], for the documents matching ``base`` and the filters."""
    result: Counts = {}
    for query, request in aggregations(base, filters, names):
        answer = searcher.aggregate(query, request)
        for m in request:
            buckets = answer.get(m, {}).get("buckets", [])
            result[m] = [{"value": str(b["key"]), "count": int(b["doc_count"])} for b in buckets]
    return {n: result[n] for n in names}
