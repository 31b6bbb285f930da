"""An index on documents' titles case-folded, for the witness look-up of every ingested document.

store.witnesses.candidates asks for the records of a kind whose lower(title) is a new document's;
without an index that was a scan of every record per ingested file, so a batch slowed down as the
archive grew (bench/ingest/growth.py). SQLite (3.9 and later) and PostgreSQL both index the
expression.

Revision ID: 0012
Revises: 0011
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_records_kind_title_folded", "records", ["kind", sa.text("lower(title)")])


def downgrade() -> None:
    op.drop_index("ix_records_kind_title_folded", "records")
