"""Two indexes for look-ups made for every ingested file, each a scan of a growing table before.

- records (kind, lower(title)): store.witnesses.candidates asks for the documents whose lower(title)
  is a new document's. SQLite (3.9 and later) and PostgreSQL both index the expression.
- ingest_files (sha256): ingestlog.earlier_time_out asks whether a file's bytes timed out in an
  earlier run, before each file is parsed; the ingest log has a row per file ever ingested.

Without them a batch slowed down as the archive grew (bench/ingest/growth.py).

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
    op.create_index("ix_ingest_files_sha256", "ingest_files", ["sha256"])


def downgrade() -> None:
    op.drop_index("ix_ingest_files_sha256", "ingest_files")
    op.drop_index("ix_records_kind_title_folded", "records")
