"""Fixity check runs: each re-hash of every stored original, its progress and what it found.

Revision ID: 0013
Revises: 0012
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "fixity_runs",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("started_at", sa.String(32), nullable=False),
        sa.Column("updated_at", sa.String(32), nullable=False),
        sa.Column("finished_at", sa.String(32), nullable=True),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("place", sa.Text, nullable=False),
        sa.Column("total", sa.Integer, nullable=False),
        sa.Column("checked", sa.Integer, nullable=False),
        sa.Column("bytes", sa.BigInteger, nullable=False),
        sa.Column("missing", sa.Integer, nullable=False),
        sa.Column("mismatched", sa.Integer, nullable=False),
        sa.Column("unreadable", sa.Integer, nullable=False),
        sa.Column("unlisted", sa.Integer, nullable=False),
        sa.Column("problems", sa.Text, nullable=False),
        sa.Column("message", sa.Text, nullable=False),
    )
    op.create_index("ix_fixity_runs_started", "fixity_runs", ["started_at"])


def downgrade() -> None:
    op.drop_index("ix_fixity_runs_started", "fixity_runs")
    op.drop_table("fixity_runs")
