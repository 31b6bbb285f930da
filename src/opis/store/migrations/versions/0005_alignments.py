"""Sentence alignments of a document's texts, and every version of them.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def _key() -> list[sa.Column[str]]:
    return [sa.Column("record_id", sa.String(64), sa.ForeignKey("records.id"), primary_key=True),
            sa.Column("left_id", sa.String(64), primary_key=True),
            sa.Column("right_id", sa.String(64), primary_key=True)]


def upgrade() -> None:
    op.create_table(
        "alignments", *_key(),
        sa.Column("left_sha256", sa.String(64), nullable=False),
        sa.Column("right_sha256", sa.String(64), nullable=False),
        sa.Column("origin", sa.String(16), nullable=False),
        sa.Column("revision", sa.Integer, nullable=False),
        sa.Column("updated_at", sa.String(32), nullable=False),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("data", sa.Text, nullable=False),
    )
    op.create_table(
        "alignment_revisions", *_key(),
        sa.Column("number", sa.Integer, primary_key=True),
        sa.Column("at", sa.String(32), nullable=False),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("message", sa.Text, nullable=False),
        sa.Column("left_sha256", sa.String(64), nullable=False),
        sa.Column("right_sha256", sa.String(64), nullable=False),
        sa.Column("origin", sa.String(16), nullable=False),
        sa.Column("data", sa.Text, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("alignment_revisions")
    op.drop_table("alignments")
