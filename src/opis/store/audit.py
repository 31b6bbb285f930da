"""The audit log: who did what to which record or account, when, and from where.

Rows are only ever added. Failed sign-ins are audit rows too, which is what the sign-in rate
limit counts, so the limit holds across server restarts and worker processes.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import Connection, Engine, func, insert, or_, select

from opis.store.clock import Clock, stamp, utc_now
from opis.store.schema import audit_log


@dataclass(frozen=True)
class AuditEntry:
    seq: int
    at: str
    actor: str
    action: str
    target: str
    ip: str
    detail: dict[str, Any]

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


class AuditLog:
    def __init__(self, engine: Engine, clock: Clock = utc_now) -> None:
        self.engine = engine
        self.clock = clock

    def record(self, actor: str, action: str, target: str = "", ip: str = "",
               detail: dict[str, Any] | None = None, conn: Connection | None = None) -> None:
        """Add one entry; pass ``conn`` to make it part of the caller's transaction."""
        values = {"at": stamp(self.clock()), "actor": actor, "action": action, "target": target[:200],
                  "ip": ip[:64], "detail": json.dumps(detail or {}, ensure_ascii=False, sort_keys=True)}
        if conn is not None:
            conn.execute(insert(audit_log).values(**values))
            return
        with self.engine.begin() as own:
            own.execute(insert(audit_log).values(**values))

    def entries(self, offset: int = 0, limit: int = 100, actor: str | None = None,
                action: str | None = None, target: str | None = None) -> tuple[list[AuditEntry], int]:
        """Newest first, with the total matching the filters."""
        where = [c for c in (audit_log.c.actor == actor if actor else None,
                             audit_log.c.action == action if action else None,
                             audit_log.c.target == target if target else None) if c is not None]
        query = select(audit_log).where(*where).order_by(audit_log.c.seq.desc()).offset(offset).limit(limit)
        with self.engine.connect() as conn:
            total = conn.execute(select(func.count()).select_from(audit_log).where(*where)).scalar_one()
            rows = conn.execute(query).all()
        return [_entry(r) for r in rows], total

    def all(self) -> Iterator[AuditEntry]:
        """Every entry, oldest first (the JSON export writes these)."""
        with self.engine.connect() as conn:
            for row in conn.execute(select(audit_log).order_by(audit_log.c.seq)):
                yield _entry(row)

    def recent_count(self, action: str, within: timedelta, actor: str | None = None,
                     ip: str | None = None) -> int:
        """Entries of ``action`` in the last ``within`` by ``actor`` or from ``ip`` (either matches)."""
        since = stamp(self.clock() - within)
        who = [c for c in (audit_log.c.actor == actor if actor else None,
                           audit_log.c.ip == ip if ip else None) if c is not None]
        query = select(func.count()).select_from(audit_log).where(
            audit_log.c.action == action, audit_log.c.at >= since, or_(*who) if who else audit_log.c.seq >= 0)
        with self.engine.connect() as conn:
            return int(conn.execute(query).scalar_one())


def _entry(row: Any) -> AuditEntry:
    return AuditEntry(row.seq, row.at, row.actor, row.action, row.target, row.ip, json.loads(row.detail))
