"""Archival units: one row per level a reference names, so the tree follows vocab/levels.yaml.

Filled from the level columns existing archival_refs rows already carry (exactly what the record
JSON yielded when they were written); later saves write every level of the vocabulary.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

_LEVELS = ("fond", "opis", "papka", "delo", "folios")


def upgrade() -> None:
    op.create_table(
        "archival_units",
        sa.Column("record_id", sa.String(64), sa.ForeignKey("records.id"), primary_key=True),
        sa.Column("position", sa.Integer, primary_key=True),
        sa.Column("level", sa.String(40), primary_key=True),
        sa.Column("value", sa.String(80), nullable=False),
    )
    op.create_index("ix_archival_units_level_value", "archival_units", ["level", "value"])
    for level in _LEVELS:
        op.execute(f"INSERT INTO archival_units (record_id, position, level, value) "  # noqa: S608 fixed names
                   f"SELECT record_id, position, '{level}', {level} FROM archival_refs WHERE {level} IS NOT NULL")


def downgrade() -> None:
    op.drop_index("ix_archival_units_level_value", "archival_units")
    op.drop_table("archival_units")
