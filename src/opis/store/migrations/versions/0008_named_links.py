"""Links from a document to the authorities extraction found named in its texts (role ``named``).

Later saves write them with the other derived rows (``store/derived.py``); this fills them for the
documents already stored, from each document's JSON ``findings.names``, leaving out an authority
the document already links in a catalogued role (as ``derived.py`` does).

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

_CHUNK = 500


def _named(data: str) -> set[str]:
    try:
        names = json.loads(data).get("findings", {}).get("names", [])
    except (ValueError, AttributeError):
        return set()
    return {str(n["authority"]) for n in names if isinstance(n, dict) and n.get("authority")}


def upgrade() -> None:
    conn = op.get_bind()
    records = sa.table("records", sa.column("id"), sa.column("kind"), sa.column("data"))
    links = sa.table("record_links", sa.column("record_id"), sa.column("target_id"), sa.column("role"))
    existing: dict[str, set[str]] = {}
    for record_id, target in conn.execute(sa.select(links.c.record_id, links.c.target_id)):
        existing.setdefault(record_id, set()).add(target)
    rows: list[dict[str, str]] = []
    query = sa.select(records.c.id, records.c.data).where(records.c.kind == "document")
    for record_id, data in conn.execute(query):
        for target in sorted(_named(data) - existing.get(record_id, set())):
            rows.append({"record_id": record_id, "target_id": target, "role": "named"})
    for i in range(0, len(rows), _CHUNK):
        conn.execute(sa.insert(links), rows[i:i + _CHUNK])


def downgrade() -> None:
    op.execute("DELETE FROM record_links WHERE role = 'named'")
