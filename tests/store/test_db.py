from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text

from opis.store.archive import Archive
from opis.store.db import QueryTimeout, make_engine, migrate, schema_revision
from opis.store.schema import metadata


def test_migrations_create_exactly_the_schema(archive: Archive) -> None:
    with archive.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), metadata)
    assert diff == []
    assert schema_revision(archive.engine) == "0004"
    migrate(archive.engine)  # idempotent


def test_every_query_has_a_time_limit(database_url: str) -> None:
    engine = make_engine(database_url, query_timeout_ms=200)
    endless = ("WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM r) SELECT count(*) FROM r"
               if database_url.startswith("sqlite") else "SELECT pg_sleep(5)")
    with engine.connect() as conn, pytest.raises(QueryTimeout, match="200 ms"):
        conn.execute(text(endless)).all()
    engine.dispose()
