"""OCR words with their boxes, kept with the page image they were read from (search inside a scan).

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "page_words",
        sa.Column("sha256", sa.String(64), primary_key=True),
        sa.Column("page", sa.Integer, primary_key=True),
        sa.Column("position", sa.Integer, primary_key=True),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("folded", sa.Text, nullable=False),
        sa.Column("x", sa.Integer, nullable=False),
        sa.Column("y", sa.Integer, nullable=False),
        sa.Column("w", sa.Integer, nullable=False),
        sa.Column("h", sa.Integer, nullable=False),
        sa.Column("confidence", sa.Integer, nullable=False),
        sa.Column("page_width", sa.Integer, nullable=False),
        sa.Column("page_height", sa.Integer, nullable=False),
    )
    op.create_index("ix_page_words_folded", "page_words", ["sha256", "folded"])


def downgrade() -> None:
    op.drop_index("ix_page_words_folded", "page_words")
    op.drop_table("page_words")
