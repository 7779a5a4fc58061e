"""versions of subjects, people and certificates

Revision ID: 7c2e5d1f9a30
Revises: 50a379ec4572
Create Date: 2026-12-06 07:20:00.000000

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "7c2e5d1f9a30"
down_revision = "50a379ec4572"
branch_labels = None
depends_on = None

TABLES = ("subject", "person", "certificate")


def upgrade():
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(
                sa.Column("version", sa.Integer(), nullable=False, server_default="1")
            )
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column("version", server_default=None)


def downgrade():
    for table in reversed(TABLES):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("version")
