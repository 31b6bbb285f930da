"""Putting tantivy queries together: all of some clauses, any of some queries.

Conditions that filter (the access rule, dates, facet selections) are added as top-level clauses
of one boolean query rather than nested in queries of their own: tantivy skips an excluded set
cheaply, and intersects required ones faster, only at the top level.
"""

from __future__ import annotations

from collections.abc import Sequence

import tantivy

Clause = tuple[tantivy.Occur, tantivy.Query]
MUST, SHOULD, MUST_NOT = tantivy.Occur.Must, tantivy.Occur.Should, tantivy.Occur.MustNot


def all_of(clauses: Sequence[Clause]) -> tantivy.Query:
    """One query from clauses; one that only excludes matches everything else."""
    if not any(occur == MUST for occur, _ in clauses):
        clauses = [(MUST, tantivy.Query.all_query()), *clauses]
    return tantivy.Query.boolean_query(list(clauses))


def every(queries: Sequence[tantivy.Query]) -> tantivy.Query:
    """Documents matching every one of ``queries``."""
    return all_of([(MUST, q) for q in queries])


def any_of(queries: Sequence[tantivy.Query]) -> tantivy.Query:
    """Documents matching at least one of ``queries`` (not empty)."""
    return queries[0] if len(queries) == 1 else tantivy.Query.boolean_query([(SHOULD, q) for q in queries])
