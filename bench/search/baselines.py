"""The two baselines, loaded with the same documents: SQLite FTS5 and PostgreSQL full text.

Both get what a plain database full-text setup would have: FTS5 with the porter stemmer and
diacritics removed, ranked by bm25() with title and summary weighted like ours (3, 2, 1), set as the
table's rank (``ORDER BY rank LIMIT 10``, FTS5's own idiom for top-k);
PostgreSQL with a stored tsvector (title weight A, summary B, English text with the english
configuration, Russian text with the russian one), a GIN index and ts_rank. Both apply the same
anonymous access condition as the index. Neither has cross-script matching.
"""

from __future__ import annotations

import io
import sqlite3
from collections.abc import Sequence
from datetime import date
from typing import Any

from opis.model import Document

Row = tuple[Any, ...]


def row_of(doc: Document) -> Row:
    text = {"en": [], "ru": []}  # type: dict[str, list[str]]
    for r in doc.renditions:
        text.setdefault(r.language[:2], []).append(r.text)
    repo = doc.archival_refs[0].repository if doc.archival_refs else None
    lo, hi = (doc.date.earliest, doc.date.latest) if doc.date else (None, None)
    return (doc.id, doc.title, doc.summary, " ".join(text["en"]), " ".join(text["ru"]), doc.genre, repo,
            lo, hi, doc.status.value, doc.access.level.value, doc.access.until)


class Fts5:
    def __init__(self, path: str, create: bool = True) -> None:
        self.db = sqlite3.connect(path)
        self.n = 0
        if create:
            self._create()
        # bm25 with our field weights as the table's rank, so queries use FTS5's ORDER BY rank.
        self.db.execute("INSERT INTO fts(fts, rank) VALUES ('rank', 'bm25(3.0, 2.0, 1.0)')")
        self.db.commit()

    def _create(self) -> None:
        self.db.executescript("""
            PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF;
            CREATE TABLE docs(rowid INTEGER PRIMARY KEY, id TEXT, genre TEXT, repository TEXT, earliest TEXT,
                              latest TEXT, status TEXT, access TEXT, embargo TEXT);
            CREATE VIRTUAL TABLE fts USING fts5(title, summary, body,
                                                tokenize='porter unicode61 remove_diacritics 2');
        """)

    def add(self, rows: Sequence[Row]) -> None:
        base = self.n
        self.db.executemany("INSERT INTO docs VALUES (?,?,?,?,?,?,?,?,?)",
                            [(base + i, r[0], r[5], r[6], _iso(r[7]), _iso(r[8]), r[9], r[10], _iso(r[11]))
                             for i, r in enumerate(rows)])
        self.db.executemany("INSERT INTO fts(rowid, title, summary, body) VALUES (?,?,?,?)",
                            [(base + i, r[1], r[2], r[3] + " " + r[4]) for i, r in enumerate(rows)])
        self.n += len(rows)

    def finish(self) -> None:
        self.db.commit()
        self.db.execute("INSERT INTO fts(fts) VALUES ('optimize')")
        self.db.execute("CREATE INDEX ix_docs_dates ON docs(earliest, latest)")
        self.db.commit()

    def top10(self, match: str, today: date, date_range: tuple[date, date] | None = None) -> list[Any]:
        where, params = _access_sql("d", "?", today)
        if date_range:
            where += " AND d.earliest <= ? AND d.latest >= ?"
            params += [date_range[1].isoformat(), date_range[0].isoformat()]
        order = "d.earliest, d.latest, d.id" if date_range else "fts.rank"
        sql = (f"SELECT d.id FROM fts JOIN docs d ON d.rowid = fts.rowid WHERE fts MATCH ? AND {where} "
               f"ORDER BY {order} LIMIT 10")
        return self.db.execute(sql, [match, *params]).fetchall()

    def facets(self, match: str, today: date) -> list[Any]:
        where, params = _access_sql("d", "?", today)
        out = []
        for col in ("genre", "repository"):
            out += self.db.execute(f"SELECT d.{col}, count(*) FROM fts JOIN docs d ON d.rowid = fts.rowid "
                                   f"WHERE fts MATCH ? AND {where} GROUP BY 1 ORDER BY 2 DESC LIMIT 50",
                                   [match, *params]).fetchall()
        return out


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _access_sql(alias: str, mark: str, today: date) -> tuple[str, list[Any]]:
    sql = (f"{alias}.status = 'published' AND ({alias}.access = 'public' OR "
           f"({alias}.access = 'embargoed' AND {alias}.embargo <= {mark}))")
    return sql, [today.isoformat()]


PG_SCHEMA = """
CREATE TABLE docs(id text PRIMARY KEY, title text, summary text, body_en text, body_ru text, genre text,
                  repository text, earliest date, latest date, status text, access text, embargo date,
                  tsv tsvector GENERATED ALWAYS AS (
                      setweight(to_tsvector('english', coalesce(title, '')), 'A') ||
                      setweight(to_tsvector('english', coalesce(summary, '')), 'B') ||
                      to_tsvector('english', coalesce(body_en, '')) ||
                      to_tsvector('russian', coalesce(body_ru, ''))) STORED);
"""


class Postgres:
    def __init__(self, url: str, create: bool = True) -> None:
        import psycopg

        self.conn = psycopg.connect(url.replace("postgresql+psycopg", "postgresql"), autocommit=True)
        if create:
            self.conn.execute(PG_SCHEMA)

    def add(self, rows: Sequence[Row]) -> None:
        buf = io.StringIO()
        for r in rows:
            buf.write("\t".join(_pg_field(v) for v in r) + "\n")
        with self.conn.cursor() as cur, cur.copy(
                "COPY docs(id,title,summary,body_en,body_ru,genre,repository,earliest,latest,status,access,embargo)"
                " FROM STDIN") as copy:
            copy.write(buf.getvalue())

    def finish(self) -> None:
        self.conn.execute("CREATE INDEX ix_docs_tsv ON docs USING gin(tsv)")
        self.conn.execute("CREATE INDEX ix_docs_dates ON docs(earliest, latest)")
        self.conn.execute("VACUUM ANALYZE docs")

    def top10(self, query: str, today: date, date_range: tuple[date, date] | None = None) -> list[Any]:
        where, params = _access_sql("d", "%s", today)
        if date_range:
            where += " AND d.earliest <= %s AND d.latest >= %s"
            params += [date_range[1], date_range[0]]
        order = "d.earliest, d.latest, d.id" if date_range else "ts_rank(d.tsv, q) DESC"
        sql = (f"SELECT d.id FROM docs d, websearch_to_tsquery('english', %s) q WHERE d.tsv @@ q AND {where} "
               f"ORDER BY {order} LIMIT 10")
        return self.conn.execute(sql, [query, *params]).fetchall()

    def facets(self, query: str, today: date) -> list[Any]:
        where, params = _access_sql("d", "%s", today)
        out = []
        for col in ("genre", "repository"):
            out += self.conn.execute(
                f"SELECT d.{col}, count(*) FROM docs d, websearch_to_tsquery('english', %s) q "
                f"WHERE d.tsv @@ q AND {where} GROUP BY 1 ORDER BY 2 DESC LIMIT 50", [query, *params]).fetchall()
        return out


def _pg_field(value: Any) -> str:
    if value is None:
        return "\\N"
    text = value.isoformat() if isinstance(value, date) else str(value)
    return text.replace("\\", "\\\\").replace("\t", " ").replace("\n", " ").replace("\r", " ")
