"""The index of cases by region and issue time also holds their status and subject, so the
monthly reports (附件3: distinct subjects of the cases issued in a month) count from the index
alone instead of reading every case of the month.

Revision ID: a7c3e9d1f2b4
Revises: d8e4b2f6a9c1
Create Date: 2026-12-06 21:30:00.000000

"""

from alembic import op

# revision identifiers, used by Alembic.
revision = "a7c3e9d1f2b4"
down_revision = "d8e4b2f6a9c1"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("inspection", schema=None) as batch_op:
        batch_op.create_index(
            "ix_inspection_region_issued_subject",
            ["region_id", "issued_at", "status", "subject_id"],
            unique=False,
        )
        batch_op.drop_index("ix_inspection_region_issued")


def downgrade():
    with op.batch_alter_table("inspection", schema=None) as batch_op:
        batch_op.create_index(
            "ix_inspection_region_issued", ["region_id", "issued_at"], unique=False
        )
        batch_op.drop_index("ix_inspection_region_issued_subject")
