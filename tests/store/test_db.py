from __future__ import annotations

from datetime import date

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import insert, inspect, select, text

from opis.store.archive import Archive
from opis.store.db import QueryTimeout, _alembic_config, insert_many, make_engine, migrate, schema_revision
from opis.store.schema import metadata, record_links, records

POSTGRES_ONLY = {"xid", "ix_outbox_xid"}  # the outbox's transaction ids (migration 0009, store/feed.py)


def _not_postgres_only(obj: object, name: str | None, kind: str, reflected: bool, compare_to: object) -> bool:
    return name not in POSTGRES_ONLY


@pytest.mark.filterwarnings("ignore:Did not recognize type 'xid8'")
@pytest.mark.filterwarnings("ignore:autogenerate skipping metadata-specified expression-based index")
@pytest.mark.filterwarnings("ignore:Skipped unsupported reflection of expression-based index")
def test_migrations_create_exactly_the_schema(archive: Archive) -> None:
    with archive.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"include_object": _not_postgres_only}),
                                metadata)
        columns = {c["name"] for c in inspect(conn).get_columns("outbox")}
    assert diff == []
    assert ("xid" in columns) == (archive.engine.dialect.name == "postgresql")
    assert schema_revision(archive.engine) == "0015"
    migrate(archive.engine)  # idempotent


def test_every_query_has_a_time_limit(database_url: str) -> None:
    engine = make_engine(database_url, query_timeout_ms=200)
    endless = ("WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM r) SELECT count(*) FROM r"
               if database_url.startswith("sqlite") else "SELECT pg_sleep(5)")
    with engine.connect() as conn, pytest.raises(QueryTimeout, match="200 ms"):
        conn.execute(text(endless)).all()
    engine.dispose()


def test_the_units_migration_fills_the_units_of_existing_references(database_url: str) -> None:
    engine = make_engine(database_url, query_timeout_ms=5000)
    with engine.begin() as conn:
        command.upgrade(_alembic_config(conn), "0003")
        conn.execute(text("INSERT INTO records (id, kind, title, revision, status, access, created_at, updated_at, "
                          "data) VALUES ('d', 'document', 't', 1, 'published', 'public', 'x', 'x', '{}')"))
        conn.execute(text("INSERT INTO archival_refs (record_id, origin, position, repository, fond, opis, delo, "
                          "folios, raw) VALUES ('d', 'holding', 0, 'RGAE', '413', '13', '5467', '92', 'r')"))
    migrate(engine)
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT position, level, value FROM archival_units ORDER BY level")).all()
    assert [tuple(r) for r in rows] == [(0, "delo", "5467"), (0, "folios", "92"), (0, "fond", "413"),
                                        (0, "opis", "13")]
    engine.dispose()


def test_the_named_links_migration_links_documents_to_the_authorities_their_texts_name(database_url: str) -> None:
    engine = make_engine(database_url, query_timeout_ms=5000)
    data = ('{"findings": {"names": [{"text": "Shtykov", "type": "person", "authority": "per-s"},'
            ' {"text": "Kim Il Sung", "type": "person", "authority": "per-k"},'
            ' {"text": "Somebody", "type": "person", "authority": null}]}}')
    with engine.begin() as conn:
        command.upgrade(_alembic_config(conn), "0005")
        for rid, kind, body in (("d", "document", data), ("a", "person", data), ("bad", "document", "{not json")):
            conn.execute(text("INSERT INTO records (id, kind, title, revision, status, access, created_at, "
                              "updated_at, data) VALUES (:i, :k, 't', 1, 'published', 'public', 'x', 'x', :d)"),
                         {"i": rid, "k": kind, "d": body})
        # Kim is catalogued as a participant already: that role says more than "named".
        conn.execute(text("INSERT INTO record_links (record_id, target_id, role) VALUES ('d', 'per-k', 'participant')"))
    migrate(engine)
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT record_id, target_id, role FROM record_links ORDER BY target_id")).all()
    assert [tuple(r) for r in rows] == [("d", "per-k", "participant"), ("d", "per-s", "named")]
    engine.dispose()


def test_a_batch_through_insert_many_stores_what_sqlalchemys_insert_stores(archive: Archive) -> None:
    # insert_many hands SQLite the statement and tuples directly; dates must still go through the
    # column types, so a row reads back the same whichever way it went in.
    def rows(prefix: str) -> list[dict[str, object]]:
        return [{"id": f"{prefix}-{i}", "kind": "document", "title": f"Документ {i}", "revision": 1,
                 "status": "published", "access": "embargoed" if i else "public",
                 "embargo_until": date(2031, 1, 2) if i else None, "earliest": date(1950, 6, 25),
                 "latest": date(1950, 6, 25 + i), "created_at": "t", "updated_at": "t", "data": "{}"}
                for i in range(3)]

    with archive.engine.begin() as conn:
        insert_many(conn, records, rows("many"))
        conn.execute(insert(records), rows("plain"))
        insert_many(conn, record_links, [{"record_id": "many-0", "target_id": "x", "role": "place"}])
        insert_many(conn, record_links, [])
    with archive.engine.connect() as conn:
        found = {r.id: r._asdict() for r in conn.execute(select(records).where(records.c.title.like("Документ%")))}
        links = conn.execute(select(record_links.c.target_id).where(record_links.c.record_id == "many-0")).all()
    assert len(found) == 6
    for i in range(3):
        assert {**found[f"many-{i}"], "id": None} == {**found[f"plain-{i}"], "id": None}
    assert found["many-1"]["embargo_until"] == date(2031, 1, 2)
    assert [r.target_id for r in links] == ["x"]
