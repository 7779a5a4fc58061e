"""Worker mode is kept on the server-side sign-in session, not in the cookie.

Revision ID: d1e7a3c9f5b2
Revises: c5e2a9b4d7f1
Create Date: 2026-12-06 17:20:00.000000

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "d1e7a3c9f5b2"
down_revision = "c5e2a9b4d7f1"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("user_session", schema=None) as batch_op:
        batch_op.add_column(sa.Column("worker_inspection_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("worker_attempt_id", sa.Integer(), nullable=True))


def downgrade():
    with op.batch_alter_table("user_session", schema=None) as batch_op:
        batch_op.drop_column("worker_attempt_id")
        batch_op.drop_column("worker_inspection_id")
