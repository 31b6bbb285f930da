"""What the derived search index reads from the store: the outbox of changes, the documents that
link to a changed authority or collection, every document id for a rebuild, and the last word
on which hits a viewer may read. The index never writes SQL; it asks here.

Reading the outbox without ever skipping a change
--------------------------------------------------
Outbox seqs are handed out when a row is inserted, not when its transaction commits. On SQLite
that is the same order (one writer holds the database from its first write to its commit), so
"every row after the last seq applied" is exact. On PostgreSQL a transaction may take seq N and
commit after N+1 was read and applied; reading "after N+1" would then skip N forever.

So on PostgreSQL every outbox row also records its transaction id (``xid``, an xid8 filled by
``pg_current_xact_id()``), and a reader's position is a *horizon* X plus the few rows at or
above X it already applied ("done"). A read, in one REPEATABLE READ snapshot, takes the
snapshot's xmin -- every transaction with an xid below it has ended, so its rows, if it
committed, are visible in that very snapshot -- and the visible rows with xid >= X not yet done.
Once those are applied the horizon moves to xmin: nothing below it can ever appear again, and a
transaction still running at the read has an xid >= xmin (or gets one later), so its rows are
read when it commits, whatever seq it took. No waiting, no timeout: an open transaction only
keeps the horizon where it is, and the rows committed meanwhile wait in "done" so they are not
applied twice.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

from sqlalchemy import ColumnElement, Connection, Select, and_, bindparam, func, literal_column, select, text, union

from opis.store.access import Viewer, sees_everything, visible
from opis.store.archive import Archive
from opis.store.schema import outbox, record_links, records, statements

# PostgreSQL only (migration 0009); the SQLite schema has no xid column.
XID: ColumnElement[Any] = literal_column("outbox.xid")
XID_NUMBER: ColumnElement[Any] = literal_column("CAST(CAST(outbox.xid AS text) AS bigint)")


def _xid_at_least(floor: int) -> ColumnElement[bool]:
    return text("outbox.xid >= CAST(CAST(:floor AS text) AS xid8)").bindparams(floor=floor)  # type: ignore[return-value]


@dataclass(frozen=True)
class Position:
    """How far a reader of the outbox has applied it.

    ``seq``: the highest seq applied (on SQLite: every row up to it). ``horizon`` (PostgreSQL):
    every transaction with an xid below it is applied; None when unknown (a new or older index:
    the whole outbox is read once). ``done``: (xid, seq) of rows applied at or above the horizon.
    """

    seq: int = 0
    horizon: int | None = None
    done: frozenset[tuple[int, int]] = field(default_factory=frozenset)

    def to_json(self) -> dict[str, Any]:
        return {"seq": self.seq, "horizon": self.horizon, "done": sorted([x, s] for x, s in self.done)}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Position:
        horizon = data.get("horizon")
        return cls(int(data.get("seq", 0)), None if horizon is None else int(horizon),
                   frozenset((int(x), int(s)) for x, s in data.get("done", [])))

    def __str__(self) -> str:
        return json.dumps(self.to_json())


@dataclass(frozen=True)
class Changes:
    """Outbox rows to apply, oldest first, and the position once they are applied."""

    rows: list[tuple[int, str]]
    after: Position


def _postgres(archive: Archive) -> bool:
    return archive.engine.dialect.name == "postgresql"


def _horizon(conn: Connection) -> int:
    return int(conn.execute(text("SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint")).scalar_one())


def last_seq(archive: Archive) -> int:
    """The newest outbox seq (0 when nothing was ever saved)."""
    with archive.engine.connect() as conn:
        return int(conn.execute(select(func.coalesce(func.max(outbox.c.seq), 0))).scalar_one())


def start_position(archive: Archive) -> Position:
    """A position that covers every change committed now: taken before a rebuild reads the store,
    so what commits during the rebuild is applied again afterwards rather than missed."""
    if not _postgres(archive):
        return Position(last_seq(archive))
    with archive.engine.connect().execution_options(isolation_level="REPEATABLE READ") as conn, conn.begin():
        seq = int(conn.execute(select(func.coalesce(func.max(outbox.c.seq), 0))).scalar_one())
        return Position(seq, _horizon(conn))


def changes_after(archive: Archive, seq: int, limit: int) -> list[tuple[int, str]]:
    """Up to ``limit`` outbox rows after ``seq``, by seq: (seq, record id). Exact on SQLite only;
    the indexer reads through ``changes_since``."""
    with archive.engine.connect() as conn:
        rows = conn.execute(select(outbox.c.seq, outbox.c.record_id).where(outbox.c.seq > seq)
                            .order_by(outbox.c.seq).limit(limit)).all()
    return [(int(r.seq), str(r.record_id)) for r in rows]


def changes_since(archive: Archive, pos: Position, limit: int) -> Changes:
    """Up to ``limit`` committed outbox rows ``pos`` does not cover, and the position after them."""
    if not _postgres(archive):
        rows = changes_after(archive, pos.seq, limit)
        return Changes(rows, Position(rows[-1][0]) if rows else pos)
    floor = pos.horizon or 0
    with archive.engine.connect().execution_options(isolation_level="REPEATABLE READ") as conn, conn.begin():
        horizon = _horizon(conn)  # the same snapshot as the rows below
        found = conn.execute(
            select(outbox.c.seq, outbox.c.record_id, XID_NUMBER.label("xid")).where(_xid_at_least(floor))
            .order_by(XID, outbox.c.seq).limit(limit + len(pos.done))).all()
    keyed = [(int(r.xid), int(r.seq), str(r.record_id)) for r in found]
    fresh = [k for k in keyed if (k[0], k[1]) not in pos.done][:limit]
    if len(found) < limit + len(pos.done) and len(fresh) < limit or not fresh:
        new_floor = horizon  # every row at or above the old floor was seen
    else:
        # Cut short: rows below the last one taken were all read (they come in xid order), and
        # rows below the snapshot's xmin are all visible; rows above either may still come.
        new_floor = min(horizon, fresh[-1][0])
    new_floor = max(new_floor, floor)
    done = frozenset(k for k in pos.done | {(x, s) for x, s, _ in fresh} if k[0] >= new_floor)
    seq = max([pos.seq, *(s for _, s, _ in fresh)])
    return Changes([(s, r) for _, s, r in fresh], Position(seq, new_floor, done))


def pending(archive: Archive, pos: Position) -> int:
    """How many committed outbox rows ``pos`` does not cover."""
    with archive.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(outbox).where(_not_covered(archive, pos)))
                   .scalar_one())


def _not_covered(archive: Archive, pos: Position) -> ColumnElement[bool]:
    if not _postgres(archive):
        return outbox.c.seq > pos.seq
    if not pos.done:
        return _xid_at_least(pos.horizon or 0)
    return and_(_xid_at_least(pos.horizon or 0), outbox.c.seq.not_in(sorted(s for _, s in pos.done)))


def hidden_since(archive: Archive, viewer: Viewer, pos: Position) -> list[str]:
    """Ids of records changed after ``pos`` that ``viewer`` may not read now: an index that has
    applied up to ``pos`` may still hold them as readable, so its counts must leave them out."""
    if sees_everything(viewer):
        return []
    with archive.engine.connect() as conn:
        rows = conn.execute(select(outbox.c.record_id).distinct()
                            .join(records, records.c.id == outbox.c.record_id)
                            .where(_not_covered(archive, pos), ~visible(viewer, archive.today()))
                            .order_by(outbox.c.record_id))
        return list(rows.scalars())


def linking_to(archive: Archive, target_ids: Sequence[str]) -> list[str]:
    """Ids of the records that link to any of ``target_ids`` (their index documents show its names), and of
    the documents whose statements name one as agent or addressee (their actor facet holds its id only while
    anyone may read it)."""
    if not target_ids:
        return []
    targets = list(target_ids)
    linked = select(record_links.c.record_id.label("id")).where(record_links.c.target_id.in_(targets))
    said = select(statements.c.record_id.label("id")).where(
        statements.c.agent_authority.in_(targets) | statements.c.addressee_authority.in_(targets))
    both = union(linked, said).subquery()
    with archive.engine.connect() as conn:
        rows = conn.execute(select(both.c.id).order_by(both.c.id)).scalars().all()
    return list(rows)


def document_ids(archive: Archive) -> list[str]:
    """Every document's id, in id order."""
    with archive.engine.connect() as conn:
        return list(conn.execute(select(records.c.id).where(records.c.kind == "document")
                                 .order_by(records.c.id)).scalars())


@lru_cache(maxsize=64)
def _readable_statement(viewer: Viewer, today: date) -> Select[Any]:
    """One query by primary key for a whole page: ``id IN (...)`` (an expanding parameter, so the
    compiled statement is reused) and the store's access rule for the viewer on ``today``."""
    return select(records.c.id).where(records.c.id.in_(bindparam("ids", expanding=True)), visible(viewer, today))


def readable_ids(archive: Archive, viewer: Viewer, ids: Sequence[str]) -> set[str]:
    """Which of ``ids`` the viewer may read right now."""
    if not ids:
        return set()
    with archive.engine.connect() as conn:
        rows = conn.execute(_readable_statement(viewer, archive.today()), {"ids": list(ids)})
        return set(rows.scalars())
