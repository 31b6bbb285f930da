"""Reads that may go to a PostgreSQL hot standby (OPIS_READ_DATABASE_URL), and reading one's own writes.

Which reads: only those made inside ``stale_reads(...)`` (the web layer opens it for GET and HEAD
requests) through ``Archive.reading()`` (public pages, search's store check, OAI). Everything else,
writes, sessions, the indexer and job state, stays on the primary: the indexer must read records at
least as new as the outbox rows it applies, which are read on the primary.

Read-your-writes, by replay position rather than by time. After a request that may have written,
the web layer takes the primary's WAL position (``write_position``): every commit of that request
is at or before it. The client carries it (a cookie) and each routed read first asks the standby
``pg_last_wal_replay_lsn() >= position`` on the connection it then reads on; if not (or if the
standby cannot be reached), the read goes to the primary. Replay only moves forward, so the read
that follows the check sees at least that position. We chose this over "stay on the primary for a
while after a save": a while is a guess, and a standby lagging longer than it would show a person
a page without their save. The cost is one small query per routed read of someone who has saved.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import DBAPIError, OperationalError

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Route:
    """A read may go to a standby that has replayed at least ``after`` (a PostgreSQL LSN, ``0/3000148``)."""
    after: str | None = None


_route: ContextVar[Route | None] = ContextVar("opis_read_route", default=None)


@contextmanager
def stale_reads(after: str | None = None) -> Iterator[None]:
    """Let ``Archive.reading()`` in this context use the standby, once it has replayed ``after``."""
    token = _route.set(Route(after if after and is_lsn(after) else None))
    try:
        yield
    finally:
        _route.reset(token)


def is_lsn(value: str) -> bool:
    """True for a PostgreSQL LSN as ``pg_current_wal_lsn()::text`` writes it (two hex numbers)."""
    high, sep, low = value.partition("/")
    return bool(sep) and 0 < len(high) <= 8 and 0 < len(low) <= 8 and all(
        c in "0123456789ABCDEFabcdef" for c in high + low)


def write_position(engine: Engine) -> str | None:
    """The primary's current WAL position: at or after every commit made before this call (None on SQLite)."""
    if engine.dialect.name != "postgresql":
        return None
    with engine.connect() as conn:
        return str(conn.execute(text("SELECT pg_current_wal_lsn()::text")).scalar_one())


@contextmanager
def connection(primary: Engine, standby: Engine | None) -> Iterator[Connection]:
    """A connection to read on: the standby's when this context allows it and the standby has
    replayed what the reader must see, else the primary's."""
    route = _route.get()
    if standby is not None and route is not None:
        conn = _standby(standby, route)
        if conn is not None:
            with conn:
                yield conn
            return
    with primary.connect() as conn:
        yield conn


def _standby(standby: Engine, route: Route) -> Connection | None:
    try:
        conn = standby.connect()
    except OperationalError:
        log.warning("the read standby cannot be reached; reading from the primary", exc_info=True)
        return None
    if route.after is None:
        return conn
    try:
        caught_up = conn.execute(text("SELECT pg_last_wal_replay_lsn() >= CAST(:lsn AS pg_lsn)"),
                                 {"lsn": route.after}).scalar()
    except DBAPIError:
        caught_up = False
    if caught_up:
        return conn
    conn.close()
    return None
