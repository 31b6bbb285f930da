"""Fixity runs in the store: each check's row (queued, running, its progress, what it found), the
originals it checks (listed a page at a time, in hash order) and the documents holding a damaged one.

The check itself (reading and hashing the bytes) is jobs/fixity.py; this module only reads and
writes rows, so every node, worker and the CLI see a run's state whoever runs it.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from sqlalchemy import Connection, func, insert, select, update

from opis.store.archive import Archive
from opis.store.clock import stamp
from opis.store.derived import original_key
from opis.store.errors import NotFound
from opis.store.schema import fixity_runs, originals, record_links, records

PAGE = 1000  # originals read per query while checking
PROBLEMS_KEPT = 1000  # problems kept in a run's row; the counts stay exact beyond
COUNTS = ("checked", "bytes", "missing", "mismatched", "unreadable", "unlisted")
ENDED = ("passed", "failed", "broken")


def start_run(archive: Archive, actor: str, place: str,
              enqueue: Callable[[Connection, str], object] | None = None) -> str:
    """Record a run ("queued"); return its id. ``enqueue(conn, run_id)`` defers its work in the same
    transaction (the PostgreSQL queue), so the row and its job exist together or not at all."""
    run_id = f"fixity-{uuid.uuid4().hex[:16]}"
    now = stamp(archive.clock())
    with archive.engine.begin() as conn:
        conn.execute(insert(fixity_runs).values(
            id=run_id, started_at=now, updated_at=now, actor=actor, status="queued", place=place, total=0,
            problems="[]", message="", **dict.fromkeys(COUNTS, 0)))
        if enqueue is not None:
            enqueue(conn, run_id)
    return run_id


def begin(archive: Archive, run_id: str, place: str) -> int:
    """Mark the run running from nothing (a retried job starts over); return how many originals are listed."""
    with archive.engine.begin() as conn:
        total = int(conn.execute(select(func.count()).select_from(originals)).scalar_one())
        done = conn.execute(update(fixity_runs).where(fixity_runs.c.id == run_id).values(
            status="running", total=total, place=place, updated_at=stamp(archive.clock()), finished_at=None,
            problems="[]", message="", **dict.fromkeys(COUNTS, 0)))
    if done.rowcount == 0:
        raise NotFound(f"no fixity run {run_id!r}")
    return total


def listed(archive: Archive) -> Iterator[tuple[str, int]]:
    """(sha256, size) of every listed original in hash order, a page per query (memory stays a page)."""
    after = ""
    while True:
        with archive.engine.connect() as conn:
            rows = conn.execute(select(originals.c.sha256, originals.c.size).where(originals.c.sha256 > after)
                                .order_by(originals.c.sha256).limit(PAGE)).all()
        if not rows:
            return
        for row in rows:
            yield str(row.sha256), int(row.size)
        after = str(rows[-1].sha256)


def report(archive: Archive, run_id: str, counts: dict[str, int]) -> None:
    """Record the run's progress so far."""
    with archive.engine.begin() as conn:
        conn.execute(update(fixity_runs).where(fixity_runs.c.id == run_id).values(
            updated_at=stamp(archive.clock()), **{k: counts.get(k, 0) for k in COUNTS}))


def finish(archive: Archive, run_id: str, counts: dict[str, int], problems: Sequence[dict[str, Any]],
           status: str, message: str = "") -> None:
    """Record the run's end: passed (nothing wrong), failed (something missing, damaged or unreadable)
    or broken (the check itself could not go on: ``message`` says why)."""
    now = stamp(archive.clock())
    with archive.engine.begin() as conn:
        conn.execute(update(fixity_runs).where(fixity_runs.c.id == run_id).values(
            status=status, updated_at=now, finished_at=now, message=message,
            problems=json.dumps(list(problems[:PROBLEMS_KEPT]), ensure_ascii=False, sort_keys=True),
            **{k: counts.get(k, 0) for k in COUNTS}))


def holders(archive: Archive, shas: Sequence[str]) -> dict[str, list[dict[str, str]]]:
    """The records holding each original (id, kind, title, status), whatever their access: staff read this."""
    out: dict[str, list[dict[str, str]]] = {sha: [] for sha in shas}
    keys = {original_key(sha): sha for sha in shas}
    names = list(keys)
    for start in range(0, len(names), PAGE):
        query = (select(record_links.c.target_id, records.c.id, records.c.kind, records.c.title, records.c.status)
                 .join(records, records.c.id == record_links.c.record_id)
                 .where(record_links.c.target_id.in_(names[start:start + PAGE]))
                 .order_by(record_links.c.target_id, records.c.id))
        with archive.engine.connect() as conn:
            for row in conn.execute(query):
                out[keys[row.target_id]].append({"id": row.id, "kind": row.kind, "title": row.title,
                                                 "status": row.status})
    return out


def _row(row: Any) -> dict[str, Any]:
    data = dict(row._mapping)
    data["problems"] = json.loads(data["problems"])
    data["problem_count"] = data["missing"] + data["mismatched"] + data["unreadable"]
    return data


def run_status(archive: Archive, run_id: str) -> dict[str, Any]:
    with archive.engine.connect() as conn:
        row = conn.execute(select(fixity_runs).where(fixity_runs.c.id == run_id)).first()
    if row is None:
        raise NotFound(f"no fixity run {run_id!r}")
    return _row(row)


def recent_runs(archive: Archive, offset: int = 0, limit: int = 20) -> tuple[list[dict[str, Any]], int]:
    """Runs, newest first, without their problem lists (a run's own page has them); and how many in all."""
    query = (select(*(c for c in fixity_runs.c if c.name != "problems"))
             .order_by(fixity_runs.c.started_at.desc(), fixity_runs.c.id).offset(offset).limit(limit))
    with archive.engine.connect() as conn:
        rows = conn.execute(query).all()
        total = int(conn.execute(select(func.count()).select_from(fixity_runs)).scalar_one())
    items = []
    for row in rows:
        data = dict(row._mapping)
        data["problem_count"] = data["missing"] + data["mismatched"] + data["unreadable"]
        items.append(data)
    return items, total
