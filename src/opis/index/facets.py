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
from opis.index.clauses import Clause, all_of, any_of

BY_KEY = frozenset({"decade", "year"})  # chronological facets list in date order, not by count
SIZE = 50
SIZE_BY_KEY = 200
MAX_SIZE = 5000  # the most values a browse page asks for: each is a bucket tantivy keeps in memory


class UnknownFacet(ValueError):
    pass


def check(filters: Mapping[str, Sequence[str]]) -> None:
    unknown = sorted(set(filters) - F.FACETS.keys())
    if unknown:
        raise UnknownFacet(f"unknown facet(s) {', '.join(unknown)}; known: {', '.join(F.FACETS)}")


def filter_query(name: str, values: Sequence[str]) -> tantivy.Query:
    """Documents with any of ``values`` in facet ``name`` (values of one facet are alternatives)."""
    return any_of([tantivy.Query.term_query(F.schema(), F.FACETS[name], v) for v in values])


def _spec(name: str, size: int | None = None) -> dict[str, Any]:
    terms: dict[str, Any] = {"field": F.FACETS[name], "size": SIZE}
    if name in BY_KEY:
        terms.update(size=SIZE_BY_KEY, order={"_key": "asc"})
    if size is not None:  # a browse page lists every value, not a facet panel's top few
        terms["size"] = min(size, MAX_SIZE)
    return {"terms": terms}


Counts = dict[str, list[dict[str, Any]]]


def selections(filters: Mapping[str, Sequence[str]]) -> dict[str, list[str]]:
    """The filters that select something: an empty value (``genre=``) selects nothing."""
    kept = {n: [v for v in values if v] for n, values in filters.items()}
    return {n: values for n, values in kept.items() if values}


def _quoted(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def selection_string(selections: Mapping[str, Sequence[str]]) -> str:
    """Selections as a tantivy query string: values of one facet are alternatives, facets all apply."""
    return " AND ".join("(" + " OR ".join(f"{F.FACETS[n]}:{_quoted(v)}" for v in values) + ")"
                        for n, values in selections.items())


def aggregations(base: Sequence[Clause], filters: Mapping[str, Sequence[str]],
                 names: Sequence[str] = tuple(F.FACETS),
                 size: int | None = None) -> list[tuple[tantivy.Query, dict[str, Any]]]:
    """The tantivy aggregations that count ``names``: (query, request) pairs -- one pass.

    Facets without a selection are counted over the documents with every selection applied; each
    selected facet over those with every selection but its own. All of it is one aggregation over
    the base query's documents, the selections as filter aggregations, because each separate pass
    would evaluate the words again (one pass is 25-30% faster for two selected facets).
    """
    selected = selections(filters)
    groups: dict[str, list[str]] = {}
    for name in names:
        groups.setdefault(name if name in selected else "", []).append(name)
    request: dict[str, Any] = {}
    for left_out, members in groups.items():
        applied = {n: v for n, v in selected.items() if n != left_out}
        specs = {m: _spec(m, size) for m in members}
        if applied:
            request[f"filtered:{left_out}"] = {"filter": selection_string(applied), "aggs": specs}
        else:
            request.update(specs)
    return [(all_of(base), request)]


def _buckets(answer: Mapping[str, Any], into: Counts) -> None:
    for key, value in answer.items():
        if key in F.FACETS:
            into[key] = [{"value": str(b["key"]), "count": int(b["doc_count"])} for b in value.get("buckets", [])]
        elif isinstance(value, Mapping):  # a filter aggregation holding facets
            _buckets(value, into)


def counts(searcher: tantivy.Searcher, base: Sequence[Clause],
           filters: Mapping[str, Sequence[str]], names: Sequence[str] = tuple(F.FACETS),
           size: int | None = None) -> Counts:
    """Facet name -> [{"value", "count"}], for the documents matching ``base`` and the filters;
    ``size`` (at most ``MAX_SIZE``) lists that many values of each facet instead of the panel's few."""
    result: Counts = {}
    for query, request in aggregations(base, filters, names, size):
        _buckets(searcher.aggregate(query, request), result)
    return {n: result.get(n, []) for n in names}
