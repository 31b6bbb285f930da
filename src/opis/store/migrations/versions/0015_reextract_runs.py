"""Re-extraction runs: the current extractors over stored documents, a batch of documents per job.

Revision ID: 0015
Revises: 0014
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "reextract_runs",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("started_at", sa.String(32), nullable=False),
        sa.Column("finished_at", sa.String(32), nullable=True),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("scope", sa.Text, nullable=False),
        sa.Column("total", sa.Integer, nullable=False),
        sa.Column("batches", sa.Integer, nullable=False),
        sa.Column("message", sa.Text, nullable=False),
    )
    op.create_index("ix_reextract_runs_started", "reextract_runs", ["started_at"])
    op.create_table(
        "reextract_batches",
        sa.Column("run_id", sa.String(40), sa.ForeignKey("reextract_runs.id"), primary_key=True),
        sa.Column("number", sa.Integer, primary_key=True),
        sa.Column("ids", sa.Text, nullable=False),
        sa.Column("size", sa.Integer, nullable=False),
        sa.Column("done_at", sa.String(32), nullable=True),
        sa.Column("changed", sa.Integer, nullable=False),
        sa.Column("failed", sa.Integer, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("reextract_batches")
    op.drop_index("ix_reextract_runs_started", "reextract_runs")
    op.drop_table("reextract_runs")
