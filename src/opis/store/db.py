"""Engines for SQLite (embedded default) and PostgreSQL, with a time limit on every query, and migrations."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Mapping, Sequence
from importlib import resources
from operator import itemgetter
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, Engine, Table, create_engine, event, insert
from sqlalchemy.engine import make_url


class QueryTimeout(RuntimeError):
    """A query ran past OPIS_QUERY_TIMEOUT_MS and was stopped."""

    code = "timeout"


def make_engine(url: str, query_timeout_ms: int = 5000) -> Engine:
    """An engine whose every statement is stopped after ``query_timeout_ms``."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(url, query_timeout_ms)
    if parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    engine = create_engine(
        parsed,
        pool_pre_ping=True,
        connect_args={"options": f"-c statement_timeout={query_timeout_ms}"},
    )
    _explain_timeouts(engine, query_timeout_ms, lambda exc: getattr(exc, "sqlstate", None) == "57014")
    return engine


def insert_many(conn: Connection, table: Table, rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert ``rows`` (all with the keys of the first) in one statement run once per row.

    On SQLite the statement goes to the driver as it is, each row as a tuple through the columns' own
    bind processors (dates as SQLAlchemy writes them): SQLAlchemy's per-row parameter handling was a
    tenth of a catalogue import's time. Elsewhere, or if a column left out has a Python default, it is
    SQLAlchemy's ``insert``."""
    if not rows:
        return
    keys = list(rows[0])
    if conn.dialect.name != "sqlite" or any(c.default is not None for c in table.c if c.name not in keys):
        conn.execute(insert(table), list(rows))
        return
    prep = conn.dialect.identifier_preparer
    columns = [table.c[k] for k in keys]
    procs = [c.type.bind_processor(conn.dialect) for c in columns]
    sql = (f"INSERT INTO {prep.format_table(table)} ({', '.join(prep.format_column(c) for c in columns)}) "
           f"VALUES ({', '.join('?' for _ in keys)})")
    if any(procs):
        params = [tuple(row[k] if p is None else p(row[k]) for k, p in zip(keys, procs, strict=True)) for row in rows]
    else:  # the common case (text and numbers): a C-level getter per row
        get = itemgetter(*keys)
        params = [get(row) for row in rows] if len(keys) > 1 else [(row[keys[0]],) for row in rows]
    conn.exec_driver_sql(sql, params)


def _sqlite_engine(url: str, query_timeout_ms: int) -> Engine:
    engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})
    limit_s = query_timeout_ms / 1000

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: sqlite3.Connection, record: Any) -> None:
        cur = dbapi_conn.cursor()
        # WAL lets readers go on while the one writer writes; NORMAL is durable at checkpoints in WAL mode.
        for pragma in ("journal_mode=WAL", "synchronous=NORMAL", "foreign_keys=ON", "busy_timeout=30000"):
            cur.execute(f"PRAGMA {pragma}")
        cur.close()
        deadline = [float("inf")]
        record.info["deadline"] = deadline
        # SQLite has no statement timeout: the progress handler aborts a statement past its deadline.
        dbapi_conn.set_progress_handler(lambda: 1 if time.monotonic() > deadline[0] else 0, 10_000)

    @event.listens_for(engine, "before_cursor_execute")
    def _arm(conn: Connection, *_args: Any) -> None:
        conn.info["deadline"][0] = time.monotonic() + limit_s

    _explain_timeouts(engine, query_timeout_ms,
                      lambda exc: isinstance(exc, sqlite3.OperationalError) and "interrupted" in str(exc))
    return engine


def _explain_timeouts(engine: Engine, query_timeout_ms: int, is_timeout: Callable[[BaseException], bool]) -> None:
    """Turn each driver's own 'cancelled' error into one QueryTimeout the layers above understand."""

    @event.listens_for(engine, "handle_error")
    def _explain(ctx: Any) -> None:
        if is_timeout(ctx.original_exception):
            raise QueryTimeout(f"query stopped after {query_timeout_ms} ms (OPIS_QUERY_TIMEOUT_MS)")


def _alembic_config(conn: Connection) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(resources.files("opis.store").joinpath("migrations")))
    cfg.attributes["connection"] = conn
    return cfg


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest migration (idempotent)."""
    with engine.begin() as conn:
        command.upgrade(_alembic_config(conn), "head")


def schema_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()
