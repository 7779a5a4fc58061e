"""Indexes for the case list read newest first by cursor, and for a user's own cases.

Revision ID: a7c3e1f9b2d4
Revises: b7c3e9a1f4d6
Create Date: 2026-12-06 17:50:00.000000

"""

from alembic import op


# revision identifiers, used by Alembic.
revision = "a7c3e1f9b2d4"
down_revision = "b7c3e9a1f4d6"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("inspection", schema=None) as batch_op:
        batch_op.create_index("ix_inspection_started", ["started_at", "id"], unique=False)
        batch_op.create_index(
            "ix_inspection_status_started", ["status", "started_at", "id"], unique=False
        )
    with op.batch_alter_table("case_inspector", schema=None) as batch_op:
        batch_op.create_index("ix_case_inspector_user", ["user_id", "inspection_id"], unique=False)


def downgrade():
    with op.batch_alter_table("case_inspector", schema=None) as batch_op:
        batch_op.drop_index("ix_case_inspector_user")
    with op.batch_alter_table("inspection", schema=None) as batch_op:
        batch_op.drop_index("ix_inspection_status_started")
        batch_op.drop_index("ix_inspection_started")
