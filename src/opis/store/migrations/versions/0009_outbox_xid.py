"""The outbox row's transaction id on PostgreSQL, so readers never skip a late commit.

Seqs are taken at insert and commits may come in another order; with each row's xid (xid8, the
inserting transaction's ``pg_current_xact_id()``) a reader can tell which transactions may still
commit (store/feed.py). Rows written before this migration get xid 0: older than any horizon.
SQLite needs nothing: it commits in seq order.

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("ALTER TABLE outbox ADD COLUMN xid xid8 NOT NULL DEFAULT '0'")
    op.execute("ALTER TABLE outbox ALTER COLUMN xid SET DEFAULT pg_current_xact_id()")
    op.execute("CREATE INDEX ix_outbox_xid ON outbox (xid, seq)")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP INDEX ix_outbox_xid")
    op.execute("ALTER TABLE outbox DROP COLUMN xid")
