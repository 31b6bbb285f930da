"""OCR page by page: each page's reading kept as it is read, and each file's plan of pages.

- ocr_pages (sha256, page): one row per page read, keyed by the file's content hash, so a page
  job run again (its worker was killed) or a second upload of the same bytes finds it read.
- ocr_plans (job_id, position): which pages of a queued file wait for OCR, and whether the
  file's assembly has been queued (it is queued once, by the page job that saw the last page in).

Revision ID: 0014
Revises: 0013
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "ocr_pages",
        sa.Column("sha256", sa.String(64), primary_key=True),
        sa.Column("page", sa.Integer, primary_key=True),
        sa.Column("result", sa.Text, nullable=False),
        sa.Column("at", sa.String(32), nullable=False),
    )
    op.create_table(
        "ocr_plans",
        sa.Column("job_id", sa.String(40), sa.ForeignKey("ingest_jobs.id"), primary_key=True),
        sa.Column("position", sa.Integer, primary_key=True),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("pages", sa.Text, nullable=False),
        sa.Column("assembling", sa.Integer, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("ocr_plans")
    op.drop_table("ocr_pages")
