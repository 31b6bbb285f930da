"""Rows derived from a record's JSON, rewritten on every save in the same transaction.

They let the store answer tree, name and link questions with plain SQL; they are never edited
directly and can be rebuilt from ``records`` at any time (``rebuild_derived``).
"""

from __future__ import annotations

from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from typing import Any

from sqlalchemy import Connection, delete

from opis import vocab
from opis.model import AnyRecord, Authority, Collection, Document
from opis.model.findings import ArchivalCitation
from opis.names.normalize import fold, squash
from opis.store.db import insert_many
from opis.store.schema import archival_refs, archival_units, record_links, record_names

DERIVED_TABLES = (archival_units, archival_refs, record_names, record_links)


NAMED_ROLE = "named"  # a link made from what extraction found in the text, not from cataloguing


def repository_key(code: str) -> str:
    """Link target naming a repository by its canonical code (what archival refs carry)."""
    return f"repository:{code}"


def original_key(sha256: str) -> str:
    """Link target naming a stored original attached to a document."""
    return f"original:{sha256}"


def _stored_levels() -> tuple[str, ...]:
    """The repository and the archival levels (vocab/levels.yaml) that have a column of archival_refs."""
    return tuple(k for k in ("repository", *vocab.archival_levels().keys) if k in archival_refs.c)


def _ref_rows(doc: Document) -> list[dict[str, Any]]:
    levels = _stored_levels()
    rows: list[dict[str, Any]] = []
    for ref in doc.archival_refs:
        fields = ref.fields()
        rows.append({"origin": "holding", "footnote": None, "raw": ref.raw, **{k: fields.get(k) for k in levels}})
    for cit in doc.findings.citations:
        if isinstance(cit, ArchivalCitation) and cit.repository:
            rows.append({"origin": "citation", "footnote": cit.footnote, "raw": cit.raw,
                         **{k: cit.repository if k == "repository" else cit.level(k) for k in levels}})
    return [{**row, "position": i} for i, row in enumerate(rows)]


def _unit_rows(doc: Document) -> list[dict[str, Any]]:
    """Every level of vocab/levels.yaml each reference names, in the order of ``_ref_rows``."""
    keys = vocab.archival_levels().keys
    named = [ref.levels() for ref in doc.archival_refs]
    named += [{k: v for k in keys if (v := cit.level(k))} for cit in doc.findings.citations
              if isinstance(cit, ArchivalCitation) and cit.repository]
    return [{"position": i, "level": k, "value": value} for i, levels in enumerate(named)
            for k, value in levels.items()]


def _name_rows(record: AnyRecord) -> list[dict[str, Any]]:
    if isinstance(record, Authority):
        forms = [(record.preferred, None, None)] + [(n.value, n.lang, n.scheme) for n in record.names]
    elif isinstance(record, Collection):
        forms = [(record.title, None, None)]
    else:
        return []
    return [
        {"position": i, "value": v, "folded": fold(v), "squashed": squash(v), "lang": lang, "scheme": scheme}
        for i, (v, lang, scheme) in enumerate(forms)
    ]


def _link_rows(record: AnyRecord) -> set[tuple[str, str]]:
    links: set[tuple[str, str]] = set()
    if isinstance(record, Document):
        links |= {(a.authority, a.role) for a in record.agents if a.authority}
        links |= {(p.authority, "place") for p in record.places if p.authority}
        links |= {(c, "collection") for c in record.collections}
        links |= {(r.target, r.type) for r in record.relations}
        links |= {(repository_key(r.repository), "held-by") for r in record.archival_refs if r.repository}
        links |= {(original_key(o.sha256), "original") for o in record.originals}
        linked = {target for target, _ in links}
        links |= {(t, r) for t, r in named_links(record) if t not in linked}  # a cataloguer's role says more
    elif isinstance(record, Authority) and record.code:
        links.add((repository_key(record.code), "code"))
    return links


def named_links(doc: Document) -> set[tuple[str, str]]:
    """The authorities extraction found named in the document's texts (``findings.names``), role ``named``.

    A document that names Shtykov three times in its text is one "naming" him even if nobody
    catalogued him as an agent: his page counts it and a change to his names re-indexes it.
    """
    return {(n.authority, NAMED_ROLE) for n in doc.findings.names if n.authority}


def _derived_rows(record: AnyRecord) -> list[tuple[Any, list[dict[str, Any]]]]:
    return [
        (archival_refs, _ref_rows(record) if isinstance(record, Document) else []),
        (archival_units, _unit_rows(record) if isinstance(record, Document) else []),
        (record_names, _name_rows(record)),
        (record_links, [{"target_id": t, "role": r} for t, r in sorted(_link_rows(record))]),
    ]


def write_derived(conn: Connection, record: AnyRecord) -> None:
    write_derived_many(conn, [record])


def write_derived_many(conn: Connection, items: Sequence[AnyRecord], new: AbstractSet[str] = frozenset()) -> None:
    """Rewrite the derived rows of several records: one delete and one insert per table, not per record
    (a statement per record and table was most of a bulk import's time).

    ``new`` names records that were not in ``records`` before this transaction: every derived table's
    ``record_id`` is a foreign key to ``records``, so they have no derived rows to delete (a first import
    spent a fifth of its store time deleting nothing)."""
    if not items:
        return
    ids = [r.id for r in items if r.id not in new]
    for table in DERIVED_TABLES:
        for start in range(0, len(ids), _IN_LIMIT):
            conn.execute(delete(table).where(table.c.record_id.in_(ids[start:start + _IN_LIMIT])))
    per_table: dict[str, list[dict[str, Any]]] = {t.name: [] for t in DERIVED_TABLES}
    for record in items:
        for table, values in _derived_rows(record):
            per_table[table.name].extend({"record_id": record.id, **v} for v in values)
    for table in DERIVED_TABLES:
        if per_table[table.name]:
            insert_many(conn, table, per_table[table.name])


_IN_LIMIT = 500  # ids per IN (...): well under SQLite's and PostgreSQL's parameter limits
