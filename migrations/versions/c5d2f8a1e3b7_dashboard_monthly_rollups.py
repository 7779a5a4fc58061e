"""Monthly rollups of the dashboard's figures (filled by `dashboard rebuild-rollups`), and the
indexes of its overdue orders and typical cases.

Revision ID: c5d2f8a1e3b7
Revises: a7c3e1f9b2d4
Create Date: 2026-12-06 18:30:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "c5d2f8a1e3b7"
down_revision = "a7c3e1f9b2d4"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "dashboard_rollup",
        sa.Column("region_id", sa.Integer(), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("measure", sa.String(length=16), nullable=False),
        sa.Column("key", sa.String(length=80), nullable=False),
        sa.Column("value", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["region_id"], ["region.id"], name=op.f("fk_dashboard_rollup_region_id_region")
        ),
        sa.PrimaryKeyConstraint(
            "region_id", "month", "measure", "key", name=op.f("pk_dashboard_rollup")
        ),
    )
    with op.batch_alter_table("inspection", schema=None) as batch_op:
        batch_op.create_index(
            "ix_inspection_typical_issued", ["typical", "issued_at", "id"], unique=False
        )
    with op.batch_alter_table("rectification_order", schema=None) as batch_op:
        batch_op.create_index(
            "ix_rectification_order_status_deadline", ["status", "deadline", "id"], unique=False
        )
    # The rollups are left empty on purpose (migrations never import the app): after upgrading a database that
    # holds cases, run `flask --app wsgi dashboard rebuild-rollups` once.


def downgrade():
    with op.batch_alter_table("rectification_order", schema=None) as batch_op:
        batch_op.drop_index("ix_rectification_order_status_deadline")
    with op.batch_alter_table("inspection", schema=None) as batch_op:
        batch_op.drop_index("ix_inspection_typical_issued")
    op.drop_table("dashboard_rollup")
