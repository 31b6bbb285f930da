"""The initial store: records, revisions, derived tables, originals, outbox.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "records",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("revision", sa.Integer, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("access", sa.String(16), nullable=False),
        sa.Column("embargo_until", sa.Date, nullable=True),
        sa.Column("earliest", sa.Date, nullable=True),
        sa.Column("latest", sa.Date, nullable=True),
        sa.Column("created_at", sa.String(32), nullable=False),
        sa.Column("updated_at", sa.String(32), nullable=False),
        sa.Column("data", sa.Text, nullable=False),
    )
    op.create_index("ix_records_kind", "records", ["kind"])
    op.create_index("ix_records_kind_earliest", "records", ["kind", "earliest"])
    op.create_table(
        "revisions",
        sa.Column("record_id", sa.String(64), sa.ForeignKey("records.id"), primary_key=True),
        sa.Column("number", sa.Integer, primary_key=True),
        sa.Column("at", sa.String(32), nullable=False),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("message", sa.Text, nullable=False),
        sa.Column("data", sa.Text, nullable=False),
    )
    op.create_table(
        "archival_refs",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("record_id", sa.String(64), sa.ForeignKey("records.id"), nullable=False),
        sa.Column("origin", sa.String(16), nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("repository", sa.String(40), nullable=True),
        sa.Column("fond", sa.String(40), nullable=True),
        sa.Column("opis", sa.String(40), nullable=True),
        sa.Column("papka", sa.String(40), nullable=True),
        sa.Column("delo", sa.String(40), nullable=True),
        sa.Column("folios", sa.String(80), nullable=True),
        sa.Column("footnote", sa.String(20), nullable=True),
        sa.Column("raw", sa.Text, nullable=False),
    )
    op.create_index("ix_archival_refs_record_id", "archival_refs", ["record_id"])
    op.create_index("ix_archival_path", "archival_refs", ["repository", "fond", "opis", "delo"])
    op.create_table(
        "record_names",
        sa.Column("record_id", sa.String(64), sa.ForeignKey("records.id"), primary_key=True),
        sa.Column("position", sa.Integer, primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
        sa.Column("folded", sa.Text, nullable=False),
        sa.Column("squashed", sa.Text, nullable=False),
        sa.Column("lang", sa.String(20), nullable=True),
        sa.Column("scheme", sa.String(20), nullable=True),
    )
    op.create_index("ix_record_names_folded", "record_names", ["folded"])
    op.create_index("ix_record_names_squashed", "record_names", ["squashed"])
    op.create_table(
        "record_links",
        sa.Column("record_id", sa.String(64), sa.ForeignKey("records.id"), primary_key=True),
        sa.Column("target_id", sa.String(128), primary_key=True),
        sa.Column("role", sa.String(40), primary_key=True),
    )
    op.create_index("ix_links_target", "record_links", ["target_id"])
    op.create_table(
        "originals",
        sa.Column("sha256", sa.String(64), primary_key=True),
        sa.Column("size", sa.BigInteger, nullable=False),
        sa.Column("media_type", sa.String(100), nullable=False),
        sa.Column("filename", sa.Text, nullable=False),
        sa.Column("stored_at", sa.String(32), nullable=False),
    )
    op.create_table(
        "outbox",
        sa.Column("seq", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("record_id", sa.String(64), nullable=False),
        sa.Column("revision", sa.Integer, nullable=False),
        sa.Column("at", sa.String(32), nullable=False),
    )


def downgrade() -> None:
    for table in ("outbox", "originals", "record_links", "record_names", "archival_refs", "revisions", "records"):
        op.drop_table(table)
