"""Statements as records of their own kind: what a document's text says was requested, offered, decided or
delivered, kept with every version and an editor's verdict.

``sync`` runs inside every save of a document (``Archive._save``), so what the extractors found at ingest
lands here in the same transaction. A statement is named by its passage (``passage_key``: kind, cue and
the passage's words), not its offsets, so re-extraction after an edit elsewhere in the text finds the same
row. What an editor decided stays decided: a confirmed or corrected statement is not overwritten by the
extractor, and a rejected one is never written again. Extracted statements the extractor no longer finds
are dropped (their versions stay in ``statement_revisions``).

``review`` is the editor's act (confirm, correct, reject): a new revision, an audit entry and an outbox row
for the statement's document in one transaction, under the ``edit_drafts`` permission and the record's
access rule. The outbox row is how a verdict reaches the search index, whose actor, object and outcome
facets read the document's statements (index/docs.py): the indexer re-reads the document as for a save.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from pydantic import ValidationError
from sqlalchemy import Connection, delete, insert, select, update

from opis.model import Document
from opis.model.findings import Statement
from opis.store.access import Viewer, visible
from opis.store.clock import stamp
from opis.store.codec import dumps
from opis.store.db import insert_many
from opis.store.errors import Conflict, Forbidden, Invalid, NotFound
from opis.store.schema import outbox, records, statement_revisions, statements

PERMISSION = "edit_drafts"  # who may edit a draft's text may judge what its text states
EXTRACTOR = "opis-extract"
STATUSES = ("extracted", "confirmed", "corrected", "rejected")
Verdict = Literal["confirm", "correct", "reject"]
if TYPE_CHECKING:  # the archive calls sync() on every save, so this module cannot import it at load time
    from opis.store.archive import Archive

_VERDICTS: dict[str, str] = {"confirm": "confirmed", "correct": "corrected", "reject": "rejected"}
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Stored:
    id: str
    record_id: str
    rendition_id: str
    status: str
    confidence: float
    revision: int
    updated_at: str
    actor: str
    responds_to: str | None
    statement: Statement

    def as_dict(self) -> dict[str, Any]:
        out = self.statement.model_dump(mode="json")
        out.pop("responds_to", None)  # an index into one extraction; the stored link is an id
        return {"id": self.id, "record_id": self.record_id, "rendition_id": self.rendition_id,
                "status": self.status, "confidence": self.confidence, "revision": self.revision,
                "updated_at": self.updated_at, "actor": self.actor, "responds_to": self.responds_to, **out}


def passage_key(kind: str, cue: str | None, passage: str) -> str:
    folded = _SPACE.sub(" ", passage).strip().casefold()
    return hashlib.sha256("\x1f".join((kind, (cue or "").casefold(), folded)).encode("utf-8")).hexdigest()


def statement_id(record_id: str, key: str) -> str:
    return "stm-" + hashlib.sha256(f"{record_id}\x1f{key}".encode()).hexdigest()[:16]


def text_of(doc: Document) -> tuple[str, str]:
    """The rendition the findings' offsets point into: the one the extractors read (original, else OCR,
    else the first)."""
    for kind in ("original", "ocr", "transcription"):
        for r in doc.renditions:
            if r.kind == kind:
                return r.id, r.text
    return (doc.renditions[0].id, doc.renditions[0].text) if doc.renditions else ("", "")


def _data(s: Statement) -> str:
    return json.dumps(s.model_dump(mode="json"), ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _columns(s: Statement) -> dict[str, Any]:
    return {"kind": s.kind, "passage_start": s.start, "passage_end": s.end,
            "agent_authority": s.agent.authority if s.agent else None,
            "addressee_authority": s.addressee.authority if s.addressee else None,
            "date": s.date, "decision": s.decision, "data": _data(s)}


def _version(conn: Connection, sid: str, record_id: str, number: int, now: str, actor: str, message: str,
             status: str, data: str) -> None:
    conn.execute(insert(statement_revisions).values(statement_id=sid, number=number, record_id=record_id, at=now,
                                                    actor=actor, message=message, status=status, data=data))


def sync(conn: Connection, doc: Document, now: str, new: bool = False) -> None:
    """Write what the extractors found in ``doc`` (its ``findings.statements``); called in the save's
    transaction. ``new``: the document was not stored before this transaction, so it has no statements
    to look up (``statements.record_id`` is a foreign key to ``records``)."""
    found = list(doc.findings.statements)
    if new and not found:
        return
    rendition_id, text = text_of(doc)
    keys = [passage_key(s.kind, s.cue, text[s.start:s.end]) for s in found]
    ids = [statement_id(doc.id, k) for k in keys]
    old = {} if new else {
        r.passage_key: r for r in conn.execute(select(statements).where(statements.c.record_id == doc.id))}
    # New statements go in as one multi-row insert each for the rows and their first versions: one
    # statement per row with .values() was half of an ingested document's commit (SQLAlchemy's
    # per-statement work, not SQLite's). Same rows, same order, same transaction.
    added: list[dict[str, Any]] = []
    versions: list[dict[str, Any]] = []
    for s, key, sid in zip(found, keys, ids, strict=True):
        link = ids[s.responds_to] if s.responds_to is not None and 0 <= s.responds_to < len(ids) else None
        columns = {**_columns(s), "responds_to": link, "rendition_id": rendition_id}
        row = old.get(key)
        if row is None:
            added.append({"id": sid, "record_id": doc.id, "passage_key": key, "status": "extracted",
                          "confidence": s.confidence(), "revision": 1, "updated_at": now, "actor": EXTRACTOR,
                          **columns})
            versions.append({"statement_id": sid, "number": 1, "record_id": doc.id, "at": now, "actor": EXTRACTOR,
                             "message": "extracted", "status": "extracted", "data": columns["data"]})
        elif row.status == "extracted" and (row.data, row.responds_to, row.passage_start) != (
                columns["data"], link, s.start):
            conn.execute(update(statements).where(statements.c.id == row.id).values(
                confidence=s.confidence(), revision=row.revision + 1, updated_at=now, actor=EXTRACTOR, **columns))
            _version(conn, row.id, doc.id, row.revision + 1, now, EXTRACTOR, "extracted again", "extracted",
                     columns["data"])
        elif row.status != "extracted" and row.passage_start != s.start:
            # The editor's statement stays as judged; only where its passage now stands follows the text.
            conn.execute(update(statements).where(statements.c.id == row.id).values(
                passage_start=s.start, passage_end=s.end))
    if added:
        insert_many(conn, statements, added)
        insert_many(conn, statement_revisions, versions)
    gone = [r.id for k, r in old.items() if r.status == "extracted" and k not in set(keys)]
    if gone:
        conn.execute(delete(statements).where(statements.c.id.in_(gone)))


def _from_row(row: Any) -> Stored:
    return Stored(id=row.id, record_id=row.record_id, rendition_id=row.rendition_id, status=row.status,
                  confidence=row.confidence, revision=row.revision, updated_at=row.updated_at, actor=row.actor,
                  responds_to=row.responds_to,
                  # where the passage stands now: a judged statement's offsets follow edits to the text
                  statement=Statement.model_validate({**json.loads(row.data), "start": row.passage_start,
                                                      "end": row.passage_end}))


def of_document(archive: Archive, record_id: str, viewer: Viewer, rejected: bool = False) -> list[Stored]:
    """A document's statements in text order (none when the viewer may not read it); rejected ones only
    when asked."""
    query = (select(statements).join(records, records.c.id == statements.c.record_id)
             .where(statements.c.record_id == record_id, visible(viewer, archive.today()))
             .order_by(statements.c.passage_start))
    if not rejected:
        query = query.where(statements.c.status != "rejected")
    with archive.engine.connect() as conn:
        rows = conn.execute(query).all()
    return [_from_row(r) for r in rows]  # decoded after the query: its time limit is the SQL's, not the decoding's


def of_authority(archive: Archive, authority_id: str, viewer: Viewer) -> list[Stored]:
    """Statements whose agent or addressee is linked to ``authority_id``, in the documents the viewer may
    read, rejected ones left out."""
    query = (select(statements).join(records, records.c.id == statements.c.record_id)
             .where((statements.c.agent_authority == authority_id)
                    | (statements.c.addressee_authority == authority_id),
                    statements.c.status != "rejected", visible(viewer, archive.today()))
             .order_by(statements.c.date, statements.c.record_id, statements.c.passage_start))
    with archive.engine.connect() as conn:
        rows = conn.execute(query).all()
    return [_from_row(r) for r in rows]  # decoded after the query: its time limit is the SQL's, not the decoding's


def of_records(archive: Archive, record_ids: list[str], viewer: Viewer) -> list[Stored]:
    """Statements of several documents (a collection's), rejected ones left out."""
    if not record_ids:
        return []
    query = (select(statements).join(records, records.c.id == statements.c.record_id)
             .where(statements.c.record_id.in_(record_ids), statements.c.status != "rejected",
                    visible(viewer, archive.today()))
             .order_by(statements.c.date, statements.c.record_id, statements.c.passage_start))
    with archive.engine.connect() as conn:
        rows = conn.execute(query).all()
    return [_from_row(r) for r in rows]  # decoded after the query: its time limit is the SQL's, not the decoding's


# ``_data`` writes a statement's JSON with no spaces: a stated quantity is ``"quantity":{``, none ``"quantity":null``.
_STATES_QUANTITY = '"quantity":{'
_CHUNK = 500  # ids per IN list


def with_quantity(archive: Archive, record_ids: list[str], viewer: Viewer) -> list[Stored]:
    """The statements of several documents that state a quantity (what the aid ledger sums), rejected ones left
    out: the test is made in SQL, so a collection of thousands of documents hands over only those rows."""
    out: list[Any] = []
    with archive.engine.connect() as conn:
        for start in range(0, len(record_ids), _CHUNK):
            query = (select(statements).join(records, records.c.id == statements.c.record_id)
                     .where(statements.c.record_id.in_(record_ids[start:start + _CHUNK]),
                            statements.c.status != "rejected", visible(viewer, archive.today()),
                            statements.c.data.contains(_STATES_QUANTITY, autoescape=True)))
            out += conn.execute(query).all()
    return sorted((_from_row(r) for r in out), key=lambda s: (s.statement.date or "", s.record_id, s.statement.start))


def review(archive: Archive, sid: str, verdict: Verdict, viewer: Viewer, ip: str = "",
           correction: dict[str, Any] | None = None, expected_revision: int | None = None) -> Stored:
    """An editor confirms, corrects (``correction``: fields of the statement to change) or rejects a
    statement: a new revision and an audit entry in one transaction."""
    if not viewer.may(PERMISSION):
        raise Forbidden(f"judging statements needs the {PERMISSION!r} permission")
    if verdict not in _VERDICTS:
        raise Invalid(f"unknown verdict {verdict!r}: confirm, correct or reject")
    now = stamp(archive.clock())
    actor = viewer.name or "anonymous"
    with archive.engine.begin() as conn:
        row = conn.execute(select(statements).join(records, records.c.id == statements.c.record_id)
                           .where(statements.c.id == sid, visible(viewer, archive.today()))).first()
        if row is None:
            raise NotFound(f"no statement {sid!r}")
        if expected_revision is not None and expected_revision != row.revision:
            raise Conflict(f"the statement changed since revision {expected_revision} (now {row.revision}); "
                           "reload it and judge again")
        current = json.loads(row.data)
        if verdict == "correct":
            if not correction:
                raise Invalid("a correction needs the fields to change")
            try:
                fixed = Statement.model_validate({**current, **correction})
            except ValidationError as exc:
                raise Invalid(f"cannot correct the statement: {exc.errors()[0]['msg']}") from exc
            columns = {**_columns(fixed), "confidence": 1.0}
        else:
            columns = {"confidence": 1.0} if verdict == "confirm" else {}
        status = _VERDICTS[verdict]
        number = row.revision + 1
        conn.execute(update(statements).where(statements.c.id == sid).values(
            status=status, revision=number, updated_at=now, actor=actor, **columns))
        _version(conn, sid, row.record_id, number, now, actor, verdict, status, columns.get("data", row.data))
        archive.audit.record(actor, f"statement.{verdict}", sid, ip,
                             {"record": row.record_id, "revision": number, "correction": correction or {}},
                             conn=conn)
        # the document's facets change with its statements: the index re-reads it from this row
        doc_revision = conn.execute(select(records.c.revision).where(records.c.id == row.record_id)).scalar_one()
        conn.execute(insert(outbox).values(record_id=row.record_id, revision=doc_revision, at=now))
        out = conn.execute(select(statements).where(statements.c.id == sid)).one()
    return _from_row(out)


def history(archive: Archive, sid: str, viewer: Viewer) -> list[dict[str, Any]]:
    """Every version of a statement, newest first, when the viewer may read its document."""
    with archive.engine.connect() as conn:
        row = conn.execute(select(statements.c.record_id).join(records, records.c.id == statements.c.record_id)
                           .where(statements.c.id == sid, visible(viewer, archive.today()))).first()
        if row is None:
            raise NotFound(f"no statement {sid!r}")
        query = (select(statement_revisions).where(statement_revisions.c.statement_id == sid)
                 .order_by(statement_revisions.c.number.desc()))
        return [{"revision": r.number, "at": r.at, "actor": r.actor, "message": r.message, "status": r.status,
                 "statement": json.loads(r.data)} for r in conn.execute(query)]


# --- in the whole-archive export (store/exchange.py) ----------------------------------------------------------

_ROW_FIELDS = ("id", "record_id", "rendition_id", "passage_key", "kind", "status", "confidence", "passage_start",
               "passage_end", "agent_authority", "addressee_authority", "responds_to", "date", "decision",
               "revision", "updated_at", "actor")
_REVISION_FIELDS = ("number", "at", "actor", "message", "status")


def export_rows(conn: Connection) -> Iterator[dict[str, Any]]:
    """Every statement (rejected ones too: a verdict is the archive's) with its versions, by id."""
    versions: dict[str, list[dict[str, Any]]] = {}
    for v in conn.execute(select(statement_revisions).order_by(statement_revisions.c.statement_id,
                                                               statement_revisions.c.number)):
        versions.setdefault(v.statement_id, []).append(
            {**{k: getattr(v, k) for k in _REVISION_FIELDS}, "data": json.loads(v.data)})
    for row in conn.execute(select(statements).order_by(statements.c.id)):
        yield {**{k: getattr(row, k) for k in _ROW_FIELDS}, "data": json.loads(row.data),
               "revisions": versions.get(row.id, [])}


def import_rows(conn: Connection, entries: list[dict[str, Any]]) -> None:
    """Write exported statements back as they were (status, verdicts, versions); a bad entry is refused."""
    for entry in entries:
        try:
            Statement.model_validate(entry["data"])
            row = {k: entry[k] for k in _ROW_FIELDS} | {"data": dumps(entry["data"])}
            history = [{k: v[k] for k in _REVISION_FIELDS} | {"data": dumps(v["data"])} for v in entry["revisions"]]
        except (KeyError, TypeError, ValidationError) as exc:
            raise Invalid(f"statement {entry.get('id') if isinstance(entry, dict) else entry!r} in the export "
                          f"is not valid: {exc}") from None
        conn.execute(insert(statements).values(**row))
        for v in history:
            conn.execute(insert(statement_revisions).values(statement_id=row["id"], record_id=row["record_id"], **v))


__all__ = ["EXTRACTOR", "PERMISSION", "STATUSES", "Stored", "export_rows", "history", "import_rows", "of_authority",
           "of_document", "of_records", "passage_key", "review", "statement_id", "sync", "with_quantity"]
