"""Statements (requests, offers, decisions, deliveries) as records of their own kind, and every version.

Revision ID: 0011
Revises: 0010
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "statements",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("record_id", sa.String(64), sa.ForeignKey("records.id"), nullable=False, index=True),
        sa.Column("rendition_id", sa.String(64), nullable=False),
        sa.Column("passage_key", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False, index=True),
        sa.Column("status", sa.String(16), nullable=False, index=True),
        sa.Column("confidence", sa.Float, nullable=False),
        sa.Column("passage_start", sa.Integer, nullable=False),
        sa.Column("passage_end", sa.Integer, nullable=False),
        sa.Column("agent_authority", sa.String(64), nullable=True, index=True),
        sa.Column("addressee_authority", sa.String(64), nullable=True, index=True),
        sa.Column("responds_to", sa.String(64), nullable=True),
        sa.Column("date", sa.String(64), nullable=True),
        sa.Column("decision", sa.String(32), nullable=True),
        sa.Column("revision", sa.Integer, nullable=False),
        sa.Column("updated_at", sa.String(32), nullable=False),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("data", sa.Text, nullable=False),
        sa.UniqueConstraint("record_id", "passage_key", name="uq_statements_passage"),
    )
    op.create_table(
        "statement_revisions",
        sa.Column("statement_id", sa.String(64), primary_key=True),
        sa.Column("number", sa.Integer, primary_key=True),
        sa.Column("record_id", sa.String(64), nullable=False),
        sa.Column("at", sa.String(32), nullable=False),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("message", sa.Text, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("data", sa.Text, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("statement_revisions")
    op.drop_table("statements")
