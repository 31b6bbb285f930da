"""Export the whole archive as one JSON file, and import such a file into an empty store.

The file holds every record with its full revision history, the statements (store/statements.py: with their
editors' verdicts and versions, so a rejected one stays rejected after a restore), the list of stored originals
(by SHA-256), the audit log (oldest first), and the accounts, sessions, API tokens and ingest jobs
(``exchange_people``: passwords only as argon2id hashes, session and token secrets only as their
SHA-256), so people sign in after a restore as before. Ordering and formatting are fixed, so export →
import → export gives the same bytes. Stored originals' bytes are copied beside the file
(``<file>.originals/``) on request.

Importing appends the audit entries the store does not hold yet, so the same file read twice adds
them once. Version 1 files (before accounts were exported) still import.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

from sqlalchemy import Connection, func, insert, select

from opis.model import Document, record_from_dict
from opis.store import statements
from opis.store.archive import Archive
from opis.store.codec import dumps
from opis.store.derived import write_derived
from opis.store.errors import Conflict, Invalid
from opis.store.exchange_people import export_people, import_people
from opis.store.originals import OriginalsDir
from opis.store.schema import audit_log, originals, outbox, records, revisions

FORMAT = "opis-export"
VERSION = 2
READABLE = (1, 2)  # version 1: no accounts, sessions, tokens or ingest jobs
Progress = Callable[[int], None]
AUDIT_FIELDS = ("at", "actor", "action", "target", "ip", "detail")  # not seq: it numbers rows in one store


def _revisions_by_record(conn: Connection) -> Iterator[tuple[str, list[dict[str, Any]]]]:
    query = select(revisions).order_by(revisions.c.record_id, revisions.c.number)
    current: str | None = None
    batch: list[dict[str, Any]] = []
    for row in conn.execution_options(stream_results=True, yield_per=500).execute(query):
        if row.record_id != current and current is not None:
            yield current, batch
            batch = []
        current = row.record_id
        batch.append({"number": row.number, "at": row.at, "actor": row.actor, "message": row.message,
                      "data": json.loads(row.data)})
    if current is not None:
        yield current, batch


def export_archive(archive: Archive, out: IO[str], originals_dir: Path | None = None,
                   progress: Progress | None = None) -> int:
    """Write the archive to ``out``; return the number of records. Copies originals if asked."""
    count = 0
    out.write(f'{{"format":"{FORMAT}","version":{VERSION},\n"records":[')
    with archive.engine.connect() as conn, archive.engine.connect() as rconn:
        revs = _revisions_by_record(rconn)
        query = select(records).order_by(records.c.id)
        for row in conn.execution_options(stream_results=True, yield_per=500).execute(query):
            rid, history = next(revs)
            assert rid == row.id, "every record has revisions, in the same order"
            entry = {"id": row.id, "kind": row.kind, "revision": row.revision, "created_at": row.created_at,
                     "updated_at": row.updated_at, "data": json.loads(row.data), "revisions": history}
            out.write(("\n" if count == 0 else ",\n") + dumps(entry))
            count += 1
            if progress:
                progress(count)
        out.write('\n],\n"statements":[')
        for i, entry in enumerate(statements.export_rows(conn)):
            out.write(("\n" if i == 0 else ",\n") + dumps(entry))
        out.write('\n],\n"originals":[')
        rows = conn.execute(select(originals).order_by(originals.c.sha256)).all()
        for i, orow in enumerate(rows):
            out.write(("\n" if i == 0 else ",\n") + dumps(dict(orow._mapping)))
            if originals_dir is not None:
                archive.originals.copy_to(orow.sha256, OriginalsDir(originals_dir).path_for(orow.sha256))
        _export_audit(conn, out)
        export_people(conn, out)
    out.write("\n]}\n")
    return count


def _export_audit(conn: Connection, out: IO[str]) -> None:
    out.write('\n],\n"audit":[')
    query = select(audit_log).order_by(audit_log.c.seq)
    for i, row in enumerate(conn.execution_options(stream_results=True, yield_per=500).execute(query)):
        entry = {k: getattr(row, k) for k in AUDIT_FIELDS} | {"detail": json.loads(row.detail)}
        out.write(("\n" if i == 0 else ",\n") + dumps(entry))


def _check_header(doc: Any) -> None:
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise Invalid("not an opis export file (no \"format\": \"opis-export\" header)")
    if doc.get("version") not in READABLE:
        raise Invalid(f"export version {doc.get('version')!r} is not supported; this opis reads "
                      f"{', '.join(map(str, READABLE))}")


def import_archive(archive: Archive, source: IO[str], originals_dir: Path | None = None,
                   progress: Progress | None = None) -> int:
    """Read an export into an empty store, all or nothing; return the number of records."""
    try:
        doc = json.load(source)
    except json.JSONDecodeError as exc:
        raise Invalid(f"the export file is not valid JSON: {exc}") from None
    _check_header(doc)
    with archive.engine.begin() as conn:
        if conn.execute(select(func.count()).select_from(records)).scalar_one():
            raise Conflict("the store is not empty; import needs an empty store (use a new --data-dir)")
        for n, entry in enumerate(doc.get("records", []), 1):
            _import_record(conn, entry)
            if progress:
                progress(n)
        if "statements" in doc:
            statements.import_rows(conn, doc["statements"])
        else:  # a file from before statements were exported: what the documents' findings state, as extracted
            _statements_from_findings(conn, doc.get("records", []))
        for orow in doc.get("originals", []):
            _import_original(archive, conn, orow, originals_dir)
        _import_audit(conn, doc.get("audit", []))
        import_people(conn, doc)
    return len(doc.get("records", []))


def _import_record(conn: Connection, entry: dict[str, Any]) -> None:
    try:
        record = record_from_dict(entry["data"])
        history = entry["revisions"]
    except (KeyError, ValueError) as exc:
        raise Invalid(f"record {entry.get('id')!r} in the export is not valid: {exc}") from None
    values = Archive._row_values(record, dumps(entry["data"]), entry["revision"], entry["updated_at"])
    conn.execute(insert(records).values(id=record.id, created_at=entry["created_at"], **values))
    conn.execute(insert(revisions), [
        {"record_id": record.id, "number": h["number"], "at": h["at"], "actor": h["actor"],
         "message": h["message"], "data": dumps(h["data"])} for h in history
    ])
    write_derived(conn, record)
    conn.execute(insert(outbox).values(record_id=record.id, revision=entry["revision"], at=entry["updated_at"]))


def _statements_from_findings(conn: Connection, entries: list[dict[str, Any]]) -> None:
    for entry in entries:
        record = record_from_dict(entry["data"])
        if isinstance(record, Document):
            statements.sync(conn, record, entry["updated_at"])


def _import_original(archive: Archive, conn: Connection, orow: dict[str, Any], source_dir: Path | None) -> None:
    sha = orow["sha256"]
    if source_dir is not None and OriginalsDir(source_dir).has(sha):
        stored, _ = archive.originals.put_file(OriginalsDir(source_dir).path_for(sha))
        if stored != sha:
            raise Invalid(f"stored original {sha} does not match its content (got {stored})")
    conn.execute(insert(originals).values(**orow))


def _audit_key(row: Any, detail: Any) -> tuple[str, ...]:
    return (*(str(row[k]) for k in AUDIT_FIELDS[:-1]), dumps(detail))


def _import_audit(conn: Connection, entries: list[dict[str, Any]]) -> None:
    """Append, in the file's order, the entries not already in the store (same time, actor, action, ...).

    Counted, not just looked up: two equal entries (a coarse clock) are two entries, and the
    second import of the same file finds each of them there already.
    """
    rows = conn.execute(select(*(audit_log.c[k] for k in AUDIT_FIELDS)))
    have = Counter(_audit_key(r._mapping, json.loads(r.detail)) for r in rows)
    for entry in entries:
        try:
            # Stored as AuditLog.record writes it, so an entry read back compares equal to its original.
            row = {k: entry[k] for k in AUDIT_FIELDS[:-1]} | {
                "detail": json.dumps(entry["detail"], ensure_ascii=False, sort_keys=True)}
        except (KeyError, TypeError) as exc:
            raise Invalid(f"an audit entry in the export is not valid: {exc}") from None
        key = _audit_key(row, entry["detail"])
        if have[key]:
            have[key] -= 1
        else:
            conn.execute(insert(audit_log).values(**row))
