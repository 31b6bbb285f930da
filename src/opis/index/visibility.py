"""The store's access rule (store/access.py) as a tantivy filter, for every query path.

Same permissions from vocab/roles.yaml through ``Viewer.may``, same outcome as ``visible``: an
anonymous reader matches published records that are public, or embargoed with an embargo date on
or before today. The filter is a required clause of every search, count, facet aggregation and
more-like-this query, so hidden documents are never matched, hence never counted.
"""

from __future__ import annotations

from datetime import date

import tantivy

from opis.index import fields as F
from opis.index.fields import schema
from opis.store.access import Viewer

_MUST = tantivy.Occur.Must
_SHOULD = tantivy.Occur.Should


def _term(field: str, value: str) -> tantivy.Query:
    return tantivy.Query.term_query(schema(), field, value)


def visibility_query(viewer: Viewer, today: date) -> tantivy.Query:
    """A query matching exactly the documents ``viewer`` may read on ``today``."""
    allowed = [_term(F.ACCESS, "public")]
    if viewer.may("read_restricted"):
        allowed.append(_term(F.ACCESS, "restricted"))
    if viewer.may("read_embargoed"):
        allowed.append(_term(F.ACCESS, "embargoed"))
    else:
        lapsed = tantivy.Query.range_query(schema(), F.EMBARGO, tantivy.FieldType.Integer,
                                           lower_bound=None, upper_bound=today.toordinal())
        allowed.append(tantivy.Query.boolean_query([(_MUST, _term(F.ACCESS, "embargoed")), (_MUST, lapsed)]))
    clauses = [(_MUST, tantivy.Query.boolean_query([(_SHOULD, q) for q in allowed]))]
    if not viewer.may("read_unpublished"):
        clauses.append((_MUST, _term(F.STATUS, "published")))
    return tantivy.Query.boolean_query(clauses)
