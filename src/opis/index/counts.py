"""Counts over the whole archive from the search index: a few facets, no hits.

``opis.index.search`` computes every facet when asked for any; the home page and the timeline
need three each, over all documents (or all dated ones), so they ask ``facets.counts`` for just
those, with the same access filter every search applies (and the same store check for a stale index).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

import tantivy

from opis.index import SearchIndex, facets, fields
from opis.index.clauses import MUST, Clause, all_of
from opis.index.dates import DateRange
from opis.index.search import Verify, stale_clauses
from opis.index.visibility import visibility_clauses
from opis.store.access import Viewer


def facet_counts(index: SearchIndex, viewer: Viewer, today: date, names: Sequence[str],
                 filters: Mapping[str, Sequence[str]] | None = None,
                 date_from: str | None = None, date_to: str | None = None, size: int | None = None,
                 verify: Verify | None = None) -> dict[str, list[dict[str, Any]]]:
    """Counts of ``names`` over what ``viewer`` may read (``verify``: and what the store hides
    now though the index has not caught up yet, left out)."""
    position, searcher = index.view()
    base: list[Clause] = [*visibility_clauses(viewer, today), *stale_clauses(verify, position)]
    if date_from or date_to:
        base.append((tantivy.Occur.Must, DateRange.from_edtf(date_from, date_to).query()))
    return facets.counts(searcher, base, filters or {}, names, size)


def documents_with(index: SearchIndex, viewer: Viewer, today: date, name: str | None = None,
                   verify: Verify | None = None) -> int:
    """How many documents the viewer may see (with any value in facet ``name``, when given).

    A facet's buckets count a document once per value, so they cannot say how many documents have
    none; this count can: "12 documents carry no subject" is the total less this."""
    position, searcher = index.view()
    clauses: list[Clause] = [*visibility_clauses(viewer, today), *stale_clauses(verify, position)]
    if name is not None:
        clauses.append((tantivy.Occur.Must, tantivy.Query.exists_query(fields.FACETS[name])))
    found = searcher.search(all_of(clauses), limit=1, count=True)  # tantivy refuses limit 0
    return int(getattr(found, "count", 0) or 0)  # set when asked for; the stub file does not declare it


def documents_in(index: SearchIndex, viewer: Viewer, today: date, name: str, value: str, limit: int,
                 verify: Verify | None = None) -> tuple[list[str], int]:
    """Ids of the documents with ``value`` in facet ``name`` that ``viewer`` may read, the first ``limit`` in
    date order, and how many there are: a theme's documents (a subject, what statements are about)."""
    facets.check({name: [value]})
    position, searcher = index.view()
    clauses: list[Clause] = [*visibility_clauses(viewer, today), *stale_clauses(verify, position),
                             (MUST, facets.filter_query(name, [value]))]
    found = searcher.search(all_of(clauses), max(1, limit), count=True, order_by_field=fields.SORT_DATE,
                            order=tantivy.Order.Asc)
    ids = [str(searcher.doc(addr).get_first(fields.ID)) for _, addr in found.hits][:limit]
    return ids, int(getattr(found, "count", 0) or 0)


def facet_counts_having(index: SearchIndex, viewer: Viewer, today: date, name: str, having: str,
                        size: int | None = None, verify: Verify | None = None) -> dict[str, int]:
    """Counts of facet ``name`` over the documents the viewer may read that hold any value in facet ``having``
    (the subjects whose documents state requests and decisions: ``having="outcome"`` or ``"object"``)."""
    position, searcher = index.view()
    base: list[Clause] = [*visibility_clauses(viewer, today), *stale_clauses(verify, position),
                          (MUST, tantivy.Query.exists_query(fields.FACETS[having]))]
    got = facets.counts(searcher, base, {}, (name,), size)
    return {b["value"]: b["count"] for b in got.get(name, [])}
