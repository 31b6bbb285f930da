"""Re-extraction runs in the store, and a queued reindex: rows only (jobs.reextract does the work).

A run's documents are split into numbered batches when the run is recorded, so every worker, node
and the CLI read the same batches and the same progress (batches done, documents done) whoever runs
them. ``finish_batch`` marks a batch done in the transaction that saves its documents' new findings:
a batch run twice (its worker was killed, the queue retried it) is skipped the second time, and
saving unchanged findings makes no revision anyway (``Archive._save`` compares the stored data).

``mark_for_reindex`` is a reindex that reaches every node: one outbox row per document at its current
revision, written a batch per transaction, so every node's IndexerThread re-reads the documents as it
does after a save. It does not rebuild an index (``opis reindex`` does, on one node).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import Connection, func, insert, select, update

from opis.model import AnyRecord
from opis.store.archive import Archive
from opis.store.clock import stamp
from opis.store.db import insert_many
from opis.store.errors import NotFound
from opis.store.schema import outbox, record_links, records, reextract_batches, reextract_runs

BATCH = 100  # documents per job: a batch is a few seconds of extraction, small enough to retry
MARK_BATCH = 1000  # outbox rows written per transaction by mark_for_reindex


def document_ids(archive: Archive, collection: str | None = None, ids: Sequence[str] = ()) -> list[str]:
    """The stored documents a run covers, in id order: the listed ones that exist, else those of
    ``collection``, else all."""
    query = select(records.c.id).where(records.c.kind == "document")
    if ids:
        query = query.where(records.c.id.in_(list(ids)))
    if collection:
        query = query.where(records.c.id.in_(select(record_links.c.record_id)
                                             .where(record_links.c.target_id == collection)))
    with archive.engine.connect() as conn:
        return [str(r) for r in conn.execute(query.order_by(records.c.id)).scalars()]


def start_run(archive: Archive, actor: str, scope: dict[str, Any], ids: Sequence[str], batch: int | None = None,
              enqueue: Callable[[Connection, str, int], object] | None = None) -> str:
    """Record a run of ``ids`` in batches of ``batch``; return its id. ``enqueue(conn, run, batches)``
    defers its jobs in the same transaction (the PostgreSQL queue): the rows and jobs exist together."""
    run_id = f"reextract-{uuid.uuid4().hex[:16]}"
    batch = batch or BATCH
    chunks = [list(ids[i:i + batch]) for i in range(0, len(ids), batch)]
    now = stamp(archive.clock())
    with archive.engine.begin() as conn:
        conn.execute(insert(reextract_runs).values(
            id=run_id, started_at=now, finished_at=None if chunks else now, actor=actor,
            scope=json.dumps(scope, ensure_ascii=False, sort_keys=True), total=len(ids), batches=len(chunks),
            message=""))
        if chunks:
            insert_many(conn, reextract_batches, [
                {"run_id": run_id, "number": n, "ids": json.dumps(chunk), "size": len(chunk), "done_at": None,
                 "changed": 0, "failed": 0} for n, chunk in enumerate(chunks, 1)])
        if enqueue is not None and chunks:
            enqueue(conn, run_id, len(chunks))
    return run_id


def batch_ids(archive: Archive, run_id: str, number: int) -> list[str] | None:
    """The ids of batch ``number``, or None if it is done already (a retried job)."""
    with archive.engine.connect() as conn:
        row = conn.execute(select(reextract_batches.c.ids, reextract_batches.c.done_at).where(
            reextract_batches.c.run_id == run_id, reextract_batches.c.number == number)).first()
    if row is None:
        raise NotFound(f"no batch {number} in re-extraction run {run_id!r}")
    return None if row.done_at is not None else [str(i) for i in json.loads(row.ids)]


def actor_of(archive: Archive, run_id: str) -> str:
    with archive.engine.connect() as conn:
        actor = conn.execute(select(reextract_runs.c.actor).where(reextract_runs.c.id == run_id)).scalar()
    if actor is None:
        raise NotFound(f"no re-extraction run {run_id!r}")
    return str(actor)


def finish_batch(archive: Archive, run_id: str, number: int, changed: Sequence[AnyRecord], failed: int,
                 actor: str, message: str) -> bool:
    """Save the batch's changed documents and mark it done, in one transaction; False (nothing saved)
    if another run of the same batch marked it done first."""
    now = stamp(archive.clock())
    with archive.engine.begin() as conn:
        claimed = conn.execute(update(reextract_batches).where(
            reextract_batches.c.run_id == run_id, reextract_batches.c.number == number,
            reextract_batches.c.done_at.is_(None)).values(done_at=now, failed=failed))
        if claimed.rowcount == 0:
            return False
        saved = archive.save_in(conn, changed, actor, message, now)
        conn.execute(update(reextract_batches).where(
            reextract_batches.c.run_id == run_id, reextract_batches.c.number == number).values(
            changed=sum(1 for s in saved if s.changed)))
        left = conn.execute(select(func.count()).select_from(reextract_batches).where(
            reextract_batches.c.run_id == run_id, reextract_batches.c.done_at.is_(None))).scalar_one()
        if not left:
            conn.execute(update(reextract_runs).where(reextract_runs.c.id == run_id).values(finished_at=now))
    return True


def run_status(archive: Archive, run_id: str) -> dict[str, Any]:
    """A run's row with its progress: batches and documents done, documents changed and failed."""
    with archive.engine.connect() as conn:
        row = conn.execute(select(reextract_runs).where(reextract_runs.c.id == run_id)).first()
        if row is None:
            raise NotFound(f"no re-extraction run {run_id!r}")
        done = conn.execute(select(func.count(), func.coalesce(func.sum(reextract_batches.c.size), 0),
                                   func.coalesce(func.sum(reextract_batches.c.changed), 0),
                                   func.coalesce(func.sum(reextract_batches.c.failed), 0))
                            .where(reextract_batches.c.run_id == run_id,
                                   reextract_batches.c.done_at.is_not(None))).one()
    data = dict(row._mapping)
    data["scope"] = json.loads(data["scope"])
    data["status"] = "broken" if data["message"] else "done" if data["finished_at"] else "running"
    data.update(batches_done=int(done[0]), done=int(done[1]), changed=int(done[2]), failed=int(done[3]))
    return data


def broke(archive: Archive, run_id: str, message: str) -> None:
    """Record that the run stopped before its last batch and why (the batches done stay done)."""
    now = stamp(archive.clock())
    with archive.engine.begin() as conn:
        conn.execute(update(reextract_runs).where(reextract_runs.c.id == run_id).values(
            finished_at=now, message=message or "stopped"))


def mark_for_reindex(archive: Archive, ids: Sequence[str], batch: int = MARK_BATCH,
                     progress: Callable[[int], object] | None = None) -> int:
    """Write an outbox row for each of ``ids`` at its current revision, ``batch`` per transaction, so
    every node's indexer re-reads them; return how many were marked (ids no longer stored are skipped)."""
    marked = 0
    for start in range(0, len(ids), batch):
        now = stamp(archive.clock())
        with archive.engine.begin() as conn:
            rows = conn.execute(select(records.c.id, records.c.revision)
                                .where(records.c.id.in_(list(ids[start:start + batch])))).all()
            if rows:
                insert_many(conn, outbox, [{"record_id": r.id, "revision": r.revision, "at": now} for r in rows])
        marked += len(rows)
        if progress is not None:
            progress(marked)
    return marked
