"""The dashboard's rollups indexed by measure and month too, with the key and region: the
penalized units of each month (COUNT(DISTINCT key) per month over a county's towns) are read
in (month, key) order from the index alone, with no sort of every unit row of the period.

Revision ID: f3b7d1c9e2a5
Revises: a7c3e9d1f2b4
Create Date: 2026-12-07 03:30:00.000000

"""

from alembic import op

# revision identifiers, used by Alembic.
revision = "f3b7d1c9e2a5"
down_revision = "a7c3e9d1f2b4"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("dashboard_rollup", schema=None) as batch_op:
        batch_op.create_index(
            "ix_dashboard_rollup_measure_month",
            ["measure", "month", "key", "region_id"],
            unique=False,
        )


def downgrade():
    with op.batch_alter_table("dashboard_rollup", schema=None) as batch_op:
        batch_op.drop_index("ix_dashboard_rollup_measure_month")
