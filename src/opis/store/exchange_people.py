"""The people's side of an export: accounts, sessions, API tokens, ingest jobs with their files, and the
sentence alignments translators correct (with every version).

Each table is written row by row as stored, ordered by its key, so export → import → export gives the
same bytes. Nothing in it is a usable secret: a password is kept only as its argon2id hash (one-way,
salted, slow to attack), a session or an API token only as the SHA-256 of its secret (the secret
itself is never stored anywhere). A file holding these hashes still deserves the care of the
database itself: keep backups where only the archive's operators can read them.

Importing refuses, all or nothing, a row whose key the store already holds (an account of the same
name, a token or a job with the same id): a restore goes into a store of its own.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import IO, Any

from sqlalchemy import Connection, Table, insert, select, tuple_

from opis.store.access import role_ids
from opis.store.codec import dumps
from opis.store.errors import Conflict, Invalid
from opis.store.schema import (
    alignment_revisions,
    alignments,
    api_tokens,
    ingest_files,
    ingest_jobs,
    sessions,
    users,
)

# In the order they are written and read (a session, a token and a file name a row written before). The
# sentence alignments ride along here, table by table like the rest: a translator's corrections are records of
# work as much as an account is, and they name records imported before these sections.
SECTIONS: tuple[tuple[str, Table], ...] = (("users", users), ("sessions", sessions), ("api_tokens", api_tokens),
                                           ("ingest_jobs", ingest_jobs), ("ingest_files", ingest_files),
                                           ("alignments", alignments), ("alignment_revisions", alignment_revisions))


def export_people(conn: Connection, out: IO[str]) -> None:
    """Write each section as ``,\\n"name":[rows]`` after the sections before it."""
    for name, table in SECTIONS:
        out.write(f'\n],\n"{name}":[')
        query = select(table).order_by(*table.primary_key.columns)
        for i, row in enumerate(conn.execution_options(stream_results=True, yield_per=500).execute(query)):
            out.write(("\n" if i == 0 else ",\n") + dumps(dict(row._mapping)))


def _checked(name: str, table: Table, row: Any) -> dict[str, Any]:
    columns = {c.name for c in table.columns}
    if not isinstance(row, Mapping) or set(row) != columns:
        raise Invalid(f"a row of {name!r} in the export is not valid: expected the fields {sorted(columns)}")
    if table is users:
        unknown = set(str(row["roles"]).split()) - role_ids()
        if unknown:
            raise Invalid(f"account {row['name']!r} in the export has unknown role(s) {sorted(unknown)}")
    return dict(row)


def _taken(conn: Connection, table: Table, rows: Sequence[dict[str, Any]]) -> list[str]:
    keys = list(table.primary_key.columns)
    wanted = [tuple(r[k.name] for k in keys) for r in rows]
    taken: list[str] = []
    for at in range(0, len(wanted), 500):
        chunk = wanted[at:at + 500]
        where = keys[0].in_([w[0] for w in chunk]) if len(keys) == 1 else tuple_(*keys).in_(chunk)
        taken += [" ".join(str(v) for v in found) for found in conn.execute(select(*keys).where(where))]
    return taken


def import_people(conn: Connection, doc: Mapping[str, Any]) -> dict[str, int]:
    """Insert every section the file has (files written before these sections have none); rows per section."""
    counts: dict[str, int] = {}
    for name, table in SECTIONS:
        given = doc.get(name, [])
        if not isinstance(given, list):
            raise Invalid(f"{name!r} in the export is not a list")
        rows = [_checked(name, table, row) for row in given]
        taken = _taken(conn, table, rows)
        if taken:
            raise Conflict(f"this store already holds {name} {', '.join(sorted(taken)[:5])}"
                           f"{' …' if len(taken) > 5 else ''}; a restore needs a store of its own")
        for at in range(0, len(rows), 500):
            conn.execute(insert(table), rows[at:at + 500])
        counts[name] = len(rows)
    return counts
