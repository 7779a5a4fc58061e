"""Two partial indexes: the orders not rectified, by status and deadline, with their case (the
inbox counts a user's open and overdue orders from it instead of from every case they were
on); the typical cases by region and issue time (a town's dashboard lists its own).

Revision ID: b8e4d2a6c1f3
Revises: c5d2f8a1e3b7
Create Date: 2026-12-06 20:45:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "b8e4d2a6c1f3"
down_revision = "c5d2f8a1e3b7"
branch_labels = None
depends_on = None

UNRECTIFIED = "status != 'rectified'"


def upgrade():
    with op.batch_alter_table("rectification_order", schema=None) as batch_op:
        batch_op.create_index(
            "ix_rectification_order_unrectified",
            ["status", "deadline", "inspection_id", "id"],
            unique=False,
            sqlite_where=sa.text(UNRECTIFIED),
            postgresql_where=sa.text(UNRECTIFIED),
        )
    with op.batch_alter_table("inspection", schema=None) as batch_op:
        batch_op.create_index(
            "ix_inspection_typical_region",
            ["region_id", "issued_at", "id"],
            unique=False,
            sqlite_where=sa.text("typical = 1"),
            postgresql_where=sa.text("typical = true"),
        )


def downgrade():
    with op.batch_alter_table("inspection", schema=None) as batch_op:
        batch_op.drop_index("ix_inspection_typical_region")
    with op.batch_alter_table("rectification_order", schema=None) as batch_op:
        batch_op.drop_index("ix_rectification_order_unrectified")
