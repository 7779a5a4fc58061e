"""Enforcement documents are rendered by the worker: a document is committed with its number
and content first, and its stored file, hash, size and page count arrive when the job has run.
Whether it prints the case's QR code is frozen with it (the case may be issued before the worker
renders a document made on site).

Revision ID: d8e4b2f6a9c1
Revises: e4b9c7d2a6f1
Create Date: 2026-12-06 20:45:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "d8e4b2f6a9c1"
down_revision = "e4b9c7d2a6f1"
branch_labels = None
depends_on = None

COLUMNS = (
    ("storage_key", sa.String(length=200)),
    ("sha256", sa.String(length=64)),
    ("size_bytes", sa.Integer()),
    ("pages", sa.Integer()),
)


def upgrade():
    with op.batch_alter_table("enforcement_document", schema=None) as batch_op:
        for name, type_ in COLUMNS:
            batch_op.alter_column(name, existing_type=type_, nullable=True)
        batch_op.add_column(sa.Column("with_qr", sa.Boolean(), nullable=True))


def downgrade():
    # A document still waiting for the worker has no file: downgrading needs every job done.
    with op.batch_alter_table("enforcement_document", schema=None) as batch_op:
        batch_op.drop_column("with_qr")
        for name, type_ in COLUMNS:
            batch_op.alter_column(name, existing_type=type_, nullable=False)
