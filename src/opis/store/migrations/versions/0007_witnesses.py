"""Witnesses of one work: pairs of records found to carry the same text (or to be a catalogue record and a
file of it), proposed on ingest and confirmed or rejected by an editor; every version kept.

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def _key() -> list[sa.Column[str]]:
    return [sa.Column("left_id", sa.String(64), sa.ForeignKey("records.id"), primary_key=True),
            sa.Column("right_id", sa.String(64), sa.ForeignKey("records.id"), primary_key=True)]


def upgrade() -> None:
    op.create_table(
        "witness_links", *_key(),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("score", sa.Float, nullable=False),
        sa.Column("revision", sa.Integer, nullable=False),
        sa.Column("updated_at", sa.String(32), nullable=False),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("data", sa.Text, nullable=False),
    )
    op.create_index("ix_witness_links_right", "witness_links", ["right_id"])
    op.create_table(
        "witness_link_revisions", *_key(),
        sa.Column("number", sa.Integer, primary_key=True),
        sa.Column("at", sa.String(32), nullable=False),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("message", sa.Text, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("score", sa.Float, nullable=False),
        sa.Column("data", sa.Text, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("witness_link_revisions")
    op.drop_index("ix_witness_links_right", table_name="witness_links")
    op.drop_table("witness_links")
