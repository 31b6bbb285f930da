"""The store's access rule (store/access.py) as a tantivy filter, for every query path.

Same permissions from vocab/roles.yaml through ``Viewer.may``, same outcome as ``visible``: an
anonymous reader matches published records that are public, or embargoed with an embargo date on
or before today. The rule is applied as its complement, a MUST_NOT clause naming what the viewer
may *not* read (unpublished statuses, restricted records, embargoes still running), at the top
level of every search, count, facet aggregation and more-like-this query: the hidden records
are a small set, so excluding them costs a skip per candidate, where requiring "public and
published" intersected every query with nearly the whole index (2-3x slower on common words).
Every record has exactly one status and one access level (model enums), so the complement is
exact; tests/index/test_visibility.py checks it against the store for every combination.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import tantivy

from opis.index import fields as F
from opis.index.clauses import MUST, MUST_NOT, Clause, all_of, any_of
from opis.index.fields import schema
from opis.model import AccessLevel, Status
from opis.store.access import Viewer

# The permission that lets a viewer read each access level other than public.
LEVEL_PERMISSION = {AccessLevel.RESTRICTED: "read_restricted", AccessLevel.EMBARGOED: "read_embargoed"}


def _term(field: str, value: str) -> tantivy.Query:
    return tantivy.Query.term_query(schema(), field, value)


def hidden_query(viewer: Viewer, today: date) -> tantivy.Query | None:
    """A query matching exactly the documents ``viewer`` may not read on ``today`` (None: none)."""
    hidden: list[tantivy.Query] = []
    if not viewer.may("read_unpublished"):
        hidden.extend(_term(F.STATUS, s.value) for s in Status if s is not Status.PUBLISHED)
    for level in AccessLevel:
        if level is AccessLevel.PUBLIC or viewer.may(LEVEL_PERMISSION[level]):
            continue
        if level is AccessLevel.EMBARGOED:  # hidden until its day: an embargo ending after today
            running = tantivy.Query.range_query(schema(), F.EMBARGO, tantivy.FieldType.Integer,
                                                lower_bound=today.toordinal() + 1, upper_bound=None)
            hidden.append(tantivy.Query.boolean_query([(MUST, _term(F.ACCESS, level.value)), (MUST, running)]))
        else:
            hidden.append(_term(F.ACCESS, level.value))
    return any_of(hidden) if hidden else None


def visibility_clauses(viewer: Viewer, today: date) -> list[Clause]:
    """The clauses to add at the top level of a query so it matches only what ``viewer`` may read
    (tantivy skips an excluded set cheaply only when the MUST_NOT is not nested)."""
    hidden = hidden_query(viewer, today)
    return [] if hidden is None else [(MUST_NOT, hidden)]


def visible_only(queries: Sequence[tantivy.Query], viewer: Viewer, today: date) -> tantivy.Query:
    """Documents matching every one of ``queries`` that ``viewer`` may read on ``today``."""
    return all_of([*((MUST, q) for q in queries), *visibility_clauses(viewer, today)])
