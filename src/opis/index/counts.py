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

from opis.index import SearchIndex, facets
from opis.index.clauses import Clause
from opis.index.dates import DateRange
from opis.index.search import Verify, stale_clauses
from opis.index.visibility import visibility_clauses
from opis.store.access import Viewer


def facet_counts(index: SearchIndex, viewer: Viewer, today: date, names: Sequence[str],
                 filters: Mapping[str, Sequence[str]] | None = None,
                 date_from: str | None = None, verify: Verify | None = None) -> dict[str, list[dict[str, Any]]]:
    """Counts of ``names`` over what ``viewer`` may read (``verify``: and what the store hides
    now though the index has not caught up yet, left out)."""
    position, searcher = index.view()
    base: list[Clause] = [*visibility_clauses(viewer, today), *stale_clauses(verify, position)]
    if date_from:
        base.append((tantivy.Occur.Must, DateRange.from_edtf(date_from, None).query()))
    return facets.counts(searcher, base, filters or {}, names)
